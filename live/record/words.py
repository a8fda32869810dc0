"""The record's entries in words a person reads: who acted ("Hệ thống", "Người dự", a staff
member with their role, a unit by its name) and what the entry holds, as "label: value" lines
with every code (a state, a phase, a channel, a date in ISO form) spelled out. The record page
and the spreadsheet's log read the log through here; record.json keeps the codes.

Words are looked up when asked for, in the language in force: the page asks in the reader's
language, the spreadsheet asks inside `force_locale("vi")`. Every label is a message id marked
for extraction (`N_`, `NP_` of live/core/labels.py)."""
from datetime import date

from flask_babel import get_locale, gettext, pgettext
from sqlalchemy import select

from live.accounts.users import ROLE_LABELS
from live.core import labels
from live.core.labels import NP_
from live.forums.assignees import ASSIGNEE_KINDS
from live.forums.facts import FIELD_LABELS
from models import Forum, RecordEntry, Role, User, db

CONTEXT = "record detail"

#: actors that are not accounts
ACTORS = {
    "system": NP_("record actor", "Hệ thống"),
    "attendee": NP_("record actor", "Người dự"),
    "cli": NP_("record actor", "Quản trị qua dòng lệnh"),
}
#: "name (role)" for a staff account
STAFF_ACTOR = NP_("record actor", "%(name)s (%(role)s)")

#: the label of each key of an entry's data; a key can have a label of its own in one action
KEYS = {
    "reason": NP_("record detail", "Lý do"),
    "replaced_by": NP_("record detail", "Thay bằng câu hỏi"),
    "note": NP_("record detail", "Nội dung trả lời"),
    "written": NP_("record detail", "Trả lời bằng văn bản"),
    "assignee": NP_("record detail", "Người / đơn vị trả lời"),
    "assignee_id": NP_("record detail", "Người / đơn vị trả lời"),
    "due": NP_("record detail", "Hạn trả lời"),
    "referred_to": NP_("record detail", "Chuyển đến cơ quan"),
    "prepare_by": NP_("record detail", "Hạn chuẩn bị giải trình"),
    "into": NP_("record detail", "Gộp vào câu hỏi"),
    "topics": NP_("record detail", "Chủ đề"),
    "channel": NP_("record detail", "Kênh"),
    "text": NP_("record detail", "Nội dung"),
    "name": NP_("record detail", "Tên"),
    "affiliation": NP_("record detail", "Đơn vị / nơi ở"),
    "code": NP_("record detail", "Mã diễn đàn"),
    "title": NP_("record detail", "Tên"),
    "position": NP_("record detail", "Mục số"),
    "restarted": NP_("record detail", "Bắt đầu lại"),
    "planned_minutes": NP_("record detail", "Thời lượng dự kiến (phút)"),
    "presenter": NP_("record detail", "Người trình bày"),
    "count": NP_("record detail", "Số mục"),
    "titles": NP_("record detail", "Các mục"),
    "kind": NP_("record detail", "Loại"),
    "order": NP_("record detail", "Thứ tự câu hỏi"),
    "seconds": NP_("record detail", "Thời gian cho phép"),
    "used": NP_("record detail", "Đã dùng"),
    "before": NP_("record detail", "Trước"),
    "after": NP_("record detail", "Sau"),
    "from": NP_("record detail", "Từ"),
    "to": NP_("record detail", "Đến"),
}
#: keys named otherwise in one kind of entry
ACTION_KEYS = {
    ("forum.create", "title"): NP_("record detail", "Tên diễn đàn"),
    ("assignee.add", "name"): NP_("record detail", "Họ tên / tên đơn vị"),
    ("assignee.move", "name"): NP_("record detail", "Họ tên / tên đơn vị"),
    ("assignee.remove", "name"): NP_("record detail", "Họ tên / tên đơn vị"),
    ("assignee.add", "title"): NP_("record detail", "Chức vụ"),
    ("assignee.remove", "title"): NP_("record detail", "Chức vụ"),
    ("question.submit", "name"): NP_("record detail", "Người hỏi"),
    ("topic.add", "name"): NP_("record detail", "Tên chủ đề"),
    ("topic.move", "name"): NP_("record detail", "Tên chủ đề"),
    ("topic.remove", "name"): NP_("record detail", "Tên chủ đề"),
    ("agenda.move", "title"): NP_("record detail", "Tên mục"),
    ("agenda.remove", "title"): NP_("record detail", "Tên mục"),
    ("agenda.add", "title"): NP_("record detail", "Tên mục"),
    ("agenda.start", "title"): NP_("record detail", "Tên mục"),
    ("question.explain", "before"): NP_("record detail", "Giải trình trước"),
    ("question.explain", "after"): NP_("record detail", "Giải trình mới"),
    ("question.edit", "before"): NP_("record detail", "Nội dung trước"),
    ("question.edit", "after"): NP_("record detail", "Nội dung mới"),
}
#: a from/to or before/after pair shown on one line, "old → new", under this label
PAIRS = {
    "forum.phase": NP_("record detail", "Giai đoạn"),
    "forum.attendance": NP_("record detail", "Số người tham dự"),
    "agenda.move": NP_("record detail", "Vị trí"),
    "assignee.move": NP_("record detail", "Vị trí"),
    "topic.move": NP_("record detail", "Vị trí"),
    "topic.rename": NP_("record detail", "Tên chủ đề"),
}
QUESTION_STATE = NP_("record detail", "Trạng thái")
#: the fields an agenda item and an answerer have (the forum's are facts.FIELD_LABELS)
ITEM_FIELDS = {"title": NP_("record detail", "Tên mục"),
               "planned_minutes": NP_("record detail", "Thời lượng dự kiến (phút)"),
               "presenter": NP_("record detail", "Người trình bày")}
