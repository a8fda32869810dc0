"""Staff sockets cut when their rights end: an operation that takes the rights away (an account
disabled, its role or forum changed, a password reset, a logout everywhere; live/accounts/)
names the sockets before its commit, and they are disconnected once the commit is made, on
whichever process holds them. Nothing here asks who may do what, so both the accounts and
the Socket.IO handlers (live/screens/events.py) may use it."""
from sqlalchemy import select

from live.core.extensions import socketio
from models import StaffSocket, User, db


def sockets_to_cut(user: User, login_id: str | None = None) -> list[str]:
    """The staff sockets of `user` (of one login only, when given) to cut at the next commit:
    called by the operation that takes the rights away, before its commit."""
    query = select(StaffSocket.sid).where(StaffSocket.user_id == user.id)
    if login_id is not None:
        query = query.where((StaffSocket.login_id == login_id) | StaffSocket.login_id.is_(None))
    sids = list(db.session.scalars(query))
    db.session.info.setdefault("cut_sockets", set()).update(sids)
    return sids


def cut_sockets(sids) -> None:
    """Disconnect these sockets on whichever server process holds them (through the message
    queue when there is one). On this process the socket leaves its rooms at once, so no push
    made after this reaches it; another process gets the disconnect on the queue before any
    push published after it."""
    server = socketio.server
    if server is None:
        return
    for sid in sids:
        server.disconnect(sid, namespace="/")


@db.event.listens_for(db.session, "after_commit")
def _cut_after_commit(db_session):
    sids = db_session.info.pop("cut_sockets", None)
    if sids:
        cut_sockets(sids)


@db.event.listens_for(db.session, "after_soft_rollback")
def _keep_after_rollback(db_session, previous_transaction):
    if previous_transaction.nested:
        return
    db_session.info.pop("cut_sockets", None)
