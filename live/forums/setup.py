"""Setting a forum up before the day (admin, permission "forum.setup"): its facts, its agenda,
the leaders and units who answer, and the topics questions are sorted under.

Each operation takes the objects and what a person typed, checks it (messages in the reader's
language through gettext, raising InputError for bad input and Conflict when the forum's state
forbids the change),
changes the objects, flushes and appends a record entry. It never commits: the route commits
once and then announces, since the hall's view may have changed (title, agenda, who answers)."""
import re
from collections.abc import Mapping
from datetime import date, datetime

from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from live import record
from live.core.errors import Conflict, InputError
from live.core.labels import N_
from live.core.text import clean, fold
from live.seed import AGENDA as TEMPLATE_AGENDA
from models import (HEADER_KINDS, AgendaItem, Assignee, Forum, ForumStatus, Question,
                    RecordEntry, Topic, User, db, question_topics)

#: a join code: lower-case ASCII letters and digits in groups joined by single hyphens, so it
#: reads aloud and types on any phone the same way (no capitals, diacritics, spaces, _ or .)
CODE_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE_MIN, CODE_MAX = 3, 40

#: single-line facts of a forum and their longest length (the columns' sizes)
TEXT_FIELDS = {"title": 300, "plan_number": 100, "venue": 300, "place": 100, "period": 100,
               "header_superior": 300, "header_organizer": 300, "recipient": 300,
               "secretary": 100}
#: facts kept as lists, typed one a line
LIST_FIELDS = ("organizers", "chairs", "invited", "copies")
DATE_FIELDS = ("plan_date", "held_on")
MAX_LINES, MAX_LINE = 30, 300

#: how the form names each fact, for messages (message ids: `field_label` translates)
FIELD_LABELS = {
    "title": N_("Tên diễn đàn"), "code": N_("Mã diễn đàn"), "organizers": N_("Đơn vị tổ chức"),
    "plan_number": N_("Số kế hoạch"), "plan_date": N_("Ngày kế hoạch"),
    "held_on": N_("Ngày tổ chức"), "period": N_("Thời gian (dạng chữ)"),
    "venue": N_("Địa điểm"), "place": N_("Địa danh ghi ngày tháng"), "chairs": N_("Chủ trì"),
    "invited": N_("Thành phần mời"), "signers": N_("Người ký biên bản"),
    "description": N_("Mô tả"), "phones_see_queue": N_("Điện thoại xem câu hỏi đã duyệt"),
    "hall_only": N_("Chỉ nhận câu hỏi từ hội trường"),
    "header_kind": N_("Tiêu đề văn bản"), "header_superior": N_("Cơ quan cấp trên"),
    "header_organizer": N_("Cơ quan ban hành"), "recipient": N_("Kính gửi"),
    "copies": N_("Nơi nhận khác"), "secretary": N_("Thư ký"),
    "extra_bad_words": N_("Từ ngữ không phù hợp của diễn đàn"),
}

#: the forum's own bad words (Forum.extra_bad_words): how many lines, how long each
MAX_BAD_WORDS, MAX_BAD_WORD = 300, 60

#: the header blocks the setup offers, as its form names them (Forum.header_kind)
HEADER_LABELS = {
    "state": N_("Nhà nước: CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập - Tự do - Hạnh phúc"),
    "party": N_("Đảng: ĐẢNG CỘNG SẢN VIỆT NAM"),
}

ASSIGNEE_KINDS = {"leader": N_("Lãnh đạo"), "unit": N_("Đơn vị")}

#: offered as one-click topics on the setup page, in the reader's language (`suggestions`)
SUGGESTED_TOPICS = [
    N_("học phí"), N_("cơ sở vật chất"), N_("an toàn trường học"), N_("tuyển sinh"),
    N_("đạo đức nhà giáo"), N_("các khoản thu"), N_("chế độ giáo viên"),
    N_("chương trình, sách giáo khoa"),
]

