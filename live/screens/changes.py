"""What changed since a forum's last push, for the consoles that take the queue in deltas
(`queue=delta`, live/screens/broadcast.py).

Every flush writes down, in its session, the questions whose rows it wrote (new or changed),
by forum, and the forums where it changed something that every question's card reads (an
assignee, a topic, the forum's own bad words): the next push then sends those consoles the
whole queue. The commit moves them into this process's pending sets, under `lock`; a
rollback drops them. A savepoint's rollback keeps what it flushed: a question pushed that did
not change costs a few hundred bytes, a question left out leaves a console with a wrong card.
A push takes its forum's share (`take`) before its read begins, so everything taken is in
what it reads, and whatever commits after is left for the next push.

Only this process's commits are seen. With several processes (MESSAGE_QUEUE) each pushes the
deltas of its own commits; that is enough, since every push reads the rows from the database
and a console keeps the newer `version` of a question. The pending sets are the one thing kept
in memory, and losing them loses nothing: after a restart every console reconnects and gets
the whole queue."""
import threading

from sqlalchemy import inspect

from models import (AgendaItem, ApiToken, Assignee, Forum, LoginSession, Question,
                    RecordEntry, StaffSocket, Topic, Upvote, User, db)

#: held by live/screens/broadcast.py too, for who is pushing: one lock for both
lock = threading.Lock()
#: forum id -> ids of its questions committed since its last push
_pending: dict[int, set[int]] = {}
#: forums whose next push sends the whole queue to the delta consoles too
_whole: set[int] = set()
#: bumped by a change no one forum owns (a row of a kind this module does not know): every
#: forum whose last push saw an older count sends the whole queue next
_epoch = 0
_seen: dict[int, int] = {}

#: rows no question's card reads. A question's upvote count is in its own row, changed in SQL
#: (live/questions/upvotes.py says so with `touched`).
UNREAD = (RecordEntry, Upvote, AgendaItem, User, ApiToken, StaffSocket, LoginSession)
#: a forum's columns no question's card reads (the running order goes with every push whole)
FORUM_UNREAD = frozenset({
    "queue_order", "next_question_id", "status", "hall_only", "phones_see_queue", "screen_key",
    "speaker_timer_started_at", "speaker_timer_seconds", "peak_phones", "peak_at",
    "attendance"})

KEY = "queue_changes"


class Noted:
    """What one transaction changed so far."""

    def __init__(self):
        self.questions: dict[int, set[int]] = {}
        self.whole: set[int] = set()
        self.everywhere = False


def _noted(session) -> Noted:
    return session.info.setdefault(KEY, Noted())


def touched(question: Question) -> None:
    """A change made in SQL, which no flush sees: `question`'s card changed (the caller's
    transaction commits it or takes it back, as any other)."""
    _noted(db.session).questions.setdefault(question.forum_id, set()).add(question.id)


def _note(noted: Noted, row, new: bool) -> None:
    if isinstance(row, Question):
        ids = noted.questions.setdefault(row.forum_id, set())
        ids.add(row.id)
        # a merge undone: the question it left loses it from its merged_from
        ids.update(i for i in inspect(row).attrs.merged_into_id.history.deleted if i is not None)
    elif isinstance(row, UNREAD) or (new and isinstance(row, (Forum, Assignee, Topic))):
        return  # no card names a forum, an assignee or a topic made just now
    elif isinstance(row, Forum):
        state = inspect(row)
        if any(state.attrs[key].history.has_changes()
               for key in state.mapper.column_attrs.keys() if key not in FORUM_UNREAD):
            noted.whole.add(row.id)
    elif getattr(row, "forum_id", None) is not None:
        noted.whole.add(row.forum_id)  # an assignee, a topic: every card naming it changed
    else:
        noted.everywhere = True


@db.event.listens_for(db.session, "after_flush")
def _after_flush(session, flush_context):
    noted = _noted(session)
    for row in session.new:
        _note(noted, row, new=True)
    for row in session.dirty:
        _note(noted, row, new=False)
    for row in session.deleted:
        forum_id = row.id if isinstance(row, Forum) else getattr(row, "forum_id", None)
        if isinstance(row, UNREAD):
            continue
        if forum_id is None:
            noted.everywhere = True
        else:
            noted.whole.add(forum_id)  # a card gone: only a whole queue says so


@db.event.listens_for(db.session, "after_commit")
def _after_commit(session):
    global _epoch
    noted = session.info.pop(KEY, None)
    if noted is None:
        return
    with lock:
        for forum_id, ids in noted.questions.items():
            _pending.setdefault(forum_id, set()).update(ids)
        _whole.update(noted.whole)
        if noted.everywhere:
            _epoch += 1


@db.event.listens_for(db.session, "after_soft_rollback")
def _after_rollback(session, previous_transaction):
    if previous_transaction.nested:
        return
    session.info.pop(KEY, None)


def take(forum_id: int) -> tuple[set[int], bool]:
    """The ids of the forum's questions committed since the last `take`, and whether the
    next push must be whole; called by a push before it reads."""
    with lock:
        ids = _pending.pop(forum_id, set())
        whole = forum_id in _whole or _seen.get(forum_id, 0) != _epoch
        _whole.discard(forum_id)
        _seen[forum_id] = _epoch
    return ids, whole


def give_back(forum_id: int, ids: set[int]) -> None:
    """A push that failed after its `take`: its ids wait for the next, which goes out whole
    (what the failed one sent, if anything, is unknown)."""
    with lock:
        _pending.setdefault(forum_id, set()).update(ids)
        _whole.add(forum_id)


def reset() -> None:
    """Forget everything pending (tests: each has its own database, with the same ids)."""
    global _epoch
    with lock:
        _pending.clear()
        _whole.clear()
        _seen.clear()
        _epoch = 0
