"""The moderator's queue: every question of a forum as staff see it."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from live.text import fold
from models import Forum, Question, db


def question_dict(question: Question) -> dict:
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
        "answer_note": question.answer_note,
        "outcome": question.outcome,
        "referred_to": question.referred_to,
        "answered_at": question.answered_at.isoformat() if question.answered_at else None,
        "due": question.due_on.isoformat() if question.due_on else None,
        "received_on": question.received_on.isoformat() if question.received_on else None,
        "created_at": question.created_at.isoformat(),
        "updated_at": question.updated_at.isoformat(),
        "version": question.version,
    }


def find(forum: Forum, *, status: str | None = None, q: str | None = None) -> list[Question]:
    query = (
        select(Question).where(Question.forum_id == forum.id).order_by(Question.id)
        .options(selectinload(Question.assignee))
    )
    if status:
        query = query.where(Question.status.in_(status.split(",")))
    if q:
        words = fold(q).split()
        query = query.where(*(Question.search_text.contains(w, autoescape=True) for w in words))
    return list(db.session.scalars(query))


def queue_payload(forum: Forum) -> dict:
    return {"forum": forum.code, "questions": [question_dict(q) for q in find(forum)]}
