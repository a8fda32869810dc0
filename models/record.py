"""The forum's record: an append-only event log.

Rows are only ever inserted. The ORM refuses updates and deletes, and the migration adds
database triggers that refuse them too.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

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

    def to_dict(self) -> dict:
        return {
            "id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
            "question_id": self.question_id, "agenda_item_id": self.agenda_item_id,
            "data": self.data,
        }


class RecordIsAppendOnly(Exception):
    pass


@event.listens_for(RecordEntry, "before_update")
@event.listens_for(RecordEntry, "before_delete")
def _refuse_rewrite(mapper, connection, target):
    raise RecordIsAppendOnly("the record is append-only")
