"""What the hall sees: one pure read that builds the snapshot.

The same `snapshot(forum)` serves `GET /api/f/<code>/state`, a client's first `state` event and
every later one, so a client that reconnects needs nothing else to be right again."""
from flask import current_app
from sqlalchemy import func, select

from live.agenda import timers
from live.assistant import public_text
from live.questions.moves import on_screen
from live.questions.queue import merged_from
from live.questions.upvotes import visible_to_hall
from models import Forum, Question, RecordEntry, State, db


#: characters the projector shows at 56 px at least (1920x1080, the explanation beside it)
SCREEN_TEXT_LIMIT = 300


def screen_summary(text: str) -> str | None:
    """`text` cut for the big screen when longer than SCREEN_TEXT_LIMIT (config), else None:
    whole sentences while they fit, else up to the last word that fits, then "…"."""
    limit = current_app.config.get("SCREEN_TEXT_LIMIT", SCREEN_TEXT_LIMIT)
    if len(text) <= limit:
        return None
    room = text[:limit - 1]
    sentence = max(room.rfind(". "), room.rfind("? "), room.rfind("! "))
    if sentence >= limit // 2:
        return room[:sentence + 1] + " …"
    return room.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _time(value):
    return value.isoformat() if value else None


def snapshot(forum: Forum) -> dict:
    counts = dict.fromkeys((s.value for s in State), 0)
    rows = db.session.execute(
        select(Question.status, func.count()).where(Question.forum_id == forum.id)
        .group_by(Question.status)
    )
    for status, count in rows:
        counts[status] = count
    counts["total"] = sum(counts.values())
    current = forum.current_item
    shown = on_screen(forum)
    seq = db.session.scalar(
        select(func.max(RecordEntry.id)).where(RecordEntry.forum_id == forum.id)
    )
    return {
        "forum": {"code": forum.code, "title": forum.title, "status": forum.status,
                  #: phones' questions only through the pass of the projector's QR (never
                  #: the pass itself: live/forums/hall.py)
                  "hall_only": forum.hall_only},
        "agenda": [
            {"position": item.position, "title": item.title, "status": item.status,
             "started_at": _time(item.started_at), "ended_at": _time(item.ended_at),
             #: for the projector's countdown of the current item; None when not planned
             "planned_minutes": item.planned_minutes}
            for item in forum.agenda
        ],
        "current_item": current.position if current else None,
        "on_screen": None if shown is None else {
            "id": shown.id,
            #: masked where it carries bad words or personal data, unless the moderator edited it
            "text": public_text(shown),
            #: what the big screen shows when the text is longer than SCREEN_TEXT_LIMIT (its
            #: first sentences, cut at a word, "…"); None when it fits. The moderator who wants
            #: it whole shortens the question (edit): type is never set smaller than 56 px.
            "screen_text": screen_summary(public_text(shown)),
            "asker": shown.asker,
            "assignee": shown.assignee.to_dict() if shown.assignee else None,
            #: the unit's prepared explanation (giải trình), read out at agenda item 6
            "explanation": shown.explanation,
            #: how many others asked the same (questions merged into it, chains counted): a
            #: number only, the hall never gets their names
            "also_asked": len(merged_from(forum).get(shown.id, [])),
        },
        #: approved questions phones may see and back, when the moderator lets them
        "hall_questions": [
            {"id": q.id, "text": public_text(q), "upvotes": q.upvotes} for q in visible_to_hall(forum)
        ],
        "counts": counts,
        #: grows with every change; a client drops a snapshot older than one it has shown
        "seq": seq or 0,
        #: countdowns started from the console, e.g. {"speaker": {"started_at", "seconds"}}
        "timers": timers.snapshot(forum),
    }
