"""SQLAlchemy models, one file per concept. This package owns `db` and never imports `live`."""
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)

from models.types import utcnow  # noqa: E402
from models.forum import HEADER_KINDS, Forum, ForumStatus  # noqa: E402
from models.agenda import AgendaItem  # noqa: E402
from models.assignee import Assignee  # noqa: E402
from models.question import (  # noqa: E402
    Channel, Ending, IllegalTransition, Outcome, Question, Refused, Rule, State)
from models.record import RecordEntry  # noqa: E402
from models.topic import Topic, question_topics  # noqa: E402
from models.upvote import Upvote  # noqa: E402
from models.user import PERMISSIONS, ApiToken, Role, User  # noqa: E402
from models.staff_socket import LoginSession, StaffSocket  # noqa: E402

__all__ = [
    "db", "utcnow", "Forum", "ForumStatus", "HEADER_KINDS", "AgendaItem", "Assignee", "Channel",
    "Ending", "IllegalTransition", "Outcome", "Question", "Refused", "Rule", "State",
    "RecordEntry", "Topic",
    "question_topics", "Upvote", "ApiToken", "PERMISSIONS", "Role", "User",
    "StaffSocket", "LoginSession",
]
