"""Open commitments after the forum: deferred questions per responsible unit, overdue first."""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from live.formatting import VIETNAM
from live.labels import N_
from models import Forum, Question, State, db

#: the heading of the questions given to no unit (the page shows it in its reader's language)
NO_UNIT = N_("Chưa giao đơn vị")


@dataclass
class Commitments:
    """The open commitments of one unit (or of the body a question was referred to)."""

    unit: str
    questions: list[Question] = field(default_factory=list)
    overdue: int = 0


def today() -> date:
    return datetime.now(VIETNAM).date()


def is_overdue(question: Question, on: date | None = None) -> bool:
    return question.due_on is not None and question.due_on < (on or today())


def open_commitments(forum: Forum, on: date | None = None) -> list[Commitments]:
    """Units with overdue items first (most overdue first), then by the nearest due date;
    inside a unit, overdue first, then by due date."""
    on = on or today()
    deferred = db.session.scalars(
        select(Question).where(Question.forum_id == forum.id,
                               Question.status == State.DEFERRED.value)
        .options(selectinload(Question.assignee))
    ).all()
    units: dict[str, Commitments] = {}
    for question in deferred:
        unit = question.referred_to or (question.assignee.label if question.assignee else "")
        group = units.setdefault(unit, Commitments(unit or gettext(NO_UNIT)))
        group.questions.append(question)
        group.overdue += is_overdue(question, on)
    far = date.max
    for group in units.values():
        group.questions.sort(key=lambda q: (not is_overdue(q, on), q.due_on or far, q.id))
    return sorted(units.values(), key=lambda g: (
        -g.overdue, min((q.due_on or far) for q in g.questions), g.unit))
