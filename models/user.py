"""Staff users and the API tokens the CLI issues for scripts."""
import enum
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models import db
from models.types import UTCDateTime, utcnow


class Role(str, enum.Enum):
    ADMIN = "admin"  #: everything, on every forum
    MODERATOR = "moderator"  #: the queue, the agenda, the projector
    SECRETARY = "secretary"  #: intake, answer notes, the record and its exports
    UNIT = "unit"  #: only the questions assigned to its unit: reads them, writes explanations


#: what each role may do; every route and socket action names the permission it needs.
#: "account.password" (change one's own password) belongs to every role.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN.value: frozenset({
        "queue.view", "question.moderate", "question.answer", "agenda.run", "forum.phase",
        "intake.enter", "record.view", "forum.setup", "users.manage", "unit.prepare",
        "account.password",
    }),
    Role.MODERATOR.value: frozenset({
        "queue.view", "question.moderate", "question.answer", "agenda.run", "forum.phase",
        "intake.enter", "record.view", "account.password",
    }),
    Role.SECRETARY.value: frozenset({
        "queue.view", "question.answer", "intake.enter", "record.view", "account.password",
    }),
    Role.UNIT.value: frozenset({"unit.prepare", "account.password"}),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default=Role.MODERATOR.value)
    #: the one forum this account works on; None for an admin of every forum
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id"), index=True)
    #: for a unit account: the unit (or leader) whose questions it prepares
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("assignees.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: bumped when the password changes, so that older sessions end
    session_version: Mapped[int] = mapped_column(default=1)

    assignee: Mapped["Assignee | None"] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: a new password ends the sessions made before it
        return f"{self.id}:{self.session_version}"

    def can(self, permission: str, forum=None) -> bool:
        """May this account do `permission`, on `forum` when one is given?"""
        if not self.active or permission not in PERMISSIONS.get(self.role, ()):
            return False
        return forum is None or self.forum_id is None or self.forum_id == forum.id

    @property
    def is_staff(self) -> bool:
        """May see a forum's queue (admin, moderator, secretary)."""
        return self.can("queue.view")

    def set_password(self, password: str) -> None:
        if self.password_hash:
            self.session_version = (self.session_version or 1) + 1
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


_stand_in: list[str] = []


def authenticate(username: str, password: str) -> "User | None":
    """The active account with this name and password, else None. A failed login costs the
    same whether the name exists or not, and whether the account is locked: a password hash is
    checked every time (a stand-in made the same way when there is no account), so the time of
    an answer does not tell which names exist."""
    # a NUL names no account, and PostgreSQL text cannot hold one (a DataError, a 500)
    user = None if "\x00" in username else db.session.scalar(
        db.select(User).where(User.username == username))
    if not _stand_in:
        _stand_in.append(generate_password_hash("no account has this password"))
    matches = check_password_hash(user.password_hash if user else _stand_in[0], password)
    return user if user is not None and user.active and matches else None


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 of the token; the token itself is shown once and never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        token = secrets.token_urlsafe(32)
        return cls(user=user, token_hash=cls.digest(token), name=name), token
