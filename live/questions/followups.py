"""Written replies after the forum, followed to the end: deferred questions per responsible
unit (overdue first, and what falls due in the next days), and the replies staff recorded
that wait for a moderator's check before the public reads them.

Nothing here sends anything: staff read the follow-up page and call the units themselves."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from live.core.formatting import VIETNAM
from live.core.labels import N_
from models import Forum, Outcome, Question, State, db

#: the heading of the questions given to no unit (the page shows it in its reader's language)
NO_UNIT = N_("Chưa giao đơn vị")
#: "falls due soon": the due date is today or within this many days
SOON_DAYS = 3

#: where a written reply stands, as the public and staff read it
PENDING, DUE_SOON, OVERDUE, CHECKING, ANSWERED = (
    "pending", "due_soon", "overdue", "checking", "answered")
WRITTEN = (Outcome.IN_WRITING.value, Outcome.REFERRED.value)


@dataclass
class Commitments:
    """The open commitments of one unit (or of the body a question was referred to)."""

    unit: str
    questions: list[Question] = field(default_factory=list)
    overdue: int = 0
    due_soon: int = 0


def today() -> date:
    return datetime.now(VIETNAM).date()


def is_overdue(question: Question, on: date | None = None) -> bool:
    return (question.state is State.DEFERRED and question.due_on is not None
            and question.due_on < (on or today()))


def is_due_soon(question: Question, on: date | None = None) -> bool:
    """Due today or in the next SOON_DAYS days, and not answered yet."""
    on = on or today()
    return (question.state is State.DEFERRED and question.due_on is not None
            and on <= question.due_on <= on + timedelta(days=SOON_DAYS))


def reply_state(question: Question, on: date | None = None) -> str | None:
    """Where the written reply owed for `question` stands, or None when none is owed (answered
    at the forum, still open, rejected). A reply staff recorded is `checking` until a
    moderator publishes it."""
    if not question.ending.written:
        return None
    if question.state is State.DEFERRED:
        if is_overdue(question, on):
            return OVERDUE
        return DUE_SOON if is_due_soon(question, on) else PENDING
    return ANSWERED if question.reply_published_at is not None else CHECKING


def _unit_of(question: Question) -> str:
    return question.referred_to or (question.assignee.label if question.assignee else "")


def open_commitments(forum: Forum, on: date | None = None,
                     assignee_id: int | None = None) -> list[Commitments]:
    """Units with overdue items first (most overdue first), then by the nearest due date;
    inside a unit, overdue first, then by due date. `assignee_id`: only that unit's."""
    on = on or today()
    query = (select(Question).where(Question.forum_id == forum.id,
                                    Question.status == State.DEFERRED.value)
             .options(selectinload(Question.assignee)))
    if assignee_id is not None:
        query = query.where(Question.assignee_id == assignee_id)
    units: dict[str, Commitments] = {}
    for question in db.session.scalars(query):
        unit = _unit_of(question)
        group = units.setdefault(unit, Commitments(unit or gettext(NO_UNIT)))
        group.questions.append(question)
        group.overdue += is_overdue(question, on)
        group.due_soon += is_due_soon(question, on)
    far = date.max
    for group in units.values():
        group.questions.sort(key=lambda q: (not is_overdue(q, on), q.due_on or far, q.id))
    return sorted(units.values(), key=lambda g: (
        -g.overdue, min((q.due_on or far) for q in g.questions), g.unit))


def needing_attention(units: list[Commitments], on: date | None = None) -> list[Commitments]:
    """Of `units`, only what is overdue or falls due in the next SOON_DAYS days, per unit:
    the list staff go through when they call the units."""
    on = on or today()
    found = []
    for group in units:
        urgent = [q for q in group.questions if is_overdue(q, on) or is_due_soon(q, on)]
        if urgent:
            found.append(Commitments(group.unit, urgent, group.overdue, group.due_soon))
    return found


def written_replies(forum: Forum) -> tuple[list[Question], list[Question]]:
    """The written replies staff recorded: (waiting for the moderator's check, published),
    each oldest first."""
    found = db.session.scalars(
        select(Question).where(Question.forum_id == forum.id,
                               Question.status == State.ANSWERED.value,
                               Question.outcome.in_(WRITTEN))
        .options(selectinload(Question.assignee)).order_by(Question.answered_at, Question.id)
    ).all()
    return ([q for q in found if q.reply_published_at is None],
            [q for q in found if q.reply_published_at is not None])
