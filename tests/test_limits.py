"""Floods are slowed, people are not locked out: per phone, per address, per account."""
import re

import pytest

from live.core.extensions import db
from tests.conftest import ADMIN_PASSWORD, rate_limited_app
from tests.factories import FORUM


@pytest.fixture
def limited_app(db_path):
    with rate_limited_app(db_path, RATELIMIT_SUBMIT_DEVICE="3 per minute",
                          RATELIMIT_SUBMIT_ADDRESS="8 per minute",
                          RATELIMIT_SUBMIT_COOKIELESS="5 per minute",
                          RATELIMIT_LOGIN_ACCOUNT="3 per minute",
                          RATELIMIT_LOGIN_ADDRESS="6 per minute") as app:
        yield app


CODE = FORUM["code"]  #: the forum of the `forum` fixture


def ask(client, text):
    return client.post(f"/api/f/{CODE}/questions", json={"text": text})


def phone(app):
    client = app.test_client()
    client.get(f"/f/{CODE}")  # the page hands out the device cookie
    return client


def test_one_phone_is_slowed_with_a_vietnamese_message(limited_app):
    first = phone(limited_app)
    assert [ask(first, f"Câu {i}").status_code for i in range(4)] == [201, 201, 201, 429]
    limited = ask(first, "Câu 5")
    assert limited.status_code == 429
    assert "gửi quá nhiều câu hỏi" in limited.get_json()["error"]
    assert limited.headers.get("Retry-After")
    # The neighbour on the same Wi-Fi (same address) is not locked out.
    assert ask(phone(limited_app), "Câu của người bên cạnh").status_code == 201


def test_the_hall_shares_a_looser_address_limit(limited_app):
    codes = [ask(phone(limited_app), f"Câu {i}").status_code for i in range(10)]
    assert codes.count(201) == 8 and codes[-1] == 429


def test_a_script_without_the_device_cookie_is_held_tighter(limited_app):
    client = limited_app.test_client(use_cookies=False)
    codes = [ask(client, f"Bot {i}").status_code for i in range(6)]
    assert codes == [201] * 5 + [429]


def test_the_plain_form_is_limited_too_with_a_page(limited_app):
    client = phone(limited_app)
    for i in range(3):
        assert client.post(f"/f/{CODE}", data={"text": f"Câu {i}"}).status_code == 303
    response = client.post(f"/f/{CODE}", data={"text": "Câu nữa <vẫn giữ>",
                                                     "name": "Lê Văn Tám",
                                                     "client_key": "form-key-after-limit"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert '<html lang="vi"' in html and "gửi quá nhiều câu hỏi" in html
    # the page says the text is kept, and keeps it: the form again, filled in, same key
    assert "Câu nữa &lt;vẫn giữ&gt;</textarea>" in html
    assert 'value="Lê Văn Tám"' in html and 'value="form-key-after-limit"' in html


def test_staff_typing_letters_are_not_limited(limited_app):
    from models import User
    from tests.conftest import make_token

    token = make_token(db.session.scalar(db.select(User).where(User.username == "admin")))
    client = limited_app.test_client()
    for i in range(10):
        response = client.post(f"/api/f/{CODE}/questions", headers={
            "Authorization": f"Bearer {token}"}, json={"text": f"Thư {i}", "channel": "hotline"})
        assert response.status_code == 201


def login(client, password):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": "admin", "password": password,
                                       "csrf_token": token})


def test_failed_logins_are_throttled_per_account(limited_app):
    client = limited_app.test_client()
    assert [login(client, "sai").status_code for _ in range(3)] == [400, 400, 400]
    blocked = login(client, ADMIN_PASSWORD)
    assert blocked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in blocked.get_data(as_text=True)


def test_successful_logins_do_not_count(limited_app):
    for _ in range(5):
        assert login(limited_app.test_client(), ADMIN_PASSWORD).status_code == 302


def test_a_resend_is_answered_even_when_the_phone_is_limited(limited_app):
    client = phone(limited_app)
    keys = [f"resend-key-{i}" for i in range(3)]
    for key in keys:
        assert client.post(f"/api/f/{CODE}/questions",
                           json={"text": key, "client_key": key}).status_code == 201
    assert ask(client, "Câu mới").status_code == 429
    again = client.post(f"/api/f/{CODE}/questions",
                        json={"text": keys[0], "client_key": keys[0]})
    assert again.status_code == 200 and again.get_json()["client_key"] == keys[0]


def test_the_limits_ask_once_whether_a_request_is_a_resend(limited_app):
    """Three limits guard a phone's questions; whether the request is a resend is looked up
    in the database once for all of them (counted in the statements the database is sent)."""
    from sqlalchemy import event

    client = phone(limited_app)
    body = {"text": "Một lần thôi", "client_key": "asked-once-1"}
    assert client.post(f"/api/f/{CODE}/questions", json=body).status_code == 201
    with limited_app.app_context():
        engine = db.engine
    asked = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "client_key" in statement and "JOIN forums" in statement:
            asked.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        again = client.post(f"/api/f/{CODE}/questions", json=body)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert again.status_code == 200
    assert len(asked) == 1


def test_bad_input_does_not_use_up_the_limit(limited_app):
    client = phone(limited_app)
    for _ in range(5):
        assert ask(client, "   ").status_code == 400
    assert ask(client, "Câu thật").status_code == 201


def test_the_form_and_the_api_count_a_phones_questions_together(limited_app):
    """Three a minute per phone, whichever way they come: a phone that used them up through
    the API is not let through by the plain form (and the other way round)."""
    client = phone(limited_app)
    for n in range(2):
        assert ask(client, f"Câu hỏi số {n} qua API?").status_code == 201
    sent = client.post(f"/f/{CODE}", data={"text": "Câu hỏi thứ ba qua biểu mẫu?"})
    assert sent.status_code == 303
    refused = client.post(f"/f/{CODE}", data={"text": "Câu hỏi thứ tư qua biểu mẫu?"})
    assert refused.status_code == 429
    assert ask(client, "Câu hỏi thứ năm qua API?").status_code == 429
