"""The running order: in what order the approved questions are to be taken, and which one is
ready to be shown next. The moderator arranges them; every console and the stage view read the
same (they are kept on the forum, in the database, and pushed with the queue), so a second
moderator, a reopened laptop or a restarted server sees the order as it was left.

Operations flush and log; the caller commits once and announces (STYLE.md). Neither changes
a question, so neither bumps a question's version: reordering never makes a moderator's pending
action on that question stale."""
from flask_babel import gettext
from sqlalchemy import select

from live import record
from live.core.errors import Conflict, InputError
from models import Forum, Question, State, db

#: more ids than any forum has questions: a list this long is not an order but a mistake
MAX_IDS = 5000


def arrange(forum: Forum, queued: list[Question]) -> list[Question]:
    """`queued` in the running order: as arranged, then the rest oldest first."""
    place = {qid: i for i, qid in enumerate(forum.queue_order or [])}
    return sorted(queued, key=lambda q: (place.get(q.id, len(place)), q.id))


def next_question(forum: Forum, queued: list[Question]) -> Question | None:
    """The question made ready to show next, while it is still approved and waiting."""
    return next((q for q in queued if q.id == forum.next_question_id), None)


def set_order(forum: Forum, ids, by=None) -> list[int]:
    """Take the approved questions in the order of `ids` (question ids, first first). Ids of
    questions no longer waiting (just shown by someone else, say) are dropped, not refused;
    waiting ones not named keep their place after the named ones."""
    if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise InputError(gettext("order phải là danh sách số câu hỏi."), "order")
    if len(ids) > MAX_IDS or len(set(ids)) != len(ids):
        raise InputError(gettext("Thứ tự câu hỏi không hợp lệ (trùng hoặc quá dài)."), "order")
    waiting = set(db.session.scalars(select(Question.id).where(
        Question.forum_id == forum.id, Question.status == State.QUEUED.value)))
    order = [i for i in ids if i in waiting]
    forum.queue_order = order
    record.log(forum, "queue.order", by, order=order)
    return order


def set_next(forum: Forum, question: Question | None, by=None) -> None:
    """Make `question` (approved, waiting) the next to show, or clear the slot with None."""
    if question is not None and question.state is not State.QUEUED:
        raise Conflict(gettext("Chỉ chọn được câu hỏi đã duyệt, đang chờ chiếu (câu hỏi #%(id)s "
                               "không ở trạng thái đó).", id=question.id))
    forum.next_question_id = question.id if question is not None else None
    record.log(forum, "queue.next", by, question=question)


def taken(question: Question) -> None:
    """`question` left the waiting list (shown, answered, ...): it is no longer "next"."""
    forum = question.forum
    if forum.next_question_id == question.id:
        forum.next_question_id = None
