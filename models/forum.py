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


#: the header blocks an office paper can open with, by `Forum.header_kind`
HEADER_KINDS = ("state", "party")


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
    #: which header block the minutes and the report open with: "state" (the national motto,
    #: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Nghị định 30/2020) or "party" ("ĐẢNG CỘNG SẢN
    #: VIỆT NAM", Hướng dẫn 36-HD/VPTW); see HEADER_KINDS
    header_kind: Mapped[str] = mapped_column(String(10), default="state",
                                             server_default="state")
    #: the body above the organiser, first line of the header's left block, e.g.
    #: "UBND tỉnh Đồng Nai" or "Đảng bộ tỉnh Đồng Nai"; none for a body with no line above it
    header_superior: Mapped[str | None] = mapped_column(String(300))
    #: the organiser as the header names it, e.g. "Sở Giáo dục và Đào tạo" or "Đảng ủy phường
    #: Lái Thiêu"; empty: the organizers joined by " – " (a joint plan's header)
    header_organizer: Mapped[str | None] = mapped_column(String(300))
    #: whom the report goes to ("Kính gửi: ..."), e.g. "Sở Giáo dục và Đào tạo tỉnh Đồng Nai"
    recipient: Mapped[str | None] = mapped_column(String(300))
    #: who else receives the report ("Nơi nhận"), after the recipient; "Lưu: VT" comes last
    copies: Mapped[list] = mapped_column(JSON, default=list)
    #: who keeps the minutes, signing them as "THƯ KÝ"
    secretary: Mapped[str | None] = mapped_column(String(100))
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
    #: the most phones that followed the forum at once, and when (live/screens/attendance.py)
    peak_phones: Mapped[int | None]
    peak_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: who is invited (section 4.2 of the plan), one group a line
    invited: Mapped[list] = mapped_column(JSON, default=list)
    #: phones see the approved questions (and may add "tôi cũng muốn hỏi" to them)
    phones_see_queue: Mapped[bool] = mapped_column(default=False)
    #: hall-only mode (live/forums/hall.py): a phone's question needs the pass of the projector's QR
    hall_only: Mapped[bool] = mapped_column(default=False)
    #: the projector's secret link key (hall-only mode), made when first wanted
    screen_key: Mapped[str | None] = mapped_column(String(40))
    #: the forum's own words for the assistant to flag as rude, beside its built-in list
    #: (live/assistant/flags.py), one a line, as the setup typed them
    extra_bad_words: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the speaker's countdown, started from the console (live/agenda/timers.py): when it started,
    #: and how many seconds the speaker was given; both None while no one is being timed
    speaker_timer_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    speaker_timer_seconds: Mapped[int | None]
    #: the running order of the approved questions as the moderator arranged it (question
    #: ids, first to be taken first); approved questions not in it come after, oldest first
    queue_order: Mapped[list] = mapped_column(JSON, default=list)
    #: the approved question the moderator has made ready to show next (no foreign key: it is
    #: read only while that question is still approved, live/questions/queue.py)
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
