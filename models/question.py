"""A question, its one state machine and its rules.

Every change of `status` goes through `Question.move_to`, which checks the table below and
raises `IllegalTransition` otherwise. The assignee, topic, original and edited text are
attributes, not states; what may be done besides the moves (edit a merged question, merge into
a rejected one, publish a reply...) is asked of the question too: its `check_*` methods raise
`Refused`. How a question ended is `Question.ending`. The caller (an operation in
`live/questions/moves.py`) checks, changes, records.
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

#: rejected, or merged into another: the forum will not answer these itself (`set_aside`)
SET_ASIDE = frozenset({State.REJECTED, State.MERGED})

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


class Ending(enum.Enum):
    """How a question ended, or that it has not yet, from its state and outcome together
    (`Question.ending`). Every question has exactly one, so counts by ending add up to the
    total: the results page, the report, the minutes, the follow-ups and the record read it
    instead of working it out from status and outcome each."""

    ON_SPOT = "on_spot"  #: answered at the forum
    IN_WRITING = "in_writing"  #: to be answered in writing by a due date (or answered so)
    REFERRED = "referred"  #: passed to another body (its reply owed, or recorded)
    MERGED = "merged"  #: merged into another question, answered with it
    OUT_OF_SCOPE = "out_of_scope"  #: rejected as outside the forum's remit
    NOT_TAKEN = "not_taken"  #: rejected: not taken up
    WAITING = "waiting"  #: approved (or on screen), not answered yet
    UNSCREENED = "unscreened"  #: not looked at by a moderator yet

    @classmethod
    def of(cls, state: State, outcome: str | None) -> "Ending":
        """The ending of a question in `state` with `outcome`: for rows read without their
        question (the results page counts in SQL, grouped by status and outcome)."""
        if state in (State.ANSWERED, State.DEFERRED):
            if outcome == Outcome.REFERRED.value:
                return cls.REFERRED
            if state is State.DEFERRED or outcome == Outcome.IN_WRITING.value:
                return cls.IN_WRITING
            return cls.ON_SPOT
        if state is State.MERGED:
            return cls.MERGED
        if state is State.REJECTED:
            return cls.OUT_OF_SCOPE if outcome == Outcome.OUT_OF_SCOPE.value else cls.NOT_TAKEN
        return cls.UNSCREENED if state is State.NEW else cls.WAITING

    @property
    def written(self) -> bool:
        """A written reply was promised: by a unit in writing, or by the body it was passed to
        (whether or not the reply has come: the state says that)."""
        return self in (Ending.IN_WRITING, Ending.REFERRED)

    @property
    def over(self) -> bool:
        """The forum has finished with it (not waiting for a moderator or an answer)."""
        return self not in (Ending.WAITING, Ending.UNSCREENED)


#: the letters of a receipt: Crockford's base32 without the look-alikes 0, O, 1, I, L (and U);
#: 30 symbols, so RECEIPT_LENGTH of them are about 49 bits, drawn from `secrets`
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 10


def new_receipt() -> str:
    """A receipt code no one can guess: what the asker keeps to look the question up later."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


class Rule(enum.Enum):
    """What a question's rules refuse besides the moves of TRANSITIONS (`Refused.rule`)."""

    MERGED = "merged"  #: its text, assignee or topics, once it was merged into another
    TAKES_NO_MERGES = "takes_no_merges"  #: merging into a rejected or merged question
    NEEDS_NO_EXPLANATION = "needs_no_explanation"  #: an explanation, once rejected or merged
    UNASSIGNED = "unassigned"  #: an explanation, while no unit answers it
    ON_SCREEN = "on_screen"  #: showing what is on screen already
    NO_WRITTEN_REPLY = "no_written_reply"  #: publishing, with no written reply recorded
    PUBLISHED = "published"  #: publishing again (a correction is a new reply)


