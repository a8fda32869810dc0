"""Hostile input that is refused (docs/security.md): a blank question, text too long, JSON that
is not a usable object or of the wrong type, bytes that are not UTF-8, a 10 MB body, and what
the database cannot hold (NUL, ids past 32 bits, a lone surrogate) each get a 4xx with a
message a person can read, from the API and from the phone's plain form; never a 500. With the
app's rate limits on, as in the hall, since they read the body too."""
import re

import pytest

from hostile_corpus import BLANK, LONGEST, MALFORMED_JSON, WRONG_TYPES
from hostile_halls import CODE, Page
from live import create_app
from live.core.extensions import db
from tests.conftest import IsolatedClient, _config

@pytest.fixture
def limited(db_path):
    """A client of the app with its rate limits on, as in the hall: they read the body too."""
    from live.core.limits import limiter

    app = create_app(dict(_config(db_path), RATELIMIT_ENABLED=True))
    app.test_client_class = IsolatedClient
    limiter.reset()
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()
    limiter.reset()


def _refused(response, status: int = 400) -> str:
    """The API's refusal: the status and a message a person can read."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    message = response.get_json()["error"]
    assert isinstance(message, str) and len(message) > 10
    return message


def _form_error(response, status: int = 400) -> str:
    """The phone page's refusal: the status and the message in its alert region."""
    assert response.status_code == status
    html = response.get_data(as_text=True)
    match = re.search(r'<div id="ask-error"[^>]*role="alert">(.*?)</div>', html, re.S)
    message = match.group(1).strip() if match else ""
    assert len(message) > 10, html[:300]
    return message


def test_a_blank_question_is_refused_with_a_message(limited):
    for name, text in BLANK:
        api = limited.post(f"/api/f/{CODE}/questions", json={"text": text})
        assert "nội dung" in _refused(api), name
        assert _refused(api) and api.get_json()["field"] == "text", name
        form = limited.post(f"/f/{CODE}", data={"text": text, "name": "Phụ huynh"})
        assert "nội dung" in _form_error(form), name


def test_text_too_long_is_refused_with_a_message(limited):
    too_long = {"text": LONGEST + "<", "name": "x" * 121, "affiliation": "x" * 201}
    for field, limit in (("text", "1000"), ("name", "120"), ("affiliation", "200")):
        body = {"text": "Câu hỏi", field: too_long[field]}
        api = limited.post(f"/api/f/{CODE}/questions", json=body)
        assert limit in _refused(api) and api.get_json()["field"] == field
        assert limit in _form_error(limited.post(f"/f/{CODE}", data=body))


def test_json_that_is_not_a_usable_object_is_refused_with_a_message(limited):
    for name, body in MALFORMED_JSON:
        for content_type in ("application/json", "application/json; charset=utf-8"):
            response = limited.post(f"/api/f/{CODE}/questions", data=body,
                                    content_type=content_type)
            assert response.status_code == 400, (name, response.status_code)
            _refused(response)


def test_json_of_the_wrong_type_is_refused_naming_the_field(limited):
    for name, body in WRONG_TYPES:
        response = limited.post(f"/api/f/{CODE}/questions", json=body)
        _refused(response)
        field = name.split("-")[0].replace("client", "client_key")
        assert response.get_json()["field"] in (field, None), name


def test_invalid_utf8_in_a_form_is_refused_or_kept_as_text(limited):
    raw = limited.post(f"/f/{CODE}", data=b"text=\xff\xfe\xc3\x28&client_key=" + b"r" * 32,
                       content_type="application/x-www-form-urlencoded")
    _form_error(raw)
    escaped = limited.post(f"/f/{CODE}", data=b"text=%ED%A0%80%FF+c%C3%A2u+h%E1%BB%8Fi"
                           b"&client_key=" + b"s" * 32,
                           content_type="application/x-www-form-urlencoded")
    assert escaped.status_code == 303  # the bytes that do not decode stay as typed, as text
    page = Page(limited.get(escaped.headers["Location"]).get_data(as_text=True))
    assert "%ED%A0%80%FF câu hỏi" in page.text or "\ufffd" in page.text


def test_a_10_mb_body_is_refused_with_413_and_a_message(limited):
    big = b'{"text": "' + b"<script>alert(1)</script>" * 420_000 + b'"}'
    assert len(big) > 10 * 1024 * 1024
    assert "quá lớn" in _refused(limited.post(f"/api/f/{CODE}/questions", data=big,
                                              content_type="application/json"), 413)
    form = limited.post(f"/f/{CODE}", data=b"text=" + b"a" * 10_500_000,
                        content_type="application/x-www-form-urlencoded")
    assert form.status_code == 413 and "quá lớn" in form.get_data(as_text=True)


def test_what_the_database_cannot_hold_is_refused_not_a_500(limited, phone, moderator):
    """NUL in a path (PostgreSQL text holds none), ids past 32 bits, a lone surrogate:
    each a 4xx with a message, never a database error."""
    assert limited.get("/api/f/thuan%00an/state").status_code == 404
    assert limited.get("/f/thuan%00an").status_code == 404
    assert limited.get(f"/f/{CODE}/sent/abc%00defghij").status_code == 404
    for url in (f"/questions/{2**31}/approve", f"/questions/{2**64}/answer",
                f"/agenda/{2**63}/start"):
        assert moderator.post(url).status_code == 404, url
    staff = moderator.client
    for query in (f"assignee={2**63}", f"topic={-2**63 - 1}"):
        response = staff.get(f"/api/f/{CODE}/questions?{query}")
        assert response.status_code == 200 and response.get_json() == [], query
    _refused(staff.get(f"/api/f/{CODE}/questions?q=h%00c"))
    question = phone.question("Câu hỏi để gộp")
    for action, body in (("merge", {"into": 2**40}), ("assign", {"assignee_id": 2**40}),
                         ("assign", {"assignee_id": True}), ("merge", {"into": True})):
        _refused(moderator.act(question, action, **body))
    surrogate = limited.post(f"/api/f/{CODE}/questions", data=b'{"text": "a", "client_key": '
                             b'"abcd\\udfffefgh"}', content_type="application/json")
    _refused(surrogate)
