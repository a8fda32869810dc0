"""The moderator's queue: every question of a forum as staff see it, and the running order.

The running order says in what order the approved questions are to be taken, and which one is
ready to be shown next. The moderator arranges them; every console and the stage view read the
same (they are kept on the forum, in the database, and pushed with the queue), so a second
moderator, a reopened laptop or a restarted server sees the order as it was left. Its
operations flush and log; the caller commits once and announces (STYLE.md). Neither changes a
question, so neither bumps a question's version: reordering never makes a moderator's pending
action on that question stale."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from flask_babel import gettext

from live import record
from live.assistant import flags, public_text
from live.core.errors import Conflict, InputError
from live.core.text import fold
from models import Forum, Question, State, Topic, db


def question_dict(question: Question, merged: list[Question] | None = None) -> dict:
    """One question as staff see it. `merged`: the questions merged into it (see
    `merged_from`); looked up when not given, so a list should pass them (`question_dicts`)."""
    if merged is None:
        merged = merged_from(question.forum).get(question.id, [])
    words = flags.forum_words(question.forum)  # the forum's own bad words, from its setup
    return {
        "id": question.id,
        "status": question.status,
        "channel": question.channel,
        "text": question.text,
        "original_text": question.original_text,
        "edited": question.edited,
        "asker": question.asker,
        "assignee": question.assignee.to_dict() if question.assignee else None,
        "merged_into": question.merged_into_id,
        #: the questions merged into this one, directly or through a chain, ascending
        "merged_from": [m.id for m in merged],
        #: who asked those, where they gave a name or an affiliation (staff only: the hall
        #: gets a number, `on_screen.also_asked`)
        "co_askers": [{"id": m.id, **m.asker} for m in merged if m.asker],
        "answer_note": question.answer_note,
        "outcome": question.outcome,
        "referred_to": question.referred_to,
        "answered_at": question.answered_at.isoformat() if question.answered_at else None,
        #: a written reply checked by a moderator and published (results, receipt pages)
        "reply_published_at": (question.reply_published_at.isoformat()
                               if question.reply_published_at else None),
        #: the asker's receipt code: staff read it out to a letter writer or a caller
        "receipt": question.receipt,
        "due": question.due_on.isoformat() if question.due_on else None,
        "prepare_by": question.prepare_by.isoformat() if question.prepare_by else None,
        "received_on": question.received_on.isoformat() if question.received_on else None,
        "contact_phone": question.contact_phone,  # staff only: never in the hall's snapshot
        "created_at": question.created_at.isoformat(),
        "updated_at": question.updated_at.isoformat(),
        "topics": [topic.to_dict() for topic in question.topics],
        "explanation": question.explanation,
        "explained_at": question.explained_at.isoformat() if question.explained_at else None,
        "upvotes": question.upvotes,
        "version": question.version,
        #: what staff may do to it now (models/question.py, `ACTIONS`): the console's buttons
        "actions": question.actions,
        # the assistant's pointers, for the moderator to look at (live/assistant/flags.py)
        "flags": flags.flags(question.text, words),
        #: the text as the hall's screens show it (the stage reads this one)
        "public_text": public_text(question),
        "flag_spans": [span.as_dict() for span in flags.find(question.text, words)],
    }


def question_dicts(forum: Forum, found: list[Question]) -> list[dict]:
    """`question_dict` of each of `found` (questions of `forum`), the merges read once."""
    merged = merged_from(forum)
    return [question_dict(q, merged.get(q.id, [])) for q in found]


def find(forum: Forum, *, status: str | None = None, q: str | None = None,
         channel: str | None = None, topic: int | None = None, assignee: int | None = None,
         sort: str | None = None) -> list[Question]:
    """The queue, filtered by state(s), channel(s), topic, responsible unit and words (with or
    without diacritics); oldest first, or most backed first with sort="upvotes"."""
    order = (Question.upvotes.desc(), Question.id) if sort == "upvotes" else (Question.id,)
    query = (
        select(Question).where(Question.forum_id == forum.id).order_by(*order)
        .options(selectinload(Question.assignee), selectinload(Question.topics))
    )
    if status:
        query = query.where(Question.status.in_(status.split(",")))
    if channel:
        query = query.where(Question.channel.in_(channel.split(",")))
    if topic is not None:
        query = query.where(Question.topics.any(Topic.id == topic))
    if assignee is not None:
        query = query.where(Question.assignee_id == assignee)
    if q:
        words = fold(q).split()
        query = query.where(*(Question.search_text.contains(w, autoescape=True) for w in words))
    return list(db.session.scalars(query))


def queue_payload(forum: Forum) -> dict:
    """The queue as staff consoles and the stage view get it: every question, and the running
    order of the approved ones (`order`, ids first to last) with the one ready to show next."""
    found = find(forum)
    queued = arrange(forum, [q for q in found if q.state is State.QUEUED])
    after = next_question(forum, queued)
    return {"forum": forum.code, "questions": question_dicts(forum, found),
            "order": [q.id for q in queued], "next": after.id if after else None}


def queue_delta(forum: Forum, ids: set[int]) -> dict:
    """What a push sends the consoles that take deltas (live/screens/broadcast.py): the
    questions of `ids` (those committed since the last push, live/screens/changes.py) that are
    this forum's, with the questions they are merged into, directly or through a chain (whose
    `merged_from` and `co_askers` change with them), as in `queue_payload`; `order` and
    `next` whole, as there (ids only)."""
    found: dict[int, Question] = {}
    asked, wanted = set(), set(ids)
    while wanted:
        asked |= wanted
        batch = sorted(wanted)
        wanted = set()
        for start in range(0, len(batch), 500):  # a burst's ids, in lists SQLite takes
            for question in db.session.scalars(
                    select(Question).where(Question.forum_id == forum.id,
                                           Question.id.in_(batch[start:start + 500]))
                    .options(selectinload(Question.assignee), selectinload(Question.topics))):
                found[question.id] = question
                if question.merged_into_id is not None:
                    wanted.add(question.merged_into_id)
        wanted -= asked
    order, after = running_order(forum)
    return {"forum": forum.code,
            "questions": question_dicts(forum, [found[i] for i in sorted(found)]),
            "order": order, "next": after}


def merged_from(forum: Forum) -> dict[int, list[Question]]:
    """For each question of `forum` that others were merged into, those questions, oldest
    first. Merges chain (A into B, then B into C): C gets both A and B, B keeps A. One query
    of the merged questions; the queue, the hall's snapshot and the record read it."""
    merged = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.forum_id == forum.id,
                               Question.status == State.MERGED.value,
                               Question.merged_into_id.is_not(None))
        .order_by(Question.id))}
    found: dict[int, list[Question]] = {}
    for question in merged.values():
        seen = {question.id}
        into = question.merged_into_id
        while into is not None and into not in seen:  # `seen`: a loop in old data ends here
            found.setdefault(into, []).append(question)
            seen.add(into)
            into = merged[into].merged_into_id if into in merged else None
    return found


# ---- the running order ----

#: more ids than any forum has questions: a list this long is not an order but a mistake
MAX_IDS = 5000


def _place(forum: Forum):
    """The running order's sort key of a question id: as arranged, then the rest oldest first."""
    place = {qid: i for i, qid in enumerate(forum.queue_order or [])}
    return lambda qid: (place.get(qid, len(place)), qid)


def _waiting_ids(forum: Forum) -> set[int]:
    """The ids of the forum's approved questions waiting to be shown."""
    return set(db.session.scalars(select(Question.id).where(
        Question.forum_id == forum.id, Question.status == State.QUEUED.value)))


def arrange(forum: Forum, queued: list[Question]) -> list[Question]:
    """`queued` in the running order: as arranged, then the rest oldest first."""
    key = _place(forum)
    return sorted(queued, key=lambda q: key(q.id))


def running_order(forum: Forum) -> tuple[list[int], int | None]:
    """`order` and `next` of `queue_payload`, from the ids of the waiting questions only."""
    waiting = _waiting_ids(forum)
    order = sorted(waiting, key=_place(forum))
    return order, forum.next_question_id if forum.next_question_id in waiting else None


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
    waiting = _waiting_ids(forum)
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
