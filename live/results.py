"""What the public may see after the forum: answers and commitments, no name not given,
never a rejected question."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Forum, Question, State, db


def public_results(forum: Forum) -> dict:
    found = db.session.scalars(
        select(Question)
        .where(Question.forum_id == forum.id,
               Question.status.in_([State.ANSWERED.value, State.DEFERRED.value]))
        .options(selectinload(Question.assignee)).order_by(Question.id)
    ).all()
    return {
        "answered": [q for q in found if q.status == State.ANSWERED.value],
        "commitments": [q for q in found if q.status == State.DEFERRED.value],
    }