#: what `_step` says when a thing is already first or last, by kind of thing
_ENDS = {
    "item": {"up": N_("Mục %(n)s đã ở đầu danh sách."),
             "down": N_("Mục %(n)s đã ở cuối danh sách.")},
    "assignee": {"up": N_("“%(name)s” đã ở đầu danh sách."),
                 "down": N_("“%(name)s” đã ở cuối danh sách.")},
    "topic": {"up": N_("Chủ đề “%(name)s” đã ở đầu danh sách."),
              "down": N_("Chủ đề “%(name)s” đã ở cuối danh sách.")},
}


def field_label(field: str) -> str:
    """The form's name of a fact, in the reader's language."""
    return gettext(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def header_kinds() -> dict[str, str]:
    """HEADER_LABELS in the reader's language."""
    return {key: gettext(value) for key, value in HEADER_LABELS.items()}


def assignee_kinds() -> dict[str, str]:
    """ASSIGNEE_KINDS in the reader's language."""
    return {key: gettext(value) for key, value in ASSIGNEE_KINDS.items()}


# --- small parsers -------------------------------------------------------------------------

def _text(values: Mapping, field: str, limit: int, *, required: bool = False,
          multiline: bool = False) -> str | None:
    value = clean(values.get(field), multiline=multiline)
    if required and not value:
        raise InputError(gettext("Vui lòng nhập %(field)s.", field=field_label(field).lower()),
                         field)
    if len(value) > limit:
        raise InputError(gettext("%(field)s: tối đa %(n)s ký tự.", field=field_label(field),
                                 n=limit), field)
    return value or None


def _lines(value, field: str) -> list[str]:
    """One entry a line; blank lines dropped."""
    raw = value if isinstance(value, (list, tuple)) else str(value or "").splitlines()
    found = [line for line in (clean(item) for item in raw) if line]
    if len(found) > MAX_LINES:
        raise InputError(gettext("%(field)s: tối đa %(n)s dòng.", field=field_label(field),
                                 n=MAX_LINES), field)
    for line in found:
        if len(line) > MAX_LINE:
            raise InputError(gettext("%(field)s: mỗi dòng tối đa %(n)s ký tự.",
                                     field=field_label(field), n=MAX_LINE), field)
    return found


def _date(value, field: str) -> date | None:
    """ISO from a date input, or dd/mm/yyyy typed by hand in a browser without a date picker."""
    if isinstance(value, date):
        return value
    value = clean(value)
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise InputError(gettext("%(field)s: ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, "
                             "ví dụ 04/05/2018.", field=field_label(field)), field)


def _bad_words(value) -> str | None:
    """The forum's own bad words, one word or phrase a line (live/assistant/flags.py matches
    them beside its built-in list); blank lines and repeats dropped."""
    raw = value if isinstance(value, (list, tuple)) else str(value or "").splitlines()
    field = "extra_bad_words"
    found: list[str] = []
    for line in (clean(item) for item in raw):
        if not line or line.lower() in (f.lower() for f in found):
            continue
        if len(line) > MAX_BAD_WORD:
            raise InputError(gettext("%(field)s: mỗi dòng tối đa %(n)s ký tự (“%(line)s…”).",
                                     field=field_label(field), n=MAX_BAD_WORD,
                                     line=line[:20]), field)
        if sum(ch.isalpha() for ch in line) < 2:
            raise InputError(gettext("%(field)s: “%(line)s” quá ngắn; mỗi dòng là một từ hoặc "
                                     "cụm từ có ít nhất 2 chữ cái.", field=field_label(field),
                                     line=line), field)
        found.append(line)
    if len(found) > MAX_BAD_WORDS:
        raise InputError(gettext("%(field)s: tối đa %(n)s dòng.", field=field_label(field),
                                 n=MAX_BAD_WORDS), field)
    return "\n".join(found) or None


def _header_kind(value) -> str | None:
    """"state" or "party"; None when the form did not say (the forum keeps its own)."""
    kind = clean(value).lower()
    if not kind:
        return None
    if kind not in HEADER_KINDS:
        raise InputError(gettext("%(field)s: chọn “Nhà nước” (quốc hiệu CỘNG HÒA XÃ HỘI CHỦ "
                                 "NGHĨA VIỆT NAM) hoặc “Đảng” (ĐẢNG CỘNG SẢN VIỆT NAM).",
                                 field=field_label("header_kind")), "header_kind")
    return kind


#: what a line copied from a printed "Nơi nhận" starts and ends with: "- Sở GD&ĐT;"
_LIST_MARKS = re.compile(r"^[\s\-–+•]+|[\s;,.]+$")
_KEPT = re.compile(r"luu\s*(:|vt\b|hs\b)")  #: "Lưu: VT", "Lưu VT", "Lưu HS"


def _copies(value) -> list[str]:
    """The report's other recipients, one a line, without the list's dashes and semicolons
    (the report adds them) and without "Lưu: VT" (always the last line)."""
    found = [_LIST_MARKS.sub("", line) for line in _lines(value, "copies")]
    return [line for line in found if line and not _KEPT.match(fold(line))]


def _checked(value) -> bool:
    return value is True or str(value).strip().lower() in ("1", "on", "true", "yes", "co", "có")


def signers_text(signers: list[dict]) -> str:
    """The form's text for the signers: one "Chức vụ: Họ và tên" a line."""
    return "\n".join(f"{s.get('title', '')}: {s['name']}" if s.get("name") else s.get("title", "")
                     for s in signers or [])


def _signers(value) -> list[dict]:
    if isinstance(value, (list, tuple)) and all(isinstance(s, dict) for s in value):
        value = signers_text(list(value))
    found = []
    for line in _lines(value, "signers"):
        title, _, name = line.partition(":")
        title, name = title.strip(), name.strip()
        if not title:
            raise InputError(gettext("Người ký biên bản: dòng “%(line)s” thiếu chức vụ; viết "
                                     "theo dạng “Chức vụ: Họ và tên”.", line=line), "signers")
        found.append({"title": title, "name": name})
    return found


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _diff(obj, data: dict) -> tuple[dict, dict]:
    """Set what changed on obj; return (before, after) of the changed fields, for the record."""
    before, after = {}, {}
    for key, value in data.items():
        old = getattr(obj, key)
        if old != value:
            before[key], after[key] = _jsonable(old), _jsonable(value)
            setattr(obj, key, value)
    return before, after


# --- the forum ------------------------------------------------------------------------------

def suggest_code(text: str) -> str:
    """A join code made from any text: "Thuận An 2019" -> "thuan-an-2019"."""
    words = re.findall(r"[a-z0-9]+", fold(clean(text)))
    code = ""
    for word in words:
        if len(code) + len(word) + 1 > CODE_MAX:
            break
        code = f"{code}-{word}" if code else word
    return code


def check_code(value, forum: Forum | None = None, title: str | None = None) -> str:
    """A forum's join code, checked: the rule above, and unique on this server."""
    code = clean(value)
    hint = suggest_code(code or title or "")
    example = (" " + gettext("Gợi ý: %(hint)s.", hint=hint)
               if hint and hint != code and len(hint) >= CODE_MIN else "")
    if not code:
        raise InputError(gettext("Vui lòng nhập mã diễn đàn (dùng trong đường dẫn và mã QR).")
                         + example, "code")
    if not CODE_PATTERN.fullmatch(code):
        raise InputError(gettext("Mã diễn đàn chỉ gồm chữ thường không dấu (a–z), chữ số và dấu "
                                 "gạch ngang giữa các chữ; không có khoảng trắng, chữ hoa hay "
                                 "dấu.") + example, "code")
    if not CODE_MIN <= len(code) <= CODE_MAX:
        raise InputError(gettext("Mã diễn đàn dài từ %(min)s đến %(max)s ký tự.", min=CODE_MIN,
                                 max=CODE_MAX), "code")
    taken = db.session.scalar(select(Forum.id).where(
        Forum.code == code, Forum.id != (forum.id if forum is not None else -1)))
    if taken is not None:
        raise InputError(gettext("Mã “%(code)s” đã được dùng cho một diễn đàn khác; chọn mã "
                                 "khác.", code=code), "code")
    return code


def forum_values(values: Mapping) -> dict:
    """The facts of a forum from a form (or any mapping), checked. Not the code."""
    data = {field: _text(values, field, limit, required=field == "title")
            for field, limit in TEXT_FIELDS.items()}
    data["description"] = _text(values, "description", 2000, multiline=True)
    for field in LIST_FIELDS:
        data[field] = _lines(values.get(field), field)
    for field in DATE_FIELDS:
        data[field] = _date(values.get(field), field)
    data["copies"] = _copies(values.get("copies"))
    data["signers"] = _signers(values.get("signers"))
    data["phones_see_queue"] = _checked(values.get("phones_see_queue"))
    data["hall_only"] = _checked(values.get("hall_only"))
    if "extra_bad_words" in values:  # a form without the box keeps the forum's list
        data["extra_bad_words"] = _bad_words(values.get("extra_bad_words"))
    kind = _header_kind(values.get("header_kind"))
    if kind is not None:
        data["header_kind"] = kind
    return data


def form_values(forum: Forum) -> dict:
    """A forum's facts as the forum form shows them (lists one a line, ISO dates)."""
    values = {field: getattr(forum, field) or "" for field in TEXT_FIELDS}
    values.update(
        code=forum.code, description=forum.description or "",
        signers=signers_text(forum.signers), phones_see_queue=forum.phones_see_queue,
        hall_only=forum.hall_only,
        header_kind=forum.header_kind, extra_bad_words=forum.extra_bad_words or "",
        **{field: "\n".join(getattr(forum, field) or []) for field in LIST_FIELDS},
        **{field: getattr(forum, field).isoformat() if getattr(forum, field) else ""
           for field in DATE_FIELDS},
    )
    return values


def create_forum(values: Mapping, by=None, *, use_template: bool = False) -> Forum:
    """A new forum in phase "draft", with no agenda unless `use_template` copies the plan's 11
    items (the demo forum's agenda)."""
    data = forum_values(values)
    data["code"] = check_code(values.get("code"), title=data["title"])
    forum = Forum(status=ForumStatus.DRAFT.value, **data)
    db.session.add(forum)
    db.session.flush()
    record.log(forum, "forum.create", by, code=forum.code, title=forum.title)
    if use_template:
        use_template_agenda(forum, by)
    return forum


def update_forum(forum: Forum, values: Mapping, by=None) -> list[str]:
    """Change a forum's facts; returns the fields that changed (none: nothing is recorded).
    The code may change only while the forum is a draft: after that the link and its QR code
    may be printed and handed out."""
    data = forum_values(values)
    code = check_code(values.get("code", forum.code), forum=forum, title=data["title"])
    if code != forum.code and forum.status != ForumStatus.DRAFT.value:
        raise Conflict(gettext("Diễn đàn đã mở nên đường dẫn và mã QR có thể đã được in, phát "
                               "đi; không đổi mã diễn đàn nữa."))
    data["code"] = code
    before, after = _diff(forum, data)
    if not after:
        return []
    db.session.flush()
    record.log(forum, "forum.update", by, before=before, after=after)
    return list(after)


# --- the agenda -----------------------------------------------------------------------------

def agenda_values(values: Mapping) -> dict:
    title = clean(values.get("title"))
    if not title:
        raise InputError(gettext("Vui lòng nhập tên mục chương trình."), "title")
    if len(title) > 500:
        raise InputError(gettext("Tên mục chương trình: tối đa %(n)s ký tự.", n=500), "title")
    minutes = clean(values.get("planned_minutes"))
    if minutes:
        try:
            minutes = int(minutes)
        except ValueError:
            raise InputError(gettext("Thời lượng dự kiến là số phút (số nguyên)."),
                             "planned_minutes") from None
        if not 1 <= minutes <= 600:
            raise InputError(gettext("Thời lượng dự kiến từ %(min)s đến %(max)s phút.", min=1,
                                     max=600), "planned_minutes")
    presenter = clean(values.get("presenter"))
    if len(presenter) > 300:
        raise InputError(gettext("Người trình bày: tối đa %(n)s ký tự.", n=300), "presenter")
    return {"title": title, "planned_minutes": minutes or None, "presenter": presenter or None}


def _renumber_agenda(forum: Forum, order: list[AgendaItem]) -> None:
    """Give the items positions 1..n in `order`. An item that has started keeps its number:
    the record (and the minutes) name it by that number."""
    changes = [(item, n) for n, item in enumerate(order, 1) if item.position != n]
    for item, _ in changes:
        if item.started_at is not None:
            raise Conflict(gettext("Mục %(n)s “%(title)s” đã bắt đầu và đã vào biên bản với số "
                                   "thứ tự này; không thể đổi thứ tự.", n=item.position,
                                   title=item.title))
    # (forum_id, position) is unique at every statement: park the moving items out of the way.
    for item, _ in changes:
        item.position = -item.id
    db.session.flush()
    for item, n in changes:
        item.position = n
    db.session.flush()


def add_item(forum: Forum, values: Mapping, by=None) -> AgendaItem:
    """A new item at the end of the agenda."""
    data = agenda_values(values)
    position = max((item.position for item in forum.agenda), default=0) + 1
    item = AgendaItem(position=position, **data)
    forum.agenda.append(item)
    db.session.flush()
    # The entry names the item by id in its data, not by foreign key, so that a pending item
    # can still be removed later.
    record.log(forum, "agenda.add", by, item_id=item.id, position=position, **data)
    return item


def use_template_agenda(forum: Forum, by=None) -> list[AgendaItem]:
    """The 11 items of the plan's section 4.5, as the demo forum carries them; only into an
    empty agenda."""
    if forum.agenda:
        raise Conflict(ngettext("Chương trình đã có %(num)s mục; chương trình mẫu chỉ dùng cho "
                                "chương trình còn trống.",
                                "Chương trình đã có %(num)s mục; chương trình mẫu chỉ dùng cho "
                                "chương trình còn trống.", len(forum.agenda)))
    items = [AgendaItem(position=i, title=title) for i, title in enumerate(TEMPLATE_AGENDA, 1)]
    forum.agenda.extend(items)
    db.session.flush()
    record.log(forum, "agenda.template", by, count=len(items),
               titles=[item.title for item in items])
    return items


def update_item(forum: Forum, item: AgendaItem, values: Mapping, by=None) -> list[str]:
    _own(forum, item)
    before, after = _diff(item, agenda_values(values))
    if not after:
        return []
    db.session.flush()
    record.log(forum, "agenda.update", by, item_id=item.id, position=item.position,
               before=before, after=after)
    return list(after)


def _step(items: list, thing, direction: str, kind: str, **names) -> list:
    """`items` with `thing` moved one place up or down; `kind` and `names` say what it is
    when it cannot move (_ENDS)."""
    if direction not in ("up", "down"):
        raise InputError(gettext("Hướng di chuyển là “up” hoặc “down”."), "direction")
    order = list(items)
    index = order.index(thing)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(order):
        raise Conflict(gettext(_ENDS[kind][direction], **names))
    order[index], order[target] = order[target], order[index]
    return order


def move_item(forum: Forum, item: AgendaItem, direction: str, by=None) -> None:
    _own(forum, item)
    before = item.position
    _renumber_agenda(forum, _step(forum.agenda, item, direction, "item", n=item.position))
    record.log(forum, "agenda.move", by, item_id=item.id, title=item.title,
               **{"from": before, "to": item.position})
    db.session.expire(forum, ["agenda"])  # the relationship's order follows the new positions


def remove_item(forum: Forum, item: AgendaItem, by=None) -> None:
    """Remove an item that has not started; the items after it move up one place."""
    _own(forum, item)
    if item.started_at is not None:
        raise Conflict(gettext("Mục %(n)s “%(title)s” đã bắt đầu nên đã có trong biên bản; "
                               "không thể xóa. Có thể sửa tên mục nếu cần.", n=item.position,
                               title=item.title))
    used = db.session.scalar(select(func.count()).select_from(RecordEntry).where(
        RecordEntry.agenda_item_id == item.id)) or db.session.scalar(
        select(func.count()).select_from(Question).where(Question.agenda_item_id == item.id))
    if used:
        raise Conflict(gettext("Mục %(n)s đã có trong biên bản (có sự kiện hoặc câu hỏi gắn với "
                               "mục này); không thể xóa.", n=item.position))
    rest = [other for other in forum.agenda if other is not item]
    later_started = [o for o in rest if o.position > item.position and o.started_at is not None]
    if later_started:
        raise Conflict(gettext("Không thể xóa mục %(n)s: mục %(later)s sau nó đã bắt đầu và giữ "
                               "số thứ tự trong biên bản.", n=item.position,
                               later=later_started[0].position))
    position, title = item.position, item.title
    forum.agenda.remove(item)
    db.session.flush()
    _renumber_agenda(forum, rest)
    record.log(forum, "agenda.remove", by, item_id=item.id, position=position, title=title)


# --- who answers ----------------------------------------------------------------------------

def assignee_values(values: Mapping) -> dict:
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
    for other in forum.assignees:
        if other is not assignee and fold(other.name) == fold(name):
            raise InputError(gettext("Đã có “%(name)s” trong danh sách người trả lời.",
                                     name=other.name), "name")


def add_assignee(forum: Forum, values: Mapping, by=None) -> Assignee:
    data = assignee_values(values)
    _unique_assignee(forum, data["name"])
    position = max((a.position for a in forum.assignees), default=0) + 1
    assignee = Assignee(position=position, **data)
    forum.assignees.append(assignee)
    db.session.flush()
    record.log(forum, "assignee.add", by, assignee_id=assignee.id, **data)
    return assignee


def update_assignee(forum: Forum, assignee: Assignee, values: Mapping, by=None) -> list[str]:
    _own(forum, assignee)
    data = assignee_values(values)
    _unique_assignee(forum, data["name"], assignee)
    before, after = _diff(assignee, data)
    if not after:
        return []
    db.session.flush()
    record.log(forum, "assignee.update", by, assignee_id=assignee.id, before=before, after=after)
    return list(after)


def ordered(things: list) -> list:
    return sorted(things, key=lambda thing: (thing.position, thing.id))


def move_assignee(forum: Forum, assignee: Assignee, direction: str, by=None) -> None:
    _own(forum, assignee)
    current = ordered(forum.assignees)
    before = current.index(assignee) + 1
    order = _step(current, assignee, direction, "assignee", name=assignee.name)
    for n, other in enumerate(order, 1):
        other.position = n
    db.session.flush()
    record.log(forum, "assignee.move", by, assignee_id=assignee.id, name=assignee.name,
               **{"from": before, "to": assignee.position})
    db.session.expire(forum, ["assignees"])


def remove_assignee(forum: Forum, assignee: Assignee, by=None) -> None:
    """Only one nobody refers to: no question assigned to it, no unit account working for it."""
    _own(forum, assignee)
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
    for n, other in enumerate(ordered(forum.assignees), 1):
        other.position = n
    record.log(forum, "assignee.remove", by, **data)


# --- topics ---------------------------------------------------------------------------------

def _topic_name(forum: Forum, value, topic: Topic | None = None) -> str:
    name = clean(value)
    if not name:
        raise InputError(gettext("Vui lòng nhập tên chủ đề."), "name")
    if len(name) > 100:
        raise InputError(gettext("Tên chủ đề: tối đa %(n)s ký tự.", n=100), "name")
    for other in forum.topics:
        if other is not topic and fold(other.name) == fold(name):
            raise InputError(gettext("Đã có chủ đề “%(name)s”.", name=other.name), "name")
    return name


def add_topic(forum: Forum, name, by=None) -> Topic:
    name = _topic_name(forum, name)
    position = max((t.position for t in forum.topics), default=0) + 1
    topic = Topic(name=name, position=position)
    forum.topics.append(topic)
    db.session.flush()
    record.log(forum, "topic.add", by, topic_id=topic.id, name=name)
    return topic


def rename_topic(forum: Forum, topic: Topic, name, by=None) -> bool:
    _own(forum, topic)
    name = _topic_name(forum, name, topic)
    if name == topic.name:
        return False
    before, topic.name = topic.name, name
    db.session.flush()
    record.log(forum, "topic.rename", by, topic_id=topic.id, before=before, after=name)
    return True


def move_topic(forum: Forum, topic: Topic, direction: str, by=None) -> None:
    _own(forum, topic)
    current = ordered(forum.topics)
    before = current.index(topic) + 1
    order = _step(current, topic, direction, "topic", name=topic.name)
    for n, other in enumerate(order, 1):
        other.position = n
    db.session.flush()
    record.log(forum, "topic.move", by, topic_id=topic.id, name=topic.name,
               **{"from": before, "to": topic.position})
    db.session.expire(forum, ["topics"])


def remove_topic(forum: Forum, topic: Topic, by=None) -> None:
    """Only a topic no question carries (renaming keeps the questions sorted)."""
    _own(forum, topic)
    used = db.session.scalar(select(func.count()).select_from(question_topics).where(
        question_topics.c.topic_id == topic.id))
    if used:
        raise Conflict(ngettext("Chủ đề “%(name)s” đang gắn với %(num)s câu hỏi; không thể xóa. "
                                "Có thể đổi tên chủ đề.",
                                "Chủ đề “%(name)s” đang gắn với %(num)s câu hỏi; không thể xóa. "
                                "Có thể đổi tên chủ đề.", used, name=topic.name))
    data = {"topic_id": topic.id, "name": topic.name}
    forum.topics.remove(topic)
    db.session.flush()
    for n, other in enumerate(ordered(forum.topics), 1):
        other.position = n
    record.log(forum, "topic.remove", by, **data)


def suggestions(forum: Forum) -> list[str]:
    """The suggested topics this forum does not have yet (in Vietnamese or in the reader's
    language), named in the reader's language: the name a click adds."""
    have = {fold(t.name) for t in forum.topics}
    return [gettext(name) for name in SUGGESTED_TOPICS
            if fold(name) not in have and fold(gettext(name)) not in have]


def _own(forum: Forum, thing) -> None:
    if thing.forum_id != forum.id:
        raise Conflict(gettext("Mục này không thuộc diễn đàn."))


def held_by(questions: int, users: list[str]) -> str:
    """What holds an assignee, for a message: "2 câu hỏi và tài khoản a, b"."""
    held = ([ngettext("%(num)s câu hỏi", "%(num)s câu hỏi", questions)] if questions else []) + (
        [ngettext("tài khoản %(names)s", "tài khoản %(names)s", len(users),
                  names=", ".join(users))] if users else [])
    if len(held) == 2:
        return gettext("%(questions)s và %(accounts)s", questions=held[0], accounts=held[1])
    return "".join(held)


def usage(forum: Forum) -> dict:
    """What refers to each assignee and topic, for the setup page to say before a removal is
    tried: {"assignees": {id: {"questions": n, "users": [names]}}, "topics": {id: n}}."""
    found = {"assignees": {a.id: {"questions": 0, "users": []} for a in forum.assignees},
             "topics": {t.id: 0 for t in forum.topics}}
    for assignee_id, count in db.session.execute(
            select(Question.assignee_id, func.count()).where(
                Question.forum_id == forum.id, Question.assignee_id.is_not(None))
            .group_by(Question.assignee_id)):
        if assignee_id in found["assignees"]:
            found["assignees"][assignee_id]["questions"] = count
    for username, assignee_id in db.session.execute(
            select(User.username, User.assignee_id).where(
                User.assignee_id.in_(list(found["assignees"])))):
        found["assignees"][assignee_id]["users"].append(username)
    for topic_id, count in db.session.execute(
            select(question_topics.c.topic_id, func.count())
            .where(question_topics.c.topic_id.in_(list(found["topics"])))
            .group_by(question_topics.c.topic_id)):
        found["topics"][topic_id] = count
    return found
