"""Socket.IO rooms and the announcements made after each commit.

Handlers commit first, then call `announce`: nothing that a rollback could take back goes
out. What goes out after each change:
- `state`, the hall's whole snapshot, to everyone following the forum (`hall`);
- `queue`, every question of the forum as staff see it with the running order, to the staff
  consoles that take it whole (`staff`: the stage view, scripts; only when one of them is
  connected to this process, or may be connected to another through MESSAGE_QUEUE);
- `queue_delta`, to the consoles that connected with `queue=delta` (`staff_deltas`): only the
  questions committed since the previous push (live/screens/changes.py) and those they are
  merged into, with the running order whole (ids only). When a commit changed something every
  card reads (an assignee, a topic, the forum's own bad words) they get the whole `queue`
  instead, which a console takes as a fresh start; on connect every console gets it too.
Both queues carry the state's `seq`, read with it in one transaction.

Under a burst (a thousand phones sending in the same minute) the changes of one forum are
pushed together: while one push of a forum is going out, the commits that come meanwhile only
mark the forum, and one more push, built after all of them, follows at once. Each commit is
still followed by a snapshot read after it, and the delta of that push holds every question
committed since the one before (a push takes them before it reads): what is saved is building
and sending a thousand snapshots that the next one would replace anyway (docs/benchmarks.md)."""
import logging
import time
from collections.abc import Iterable
from contextlib import contextmanager

from flask import Flask, current_app
from flask_socketio import SocketIO
from socketio import PubSubManager
from sqlalchemy import inspect

from live.core.extensions import socketio
from live.questions.queue import queue_delta, queue_payload
from live.screens import changes
from live.screens.snapshot import snapshot
from models import Forum, Question, db

log = logging.getLogger(__name__)

#: forums (by id) whose push is going out now, and those among them changed again meanwhile;
#: only who is pushing, never what: every push reads the state from the database
_pushing: set[int] = set()
_again: set[int] = set()
#: when the last push of each forum began (time.monotonic()), for SPACING
_began: dict[int, float] = {}
#: the shortest time between two pushes of one forum made by its follow-up
SPACING = 0.25
#: clients (sids) of a forum that joined the hall and wait for their first state
_arriving: dict[int, list[str]] = {}
_lock = changes.lock


def hall(forum: Forum) -> str:
    """Everyone following the forum: phones, the projector, staff."""
    return f"forum:{forum.code}"


def staff(forum: Forum) -> str:
    """Staff sockets that take the whole `queue` after every change (the stage view)."""
    return f"staff:{forum.code}"


def staff_deltas(forum: Forum) -> str:
    """Staff sockets that connected with `queue=delta` (the console): `queue_delta`."""
    return f"staff-delta:{forum.code}"


def mine(forum: Forum, client_key: str) -> str:
    """The phone that sent this question, for its own status."""
    return f"mine:{_id(forum)}:{client_key}"


def _id(forum: Forum) -> int:
    """The forum's id without a query: after the commit every attribute of `forum` is
    expired, and reading one would load the row again, for each of a burst's requests."""
    identity = inspect(forum).identity
    return identity[0] if identity else forum.id


def own_status(question: Question) -> dict:
    """What a phone may know of its own question."""
    return {"client_key": question.client_key, "id": question.id, "status": question.status,
            "receipt": question.receipt}


def announce(forum: Forum, *questions: Question, statuses: Iterable[dict] = (),
             server: SocketIO = socketio) -> None:
    """After a commit: the whole state to the hall, the queue to staff, and their own
    question's status to the phones that sent these questions (or these `statuses`, each an
    `own_status` read before the commit: a burst's requests read no row again).

    The first change after a quiet moment is pushed here, before the request returns. A change
    committed while a push of the same forum is under way is left to the push that follows
    it (`_follow_up`), which reads the state after every such commit. (Under eventlet and
    gevent requests take turns, live/web/__init__.py, so the follow-up comes between a
    burst's requests rather than after all of them.)"""
    for status in [*(own_status(q) for q in questions if q is not None), *statuses]:
        if status["client_key"]:
            server.emit("mine", [status], to=mine(forum, status["client_key"]))
    forum_id = _id(forum)
    with _lock:
        if forum_id in _pushing:
            _again.add(forum_id)
            return
        _pushing.add(forum_id)
    try:
        _push(forum, server)
        # Let the requests already waiting run up to their own announce (under eventlet and
        # gevent nothing else runs while this one builds and emits): theirs come in now.
        server.sleep(0)
    finally:
        with _lock:
            follow = forum_id in _again
            _again.discard(forum_id)
            if not follow:
                _pushing.discard(forum_id)
        if follow:
            server.start_background_task(_follow_up, current_app._get_current_object(),
                                         forum_id, server)


