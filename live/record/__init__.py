"""The record: appending to it (here: every operation that changes the forum calls `log`),
reading it as staff do (`view`) and in words (`words`), what the public sees after the day
(`results`, `bulletin`), the whole record as JSON (`archive`) and as files (`files`, `exports/`),
and the record's pages (`pages`)."""
from flask_login import current_user

from models import Forum, RecordEntry, db


def actor_name(by=None) -> str:
    """The name the record keeps for whoever acts: a staff username, else "attendee"."""
    if by is not None:
        return by if isinstance(by, str) else by.username
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user.username
    return "attendee"


def log(forum: Forum, action: str, by=None, *, question=None, item=None, at=None,
        **data) -> RecordEntry:
    """Append an entry; `at` when several entries happened at one moment (a closing)."""
    entry = RecordEntry(
        forum_id=forum.id,
        at=at,
        actor=actor_name(by),
        action=action,
        question_id=question.id if question is not None else None,
        agenda_item_id=item.id if item is not None else None,
        data=data,
    )
    db.session.add(entry)
    return entry


def entries(forum: Forum) -> list[RecordEntry]:
    return list(
        db.session.scalars(
            db.select(RecordEntry).where(RecordEntry.forum_id == forum.id).order_by(RecordEntry.id)
        )
    )
