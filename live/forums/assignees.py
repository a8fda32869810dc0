"""The leaders and units who answer a forum's questions (admin, permission "forum.setup"): the
moderator assigns a question to one of them, the projector shows "title + name", a unit's
account (live/accounts/users.py) works for one. Kept in the order the setup gives them.

Each operation checks what a person typed, changes the list, flushes and appends a record
entry; the route (live/forums/admin.py) commits once and then announces."""
from collections.abc import Mapping

from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from live import record
from live.core.errors import Conflict, InputError
from live.core.labels import N_
from live.core.text import clean, fold
from live.forums import ordering
from live.forums.forms import diff, own
from models import Assignee, Forum, Question, User, db

#: what an assignee is, as the setup's form names it (Assignee.kind; message ids)
ASSIGNEE_KINDS = {"leader": N_("Lãnh đạo"), "unit": N_("Đơn vị")}

#: what a move says when the assignee is already first or last (ordering.step)
_ENDS = {"up": N_("“%(name)s” đã ở đầu danh sách."),
         "down": N_("“%(name)s” đã ở cuối danh sách.")}


def assignee_kinds() -> dict[str, str]:
    """ASSIGNEE_KINDS in the reader's language."""
    return {key: gettext(value) for key, value in ASSIGNEE_KINDS.items()}


def assignee_values(values: Mapping) -> dict:
    """An assignee's name, title and kind from the setup's form, checked."""
    name = clean(values.get("name"))
    if not name:
        raise InputError(gettext("Vui lòng nhập tên lãnh đạo hoặc đơn vị."), "name")
    if len(name) > 200:
        raise InputError(gettext("Tên: tối đa %(n)s ký tự.", n=200), "name")
    title = clean(values.get("title"))
    if len(title) > 300:
        raise InputError(gettext("Chức vụ: tối đa %(n)s ký tự.", n=300), "title")
    kind = clean(values.get("kind")) or "leader"
    if kind not in ASSIGNEE_KINDS:
        raise InputError(gettext("Loại là “leader” (lãnh đạo) hoặc “unit” (đơn vị)."), "kind")
    return {"name": name, "title": title, "kind": kind}


def _unique_assignee(forum: Forum, name: str, assignee: Assignee | None = None) -> None:
    """Two assignees of a forum are never named alike (without diacritics or case)."""
    for other in forum.assignees:
        if other is not assignee and fold(other.name) == fold(name):
            raise InputError(gettext("Đã có “%(name)s” trong danh sách người trả lời.",
                                     name=other.name), "name")


def add_assignee(forum: Forum, values: Mapping, by=None) -> Assignee:
    """A new assignee at the end of the list."""
    data = assignee_values(values)
    _unique_assignee(forum, data["name"])
    position = max((a.position for a in forum.assignees), default=0) + 1
    assignee = Assignee(position=position, **data)
    forum.assignees.append(assignee)
    db.session.flush()
    record.log(forum, "assignee.add", by, assignee_id=assignee.id, **data)
    return assignee


def update_assignee(forum: Forum, assignee: Assignee, values: Mapping, by=None) -> list[str]:
    """Change an assignee; returns the fields that changed (none: nothing is recorded)."""
    own(forum, assignee)
    data = assignee_values(values)
    _unique_assignee(forum, data["name"], assignee)
    before, after = diff(assignee, data)
    if not after:
        return []
    db.session.flush()
    record.log(forum, "assignee.update", by, assignee_id=assignee.id, before=before, after=after)
    return list(after)


def move_assignee(forum: Forum, assignee: Assignee, direction: str, by=None) -> None:
    """One place "up" or "down" in the list; the record names the places 1..n."""
    own(forum, assignee)
    current = ordering.ordered(forum.assignees)
    before = current.index(assignee) + 1
    ordering.renumber(ordering.step(current, assignee, direction, _ENDS, name=assignee.name))
    record.log(forum, "assignee.move", by, assignee_id=assignee.id, name=assignee.name,
               **{"from": before, "to": assignee.position})
    db.session.expire(forum, ["assignees"])


def remove_assignee(forum: Forum, assignee: Assignee, by=None) -> None:
    """Only one nobody refers to: no question assigned to it, no unit account working for it."""
    own(forum, assignee)
    questions = db.session.scalar(select(func.count()).select_from(Question).where(
        Question.assignee_id == assignee.id))
    users = db.session.scalars(select(User.username).where(User.assignee_id == assignee.id)).all()
    if questions or users:
        raise Conflict(gettext("Không thể xóa “%(name)s”: đang được gắn với %(held)s. Có thể "
                               "sửa tên, chức vụ thay vì xóa.", name=assignee.name,
                               held=held_by(questions, users)))
    data = {"assignee_id": assignee.id, "name": assignee.name, "title": assignee.title}
    forum.assignees.remove(assignee)
    db.session.flush()
    ordering.renumber(ordering.ordered(forum.assignees))
    record.log(forum, "assignee.remove", by, **data)


def held_by(questions: int, users: list[str]) -> str:
    """What holds an assignee, for a message: "2 câu hỏi và tài khoản a, b"."""
    held = ([ngettext("%(num)s câu hỏi", "%(num)s câu hỏi", questions)] if questions else []) + (
        [ngettext("tài khoản %(names)s", "tài khoản %(names)s", len(users),
                  names=", ".join(users))] if users else [])
    if len(held) == 2:
        return gettext("%(questions)s và %(accounts)s", questions=held[0], accounts=held[1])
    return "".join(held)


def usage(forum: Forum) -> dict:
    """What refers to each assignee, for the setup page to say before a removal is tried:
    {id: {"questions": n, "users": [names]}}."""
    found = {a.id: {"questions": 0, "users": []} for a in forum.assignees}
    for assignee_id, count in db.session.execute(
            select(Question.assignee_id, func.count()).where(
                Question.forum_id == forum.id, Question.assignee_id.is_not(None))
            .group_by(Question.assignee_id)):
        if assignee_id in found:
            found[assignee_id]["questions"] = count
    for username, assignee_id in db.session.execute(
            select(User.username, User.assignee_id).where(User.assignee_id.in_(list(found)))):
        found[assignee_id]["users"].append(username)
    return found
