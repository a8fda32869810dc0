"""The record as staff read it: the forum's facts, the agenda with real times, what happened
under each item, and the whole event log. Built from the log and the questions; read only."""
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from live.questions.queue import merged_from
from live.record import entries
from live.record.words import Words
from models import Ending, Forum, Question, State, db


def _minutes(item) -> int | None:
    if item.started_at and item.ended_at:
        return round((item.ended_at - item.started_at).total_seconds() / 60)
    return None


def build_record(forum: Forum) -> dict:
    found = db.session.scalars(
        select(Question).where(Question.forum_id == forum.id)
        .options(selectinload(Question.assignee)).order_by(Question.id)
    ).all()
    log = entries(forum)
    by_item: dict[int | None, list[Question]] = {}
    for question in found:
        happened_here = question.on_screen or question.ending is Ending.ON_SPOT
        if happened_here and question.agenda_item_id:
            by_item.setdefault(question.agenda_item_id, []).append(question)
    shown = [e for e in log if e.action in ("question.show", "question.hide")]
    record = {
        "forum": {
            "code": forum.code, "title": forum.title, "status": forum.status,
            "plan_number": forum.plan_number,
            "plan_date": forum.plan_date.isoformat() if forum.plan_date else None,
            "organizers": forum.organizers, "chairs": forum.chairs, "signers": forum.signers,
            "venue": forum.venue, "period": forum.period, "attendance": forum.attendance,
            "held_on": forum.held_on.isoformat() if forum.held_on else None,
        },
        "agenda": [
            {"position": i.position, "title": i.title, "status": i.status,
             "started_at": i.started_at, "ended_at": i.ended_at, "minutes": _minutes(i),
             "questions": by_item.get(i.id, [])}
            for i in forum.agenda
        ],
        "counts": Counter(q.status for q in found),
        "deferred": [q for q in found if q.state is State.DEFERRED],
        "questions": found,
        "projector": shown,
        "events": log,
        #: question id -> the questions merged into it (chains counted), oldest first
        "merged_from": merged_from(forum),
        #: the log in words (actors, actions, details), in the language in force when asked
        "words": Words(forum, log),
        #: when the forum was last closed (its phase moved to `closed`), or None
        "closed_at": next((e.at for e in reversed(log) if e.action == "forum.phase"
                           and (e.data or {}).get("to") == "closed"), None),
    }
    return record
