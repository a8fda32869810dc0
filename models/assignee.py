"""The leaders and units who answer questions."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db


class Assignee(db.Model):
    __tablename__ = "assignees"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"), index=True)
    #: a person's name or a unit's name as the hall should read it
    name: Mapped[str] = mapped_column(String(200))
    #: the office held, e.g. "Trưởng phòng Giáo dục và Đào tạo thị xã"
    title: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(20), default="leader")  #: leader | unit
    position: Mapped[int] = mapped_column(default=0)

    forum: Mapped["Forum"] = relationship(back_populates="assignees")  # noqa: F821

    @property
    def label(self) -> str:
        """How the hall reads it: "Trưởng phòng GDĐT Huỳnh Thị Mỹ Ngân"; when one of name and
        title already holds the other (an office with no person named), just the longer."""
        if self.name in self.title or self.title in self.name:
            return max(self.name, self.title, key=len)
        return f"{self.title} {self.name}"

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "title": self.title, "kind": self.kind,
                "label": self.label}
