"""Letters and calls typed into a spreadsheet, taken in as questions (CSV or XLSX).

`parse(content, filename)` is pure: bytes in, `Row`s out, each with its row number as the
spreadsheet shows it, its fields named as `intake.validate` names them, and what could not be
read in it (an unknown channel, a date in no known form). `import_rows(forum, rows)` then puts
every readable row through `intake.submit`, flushes and returns a `Report`: good rows are added,
bad rows say why, rows already taken in are found by their `client_key` and say so. The caller
(the intake page, or `flask --app live intake import`) commits once, then announces.
"""
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext, ngettext

from live.core import i18n
from live.core.errors import InputError
from live.core.labels import N_
from live.core.text import clean, fold
from live.questions import intake
from models import Channel, Forum, db

MAX_ROWS = 5000
#: a spreadsheet of 5,000 letters of 1,000 characters stays well under this
MAX_BYTES = 20 * 1024 * 1024
#: where the header may be: a title or an empty row or two often come first
HEADER_SEARCH = 10

#: field -> what staff call its column (compared without diacritics, case or spacing)
COLUMNS = {
    "channel": ("kenh", "channel", "kenh tiep nhan", "nguon"),
    "received_on": ("ngay nhan", "received_on", "received on", "ngay", "date", "ngay tiep nhan",
                    "received", "date received"),
    "name": ("ho ten", "ho va ten", "name", "nguoi gui", "ten"),
    "affiliation": ("don vi", "affiliation", "phuong", "ward", "phuong xa", "dia chi", "noi o",
                    "don vi noi o", "unit"),
    "contact_phone": ("dien thoai", "so dien thoai", "sdt", "phone", "contact_phone",
                      "contact phone"),
    "text": ("noi dung", "text", "y kien", "noi dung y kien", "cau hoi", "noi dung cau hoi",
             "question"),
}
#: the field's name in a report (the page's column headings); message ids, see `field_label`
FIELD_LABELS = {
    "channel": N_("Kênh"), "received_on": N_("Ngày nhận"), "name": N_("Họ tên"),
    "affiliation": N_("Đơn vị / phường"), "contact_phone": N_("Điện thoại"),
    "text": N_("Nội dung"), "client_key": N_("Mã chống trùng"), None: N_("Dòng"),
}
#: how a channel may be written in a cell (without diacritics) -> its code
CHANNEL_WORDS = {
    "suggestion_box": ("suggestion_box", "suggestion box", "hom thu gop y", "hom thu",
                       "thu gop y", "thu", "letter"),
    "hotline": ("hotline", "duong day nong", "dien thoai", "goi dien", "call"),
    "floor": ("floor", "phat bieu tai cho", "phat bieu", "tai cho", "phat bieu tai hoi truong",
              "from the floor", "spoken from the floor"),
}
_CHANNELS = {word: code for code, words in CHANNEL_WORDS.items() for word in words}
_HEADERS = {word: name for name, words in COLUMNS.items() for word in words}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class ImportFileError(InputError):
    """The file as a whole cannot be taken in (not a spreadsheet, empty, too long)."""


def field_label(name: str | None) -> str:
    """What a report calls a field, in the reader's language (Vietnamese in the CLI)."""
    return gettext(FIELD_LABELS.get(name, FIELD_LABELS[None]))


def _thousands(number: int) -> str:
    """5.000 as Vietnamese writes it, 5,000 in English."""
    return f"{number:,}".replace(",", "." if i18n.current() == "vi" else ",")


@dataclass
class Row:
    number: int  #: the row number the spreadsheet shows (the header is usually row 1)
    data: dict  #: intake fields: text, name, affiliation, contact_phone, channel, received_on
    problems: list[tuple[str, str]] = field(default_factory=list)  #: (field, message)


@dataclass
class Parsed:
    rows: list[Row]
    columns: dict[str, str]  #: field -> the heading it was read from
    ignored: list[str]  #: headings that name no field


@dataclass
class RowResult:
    number: int
    outcome: str  #: "added", "duplicate" or "rejected"
    text: str
    question_id: int | None = None
    #: for a duplicate: the row of this file that added it, if it was this file
    same_as_row: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  #: (field label, message)

    def describe(self) -> str:
        """One line of the report, the same on the page and in the CLI."""
        if self.outcome == "added":
            return gettext("đã thêm ý kiến #%(id)s", id=self.question_id)
        if self.outcome == "duplicate":
            if self.same_as_row:
                return gettext("đã có (ý kiến #%(id)s, trùng dòng %(row)s), không thêm lại",
                               id=self.question_id, row=self.same_as_row)
            return gettext("đã có (ý kiến #%(id)s), không thêm lại", id=self.question_id)
        return gettext("không nhận: %(reasons)s", reasons="; ".join(
            f"{label}: {message}" for label, message in self.errors))


