"""Socket.IO rooms and the announcements made after each commit.

Handlers commit first, then call `announce`: the whole state goes out, never a diff, and
never anything that a rollback could take back."""
from flask_socketio import SocketIO

from live.extensions import socketio
from live.projector import snapshot
from live.queue import queue_payload
from models import Forum, Question


def hall(forum: Forum) -> str:
    """Everyone following the forum: phones, the projector, staff."""
    return f"forum:{forum.code}"


def staff(forum: Forum) -> str:
    return f"staff:{forum.code}"


def mine(forum: Forum, client_key: str) -> str:
    """The phone that sent this question, for its own status."""
    return f"mine:{forum.code}:{client_key}"


def own_status(question: Question) -> dict:
    """What a phone may know of its own question."""
    return {"client_key": question.client_key, "id": question.id, "status": question.status}


def announce(forum: Forum, *questions: Question, server: SocketIO = socketio) -> None:
    server.emit("state", snapshot(forum), to=hall(forum))
    server.emit("queue", queue_payload(forum), to=staff(forum))
    for question in questions:
        if question is not None and question.client_key:
            server.emit("mine", [own_status(question)], to=mine(forum, question.client_key))
