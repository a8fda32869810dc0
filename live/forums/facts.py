"""A forum's facts, set before the day (admin, permission "forum.setup"): its title and join
code, the plan it belongs to, when and where, who chairs and signs, the header block of its
documents, and its own bad words. The forum form (live/forums/admin.py) posts them; the
record's words (live/record/words.py) name the fields by FIELD_LABELS.

Each operation checks what a person typed (messages in the reader's language through
gettext, raising InputError for bad input and Conflict when the forum's state forbids the
change), changes the forum, flushes and appends a record entry. It never commits: the route
commits once and then announces, since the hall's view may have changed (the title)."""
import re
from collections.abc import Mapping
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import select

from live import record
from live.agenda.items import use_template_agenda
from live.core.errors import Conflict, InputError
from live.core.labels import N_
from live.core.text import clean, fold
from live.forums.forms import diff
from models import HEADER_KINDS, Forum, ForumStatus, db

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


def field_label(field: str) -> str:
    """The form's name of a fact, in the reader's language."""
    return gettext(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def header_kinds() -> dict[str, str]:
    """HEADER_LABELS in the reader's language."""
    return {key: gettext(value) for key, value in HEADER_LABELS.items()}


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
    before, after = diff(forum, data)
    if not after:
        return []
    db.session.flush()
    record.log(forum, "forum.update", by, before=before, after=after)
    return list(after)
