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
    ADMIN = "admin"
    MODERATOR = "moderator"
    #: staff of a responsible unit: may log in, but neither moderates nor sees the queue
    UNIT = "unit"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default=Role.MODERATOR.value)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_staff(self) -> bool:
        """May run the forum: the queue, the agenda, the projector, the record."""
        return self.role in {Role.ADMIN.value, Role.MODERATOR.value}

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


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
