"""A forum: one public meeting with its own join code, agenda, queue, projector and record."""
import enum
from datetime import date, datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.types import UTCDateTime, utcnow


class ForumStatus(str, enum.Enum):
    DRAFT = "draft"
    COLLECTING = "collecting"  #: the attendee link takes `online` questions before the day
    LIVE = "live"
    CLOSED = "closed"


class Forum(db.Model):
    __tablename__ = "forums"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short, URL-safe join code, e.g. ``thuan-an-2018``
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=ForumStatus.LIVE.value)
    #: the plan's number, e.g. ``02-KH/BDV-PGDĐT``
    plan_number: Mapped[str | None] = mapped_column(String(100))
    plan_date: Mapped[date | None]
    #: the issuing bodies, top to bottom as in the plan's header block
    organizers: Mapped[list] = mapped_column(JSON, default=list)
    #: who chairs, as titles (section 4.1 of the plan)
    chairs: Mapped[list] = mapped_column(JSON, default=list)
    #: [{"title", "name"}] of the people who sign the minutes
    signers: Mapped[list] = mapped_column(JSON, default=list)
    venue: Mapped[str | None] = mapped_column(String(300))
    place: Mapped[str | None] = mapped_column(String(100))  #: for "Thuận An, ngày ..."
    held_on: Mapped[date | None]  #: the day itself, once fixed
    period: Mapped[str | None] = mapped_column(String(100))  #: e.g. "tháng 9 năm 2018"
    description: Mapped[str | None] = mapped_column(Text)
    #: how many people attended, as counted by staff on the day
    attendance: Mapped[int | None]
    #: who is invited (section 4.2 of the plan), one group a line
    invited: Mapped[list] = mapped_column(JSON, default=list)
    #: phones see the approved questions (and may add "tôi cũng muốn hỏi" to them)
    phones_see_queue: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the speaker's countdown, started from the console (live/timers.py): when it started,
    #: and how many seconds the speaker was given; both None while no one is being timed
    speaker_timer_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    speaker_timer_seconds: Mapped[int | None]
    #: the running order of the approved questions as the moderator arranged it (question
    #: ids, first to be taken first); approved questions not in it come after, oldest first
    queue_order: Mapped[list] = mapped_column(JSON, default=list)
    #: the approved question the moderator has made ready to show next (no foreign key: it is
    #: read only while that question is still approved, live/queue.py)
    next_question_id: Mapped[int | None]

    agenda: Mapped[list["AgendaItem"]] = relationship(  # noqa: F821
        back_populates="forum", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    assignees: Mapped[list["Assignee"]] = relationship(  # noqa: F821
        back_populates="forum", order_by="Assignee.position", cascade="all, delete-orphan"
    )
    topics: Mapped[list["Topic"]] = relationship(  # noqa: F821
        order_by="Topic.position", cascade="all, delete-orphan"
    )

    @property
    def current_item(self):
        return next((item for item in self.agenda if item.status == "current"), None)

    def __repr__(self) -> str:
        return f"<Forum {self.code}>"
