"""A question and its one state machine.

Every change of `status` goes through `Question.move_to`, which checks the table below and
raises `IllegalTransition` otherwise. The assignee, topic, original and edited text are
attributes, not states. The caller (an operation in `live/questions/moves.py`) records the change.
"""
import enum
import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.types import UTCDateTime, utcnow


class State(str, enum.Enum):
    NEW = "new"
    QUEUED = "queued"
    ON_SCREEN = "on_screen"
    ANSWERED = "answered"
    DEFERRED = "deferred"
    REJECTED = "rejected"
    MERGED = "merged"


class Channel(str, enum.Enum):
    VENUE = "venue"  #: a phone in the hall, on the day
    ONLINE = "online"  #: a phone before the day, same link
    SUGGESTION_BOX = "suggestion_box"  #: a letter, typed by staff
    HOTLINE = "hotline"  #: a call, typed by staff
    FLOOR = "floor"  #: spoken at the microphone, typed by staff

    @classmethod
    def staff_channels(cls) -> set[str]:
        return {cls.SUGGESTION_BOX.value, cls.HOTLINE.value, cls.FLOOR.value}


#: state -> the states it may move to (PRODUCT.md, "A question's life")
TRANSITIONS: dict[State, frozenset[State]] = {
    State.NEW: frozenset({State.QUEUED, State.REJECTED, State.MERGED}),
    State.QUEUED: frozenset({State.ON_SCREEN, State.ANSWERED, State.DEFERRED, State.REJECTED}),
    State.ON_SCREEN: frozenset({State.ANSWERED, State.DEFERRED, State.QUEUED}),
    State.DEFERRED: frozenset({State.ANSWERED}),
    State.REJECTED: frozenset({State.QUEUED}),
    State.ANSWERED: frozenset(),
    State.MERGED: frozenset(),
}

#: what staff may do to a question in each state: the moves of TRANSITIONS by their verbs (the
#: API's `POST .../questions/<id>/<action>`), then the changes of attributes; the staff queue
#: carries them as `actions` and the console offers exactly those (`Question.actions`)
_ATTRIBUTES = ("edit", "assign", "topics")
ACTIONS: dict[State, tuple[str, ...]] = {
    State.NEW: ("approve", "reject", "merge", *_ATTRIBUTES),
    State.QUEUED: ("show", "answer", "defer", "reject", *_ATTRIBUTES),
    State.ON_SCREEN: ("hide", "answer", "defer", *_ATTRIBUTES),
    State.DEFERRED: ("answer", *_ATTRIBUTES),
    State.ANSWERED: _ATTRIBUTES,
    State.REJECTED: ("restore", *_ATTRIBUTES),
    State.MERGED: (),
}

STATE_LABELS_VI = {
    State.NEW: "mới",
    State.QUEUED: "đã duyệt",
    State.ON_SCREEN: "đang trên màn hình",
    State.ANSWERED: "đã trả lời",
    State.DEFERRED: "trả lời sau bằng văn bản",
    State.REJECTED: "không duyệt",
    State.MERGED: "đã gộp",
}


class Outcome(str, enum.Enum):
    """How a question ended, for the record and the report. An attribute, not a state."""

    ON_SPOT = "on_spot"  #: answered at the forum
    IN_WRITING = "in_writing"  #: to be answered (or answered) in writing by a due date
    REFERRED = "referred"  #: passed to another body
    OUT_OF_SCOPE = "out_of_scope"  #: outside what the forum deals with


OUTCOME_LABELS_VI = {
    Outcome.ON_SPOT: "trả lời tại diễn đàn",
    Outcome.IN_WRITING: "trả lời bằng văn bản",
    Outcome.REFERRED: "chuyển cơ quan khác",
    Outcome.OUT_OF_SCOPE: "ngoài phạm vi",
}


#: the letters of a receipt: Crockford's base32 without the look-alikes 0, O, 1, I, L (and U);
#: 30 symbols, so RECEIPT_LENGTH of them are about 49 bits, drawn from `secrets`
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 10


