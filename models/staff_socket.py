"""The staff Socket.IO connections open now, so that the server can cut an account's consoles
when it loses the right to hold them (locked, password changed or reset, logged out, moved to
another forum): the socket id is all any server process needs to disconnect it through the
message queue."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import UTCDateTime, utcnow


class StaffSocket(db.Model):
    __tablename__ = "staff_sockets"

    #: the Socket.IO session id
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    #: the account's session_version when it connected: any later change of rights bumps it
    session_version: Mapped[int] = mapped_column(default=1)
    #: the login (cookie session) it came from, so that a logout cuts only its own consoles
    login_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
