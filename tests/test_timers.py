"""The speaker's countdown: started and stopped from the console, kept in the database, carried
by the hall's snapshot, and written into the record."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models import RecordEntry, db
from tests.conftest import make_forum, make_token, make_user
from tests.factories import FORUM

URL = f"/api/f/{FORUM['code']}/timers/speaker"


def speaker_timer(client):
    return client.get(f"/api/f/{FORUM['code']}/state").get_json()["timers"]["speaker"]


def entries(forum, action):
    return db.session.scalars(select(RecordEntry).where(
        RecordEntry.forum_id == forum.id, RecordEntry.action == action)).all()


def test_no_one_is_timed_at_first(client):
    assert speaker_timer(client) is None


def test_start_shows_in_the_snapshot_and_stop_clears_it(client, moderator, forum):
    moderator.start_item(7)
    before = datetime.now().astimezone()
    assert moderator.speaker_timer(180)["speaker"]["seconds"] == 180

    timer = speaker_timer(client)
    assert timer["seconds"] == 180
    started = datetime.fromisoformat(timer["started_at"])
    assert before - timedelta(seconds=2) <= started <= datetime.now().astimezone()

    assert moderator.speaker_timer(0) == {"speaker": None}
    assert speaker_timer(client) is None


def test_starting_again_restarts_from_the_top(client, moderator):
    moderator.speaker_timer(60)
    first = speaker_timer(client)["started_at"]
    moderator.speaker_timer(300)
    again = speaker_timer(client)
    assert again["seconds"] == 300 and again["started_at"] >= first


def test_each_start_and_stop_is_recorded_with_who_and_the_agenda_item(moderator, forum):
    moderator.start_item(8)
    moderator.speaker_timer(120)
    moderator.speaker_timer(0)
    (start,) = entries(forum, "timer.start")
    (stop,) = entries(forum, "timer.stop")
    assert start.actor == "admin" and start.data == {"timer": "speaker", "seconds": 120}
    assert start.agenda_item_id == forum.current_item.id
    assert stop.data["seconds"] == 120 and 0 <= stop.data["used"] <= 5


def test_a_whole_number_written_as_a_float_is_taken(moderator, client):
    assert moderator.post("/timers/speaker", json={"seconds": 60.0}).status_code == 200
    assert speaker_timer(client)["seconds"] == 60


def test_stopping_a_stopped_timer_changes_nothing(moderator, forum):
    assert moderator.speaker_timer(0) == {"speaker": None}
    assert entries(forum, "timer.stop") == []


def test_a_change_is_pushed_to_the_hall(app, moderator, socket_client):
    hall = socket_client()
    hall.get_received()
    moderator.speaker_timer(90)
    states = [m["args"][0] for m in hall.get_received() if m["name"] == "state"]
    assert states and states[-1]["timers"]["speaker"]["seconds"] == 90


@pytest.mark.parametrize("body", [{}, {"seconds": "180"}, {"seconds": -1}, {"seconds": 3601},
                                  {"seconds": 1.5}, {"seconds": True}, {"seconds": None}])
def test_bad_input_is_400_with_a_message(moderator, body, client):
    response = moderator.post("/timers/speaker", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] and response.get_json()["field"] == "seconds"
    assert speaker_timer(client) is None


def test_the_agenda_items_carry_their_planned_minutes(client, forum):
    forum.agenda[6].planned_minutes = 45
    db.session.commit()
    agenda = client.get(f"/api/f/{forum.code}/state").get_json()["agenda"]
    assert agenda[6]["planned_minutes"] == 45 and agenda[0]["planned_minutes"] is None


def test_anonymous_callers_are_refused(client):
    assert client.post(URL, json={"seconds": 60}).status_code == 401
    assert speaker_timer(client) is None


@pytest.mark.parametrize("role, status", [("moderator", 200), ("secretary", 403),
                                          ("unit", 403)])
def test_only_who_runs_the_agenda_may_time_speakers(app, client, forum, role, status):
    user = make_user(f"timer-{role}", role, "role-password-1")
    user.forum_id = forum.id
    db.session.commit()
    response = client.post(URL, json={"seconds": 60},
                           headers={"Authorization": f"Bearer {make_token(user)}"})
    assert response.status_code == status


def test_staff_of_another_forum_cannot_time_this_one(client):
    elsewhere = make_forum("dien-dan-khac")
    user = make_user("other-moderator", "moderator", "role-password-1")
    user.forum_id = elsewhere.id
    db.session.commit()
    response = client.post(URL, json={"seconds": 60},
                           headers={"Authorization": f"Bearer {make_token(user)}"})
    assert response.status_code == 403


def test_a_cookie_session_needs_the_csrf_header(moderator, client):
    response = moderator.client.post(URL, json={"seconds": 60})
    assert response.status_code == 400 and "CSRF" in response.get_json()["error"]
    assert speaker_timer(client) is None


def test_the_record_and_its_exports_carry_the_timer(moderator, forum):
    moderator.start_item(7)
    moderator.speaker_timer(180)
    moderator.speaker_timer(0)
    page = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    assert "Bấm giờ phát biểu" in page and "Dừng bấm giờ phát biểu" in page
    for fmt in ("docx", "xlsx", "csv", "json"):
        assert moderator.client.get(f"/f/{forum.code}/record.{fmt}").status_code == 200, fmt
