"""Agenda items. An item's status is derived from its real start and end times."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.types import UTCDateTime, utcnow


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("forum_id", "position"),
        # At most one current item per forum, whatever the number of workers.
        Index(
            "uq_agenda_items_one_current", "forum_id", unique=True,
            sqlite_where=text("started_at IS NOT NULL AND ended_at IS NULL"),
            postgresql_where=text("started_at IS NOT NULL AND ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"), index=True)
    position: Mapped[int]  #: 1-based, as numbered in the plan
    title: Mapped[str] = mapped_column(String(500))
    planned_minutes: Mapped[int | None]
    presenter: Mapped[str | None] = mapped_column(String(300))
    #: first real start; later restarts are in the record
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: last real end; None while current
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    forum: Mapped["Forum"] = relationship(back_populates="agenda")  # noqa: F821

    @property
    def status(self) -> str:
        if self.started_at is None:
            return "pending"
        return "current" if self.ended_at is None else "done"

    def start(self, at: datetime | None = None) -> None:
        """Make this the current item. The caller ends the previous one and flushes first."""
        at = at or utcnow()
        if self.started_at is None:
            self.started_at = at
        self.ended_at = None

    def end(self, at: datetime | None = None) -> None:
        self.ended_at = at or utcnow()

    def __repr__(self) -> str:
        return f"<AgendaItem {self.position} {self.status}>"
