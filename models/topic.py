"""Topics a forum's questions are sorted under, e.g. học phí, cơ sở vật chất, tuyển sinh."""
from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models import db

#: which topics a question carries
question_topics = Table(
    "question_topics",
    db.metadata,
    Column("question_id", ForeignKey("questions.id"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), primary_key=True),
)


class Topic(db.Model):
    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("forum_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name}
