"""QR codes of the join URL, as SVG (projector, poster) and PNG."""
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _code(url: str, box_size: int = 10) -> qrcode.QRCode:
    # Medium error correction survives a projector's glare and a creased poster.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def svg(url: str) -> bytes:
    image = _code(url).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode").encode()


def png(url: str, box_size: int = 10) -> bytes:
    image = _code(url, box_size).make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
