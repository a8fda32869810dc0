"""The moderator's queue: every question of a forum as staff see it."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from live.assistant import flags, public_text
from live.core.text import fold
from live.questions import running_order
from live.questions.moves import merged_from
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
    queued = running_order.arrange(forum, [q for q in found if q.state is State.QUEUED])
    after = running_order.next_question(forum, queued)
    return {"forum": forum.code, "questions": question_dicts(forum, found),
            "order": [q.id for q in queued], "next": after.id if after else None}