ASSIGNEE_FIELDS = {"name": NP_("record detail", "Họ tên / tên đơn vị"),
                   "title": NP_("record detail", "Chức vụ"),
                   "kind": NP_("record detail", "Loại")}
#: database ids that mean nothing to a reader (what they point at is named beside them)
HIDDEN = {"item_id", "topic_id", "timer"}
DATE_KEYS = {"due", "prepare_by", "plan_date", "held_on"}
YES, NO = NP_("record detail", "Có"), NP_("record detail", "Không")
EMPTY = NP_("record detail", "(trống)")
NONE_AT_ALL = NP_("record detail", "(không có)")
MINUTES_SECONDS = NP_("record detail", "%(m)s phút %(s)s giây")
MINUTES = NP_("record detail", "%(m)s phút")
SECONDS = NP_("record detail", "%(s)s giây")
ARROW = "→"


def _date(value) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


class Words:
    """The words for one forum's record: built once per page or file (it looks up the
    accounts and answerers the entries name), then asked entry by entry."""

    def __init__(self, forum: Forum, entries: list[RecordEntry]):
        names = {e.actor for e in entries} - set(ACTORS)
        self.users = {u.username: u for u in db.session.scalars(
            select(User).where(User.username.in_(names)))} if names else {}
        self.assignees = {a.id: a.label for a in forum.assignees}
        # Each word is looked up once per language: a log has thousands of entries, and a
        # look-up through Flask-Babel costs more than the rest of an entry.
        self._here = ""
        self._said: dict[tuple, str] = {}
        self._tables: dict[tuple[str, str], dict[str, str]] = {}

    def _start(self) -> None:
        """Note the language in force, once per entry asked about."""
        self._here = str(get_locale())

    def _t(self, message: str, context: str | None = CONTEXT) -> str:
        key = (self._here, context, message)
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = (pgettext(context, message) if context
                                      else gettext(message))
        return said

    def _table(self, name: str) -> dict[str, str]:
        """`labels.localized.<name>` in the language in force."""
        key = (name, self._here)
        if key not in self._tables:
            self._tables[key] = getattr(labels.localized, name)
        return self._tables[key]

    def _seconds(self, value) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            return str(value)
        m, s = divmod(value, 60)
        if m and s:
            return self._t(MINUTES_SECONDS) % {"m": m, "s": s}
        return self._t(MINUTES) % {"m": m} if m else self._t(SECONDS) % {"s": s}

    def entry(self, entry: RecordEntry) -> tuple[str, str, list[tuple[str, str]]]:
        """Who, what and the details of one entry (the three below, for one look at the
        language in force)."""
        self._start()
        return self._actor(entry), self._action(entry), self._details(entry)

    def actor(self, entry: RecordEntry) -> str:
        self._start()
        return self._actor(entry)

    def action(self, entry: RecordEntry) -> str:
        self._start()
        return self._action(entry)

    def details(self, entry: RecordEntry) -> list[tuple[str, str]]:
        """(label, value) lines for the entry's data, in the order it was logged; a from/to
        or before/after pair on one line, "old → new"; nothing empty, no internal id."""
        self._start()
        return self._details(entry)

    # -- who ---------------------------------------------------------------------------------

    def _actor(self, entry: RecordEntry) -> str:
        name = entry.actor
        if name in ACTORS:
            return self._t(ACTORS[name], "record actor")
        user = self.users.get(name)
        if user is None:  # an account renamed or gone: the name the record kept
            return name
        if user.role == Role.UNIT.value and user.assignee is not None:
            return user.assignee.label
        role = ROLE_LABELS.get(user.role)
        if role is None:
            return name
        return self._t(STAFF_ACTOR, "record actor") % {
            "name": name, "role": self._t(role, "role").lower()}

    # -- what --------------------------------------------------------------------------------

    def _action(self, entry: RecordEntry) -> str:
        table = self._table("RECORD_ACTIONS")
        return table.get(entry.action) or self._t(NP_("record detail", "Thao tác khác"))

    def _details(self, entry: RecordEntry) -> list[tuple[str, str]]:
        data = dict(entry.data or {})
        action = entry.action
        if "assignee" in data or action.startswith("assignee."):
            data.pop("assignee_id", None)  # named beside it, or the answerer the entry is about
        lines: list[tuple[str, str]] = []
        for key, value in data.items():
            if key == "from" and "to" in data:
                lines.append(self._move(action, value, data["to"]))
            elif key == "before" and "after" in data and (
                    isinstance(data["after"], dict) or action in PAIRS):
                lines.extend(self._change(action, value, data["after"]))
            elif key == "to" and "from" in data or key == "after" and "before" in data and (
                    isinstance(value, dict) or action in PAIRS):
                continue  # on the line of its pair
            elif key in HIDDEN or value is None or value == "" or (
                    key in ("restarted", "written") and not value):
                continue
            else:
                label = ACTION_KEYS.get((action, key)) or KEYS.get(key)
                lines.append((self._t(label) if label else key, self._value(key, value)))
        return lines

    def _move(self, action: str, old, new) -> tuple[str, str]:
        """A state, a phase or a place in a list, from one to another."""
        if action.startswith("question."):
            states = self._table("STAFF_STATUS")
            return (self._t(QUESTION_STATE),
                    f"{states.get(old, old)} {ARROW} {states.get(new, new)}")
        if action == "forum.phase":
            phases = self._table("FORUM_STATUS")
            return (self._t(PAIRS[action]),
                    f"{phases.get(old, old)} {ARROW} {phases.get(new, new)}")
        return (self._t(PAIRS.get(action, KEYS["position"])),
                f"{self._value('from', old)} {ARROW} {self._value('to', new)}")

    def _change(self, action: str, before, after) -> list[tuple[str, str]]:
        """What an edit changed: each field of a form, or the one value an entry is about."""
        if not isinstance(after, dict):
            return [(self._t(PAIRS[action]),
                     f"{self._value('before', before)} {ARROW} {self._value('after', after)}")]
        before, fields = before or {}, self._fields(action)
        return [(fields.get(key, key),
                 f"{self._value(key, before.get(key))} {ARROW} {self._value(key, new)}")
                for key, new in after.items()]

    def unknown_keys(self, entry: RecordEntry) -> set[str]:
        """Keys of the entry's data that have no label (a new kind of data not yet worded)."""
        self._start()
        data = entry.data or {}
        known = set(KEYS) | HIDDEN
        found = {key for key in data if key not in known}
        for side in ("before", "after"):
            if isinstance(data.get(side), dict):
                found |= set(data[side]) - set(self._fields(entry.action))
        return found

    def _fields(self, action: str) -> dict[str, str]:
        """The names of the fields a change entry holds, in the language in force."""
        if action.startswith("agenda."):
            return {key: self._t(label) for key, label in ITEM_FIELDS.items()}
        if action.startswith("assignee."):
            return {key: self._t(label) for key, label in ASSIGNEE_FIELDS.items()}
        return {key: self._t(label, None) for key, label in FIELD_LABELS.items()}

    def _value(self, key: str, value) -> str:
        if value is None or value == "":
            return self._t(EMPTY)
        if isinstance(value, bool):
            return self._t(YES) if value else self._t(NO)
        if key == "channel":
            return self._table("CHANNELS").get(value, value)
        if key == "reason":
            return self._table("OUTCOMES").get(value, value)
        if key == "kind":
            return self._t(ASSIGNEE_KINDS[value], None) if value in ASSIGNEE_KINDS else value
        if key == "assignee_id":
            return self.assignees.get(value, f"#{value}")
        if key in ("replaced_by", "into"):
            return f"#{value}"
        if key in ("seconds", "used"):
            return self._seconds(value)
        if key in DATE_KEYS:
            return _date(value)
        if key == "order":
            return ", ".join(f"#{n}" for n in value) if value else self._t(NONE_AT_ALL)
        if key == "signers":
            return "; ".join(": ".join(p for p in (s.get("title"), s.get("name")) if p)
                             for s in value) or self._t(NONE_AT_ALL)
        if key == "titles":  # the template's items: one a line
            return "\n".join(str(v) for v in value) if value else self._t(NONE_AT_ALL)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value) if value else self._t(NONE_AT_ALL)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {v}" for k, v in value.items())
        return str(value)
