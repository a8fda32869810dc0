"""The forum's record: an append-only event log.

Rows are only ever inserted. The ORM refuses updates and deletes, and the migrations add
database triggers that refuse them too, and an insert of an id that exists (SQLite's
`INSERT OR REPLACE` would otherwise overwrite an entry without any delete trigger firing).

Each forum's entries form a hash chain: an entry holds the SHA-256 of its own content and of the
entry before it (`prev_hash`), computed here when entries are flushed, so a rewrite made by any
means (a text editor on the database file included) is found by `verify`: the entry rewritten
no longer matches its hash, or the one after it no longer names it.
"""
import hashlib
import json
from datetime import datetime, timezone

from sqlalchemy import JSON, ForeignKey, Index, String, event, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from models import db
from models.types import UTCDateTime, utcnow


class RecordEntry(db.Model):
    __tablename__ = "record_entries"
    __table_args__ = (Index("ix_record_entries_forum_id_id", "forum_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: who did it: a staff username, "attendee" or "system"
    actor: Mapped[str] = mapped_column(String(120))
    #: `domain.verb`, e.g. ``question.show``, ``agenda.start``
    action: Mapped[str] = mapped_column(String(60))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    #: what changed, e.g. {"from": "queued", "to": "on_screen"}
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the hash of the forum's entry before this one (None for its first)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    #: SHA-256 of this entry's content and prev_hash (see `content_hash`)
    hash: Mapped[str | None] = mapped_column(String(64))

    def to_dict(self) -> dict:
        return {
            "id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
            "question_id": self.question_id, "agenda_item_id": self.agenda_item_id,
            "data": self.data,
        }


class RecordIsAppendOnly(Exception):
    pass


def content_hash(forum_id, at, actor, action, question_id, agenda_item_id, data, prev_hash) -> str:
    """The SHA-256 (hex) of one entry: its fields as canonical JSON (sorted keys, UTC time),
    and the hash of the entry before it. The id is left out: the chain itself orders them."""
    if isinstance(at, datetime):
        at = at.astimezone(timezone.utc).isoformat() if at.tzinfo else \
            at.replace(tzinfo=timezone.utc).isoformat()
    body = json.dumps(
        {"forum_id": forum_id, "at": at, "actor": actor, "action": action,
         "question_id": question_id, "agenda_item_id": agenda_item_id, "data": data or {},
         "prev": prev_hash},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def hash_of(entry) -> str:
    """`content_hash` of an entry (a RecordEntry or a row with the same fields)."""
    return content_hash(entry.forum_id, entry.at, entry.actor, entry.action, entry.question_id,
                        entry.agenda_item_id, entry.data, entry.prev_hash)


def last_hash(connection, forum_id: int) -> str | None:
    return connection.scalar(
        select(RecordEntry.hash).where(RecordEntry.forum_id == forum_id)
        .order_by(RecordEntry.id.desc()).limit(1))


def _hold_the_chain(connection, forum_id: int) -> None:
    """Let no other writer append to this forum's record until this transaction ends, so two
    never take the same entry as the one before theirs."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(7263, :forum)"),
                           {"forum": forum_id})
    elif connection.dialect.name == "sqlite":
        # a write takes SQLite's one write lock now rather than at the insert (WAL readers go on)
        connection.execute(text("UPDATE forums SET id = id WHERE id = :forum"),
                           {"forum": forum_id})


@event.listens_for(Session, "before_flush")
def _chain_new_entries(session, flush_context, instances):
    new = [obj for obj in session.new if isinstance(obj, RecordEntry)]
    if not new:
        return
    connection = session.connection()
    last: dict[int, str | None] = {}
    for entry in new:
        if entry.forum_id not in last:
            _hold_the_chain(connection, entry.forum_id)
            last[entry.forum_id] = last_hash(connection, entry.forum_id)
        if entry.at is None:
            entry.at = utcnow()
        if entry.data is None:
            entry.data = {}
        entry.prev_hash = last[entry.forum_id]
        entry.hash = last[entry.forum_id] = hash_of(entry)


def verify(connection, forum_id: int):
    """The first entry of the forum's record that breaks the chain, with why, else None."""
    previous = None
    rows = connection.execute(
        select(RecordEntry.__table__).where(RecordEntry.forum_id == forum_id)
        .order_by(RecordEntry.id))
    for row in rows:
        if row.prev_hash != previous:
            return row, "does not name the entry before it"
        if row.hash != hash_of(row):
            return row, "was changed after it was written"
        previous = row.hash
    return None


@event.listens_for(RecordEntry, "before_update")
@event.listens_for(RecordEntry, "before_delete")
def _refuse_rewrite(mapper, connection, target):
    raise RecordIsAppendOnly("the record is append-only")
