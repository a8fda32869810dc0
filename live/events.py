"""Socket.IO handlers. A client connects with the query `forum=<code>` (and `role=staff` for
the console); it joins the forum's rooms here, because python-socketio keeps no rooms across a
reconnect, and gets the whole state at once."""
from flask import Flask, request
from flask_babel import gettext
from flask_socketio import ConnectionRefusedError, emit, join_room
from sqlalchemy import select

from live import broadcast
from live.auth import is_staff
from live.extensions import socketio
from live.queue import queue_payload
from models import Forum, Question, db

MAX_WATCHED = 50


def init_app(app: Flask) -> None:
    """Handlers are registered on import; nothing else to wire."""


def _forum() -> Forum | None:
    code = request.args.get("forum", "")
    return db.session.scalar(select(Forum).where(Forum.code == code)) if code else None


def _refuse(message: str, code: int):
    """Refuse the connection: the client's `connect_error` gets an Error whose `message` is
    this and whose `data` is {"error", "code"} (live.js retries such refusals slowly, since
    socket.io-client does not retry them by itself)."""
    raise ConnectionRefusedError(message, {"error": message, "code": code})


@socketio.on("connect")
def connect(auth=None):
    forum = _forum()
    if forum is None:
        _refuse(gettext("Không tìm thấy diễn đàn."), 404)
    if request.args.get("role") == "staff":
        if not is_staff(forum):
            _refuse(gettext("Cần đăng nhập bằng tài khoản cán bộ."), 401)
        join_room(broadcast.staff(forum))
        emit("queue", queue_payload(forum))
    join_room(broadcast.hall(forum))
    broadcast.welcome(forum, request.sid)


@socketio.on("questions.watch")
def watch(data):
    """A phone asks to follow its own questions, by the client_keys it sent them with."""
    forum = _forum()
    keys = data.get("keys") if isinstance(data, dict) else None
    if forum is None or not isinstance(keys, list):
        return {"error": "keys must be a list"}
    keys = [k for k in keys if isinstance(k, str) and 8 <= len(k) <= 64][:MAX_WATCHED]
    for key in keys:
        join_room(broadcast.mine(forum, key))
    found = db.session.scalars(
        select(Question).where(Question.forum_id == forum.id, Question.client_key.in_(keys))
    ).all() if keys else []
    statuses = [broadcast.own_status(q) for q in found]
    emit("mine", statuses)
    return {"watching": len(keys)}
