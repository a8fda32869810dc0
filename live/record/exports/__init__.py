"""The forum's record as files: the minutes (DOCX), spreadsheets (XLSX, CSV), JSON and charts.

Each format is a module with one pure function, `render(forum, record) -> bytes`, where
`record` is what `live.record.view.build_record(forum)` returns. They need an application
context (the record holds ORM objects) but no request, so the record page and the CLI share
them. This module holds what the formats have in common: the Vietnamese labels, times in
Vietnam's zone, each question flattened into one row, and the guard against spreadsheet
formulas.
"""
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from live.core import labels
from live.core.formatting import local, official_date
from models import Ending, State

#: the words of the pages (live/core/labels.py); the documents spell out "deferred"
STATE_LABELS = {**labels.STAFF_STATUS, State.DEFERRED.value: "Trả lời sau bằng văn bản"}
CHANNEL_LABELS = labels.CHANNELS
ACTION_LABELS = labels.RECORD_ACTIONS
OUTCOME_LABELS = labels.OUTCOMES
AGENDA_LABELS = labels.AGENDA_STATUS

#: a cell starting with one of these is a formula (or DDE) to Excel and LibreOffice
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def nfc(value) -> str:
    """Text as stored should already be NFC; an export never passes on anything else."""
    if value is None:
        return ""
    value = str(value)
    if unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def neutralize(value):
    """Make a spreadsheet cell inert: a text that Excel would read as a formula gets a
    leading single quote (OWASP's advice for CSV injection). Other values pass unchanged."""
    if isinstance(value, str) and value and (
        value.startswith(FORMULA_TRIGGERS) or value.lstrip(" \n").startswith(FORMULA_TRIGGERS)
    ):
        return "'" + value
    return value


def vn_time(value: datetime | None) -> datetime | None:
    """A stored UTC time as a naive wall-clock time in Vietnam to the second, for
    spreadsheets (Excel keeps milliseconds at best, and staff read seconds)."""
    return local(value).replace(tzinfo=None, microsecond=0) if value else None


def hhmm(value: datetime | None) -> str:
    return local(value).strftime("%H:%M") if value else ""


def duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes} phút"
    return f"{minutes // 60} giờ {minutes % 60:02d} phút"