#: `str()` of each `Refused`: {id} the question's, {state} the state it is in
REFUSED_VI = {
    Rule.MERGED: "Câu hỏi #{id} đã được gộp vào câu hỏi khác.",
    Rule.TAKES_NO_MERGES: "Câu hỏi #{id} đang ở trạng thái “{state}” nên không thể gộp câu khác "
                          "vào.",
    Rule.NEEDS_NO_EXPLANATION: "Câu hỏi #{id} không còn cần giải trình.",
    Rule.UNASSIGNED: "Câu hỏi #{id} chưa được giao cho đơn vị nào.",
    Rule.ON_SCREEN: "Câu hỏi #{id} đang ở trên màn hình.",
    Rule.NO_WRITTEN_REPLY: "Câu hỏi #{id} chưa có trả lời bằng văn bản để công bố.",
    Rule.PUBLISHED: "Trả lời bằng văn bản của câu hỏi #{id} đã được công bố.",
}


class Refused(Exception):
    """Something a question's rules do not allow now (`rule`), raised by its `check_*`
    methods: a conflict with its state, 409 in the API. `str()` says it in Vietnamese; the
    app says it in the reader's language from the fields (live/core/errors.py, `message_of`)."""

    def __init__(self, question: "Question", rule: Rule):
        self.question_id, self.state, self.rule = question.id, question.state, rule
        super().__init__(REFUSED_VI[rule].format(id=question.id,
                                                 state=STATE_LABELS_VI[self.state]))


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
    def ending(self) -> Ending:
        """How it ended, or that it has not yet (see `Ending`)."""
        return Ending.of(self.state, self.outcome)

    @property
    def written_reply(self) -> bool:
        """Answered in writing after the forum (recorded from the follow-up page, or the API's
        `answer` on a deferred question), rather than at the microphone."""
        return self.state is State.ANSWERED and self.ending.written and bool(self.answer_note)

    @property
    def actions(self) -> list[str]:
        """What staff may do to it now (`ACTIONS`); a written reply not yet published may
        also be published."""
        found = list(ACTIONS[self.state])
        if self.publishable:
            found.append("publish")
        return found

    # The rules besides the moves. Each `check_*` raises `Refused` (or, for a move,
    # `IllegalTransition`) before live/questions.py changes anything; the properties answer.

    @property
    def on_screen(self) -> bool:
        return self.state is State.ON_SCREEN

    @property
    def set_aside(self) -> bool:
        """Rejected, or merged into another (`SET_ASIDE`): the forum will not answer it
        itself, so nothing is merged into it, no explanation is prepared for it and no unit is
        counted for it."""
        return self.state in SET_ASIDE

    @property
    def changeable(self) -> bool:
        """Its text, assignee and topics may change (`edit`, `assign`, `topics` in ACTIONS):
        in every state but merged, where the question it went into is the one that counts."""
        return self.state is not State.MERGED

    def check_changeable(self) -> None:
        if not self.changeable:
            raise Refused(self, Rule.MERGED)

    @property
    def can_take_merges(self) -> bool:
        """Others may be merged into it: not once it is set aside."""
        return not self.set_aside

    def check_takes_merges(self) -> None:
        if not self.can_take_merges:
            raise Refused(self, Rule.TAKES_NO_MERGES)

    @property
    def explainable(self) -> bool:
        """Its unit may write or rewrite its explanation (giải trình): it is given to a unit
        and not set aside."""
        return not self.set_aside and self.assignee_id is not None

    def check_explainable(self) -> None:
        if self.set_aside:
            raise Refused(self, Rule.NEEDS_NO_EXPLANATION)
        if self.assignee_id is None:
            raise Refused(self, Rule.UNASSIGNED)

    def check_showable(self) -> None:
        """Before it goes on the big screen (whatever is there comes down first)."""
        if self.on_screen:
            raise Refused(self, Rule.ON_SCREEN)
        if not self.can_move_to(State.ON_SCREEN):
            raise IllegalTransition(self.id, self.state, State.ON_SCREEN)

    @property
    def publishable(self) -> bool:
        """A written reply recorded and not published yet: a moderator may let the public
        read it. Once published it stays so: a correction is a new reply."""
        return self.written_reply and self.reply_published_at is None

    def check_publishable(self) -> None:
        if not self.written_reply:
            raise Refused(self, Rule.NO_WRITTEN_REPLY)
        if self.reply_published_at is not None:
            raise Refused(self, Rule.PUBLISHED)

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
