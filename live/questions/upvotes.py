"""“Tôi cũng muốn hỏi” ("I want to ask this too"): phones back a question the hall can see,
once per phone.

How it resists inflation: only questions the moderator has let the hall see (approved or on
screen, and only while the forum shows them to phones) take upvotes; one per device id, which
is a random id in a cookie the server signs (a forged or edited cookie is a new device); the
database refuses a second row for the same device and question; a device is rate-limited
(RATELIMIT_UPVOTE_DEVICE), and a script that drops its cookie to look new is held by the
per-address limit for cookie-less requests. Upvotes order the moderator's queue; they never
move a question by themselves."""
from flask_babel import gettext
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from live.core.errors import Conflict
from live.screens import changes
from models import Forum, ForumStatus, Question, State, Upvote, db

#: the states of the questions the hall sees and may back: approved, or on screen
VISIBLE = (State.QUEUED, State.ON_SCREEN)


def visible_to_hall(forum: Forum) -> list[Question]:
    """The questions phones may see and back, most backed first; none once the forum closed."""
    if not forum.phones_see_queue or forum.status == ForumStatus.CLOSED.value:
        return []
    return list(db.session.scalars(
        select(Question).where(Question.forum_id == forum.id,
                               Question.status.in_([s.value for s in VISIBLE]))
        .order_by(Question.upvotes.desc(), Question.id)
    ))


def _refuse_when_closed(forum: Forum) -> None:
    if forum.status == ForumStatus.CLOSED.value:
        raise Conflict(gettext("Diễn đàn đã kết thúc, không còn nhận ủng hộ câu hỏi."))


def _count(question: Question, change: int) -> None:
    """The counter beside the rows, changed in SQL so that it neither races nor bumps the
    question's version (a moderator's open action must not turn stale because of it)."""
    db.session.execute(
        update(Question).where(Question.id == question.id)
        .values(upvotes=Question.upvotes + change, updated_at=Question.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(question, ["upvotes"])
    changes.touched(question)  # no flush sees this UPDATE: the card changed all the same


def withdraw(forum: Forum, question: Question, device: str) -> bool:
    """Take this device's upvote back; False when it had none. Flushes. Allowed while the
    question can be backed (a closed forum's counts stay as they were)."""
    _refuse_when_closed(forum)
    removed = db.session.execute(
        delete(Upvote).where(Upvote.question_id == question.id, Upvote.device == device)
    ).rowcount
    if removed:
        _count(question, -1)
    return bool(removed)


def upvote(forum: Forum, question: Question, device: str) -> bool:
    """Add this device's upvote; False when it had already backed the question. Flushes."""
    _refuse_when_closed(forum)
    if not forum.phones_see_queue or question.state not in VISIBLE:
        raise Conflict(gettext("Câu hỏi này hiện không mở để ủng hộ."))
    try:
        with db.session.begin_nested():
            db.session.add(Upvote(question_id=question.id, device=device))
            db.session.flush()
    except IntegrityError:
        return False
    _count(question, +1)
    return True
