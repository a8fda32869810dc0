"""Questions from phones and from staff: validation, idempotency, text handling."""
import unicodedata

import pytest
from sqlalchemy import func, select

from live.core.text import fold
from models import Question, RecordEntry, db
from tests.conftest import Phone, make_forum, make_token, make_user


def count_questions():
    return db.session.scalar(select(func.count()).select_from(Question))


def test_a_question_is_received_and_recorded(phone, forum):
    response = phone.ask("Trường có tăng học phí không?", name="Nguyễn Văn A",
                         affiliation="phụ huynh, phường An Phú", client_key="key-0000001")
    assert response.status_code == 201
    body = response.get_json()
    question = db.session.get(Question, body["id"])
    assert (question.status, question.channel) == ("new", "venue")
    assert question.asker == {"name": "Nguyễn Văn A", "affiliation": "phụ huynh, phường An Phú"}
    entry = db.session.scalar(select(RecordEntry).where(RecordEntry.question_id == question.id))
    assert (entry.action, entry.actor) == ("question.submit", "attendee")
    assert entry.data["text"] == "Trường có tăng học phí không?"


def test_the_same_client_key_never_makes_a_copy(phone):
    first = phone.ask("Câu hỏi một lần thôi", client_key="retry-key-1")
    again = phone.ask("Câu hỏi một lần thôi", client_key="retry-key-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    assert count_questions() == 1


def test_without_a_client_key_each_post_is_a_question(phone):
    phone.ask("Một")
    phone.ask("Hai")
    assert count_questions() == 2


@pytest.mark.parametrize(("body", "message"), [
    ({"text": ""}, "Vui lòng nhập nội dung"),
    ({"text": "   \n\t "}, "Vui lòng nhập nội dung"),
    ({}, "Vui lòng nhập nội dung"),
    ({"text": "a" * 1001}, "tối đa 1000"),
    ({"text": "ok", "name": "n" * 121}, "Họ tên tối đa"),
    ({"text": "ok", "affiliation": "n" * 201}, "tối đa 200"),
    ({"text": "ok", "client_key": "short"}, "client_key"),
    ({"text": "ok", "client_key": 12345678}, "client_key"),
    ({"text": "ok", "channel": "hotline"}, None),  # 401 below
])
def test_bad_input_gets_a_message(phone, body, message):
    response = phone.client.post(f"/api/f/{phone.code}/questions", json=body)
    if message is None:
        assert response.status_code == 401
    else:
        assert response.status_code == 400
        assert message in response.get_json()["error"]
    assert count_questions() == 0


def test_malformed_json_is_refused_with_a_message(client, forum):
    response = client.post(f"/api/f/{forum.code}/questions", data=b"{not json",
                           content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.get_json()["error"]
    response = client.post(f"/api/f/{forum.code}/questions", json=["a", "list"])
    assert response.status_code == 400


def test_a_body_too_large_is_refused(client, forum):
    response = client.post(f"/api/f/{forum.code}/questions", data="x" * 200_000,
                           content_type="application/json")
    assert response.status_code == 413
    assert "quá lớn" in response.get_json()["error"]


def test_exactly_1000_characters_is_accepted(phone):
    assert phone.ask("ạ" * 1000).status_code == 201


def test_text_is_stored_as_nfc_without_control_characters(phone):
    nfd = unicodedata.normalize("NFD", "Học phí\u202e tăng\x00 không?")
    question = phone.question(nfd)
    assert question.text == "Học phí tăng không?"
    assert unicodedata.is_normalized("NFC", question.text)


def test_unknown_forum_is_404_with_a_message(client):
    response = client.post("/api/f/no-such-forum/questions", json={"text": "x"})
    assert response.status_code == 404
    assert "diễn đàn" in response.get_json()["error"]


def test_a_closed_forum_takes_no_questions(client):
    response = Phone(client, make_forum(phase="closed")).ask("Còn kịp không?")
    assert response.status_code == 409  # a state conflict, not bad input
    assert "kết thúc" in response.get_json()["error"]


def test_a_collecting_forum_takes_online_questions(client):
    phone = Phone(client, make_forum(phase="collecting"))
    assert phone.question("Gửi trước ngày diễn đàn").channel == "online"


def test_staff_enter_letters_calls_and_floor_questions(client, forum):
    token = make_token(make_user("secretary"))
    response = client.post(
        f"/api/f/{forum.code}/questions",
        json={"text": "Thư góp ý về bếp ăn bán trú", "channel": "suggestion_box",
              "received_on": "2018-05-10", "name": "Trần Thị B"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    question = db.session.get(Question, response.get_json()["id"])
    assert (question.channel, question.received_on.isoformat()) == ("suggestion_box",
                                                                    "2018-05-10")
    entry = db.session.scalar(select(RecordEntry).where(RecordEntry.question_id == question.id))
    assert entry.actor == "secretary"
    bad = client.post(f"/api/f/{forum.code}/questions",
                      json={"text": "x", "channel": "carrier-pigeon"},
                      headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400 and "Kênh" in bad.get_json()["error"]
    bad = client.post(f"/api/f/{forum.code}/questions",
                      json={"text": "x", "channel": "hotline", "received_on": "10/05/2018"},
                      headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_json()["error"]


def test_fold_ignores_diacritics():
    assert fold("Học Phí ĐẦU năm") == "hoc phi dau nam"