def dmy(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def forum_day(forum, record: dict) -> date | None:
    """The day of the forum: the fixed date if set, else the day the first item started."""
    if forum.held_on:
        return forum.held_on
    starts = [i["started_at"] for i in record["agenda"] if i["started_at"]]
    return local(min(starts)).date() if starts else None


def place_and_date(forum, record: dict, blank: bool = False) -> str:
    """"Thuận An, ngày 14 tháng 9 năm 2018", or dotted blanks for the clerk to fill (always,
    with `blank`: a report is dated the day it is signed)."""
    day = None if blank else forum_day(forum, record)
    when = official_date(day) if day else "ngày ..... tháng ..... năm ........"
    return f"{nfc(forum.place)}, {when}" if forum.place else when[0].upper() + when[1:]


@dataclass
class History:
    """What the log says about one question: the first time of each action, and whether it
    was ever deferred (to be answered in writing, or passed to another body)."""
    times: dict[str, datetime] = field(default_factory=dict)
    deferred: bool = False


def histories(record: dict) -> dict[int, History]:
    found: dict[int, History] = {}
    for entry in record["events"]:
        if entry.question_id is None:
            continue
        history = found.get(entry.question_id)
        if history is None:
            history = found[entry.question_id] = History()
        history.times.setdefault(entry.action, entry.at)
        if entry.action == "question.defer":
            history.deferred = True
    return found


def agenda_positions(forum) -> dict[int, int]:
    return {item.id: item.position for item in forum.agenda}


def assignee_label(question) -> str:
    return nfc(question.assignee.label) if question.assignee else ""


def responsible(question) -> str:
    """Who answers: the body a referred question went to, else the leader or unit."""
    if question.ending is Ending.REFERRED and question.referred_to:
        return nfc(question.referred_to)
    return assignee_label(question)


#: the question columns of the spreadsheets, in order: (key, header)
COLUMNS = [
    ("id", "Số"),
    ("channel", "Kênh"),
    ("status", "Trạng thái"),
    ("text", "Nội dung"),
    ("original_text", "Nội dung gốc"),
    ("edited", "Đã sửa"),
    ("asker_name", "Người hỏi"),
    ("asker_affiliation", "Đơn vị / nơi ở"),
    ("assignee", "Người / đơn vị trả lời"),
    ("assignee_kind", "Loại"),
    ("agenda_item", "Mục chương trình"),
    ("outcome", "Kết quả"),
    ("answer_note", "Nội dung trả lời"),
    ("referred_to", "Chuyển đến cơ quan"),
    ("due_on", "Hạn trả lời bằng văn bản"),
    ("merged_into", "Gộp vào số"),
    ("received_on", "Ngày nhận (thư, điện thoại)"),
    ("created_at", "Thời điểm gửi"),
    ("approved_at", "Duyệt lúc"),
    ("rejected_at", "Không duyệt lúc"),
    ("shown_at", "Lên màn hình lúc"),
    ("answered_at", "Trả lời lúc"),
    ("deferred_at", "Chuyển văn bản lúc"),
    ("merged_at", "Gộp lúc"),
    ("updated_at", "Cập nhật lúc"),
    ("version", "Phiên bản"),
]


def question_rows(forum, record: dict) -> list[dict]:
    """One flat dict per question (keys of COLUMNS): labels in Vietnamese, times as naive
    Vietnam wall-clock datetimes, dates as dates. Shared by the XLSX and CSV exports."""
    positions = agenda_positions(forum)
    told = histories(record)
    rows = []
    for q in record["questions"]:
        history = told.get(q.id) or History()
        times = history.times
        rows.append({
            "id": q.id,
            "channel": CHANNEL_LABELS.get(q.channel, q.channel),
            "status": STATE_LABELS.get(q.status, q.status),
            "text": nfc(q.text),
            "original_text": nfc(q.original_text),
            "edited": "Có" if q.text != q.original_text else "Không",
            "asker_name": nfc(q.asker_name),
            "asker_affiliation": nfc(q.asker_affiliation),
            "assignee": assignee_label(q),
            "assignee_kind": {"leader": "Lãnh đạo", "unit": "Đơn vị"}.get(
                q.assignee.kind, q.assignee.kind) if q.assignee else "",
            "agenda_item": positions.get(q.agenda_item_id),
            "outcome": OUTCOME_LABELS.get(q.outcome, nfc(q.outcome)),
            "answer_note": nfc(q.answer_note),
            "referred_to": nfc(q.referred_to),
            "due_on": q.due_on,
            "merged_into": q.merged_into_id,
            "received_on": q.received_on,
            "created_at": vn_time(q.created_at),
            "approved_at": vn_time(times.get("question.approve")),
            "rejected_at": vn_time(times.get("question.reject")),
            "shown_at": vn_time(times.get("question.show")),
            "answered_at": vn_time(q.answered_at or times.get("question.answer")),
            "deferred_at": vn_time(times.get("question.defer")),
            "merged_at": vn_time(times.get("question.merge")),
            "updated_at": vn_time(q.updated_at),
            "version": q.version,
        })
    return rows


def statistics(record: dict) -> dict[str, Counter]:
    """Counts by outcome, by state, by channel and by responsible leader or unit (questions
    not set aside: neither rejected nor merged away), keyed by Vietnamese label."""
    questions = record["questions"]
    by_unit = Counter(responsible(q) or "Chưa giao" for q in questions if not q.set_aside)
    return {
        "outcome": Counter({OUTCOME_LABELS.get(o, o): n
                            for o, n in Counter(q.outcome for q in questions).items() if o}),
        "state": Counter({STATE_LABELS.get(s, s): n
                          for s, n in Counter(q.status for q in questions).items()}),
        "channel": Counter({CHANNEL_LABELS.get(c, c): n
                            for c, n in Counter(q.channel for q in questions).items()}),
        "unit": by_unit,
    }


def ordered(counter: Counter, labels: dict[str, str]) -> list[tuple[str, int]]:
    """Counts in the labels' own order (the state machine's, the channels'), then the rest."""
    known = [(label, counter[label]) for label in labels.values() if counter.get(label)]
    rest = sorted((k, v) for k, v in counter.items() if k not in labels.values() and v)
    return known + rest