@dataclass
class Report:
    filename: str
    results: list[RowResult]
    columns: dict[str, str]
    ignored: list[str]

    def of(self, outcome: str) -> list[RowResult]:
        return [r for r in self.results if r.outcome == outcome]

    @property
    def added(self) -> list[RowResult]:
        return self.of("added")

    @property
    def duplicates(self) -> list[RowResult]:
        return self.of("duplicate")

    @property
    def rejected(self) -> list[RowResult]:
        return self.of("rejected")

    def summary(self) -> str:
        return ngettext("%(num)s dòng: đã thêm %(added)s, đã có %(existing)s, không nhận "
                        "%(rejected)s.", "%(num)s dòng: đã thêm %(added)s, đã có %(existing)s, "
                        "không nhận %(rejected)s.", len(self.results), added=len(self.added),
                        existing=len(self.duplicates), rejected=len(self.rejected))

    def lines(self) -> list[str]:
        """The report as text, for the CLI."""
        out = [gettext("Tệp %(name)s: %(summary)s", name=self.filename, summary=self.summary())]
        if self.ignored:
            out.append(gettext("Bỏ qua các cột: %(columns)s.", columns=", ".join(self.ignored)))
        out += [gettext("Dòng %(n)s: %(result)s", n=r.number, result=r.describe())
                for r in self.results]
        return out


# ---------------------------------------------------------------- reading the file


