"""Running the agenda: next, jump, real times, one current item."""
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import AgendaItem, RecordEntry, db


def current(state):
    return state["current_item"]


def test_next_walks_the_agenda_and_records_real_times(moderator, forum):
    assert current(moderator.next_item()) == 1
    assert current(moderator.next_item()) == 2
    first, second = forum.agenda[0], forum.agenda[1]
    assert first.status == "done" and second.status == "current"
    assert first.started_at <= first.ended_at <= second.started_at
    actions = [(e.action, e.data["position"]) for e in db.session.scalars(
        select(RecordEntry).where(RecordEntry.action.like("agenda.%")).order_by(RecordEntry.id))]
    assert actions == [("agenda.start", 1), ("agenda.end", 1), ("agenda.start", 2)]


def test_jump_to_an_item_and_back(moderator, forum):
    moderator.next_item()
    state = moderator.start_item(7)
    assert current(state) == 7
    statuses = {i["position"]: i["status"] for i in state["agenda"]}
    assert statuses[1] == "done" and statuses[2] == "pending" and statuses[7] == "current"
    first_start = forum.agenda[6].started_at
    moderator.start_item(6)
    moderator.start_item(7)
    item = forum.agenda[6]
    assert item.status == "current" and item.started_at == first_start
    restarts = db.session.scalars(select(RecordEntry).where(
        RecordEntry.action == "agenda.start", RecordEntry.agenda_item_id == item.id)).all()
    assert [e.data["restarted"] for e in restarts] == [False, True]


def test_after_the_last_item_the_agenda_is_over(moderator, forum):
    moderator.start_item(11)
    state = moderator.next_item()
    assert current(state) is None
    assert all(i["status"] != "current" for i in state["agenda"])
    response = moderator.post("/agenda/next")
    assert response.status_code == 409
    assert "kết thúc" in response.get_json()["error"]


def test_starting_the_current_item_again_is_409(moderator):
    moderator.start_item(3)
    response = moderator.post("/agenda/3/start")
    assert response.status_code == 409


def test_an_unknown_item_is_404(moderator):
    response = moderator.post("/agenda/12/start")
    assert response.status_code == 404
    assert "mục 12" in response.get_json()["error"]


def test_the_database_refuses_two_current_items(forum):
    from models import utcnow

    forum.agenda[0].started_at = forum.agenda[1].started_at = utcnow()
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_items_are_scoped_to_their_forum(moderator):
    from tests.conftest import make_forum

    other = make_forum("khac", items=3)
    moderator.start_item(2)
    other_items = db.session.scalars(select(AgendaItem).where(AgendaItem.forum_id == other.id))
    assert all(i.status == "pending" for i in other_items)