def welcome(forum: Forum, sid: str, server: SocketIO = socketio) -> None:
    """A client's first state, once it has joined the hall (events.connect).

    When a hall joins at once, the clients arriving together share one snapshot, built after
    every one of them joined the hall's room: none can miss a change, since any later one
    reaches it through the room."""
    forum_id = forum.id
    with _lock:
        if forum_id in _arriving:
            _arriving[forum_id].append(sid)
            return
        _arriving[forum_id] = [sid]
    try:
        server.sleep(0)  # the clients connecting now join first (their handlers come here)
    finally:
        with _lock:
            sids = _arriving.pop(forum_id)
    state = snapshot(forum)
    for each in sids:
        server.emit("state", state, to=each)


@contextmanager
def one_read():
    """The reads inside see the database as of one moment, whatever commits meanwhile: one
    transaction (REPEATABLE READ on PostgreSQL; on SQLite a BEGIN, after which WAL keeps the
    first read's snapshot), ended after. So a push never shows a state that never existed,
    such as two questions on screen while two moderators race."""
    session = db.session
    session.rollback()  # after the handler's commit: start the read transaction afresh
    if db.engine.dialect.name == "postgresql":
        connection = session.connection(
            execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        connection = session.connection()
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN")
    try:
        yield
    finally:
        session.rollback()


def _push(forum: Forum, server: SocketIO) -> None:
    """The state to the hall, then the queue to staff, both read in one transaction: the
    queue carries the state's `seq`, so a console can tell they belong together. The
    questions committed since the last push are taken before the read begins: each of them
    is in what this push reads."""
    forum_id = _id(forum)
    with _lock:
        _began[forum_id] = time.monotonic()
    changed, whole = changes.take(forum_id)
    try:
        with one_read():
            state = snapshot(forum)
            server.emit("state", state, to=hall(forum))
            # The hall's state leaves first: building the staff queue (every question of the
            # forum) takes longer than sending a thousand copies of the state.
            server.sleep(0)
            _push_queue(forum, server, state["seq"], changed, whole)
    except Exception:
        changes.give_back(forum_id, changed)
        raise


def _push_queue(forum: Forum, server: SocketIO, seq: int, changed: set[int],
                whole: bool) -> None:
    """The whole queue to the staff room, and to the delta room when `whole`, else the
    questions `changed`; each built only when someone may take it."""
    legacy, deltas = _heard(server, staff(forum)), _heard(server, staff_deltas(forum))
    if legacy or (deltas and whole):
        queue = queue_payload(forum)
        queue["seq"] = seq
        if legacy:
            server.emit("queue", queue, to=staff(forum))
        if deltas and whole:
            server.emit("queue", queue, to=staff_deltas(forum))
    if deltas and not whole:
        delta = queue_delta(forum, changed)
        delta["seq"] = seq
        server.emit("queue_delta", delta, to=staff_deltas(forum))


def _heard(server: SocketIO, room: str) -> bool:
    """May anyone get what is sent to `room`? With a message queue, perhaps a socket of
    another process (python-socketio cannot tell): yes. On one process, when a socket of this
    one is in it (the manager knows its own). A server that cannot be asked: yes."""
    manager = getattr(getattr(server, "server", None), "manager", None)
    if manager is None or isinstance(manager, PubSubManager):
        return True
    return next(iter(manager.get_participants("/", room)), None) is not None


def reset() -> None:
    """Forget every forum's pending changes and pushes (tests: each has its own database, with
    the same ids, and may leave a push marked as under way)."""
    changes.reset()
    with _lock:
        _began.clear()
        _pushing.clear()
        _again.clear()
        _arriving.clear()


def _follow_up(app: Flask, forum_id: int, server: SocketIO) -> None:
    """Push again, from a state read now, until no commit came during the last push; at
    most one push every SPACING seconds (each goes to every phone of the hall: under a burst,
    more would cost the burst its speed and tell the hall nothing it needs sooner)."""
    try:
        while True:
            with _lock:
                wait = _began.get(forum_id, 0.0) + SPACING - time.monotonic()
            if wait > 0:
                server.sleep(wait)
            with app.app_context():  # a fresh session each time: it sees the latest commit
                forum = db.session.get(Forum, forum_id)
                if forum is not None:
                    _push(forum, server)
            server.sleep(0)
            with _lock:
                if forum_id not in _again:
                    _pushing.discard(forum_id)
                    return
                _again.discard(forum_id)
    except Exception:
        log.exception("pushing the state of forum %s failed", forum_id)
        with _lock:
            _pushing.discard(forum_id)
            _again.discard(forum_id)
