"""Closing closes (issue 12.2): moving the forum to `closed` takes the question off the screen,
stops the speaker's countdown and ends the item under way, each in the record at the closing
time; the hall then sees no item, no question and no upvote buttons; the minutes and the report
give the real closing time. And a question leaving the screen stops its countdown."""
import io
import re
from datetime import timedelta

import pytest
from docx import Document
from sqlalchemy import select

from models import AgendaItem, RecordEntry, db


def _entries(forum, *actions):
    return db.session.scalars(select(RecordEntry).where(
        RecordEntry.forum_id == forum.id, RecordEntry.action.in_(actions))
        .order_by(RecordEntry.id)).all()


@pytest.fixture
def under_way(forum, phone, moderator):
    """Item 3 under way, a question on screen with the speaker's three minutes running."""
    question = phone.question()
    moderator.start_item(3)
    moderator.approve(question)
    moderator.show(question)
    moderator.speaker_timer(180)
    return question


def test_closing_takes_down_the_question_stops_the_countdown_and_ends_the_item(
        app, client, forum, moderator, under_way):
    state = moderator.phase("closed")
    assert state["forum"]["status"] == "closed"
    assert state["on_screen"] is None and state["current_item"] is None
    assert state["timers"]["speaker"] is None
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.forum_id == forum.id,
                                                      AgendaItem.position == 3))
    db.session.refresh(item)
    assert item.ended_at is not None
    closing = _entries(forum, "forum.phase")[-1]
    hidden, = _entries(forum, "question.hide")
    stopped, = _entries(forum, "timer.stop")
    ended = _entries(forum, "agenda.end")[-1]
    assert hidden.at == stopped.at == ended.at == closing.at == item.ended_at
    assert closing.data == {"from": "live", "to": "closed"}
    assert hidden.question_id == under_way.id


def test_after_the_close_the_phone_shows_no_item_and_cannot_vote(app, client, forum, moderator,
                                                                   under_way):
    forum.phones_see_queue = True
    db.session.commit()
    moderator.phase("closed")
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    assert state["current_item"] is None and state["hall_questions"] == []
    page = client.get(f"/f/{forum.code}").get_data(as_text=True)
    assert 'class="hall__item"' not in page
    assert re.search(r'<section id="hall"[^>]*\shidden>', page)
    vote = client.post(f"/api/f/{forum.code}/questions/{under_way.id}/upvote")
    assert vote.status_code == 409 and "kết thúc" in vote.get_json()["error"]


@pytest.mark.parametrize("action,body", [("answer", {}), ("hide", {}),
                                         ("defer", {"due": "2030-01-01"})])
def test_a_question_leaving_the_screen_stops_its_countdown(app, forum, moderator, under_way,
                                                            action, body):
    if action == "defer":
        body["assignee_id"] = forum.assignees[0].id
    state = moderator.do(under_way, action, **body)
    assert moderator.client.get(f"/api/f/{forum.code}/state").get_json()["timers"][
        "speaker"] is None
    stopped, = _entries(forum, "timer.stop")
    moved = _entries(forum, f"question.{action}")[-1]
    assert stopped.at == moved.at and stopped.data["seconds"] == 180


def test_the_minutes_give_the_real_closing_time(app, forum, moderator, under_way):
    moderator.phase("closed")
    closing = _entries(forum, "forum.phase")[-1].at
    from live.core.formatting import local
    end = local(closing)
    first = local(db.session.scalars(select(AgendaItem.started_at).where(
        AgendaItem.forum_id == forum.id, AgendaItem.started_at.is_not(None))).first())
    minutes = Document(io.BytesIO(moderator.client.get(f"/f/{forum.code}/record.docx").data))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert f"đến {end:%H:%M}" in text or f"kết thúc vào lúc {end:%H} giờ {end:%M} phút" in text
    assert f"từ {first:%H:%M} đến {end:%H:%M}" in text