def new_receipt() -> str:
    """A receipt code no one can guess: what the asker keeps to look the question up later."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


class IllegalTransition(Exception):
    """A move the state machine does not allow. `str()` says it in Vietnamese; the app says it
    in the reader's language from the fields (live/core/errors.py, `message_of`)."""

    def __init__(self, question_id: int | None, before: State, target: State):
        super().__init__(f"Câu hỏi #{question_id} đang ở trạng thái “{STATE_LABELS_VI[before]}”, "
                         f"không thể chuyển sang “{STATE_LABELS_VI[target]}”.")
        self.question_id, self.before, self.target = question_id, before, target


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("forum_id", "client_key"),
        # At most one question on screen per forum, whatever the number of workers.
        Index(
            "uq_questions_one_on_screen", "forum_id", unique=True,
            sqlite_where=text("status = 'on_screen'"),
            postgresql_where=text("status = 'on_screen'"),
        ),
        Index("ix_questions_forum_status", "forum_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    channel: Mapped[str] = mapped_column(String(20), default=Channel.VENUE.value)
    status: Mapped[str] = mapped_column(String(20), default=State.NEW.value)
    #: the text as the asker sent it; never changed
    original_text: Mapped[str] = mapped_column(Text)
    #: the text the hall sees, after the moderator's edits
    text: Mapped[str] = mapped_column(Text)
    #: lower-case text without diacritics, for search that ignores them
    search_text: Mapped[str] = mapped_column(Text, default="")
    asker_name: Mapped[str | None] = mapped_column(String(120))
    asker_affiliation: Mapped[str | None] = mapped_column(String(200))
    #: chosen by the sending phone (or form) so a retry never makes a copy
    client_key: Mapped[str | None] = mapped_column(String(64))
    #: the code the asker keeps to look the question up (`/f/<code>/r/<receipt>`), unguessable
    receipt: Mapped[str | None] = mapped_column(String(16), unique=True, index=True,
                                                default=new_receipt)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("assignees.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"))
    #: the secretary's summary of what the leader said
    answer_note: Mapped[str | None] = mapped_column(Text)
    #: how it ended (see `Outcome`); None while still open or when simply rejected
    outcome: Mapped[str | None] = mapped_column(String(20))
    #: the body a referred question was passed to
    referred_to: Mapped[str | None] = mapped_column(String(300))
    due_on: Mapped[date | None]  #: for a deferred question: the written reply's due date
    #: before the forum: when the responsible unit's explanation is due
    prepare_by: Mapped[date | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when a moderator checked a written reply and let the public read it; until then the
    #: results and receipt pages say only that a reply is being checked
    reply_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_on: Mapped[date | None]  #: for letters and calls: the day staff received it
    #: a letter's or call's phone number: for staff to call back, never shown or published
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    #: the responsible unit's prepared explanation (giải trình), read out at agenda item 6
    explanation: Mapped[str | None] = mapped_column(Text)
    explained_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: how many phones said "tôi cũng muốn hỏi" (kept in step with the upvotes table)
    upvotes: Mapped[int] = mapped_column(default=0)
    #: the agenda item that was current when it was last shown or answered
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: bumped on every change; a stale version from a client is refused
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    forum: Mapped["Forum"] = relationship()  # noqa: F821
    assignee: Mapped["Assignee | None"] = relationship()  # noqa: F821
    merged_into: Mapped["Question | None"] = relationship(remote_side=[id])
    agenda_item: Mapped["AgendaItem | None"] = relationship()  # noqa: F821
    topics: Mapped[list["Topic"]] = relationship(  # noqa: F821
        secondary="question_topics", order_by="Topic.position")

    @property
    def state(self) -> State:
        return State(self.status)

    def can_move_to(self, target: State) -> bool:
        return target in TRANSITIONS[self.state]

    def move_to(self, target: State) -> State:
        """Change state if the table allows it; return the state left behind."""
        before = self.state
        if target not in TRANSITIONS[before]:
            raise IllegalTransition(self.id, before, target)
        self.status = target.value
        return before

    @property
    def written_reply(self) -> bool:
        """Answered in writing after the forum (recorded from the follow-up page, or the API's
        `answer` on a deferred question), rather than at the microphone."""
        return (self.state is State.ANSWERED and bool(self.answer_note)
                and self.outcome in (Outcome.IN_WRITING.value, Outcome.REFERRED.value))

    @property
    def actions(self) -> list[str]:
        """What staff may do to it now (`ACTIONS`); a written reply not yet published may
        also be published."""
        found = list(ACTIONS[self.state])
        if self.written_reply and self.reply_published_at is None:
            found.append("publish")
        return found

    @property
    def asker(self) -> dict | None:
        if not (self.asker_name or self.asker_affiliation):
            return None
        return {"name": self.asker_name, "affiliation": self.asker_affiliation}

    @property
    def edited(self) -> bool:
        return self.text != self.original_text

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.status}>"
