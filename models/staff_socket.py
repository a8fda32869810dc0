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


class LoginSession(db.Model):
    """One staff login, kept on the server: its id is in the cookie (Flask-Login's session), and
    the cookie is worth nothing once the row is ended (logout, "log out everywhere") or older
    than SESSION_MAX_HOURS, so a copy of the cookie taken before the logout reads nothing."""
    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def open_for(self, user_id: int, max_age) -> bool:
        return (self.ended_at is None and self.user_id == user_id
                and utcnow() - self.created_at <= max_age)

    def end(self) -> None:
        """Guarded: ending an ended login changes nothing."""
        if self.ended_at is None:
            self.ended_at = utcnow()
