"""The running order: the approved questions in the order the moderator wants, and the one
ready to show next; kept on the forum, so every console and the stage view see the same."""
import pytest
from sqlalchemy import select

from live.questions.queue import queue_payload
from models import Forum, Question, RecordEntry, db
from tests.conftest import Moderator, make_forum, make_question, running_app


def approved(phone, moderator, n):
    found = []
    for i in range(n):
        question = phone.question(f"Câu hỏi số {i + 1} về trường lớp?")
        moderator.approve(question)
        found.append(question.id)
    return found


def order_of(moderator, ids):
    return moderator.post("/queue/order", json={"order": ids})


def test_oldest_first_until_arranged_then_as_arranged(moderator, phone, forum):
    a, b, c = approved(phone, moderator, 3)
    assert queue_payload(forum)["order"] == [a, b, c]
    answer = order_of(moderator, [c, a])
    assert answer.status_code == 200
    # named ones first, in that order; the one not named keeps its place after them
    assert answer.get_json() == {"order": [c, a, b], "next": None}
    d = approved(phone, moderator, 1)[0]
    db.session.expire_all()
    assert queue_payload(forum)["order"] == [c, a, b, d]  # a new one joins at the end


def test_every_console_sees_the_order_and_the_next_question(app, moderator, phone, forum,
                                                             socket_client):
    a, b = approved(phone, moderator, 2)
    second = Moderator(app.test_client(), forum)
    other_console = socket_client(role="staff", flask_client=second.client)
    other_console.get_received()
    order_of(moderator, [b, a])
    moderator.make_next(a)
    pushed = [p["args"][0] for p in other_console.get_received() if p["name"] == "queue"]
    assert pushed[-1]["order"] == [b, a] and pushed[-1]["next"] == a


def test_the_next_question_leaves_the_slot_when_shown(moderator, phone, forum):
    a, b = approved(phone, moderator, 2)
    assert moderator.make_next(b)["next"] == b
    moderator.show(db.session.get(Question, b))
    db.session.expire_all()
    assert queue_payload(forum)["next"] is None
    moderator.hide(b)  # back among the waiting ones, but no longer "next"
    db.session.expire_all()
    assert queue_payload(forum)["next"] is None
    assert db.session.get(Forum, forum.id).next_question_id is None
    moderator.make_next(a)
    assert moderator.make_next(None)["next"] is None


def test_only_a_waiting_question_of_this_forum_can_be_next(moderator, phone, forum):
    fresh = phone.question("Một câu hỏi chưa duyệt?")
    refused = moderator.post("/queue/next", json={"question_id": fresh.id})
    assert refused.status_code == 409 and f"#{fresh.id}" in refused.get_json()["error"]
    elsewhere = make_question(moderator.on(make_forum("elsewhere")), "queued")
    refused = moderator.post("/queue/next", json={"question_id": elsewhere.id})
    assert refused.status_code == 400 and refused.get_json()["field"] == "question_id"


@pytest.mark.parametrize("body", [{"order": "1,2"}, {"order": [1, "2"]}, {"order": [1, 1]},
                                  {"order": [True]}, {}, {"order": list(range(6000))}])
def test_a_bad_order_is_refused_with_a_message(moderator, phone, body):
    approved(phone, moderator, 1)
    refused = order_of(moderator, None) if body == {} else moderator.post("/queue/order",
                                                                          json=body)
    assert refused.status_code == 400
    assert refused.get_json()["field"] == "order" and refused.get_json()["error"]


def test_ids_no_longer_waiting_are_dropped_not_refused(moderator, phone, forum):
    a, b = approved(phone, moderator, 2)
    moderator.show(db.session.get(Question, a))  # shown by someone else meanwhile
    assert order_of(moderator, [a, b, 999999]).get_json()["order"] == [b]


def test_arranging_does_not_make_a_pending_action_stale(moderator, phone):
    a, b = approved(phone, moderator, 2)
    version = db.session.get(Question, a).version
    order_of(moderator, [b, a])
    moderator.make_next(a)
    assert moderator.act(a, "show", version=version).status_code == 200


def test_the_order_is_kept_in_the_database_and_recorded(db_path, app, moderator, phone, forum):
    a, b, c = approved(phone, moderator, 3)
    order_of(moderator, [c, b, a])
    moderator.make_next(b)
    code = forum.code  # read here: inside, it would load through the other app's engine
    with running_app(db_path):  # another process on the same database
        again = db.session.scalar(select(Forum).where(Forum.code == code))
        assert queue_payload(again)["order"] == [c, b, a]
        assert queue_payload(again)["next"] == b
        actions = db.session.scalars(select(RecordEntry.action).where(
            RecordEntry.action.like("queue.%")).order_by(RecordEntry.id)).all()
        assert actions == ["queue.order", "queue.next"]


def test_a_secretary_sees_the_order_but_may_not_change_it(moderator, phone, forum, staff):
    a, b = approved(phone, moderator, 2)
    secretary = staff("secretary")
    assert order_of(secretary, [b, a]).status_code == 403
    assert secretary.post("/queue/next", json={"question_id": a}).status_code == 403
    assert secretary.client.get(f"/api/f/{forum.code}/questions").status_code == 200
