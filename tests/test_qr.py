"""The join QR codes decode, with a real decoder, to the attendee page's absolute URL."""
import io
import re

import pytest
from PIL import Image, ImageDraw

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is in the test extras")


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def rasterize_svg_path(svg: str, scale: int = 10) -> Image.Image:
    """Draw the rectangles of qrcode's SVG path ("M4,4H5V5H4z" per module)."""
    width = float(re.search(r'width="([\d.]+)mm"', svg).group(1))
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    size = int(width * scale) + 2 * scale
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    modules = re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)", path)
    assert modules, "no modules found in the SVG path"
    for x0, y0, x1, y1 in modules:
        box = [float(v) * scale for v in (x0, y0, x1, y1)]
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=0)
    return image


def test_png_decodes_to_the_attendee_url(client):
    response = client.get("/f/thuan-an-2018/qr.png")
    assert response.mimetype == "image/png"
    assert decode(Image.open(io.BytesIO(response.data))) == ["http://localhost/f/thuan-an-2018"]


def test_svg_decodes_to_the_attendee_url(client):
    response = client.get("/f/thuan-an-2018/qr.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert decode(rasterize_svg_path(svg)) == ["http://localhost/f/thuan-an-2018"]


def test_public_url_is_what_the_code_encodes(app, client):
    app.config["PUBLIC_URL"] = "http://192.168.1.10:5000"
    png = client.get("/f/thuan-an-2018/qr.png").data
    assert decode(Image.open(io.BytesIO(png))) == ["http://192.168.1.10:5000/f/thuan-an-2018"]
    svg = client.get("/f/thuan-an-2018/qr.svg").get_data(as_text=True)
    assert decode(rasterize_svg_path(svg)) == ["http://192.168.1.10:5000/f/thuan-an-2018"]
