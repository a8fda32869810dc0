"""Hall-only mode (live/forums/hall.py): a forum that takes phones' questions only from the hall.
Through HTTP and Socket.IO as outside clients see it: the setting, the pass of the projector's
QR (the current window and the one before), the phone's "in the hall" cookie, the refusal in
Vietnamese, the projector's screen key, and the public pages and state never carrying a pass."""
import json
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest

from live.forums import hall
from models import Forum, db

TEXT = "Xin hỏi học phí năm học mới có tăng không?"


@pytest.fixture
def hall_only(moderator, forum):
    body = moderator.hall_only()
    assert body["hall_only"] is True and "/screen?key=" in body["screen_url"]
    db.session.expire_all()
    return body


def pass_of(moderator, forum) -> str:
    response = moderator.client.get(f"/api/f/{forum.code}/hall-pass")
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["url"]
    return parse_qs(urlparse(url).query)["hall"][0]


def test_off_by_default_and_only_agenda_staff_switch_it(app, client, forum, moderator):
    assert forum.hall_only is False
    assert client.post(f"/api/f/{forum.code}/questions", json={"text": TEXT}).status_code == 201
    anonymous = client.post(f"/api/f/{forum.code}/settings", json={"hall_only": True})
    assert anonymous.status_code in (401, 403)
    bad = moderator.post("/settings", json={"hall_only": "yes"})
    assert bad.status_code == 400 and "hall_only" in bad.get_json()["error"]
    assert moderator.post("/settings", json={"hall_only": True, "x": 1}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Forum, forum.id).hall_only is False


def test_a_phone_from_outside_is_refused_in_vietnamese(app, client, forum, hall_only):
    response = client.post(f"/api/f/{forum.code}/questions", json={"text": TEXT})
    assert response.status_code == 403
    assert "quét mã QR đang hiện trên màn hình trong hội trường" in response.get_json()["error"]
    page = client.get(f"/f/{forum.code}").get_data(as_text=True)
    assert 'data-notice="hall-only"' in page
    form = client.post(f"/f/{forum.code}", data={"text": TEXT, "client_key": "outside-form-1"})
    assert form.status_code == 403 and TEXT in form.get_data(as_text=True)  # the text is kept


def test_a_phone_that_scanned_the_pass_may_ask_all_day(app, forum, moderator, hall_only):
    phone = app.test_client()
    token = pass_of(moderator, forum)
    page = phone.get(f"/f/{forum.code}?hall={token}")
    assert page.status_code == 200 and 'data-notice="hall-only"' not in page.get_data(as_text=True)
    assert phone.get_cookie("in_hall") is not None
    sent = phone.post(f"/api/f/{forum.code}/questions", json={"text": TEXT})
    assert sent.status_code == 201
    # the cookie is for this forum only, and forged ones do not count
    other = app.test_client()
    other.set_cookie("in_hall", forum.code)
    assert other.post(f"/api/f/{forum.code}/questions", json={"text": TEXT}).status_code == 403


def test_the_pass_of_the_window_before_holds_and_older_ones_do_not(app, forum):
    with app.test_request_context():
        now = time.time()
        current, expires = hall.current_pass(forum, now)
        before, _ = hall.current_pass(forum, now - hall.WINDOW)
        older, _ = hall.current_pass(forum, now - 2 * hall.WINDOW)
        assert expires > now and len({current, before, older}) == 3
        assert hall.valid_pass(forum, current, now) and hall.valid_pass(forum, before, now)
        assert not hall.valid_pass(forum, older, now)
        assert not hall.valid_pass(forum, current[:-1] + "x", now)


def test_an_expired_pass_says_scan_again(app, forum, hall_only):
    with app.test_request_context():
        old, _ = hall.current_pass(forum, time.time() - 3 * hall.WINDOW)
    phone = app.test_client()
    page = phone.get(f"/f/{forum.code}?hall={old}").get_data(as_text=True)
    assert "đã hết hạn" in page and phone.get_cookie("in_hall") is None


def test_the_pass_is_for_staff_and_the_projector_with_its_key(app, client, forum, moderator,
                                                              hall_only):
    assert client.get(f"/api/f/{forum.code}/hall-pass").status_code == 401
    assert client.get(f"/f/{forum.code}/hall-qr.svg").status_code == 401
    assert client.get(f"/api/f/{forum.code}/hall-pass?key=wrong").status_code == 403
    assert client.get(f"/api/f/{forum.code}/hall-pass?key=khóa").status_code == 403  # not a 500
    assert client.get(f"/f/{forum.code}?hall=vượt-qua").status_code == 200
    key = parse_qs(urlparse(hall_only["screen_url"]).query)["key"][0]
    answer = client.get(f"/api/f/{forum.code}/hall-pass?key={key}")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert set(answer.get_json()) == {"url", "expires_at"}
    svg = client.get(f"/f/{forum.code}/hall-qr.svg?key={key}")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"

    # the projector: refused without its key, shown with it (its QR the hall's)
    refused = client.get(f"/f/{forum.code}/screen")
    assert refused.status_code == 403 and "đường dẫn riêng" in refused.get_data(as_text=True)
    screen = client.get(f"/f/{forum.code}/screen?key={key}").get_data(as_text=True)
    assert "hall-qr.svg?key=" in screen and "data-hall-qr" in screen
    console = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    assert f"/f/{forum.code}/screen?key={key}" in console


def test_public_pages_and_the_state_never_carry_a_pass(app, client, forum, moderator,
                                                       hall_only, socket_client):
    token = pass_of(moderator, forum)
    key = parse_qs(urlparse(hall_only["screen_url"]).query)["key"][0]
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    assert state["forum"]["hall_only"] is True
    pushed = socket_client().get_received()
    public = [json.dumps(state), json.dumps(pushed)] + [
        client.get(path).get_data(as_text=True)
        for path in (f"/f/{forum.code}", f"/f/{forum.code}/poster", f"/f/{forum.code}/results")]
    for text in public:
        assert token not in text and key not in text
    assert 'data-notice="hall-only"' in public[3]  # the poster says the screen's code is needed


def test_staff_intake_and_resends_are_not_affected(app, client, forum, moderator):
    sent = client.post(f"/api/f/{forum.code}/questions",
                       json={"text": TEXT, "client_key": "before-hall-only-1"})
    assert sent.status_code == 201
    moderator.hall_only()
    again = client.post(f"/api/f/{forum.code}/questions",
                        json={"text": TEXT, "client_key": "before-hall-only-1"})
    assert again.status_code == 200 and again.get_json()["id"] == sent.get_json()["id"]
    moderator.type_in("Thư góp ý về bán trú.")  # a letter is typed by staff: not refused


def test_the_switch_is_in_the_record_in_words(app, forum, moderator, hall_only):
    record = moderator.client.get(f"/f/{forum.code}/record.json").get_json()
    assert any(e["action"] == "forum.settings" for e in record["events"])
    page = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    assert "Đổi chế độ nhận câu hỏi" in page
    assert re.search(r"Chỉ nhận câu hỏi từ hội trường", page)