def parse(content: bytes, filename: str) -> Parsed:
    """Read a CSV or XLSX upload into rows; raise `ImportFileError` for a file that is not one,
    is empty, has no text column or has more than MAX_ROWS rows."""
    name = (filename or "").lower()
    if not content:
        raise ImportFileError(gettext("Tệp trống, không có dòng nào để nhập."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(gettext("Tệp quá lớn (tối đa %(n)s MB).",
                                      n=MAX_BYTES // (1024 * 1024)))
    if content.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise ImportFileError(gettext("Tệp Excel 97-2003 (.xls) chưa đọc được: vui lòng mở bằng "
                                      "Excel và lưu lại dạng .xlsx hoặc CSV."))
    if name.endswith((".xlsx", ".xlsm")) or (content.startswith(b"PK\x03\x04")
                                            and not name.endswith((".csv", ".txt"))):
        table = _xlsx_rows(content)
    elif name.endswith((".csv", ".txt")):
        table = _csv_rows(content)
    else:
        raise ImportFileError(gettext("Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)."))
    return _read_table(table)


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        # Not data_only: a cell typed as "=..." is the text the person wrote, kept as it is.
        book = load_workbook(io.BytesIO(content), read_only=True)
    except Exception as error:  # noqa: BLE001 - any file may come in; each fails its own way
        raise ImportFileError(gettext("Không đọc được tệp Excel này: vui lòng kiểm tra lại tệp "
                                      "(chỉ nhận .xlsx hoặc CSV).")) from error
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFileError(gettext("Tệp Excel không có trang tính nào."))
        sheet.reset_dimensions()  # some programs write a wrong size; read what is there
        try:
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        except Exception as error:  # noqa: BLE001 - a damaged sheet fails in many ways
            raise ImportFileError(gettext("Tệp Excel bị hỏng, không đọc hết được: vui lòng mở "
                                          "bằng Excel và lưu lại.")) from error
    finally:
        book.close()


def _csv_rows(content: bytes):
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(gettext("Tệp này không phải tệp CSV dạng chữ."))
    text = _decode(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Excel saves CSV with ";" where the decimal comma is local, and "Unicode text" with tabs.
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(gettext("Tệp CSV không đúng định dạng (có ô quá dài hoặc dấu "
                                      "ngoặc kép chưa đóng).")) from error


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (Vietnamese Windows),
    else Windows-1252."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(gettext("Không đọc được bảng mã của tệp CSV: vui lòng lưu lại dạng "
                                  "CSV UTF-8."))


def _heading(value) -> str:
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", fold(clean(value))).split())


def _field_of(heading) -> str | None:
    """The field a column heading names: "Kênh", "channel", "Kênh/channel", "Phường (xã)"..."""
    key = _heading(heading)
    if key in _HEADERS:
        return _HEADERS[key]
    for part in re.split(r"[/()|,]", fold(clean(heading))):
        part = " ".join(re.sub(r"[^a-z0-9_]+", " ", part).split())
        if part in _HEADERS:
            return _HEADERS[part]
    return None


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _read_table(table) -> Parsed:
    columns: dict[str, int] = {}
    headings: dict[str, str] = {}
    ignored: list[str] = []
    rows: list[Row] = []
    header_at = None
    for number, values in enumerate(table, start=1):
        if header_at is None:
            if number > HEADER_SEARCH:
                break
            found = {}
            for index, value in enumerate(values):
                name = _field_of(value) if value is not None else None
                if name and name not in found:
                    found[name] = index
            if "text" in found:
                header_at, columns = number, found
                headings = {name: clean(values[i]) for name, i in found.items()}
                ignored = [clean(v) for i, v in enumerate(values)
                           if i not in found.values() and not _blank([v])]
            continue
        if _blank(values):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(gettext("Tệp có hơn %(n)s dòng ý kiến: vui lòng chia thành "
                                          "nhiều tệp nhỏ hơn.", n=_thousands(MAX_ROWS)))
        rows.append(_row(number, values, columns))
    if header_at is None:
        raise ImportFileError(gettext(
            "Không thấy dòng tiêu đề có cột “Nội dung” (hoặc “text”) trong 10 dòng đầu. "
            "Các cột nhận được: Kênh, Ngày nhận, Họ tên, Đơn vị hoặc Phường, Điện thoại, "
            "Nội dung."))
    if not rows:
        raise ImportFileError(gettext("Tệp không có dòng ý kiến nào dưới dòng tiêu đề."))
    return Parsed(rows=rows, columns=headings, ignored=ignored)


def _cell(values, columns, name):
    index = columns.get(name)
    return values[index] if index is not None and index < len(values) else None


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _row(number: int, values, columns) -> Row:
    row = Row(number=number, data={})
    for name in ("text", "name", "affiliation"):
        row.data[name] = _as_text(_cell(values, columns, name))
    phone = _cell(values, columns, "contact_phone")
    if isinstance(phone, (int, float)) and not isinstance(phone, bool):
        # A number cell has lost the leading 0 every Vietnamese number is written with.
        phone = "0" + _as_text(phone)
    if phone is not None and clean(phone):
        row.data["contact_phone"] = _as_text(phone)
    try:
        row.data["channel"] = parse_channel(_cell(values, columns, "channel"))
    except InputError as error:
        row.problems.append(("channel", error.message))
    try:
        received = parse_date(_cell(values, columns, "received_on"))
        row.data["received_on"] = received.isoformat() if received else None
    except InputError as error:
        row.problems.append(("received_on", error.message))
    return row


def parse_channel(value) -> str:
    """A channel as staff write it ("Hòm thư góp ý", "hotline"...) -> its code; a blank cell
    is a letter from the suggestion boxes."""
    word = _heading(value) if value is not None else ""
    if not word:
        return Channel.SUGGESTION_BOX.value
    code = _CHANNELS.get(word) or _CHANNELS.get(word.replace(" ", "_"))
    if code is None:
        raise InputError(gettext("Kênh “%(value)s” không rõ: ghi Hòm thư góp ý, Đường dây nóng "
                                 "hoặc Phát biểu tại chỗ (hoặc suggestion_box, hotline, floor).",
                                 value=clean(value)), "channel")
    return code


def parse_date(value) -> date | None:
    """A received date as YYYY-MM-DD or DD/MM/YYYY (also with - or .), or an Excel date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if 1 <= value < 2958466:  # an Excel serial day without a date format
            return from_excel(value).date()
    text = clean(str(value))
    if not text:
        return None
    try:
        if match := _ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise InputError(gettext("Ngày nhận “%(value)s” không đúng: ghi dạng ngày/tháng/năm "
                             "(10/05/2018) hoặc năm-tháng-ngày (2018-05-10).", value=text),
                     "received_on")


def client_key(data: dict) -> str:
    """The same letter (channel, date, name, text) gives the same key, so a file imported
    twice adds nothing the second time."""
    parts = [data.get("channel") or "", data.get("received_on") or "",
             clean(data.get("name")), clean(data.get("text"), multiline=True)]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"imp-{digest[:40]}"


# ---------------------------------------------------------------- taking the rows in


def import_rows(forum: Forum, parsed: Parsed, *, by=None) -> Report:
    """Submit each row through `intake.submit` (staff); flush. The caller commits."""
    results: list[RowResult] = []
    added_by: dict[int, int] = {}  # question id -> the row of this file that added it
    for row in parsed.rows:
        data = dict(row.data)
        preview = clean(data.get("text"), multiline=True)
        errors = [(field_label(name), message) for name, message in row.problems]
        if errors:
            # What intake would say about the rest of the row, so one pass shows all.
            rest = {k: v for k, v in data.items() if k not in dict(row.problems)}
            try:
                intake.validate(rest, staff=True)
            except InputError as error:
                errors.append((field_label(error.field), error.message))
            results.append(RowResult(row.number, "rejected", preview, errors=errors))
            continue
        data["client_key"] = client_key(data)
        try:
            question, created = intake.submit(forum, data, by=by, staff=True)
        except InputError as error:
            results.append(RowResult(row.number, "rejected", preview, errors=[
                (field_label(error.field), error.message)]))
            continue
        if created:
            added_by[question.id] = row.number
            results.append(RowResult(row.number, "added", preview, question_id=question.id))
        else:
            results.append(RowResult(row.number, "duplicate", preview, question_id=question.id,
                                     same_as_row=added_by.get(question.id)))
    db.session.flush()
    return Report(filename="", results=results, columns=parsed.columns, ignored=parsed.ignored)


def import_file(forum: Forum, content: bytes, filename: str, *, by=None) -> Report:
    """Parse and import; `ImportFileError` for a file that cannot be read at all."""
    report = import_rows(forum, parse(content, filename), by=by)
    report.filename = filename
    return report
