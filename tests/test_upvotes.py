"""Upvotes that cannot be stuffed (issue 13.3) and can be taken back (issue 12.10).

A vote needs a device cookie the phone got with an earlier response (the page): a script that
mints a fresh cookie per request cannot vote at all. Every vote from one address counts against
a per-address limit, so one address adds at most that many in a minute whatever cookies it
collects by loading the page again and again."""
import pytest

from models import db
from tests.conftest import Moderator, Phone, rate_limited_app
from tests.factories import FORUM

PAGE = f"/f/{FORUM['code']}"


def _backable(app, forum):
    question = Phone(app.test_client(), forum).question("Bếp ăn bán trú có an toàn không?")
    Moderator(app.test_client(), forum).approve(question)
    forum.phones_see_queue = True
    db.session.commit()
    return f"/api/f/{forum.code}/questions/{question.id}/upvote"


def test_a_vote_without_a_cookie_from_an_earlier_page_is_refused(app, forum):
    up = _backable(app, forum)
    script = app.test_client(use_cookies=False)
    codes = {script.post(up).status_code for _ in range(70)}
    assert codes == {403}
    refused = script.post(up).get_json()["error"]
    assert "tải lại trang" in refused
    state = app.test_client().get(f"/api/f/{forum.code}/state").get_json()
    assert state["hall_questions"][0]["upvotes"] == 0


def test_a_second_tap_takes_the_vote_back(app, forum):
    up = _backable(app, forum)
    phone = app.test_client()
    phone.get(PAGE)
    assert phone.post(up).get_json() == {"id": int(up.split("/")[-2]), "upvotes": 1,
                                         "added": True}
    taken = phone.delete(up)
    assert taken.status_code == 200 and taken.get_json()["upvotes"] == 0
    assert phone.delete(up).get_json()["upvotes"] == 0  # nothing to take back: nothing changes
    assert phone.post(up).status_code == 201  # and it can back it again


def test_one_address_adds_at_most_its_limit_in_a_minute(db_path):
    with rate_limited_app(db_path, RATELIMIT_UPVOTE_ADDRESS="25 per minute",
                          RATELIMIT_UPVOTE_DEVICE="30 per minute") as app:
        from models import Forum
        forum = db.session.scalar(db.select(Forum).where(Forum.code == FORUM["code"]))
        up = _backable(app, forum)
        counted = 0
        for _ in range(70):  # 70 "phones" from one address, each opening the page first
            phone = app.test_client()
            phone.get(PAGE)
            response = phone.post(up)
            counted += response.status_code == 201
            if response.status_code == 429:
                assert "bấm quá nhanh" in response.get_json()["error"]
        print(f"one address added {counted} votes in a minute (limit 25)")
        assert counted == 25
