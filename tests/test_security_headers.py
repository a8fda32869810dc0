"""The staff session cookie and the headers on every response (docs/security.md): cookies a
script cannot read and another site cannot send, only over TLS when the site is https; a
Content-Security-Policy that runs no inline code, no MIME sniffing, no framing, no referrer
to other sites."""
import re

import pytest

from live import create_app
from live.core.extensions import db
from tests.conftest import ADMIN_PASSWORD, IsolatedClient, _config
from tests.factories import FORUM

CODE = FORUM["code"]  #: the forum of the `forum` fixture
#: a value for each URL variable, to reach every GET route
SAMPLES = {"code": [CODE], "client_key": ["c" * 32], "fmt": ["docx", "xlsx", "csv", "json"],
           "name": ["channel"], "filename": ["css/attendee.css", "js/live.js"],
           "user_id": [1], "question_id": [1], "position": [7]}


def _cookies(response) -> dict[str, list[str]]:
    """Set-Cookie headers by cookie name: the attributes, lower case."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        found[name] = [part.strip().lower() for part in rest.split(";")[1:]]
    return found


def _log_in(client, base_url="http://localhost"):
    login = client.get("/login", base_url=base_url)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      login.get_data(as_text=True)).group(1)
    response = client.post("/login", base_url=base_url, data={
        "username": "admin", "password": ADMIN_PASSWORD, "csrf_token": token},
        headers={"Referer": f"{base_url}/login"})  # Flask-WTF checks it on https
    assert response.status_code == 302
    return response


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    cookies = _cookies(_log_in(client))
    assert "session" in cookies
    assert "httponly" in cookies["session"] and "samesite=lax" in cookies["session"]
    assert "secure" not in cookies["session"]  # plain http on the venue's LAN
    device = _cookies(client.get(f"/f/{CODE}"))["device"]
    assert "httponly" in device and "samesite=lax" in device


@pytest.mark.parametrize("public_url, secure", [("https://forum.example.vn", True),
                                                ("http://192.168.1.10:5000", False)])
def test_cookies_are_secure_when_the_public_url_is_https(db_path, public_url, secure):
    app = create_app(dict(_config(db_path), PUBLIC_URL=public_url))
    app.test_client_class = IsolatedClient
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    client = app.test_client()
    session = _cookies(_log_in(client, base_url="https://localhost"))["session"]
    device = _cookies(client.get(f"/f/{CODE}", base_url="https://localhost"))["device"]
    for cookie in (session, device):
        assert ("secure" in cookie) is secure
        assert "httponly" in cookie and "samesite=lax" in cookie
    with app.app_context():
        db.engine.dispose()


def assert_guarded(response, what: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("default-src") == ["'self'"], (what, csp)
    assert directives.get("script-src") == ["'self'"], (what, csp)
    assert directives.get("frame-ancestors") == ["'none'"], (what, csp)
    assert directives.get("object-src") == ["'none'"], (what, csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, (what, csp)
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("X-Frame-Options") == "DENY", what
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                              "strict-origin-when-cross-origin"), what


def _get_urls(app) -> list[str]:
    """Every GET route, with each sample value of its variables."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        variants = [rule.rule]
        for name in rule.arguments:
            variants = [re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
                        for url in variants for value in SAMPLES.get(name, [1])]
        urls += variants
    return urls


def test_every_response_carries_the_security_headers(app, client, phone, moderator):
    """Every GET route, as a phone and as staff, and the errors, redirects and posts."""
    question = phone.question("Câu hỏi cho các trang")
    moderator.approve(question)
    moderator.answer(question, "Đã trả lời.")
    urls = _get_urls(app)
    assert len(urls) > 25 and f"/f/{CODE}/record.docx" in urls
    for who, browser in (("phone", client), ("staff", moderator.client)):
        for url in urls:
            with browser.get(url) as response:  # a static file is streamed: close it
                assert response.status_code < 500, (who, url, response.status_code)
                assert_guarded(response, f"{who} GET {url} ({response.status_code})")
    staff = {"X-CSRFToken": moderator.csrf}
    others = [
        client.get("/f/khong-co-dien-dan"),  # 404 page
        client.get("/api/f/khong-co/state"),  # 404 JSON
        client.get("/logout"),  # 405
        client.get(f"/f/{CODE}/moderate"),  # 302 to the login
        client.get(f"/api/f/{CODE}/questions"),  # 401
        client.post(f"/f/{CODE}", data={"text": " "}),  # 400 page
        client.post(f"/f/{CODE}", data={"text": "Câu hỏi qua biểu mẫu"}),  # 303
        client.post(f"/api/f/{CODE}/questions", json={"text": "Câu hỏi qua API"}),  # 201
        client.post(f"/api/f/{CODE}/questions", data=b"{", content_type="application/json"),
        client.post(f"/api/f/{CODE}/questions", data=b"x" * 100_000,
                    content_type="application/json"),  # 413
        moderator.client.post(f"/api/f/{CODE}/agenda/next", headers=staff),
        moderator.client.post(f"/api/f/{CODE}/questions/{question.id}/show", headers=staff),
    ]
    assert {r.status_code for r in others} >= {200, 201, 302, 303, 400, 401, 404, 405, 409, 413}
    for response in others:
        assert_guarded(response, f"{response.request.method} {response.request.path} "
                                 f"({response.status_code})")


def test_staff_pages_run_no_inline_script_or_style(moderator, client):
    """The CSP allows no inline code, so the pages carry none: scripts are files, and data
    for them is JSON in <script type="application/json">."""
    for browser, url in ((client, f"/f/{CODE}"), (client, f"/f/{CODE}/screen"),
                         (client, f"/f/{CODE}/results"), (client, "/login"),
                         (moderator.client, f"/f/{CODE}/moderate"),
                         (moderator.client, f"/f/{CODE}/record")):
        html = browser.get(url).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html), url
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html), url
        assert "<style" not in html, url
