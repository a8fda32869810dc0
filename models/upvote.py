"""“Tôi cũng muốn hỏi”: one per phone per question."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import UTCDateTime, utcnow


class Upvote(db.Model):
    __tablename__ = "upvotes"
    __table_args__ = (UniqueConstraint("question_id", "device"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    #: the phone's signed device id (a cookie the server issued), never an IP address
    device: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
