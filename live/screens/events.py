"""Socket.IO handlers. A client connects with the query `forum=<code>` (and `role=staff` for
the console, with `queue=delta` to take the queue's changes rather than the whole queue after
each; `role=phone` for the attendee page, counted in live/screens/attendance.py); it joins the
forum's rooms here, because python-socketio keeps no rooms across a reconnect, and gets the
whole state at once."""
from functools import wraps
from typing import NoReturn

from flask import Flask, request, session
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, disconnect, emit, join_room
from sqlalchemy import delete, select

from live.accounts.auth import is_staff
from live.core import devices
from live.core.extensions import socketio
from live.questions.queue import queue_payload
from live.screens import attendance, broadcast
from models import Forum, Question, StaffSocket, User, db

MAX_WATCHED = 50


def init_app(app: Flask) -> None:
    """Handlers are registered on import; nothing else to wire."""


def _forum() -> Forum | None:
    code = request.args.get("forum", "")
    return db.session.scalar(select(Forum).where(Forum.code == code)) if code else None


def _refuse(message: str, code: int) -> NoReturn:
    """Refuse the connection: the client's `connect_error` gets an Error whose `message` is
    this and whose `data` is {"error", "code"} (live.js retries such refusals slowly, since
    socket.io-client does not retry them by itself)."""
    raise ConnectionRefusedError(message, {"error": message, "code": code})


def public(handler):
    """Marks a handler anyone may call (a phone, the projector): it sends nothing of staff's."""
    handler.access = "public"
    return handler


def staff_only(handler):
    """A staff handler: the socket's rights are checked again at every call, from the database
    (the account, its session_version, its forum), not from what was true at connect. A socket
    that lost them is cut."""

    @wraps(handler)
    def wrapper(*args, **kwargs):
        if not holds_staff_rights(request.sid):
            disconnect()
            return {"error": gettext("Cần đăng nhập bằng tài khoản cán bộ.")}
        return handler(*args, **kwargs)

    wrapper.access = "staff"
    return wrapper


def holds_staff_rights(sid: str) -> bool:
    """Does this staff socket still belong to an account that may see its forum's queue?"""
    row = db.session.get(StaffSocket, sid)
    if row is None:
        return False
    user = db.session.get(User, row.user_id)
    forum = db.session.get(Forum, row.forum_id)
    return bool(user is not None and forum is not None
                and user.session_version == row.session_version
                and user.can("queue.view", forum))


@socketio.on("connect")
@public
def connect(auth=None):
    """Anyone joins the hall; `role=staff` also needs the staff cookie (`join_staff`)."""
    forum = _forum() or _refuse(gettext("Không tìm thấy diễn đàn."), 404)
    if request.args.get("role") == "staff":
        join_staff(forum)
    join_hall(forum, phone=request.args.get("role") == "phone")


def join_staff(forum: Forum) -> None:
    """A console joins the staff room and gets the whole queue, once its cookie is checked; the
    socket is written down (StaffSocket) so that it can be cut when the rights end, whichever
    room it is in. With the query `queue=delta` it joins the delta room instead: the whole
    queue now, then only what changed (live/screens/broadcast.py)."""
    if not is_staff(forum):
        _refuse(gettext("Cần đăng nhập bằng tài khoản cán bộ."), 401)
    db.session.merge(StaffSocket(sid=request.sid, user_id=current_user.id, forum_id=forum.id,
                                 session_version=current_user.session_version,
                                 login_id=session.get("login_id")))
    db.session.commit()
    deltas = request.args.get("queue") == "delta"
    join_room(broadcast.staff_deltas(forum) if deltas else broadcast.staff(forum))
    emit("queue", queue_payload(forum))


def join_hall(forum: Forum, *, phone: bool) -> None:
    """Every socket joins the hall's room and gets the whole state; a phone is counted."""
    join_room(broadcast.hall(forum))
    if phone:
        attendance.joined(forum, request.sid, devices.known_device())
    broadcast.welcome(forum, request.sid)


@socketio.on("disconnect")
@public
def disconnected(*args):
    """The socket is gone (closed by its client, or cut): it no longer holds anything. (Its own
    connection: a cut made on this process runs this inside the commit that made it.)"""
    attendance.left(request.sid)
    with db.engine.begin() as connection:
        connection.execute(delete(StaffSocket).where(StaffSocket.sid == request.sid))


@socketio.on("questions.watch")
@public
def watch(data):
    """A phone asks to follow its own questions, by the client_keys it sent them with."""
    forum = _forum()
    keys = data.get("keys") if isinstance(data, dict) else None
    if forum is None or not isinstance(keys, list):
        return {"error": "keys must be a list"}
    return follow_own(forum, keys)


def follow_own(forum: Forum, keys: list) -> dict:
    """Join the room of each of a phone's questions (at most MAX_WATCHED keys that can be
    client_keys) and send the phone where each stands now (`mine`)."""
    keys = [k for k in keys if isinstance(k, str) and 8 <= len(k) <= 64][:MAX_WATCHED]
    for key in keys:
        join_room(broadcast.mine(forum, key))
    found = db.session.scalars(
        select(Question).where(Question.forum_id == forum.id, Question.client_key.in_(keys))
    ).all() if keys else []
    emit("mine", [broadcast.own_status(q) for q in found])
    return {"watching": len(keys)}
