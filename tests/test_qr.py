"""The join QR codes decode, with a real decoder, to the attendee page's absolute URL."""
import io
import re

import pytest
from PIL import Image, ImageDraw

from tests.factories import FORUM

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


def test_png_decodes_to_the_attendee_url(client, forum):
    response = client.get(f"/f/{forum.code}/qr.png")
    assert response.mimetype == "image/png"
    assert decode(Image.open(io.BytesIO(response.data))) == [f"http://127.0.0.1:5000/f/{forum.code}"]


def test_svg_decodes_to_the_attendee_url(client, forum):
    response = client.get(f"/f/{forum.code}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert decode(rasterize_svg_path(svg)) == [f"http://127.0.0.1:5000/f/{forum.code}"]


# ---- issue 12.1 / 13.10: a QR phones can reach, never the request's Host header ----

def _encoded(client, **headers):
    svg = client.get(f"/f/{FORUM['code']}/qr.svg", headers=headers).get_data(as_text=True)
    return decode(rasterize_svg_path(svg))


def test_on_every_interface_the_code_encodes_the_lan_address(app, client, forum):
    app.config.update(HOST="0.0.0.0", PORT=5000, LAN_ADDRESS_DETECTOR=lambda: "192.168.5.23")
    assert _encoded(client) == [f"http://192.168.5.23:5000/f/{forum.code}"]
    poster = client.get(f"/f/{forum.code}/poster").get_data(as_text=True)
    assert f"192.168.5.23:5000/f/{forum.code}" in poster
    assert 'data-warning="unreachable-qr"' not in poster


def test_the_detected_address_is_a_real_one_of_this_machine():
    from live.core.addresses import lan_address
    found = lan_address()
    assert found is None or not found.startswith(("127.", "0."))


@pytest.mark.parametrize("host", ["evil.example", "10.6.6.6:80", "192.168.5.23:1"])
def test_an_attackers_host_header_is_never_encoded(app, client, host, forum):
    app.config.update(HOST="0.0.0.0", PORT=5000, LAN_ADDRESS_DETECTOR=lambda: "192.168.5.23")
    assert _encoded(client, Host=host) == [f"http://192.168.5.23:5000/f/{forum.code}"]
    app.config.update(HOST="127.0.0.1")
    assert _encoded(client, Host=host) == [f"http://127.0.0.1:5000/f/{forum.code}"]


def test_a_code_from_a_detected_address_is_not_publicly_cached(app, client, forum):
    assert client.get(f"/f/{forum.code}/qr.svg").headers["Cache-Control"] == "no-cache"
    assert client.get(f"/f/{forum.code}/qr.png").headers["Cache-Control"] == "no-cache"
    app.config["PUBLIC_URL"] = "http://192.168.1.10:5000"
    assert "public" in client.get(f"/f/{forum.code}/qr.svg").headers["Cache-Control"]


def test_a_loopback_code_is_warned_of_on_the_poster_the_projector_and_the_console(
        app, client, moderator, forum):
    pages = {"poster": client.get(f"/f/{forum.code}/poster"),
             "projector": client.get(f"/f/{forum.code}/screen"),
             "console": moderator.client.get(f"/f/{forum.code}/moderate")}
    for name, page in pages.items():
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and 'data-warning="unreachable-qr"' in html, name
        assert "HOST=0.0.0.0 python -m live" in html, name
    app.config["PUBLIC_URL"] = "http://192.168.1.10:5000"
    assert 'data-warning' not in client.get(f"/f/{forum.code}/poster").get_data(as_text=True)


def test_python_m_live_says_which_address_phones_use():
    """(From live.core.addresses: importing live.__main__ would patch this test process with
    eventlet, and every real-server test after it would hang on its socket.)"""
    from live.core.addresses import hall_line
    assert "HOST=0.0.0.0 python -m live" in hall_line("http://127.0.0.1:5000")
    line = hall_line("http://192.168.5.23:5000")
    assert "Phones in the hall use http://192.168.5.23:5000" in line


def test_public_url_is_what_the_code_encodes(app, client, forum):
    app.config["PUBLIC_URL"] = "http://192.168.1.10:5000"
    png = client.get(f"/f/{forum.code}/qr.png").data
    assert decode(Image.open(io.BytesIO(png))) == [f"http://192.168.1.10:5000/f/{forum.code}"]
    svg = client.get(f"/f/{forum.code}/qr.svg").get_data(as_text=True)
    assert decode(rasterize_svg_path(svg)) == [f"http://192.168.1.10:5000/f/{forum.code}"]
