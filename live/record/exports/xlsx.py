"""The record as an Excel workbook: "Ý kiến" (one row per question, every field and time),
"Chương trình" (the agenda with real times), "Nhật ký" (the whole event log in words: who
acted, what happened, the details as "label: value" lines; record.json keeps the codes) and
"Thống kê".

Times are real Excel dates in Vietnam wall-clock time. Every sheet has a bold, frozen header
row and an auto filter. Text that Excel would take for a formula starts with a single quote
(`live.record.exports.neutralize`), so every text cell is a string cell (type "s"), never a
formula. The workbook is written in openpyxl's streaming (write-only) mode.
"""
import io
import math
from copy import copy
from datetime import date, datetime

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from live.record.exports import (
    AGENDA_LABELS, CHANNEL_LABELS, COLUMNS, OUTCOME_LABELS, STATE_LABELS,
    neutralize, nfc, ordered, question_rows, statistics, vn_time,
)

TIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
DATE_FORMAT = "dd/mm/yyyy"
WRAPPED = 60  #: width of the long text columns, which wrap
LINE_HEIGHT = 15  #: points, a line of the default 11 pt font
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def render(forum, record: dict) -> bytes:
    """The record of `forum` as XLSX bytes; `record` is `build_record(forum)`."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"Ghi nhận {nfc(forum.title)}"
    workbook.properties.subject = nfc(forum.plan_number)
    workbook.properties.creator = "; ".join(nfc(o) for o in forum.organizers or [])
    workbook.properties.language = "vi-VN"

    questions = workbook.create_sheet("Ý kiến")
    _sheet(questions, [header for _, header in COLUMNS],
           [[row[key] for key, _ in COLUMNS] for row in question_rows(forum, record)],
           wrapped={"Nội dung", "Nội dung gốc", "Nội dung trả lời"})

    agenda = workbook.create_sheet("Chương trình")
    _sheet(agenda, ["STT", "Nội dung chương trình", "Trạng thái", "Bắt đầu", "Kết thúc",
                    "Thời lượng (phút)", "Số ý kiến được trả lời"],
           [[item["position"], nfc(item["title"]), AGENDA_LABELS.get(item["status"]),
             vn_time(item["started_at"]), vn_time(item["ended_at"]), item["minutes"],
             len(item["questions"])] for item in record["agenda"]],
           wrapped={"Nội dung chương trình"}, fit_width=True)

    positions = {item.id: item.position for item in forum.agenda}
    words = record["words"]
    with force_locale("vi"):  # the file is Vietnamese whatever language the page is read in
        rows = []
        for e in record["events"]:
            actor, action, details = words.entry(e)
            rows.append([e.id, vn_time(e.at), actor, action, e.question_id,
                         positions.get(e.agenda_item_id),
                         "\n".join(f"{label}: {value}" for label, value in details) or None])
    _sheet(workbook.create_sheet("Nhật ký"), ["STT", "Thời điểm", "Người thực hiện", "Thao tác",
                                              "Ý kiến số", "Mục chương trình", "Chi tiết"],
           rows, wrapped={"Chi tiết"}, fit_width=True)

    counts = statistics(record)
    rows = [["Kết quả xử lý", label, n] for label, n in ordered(counts["state"], STATE_LABELS)]
    rows += [["Hình thức giải quyết", label, n]
             for label, n in ordered(counts["outcome"], OUTCOME_LABELS)]
    rows += [["Kênh tiếp nhận", label, n]
             for label, n in ordered(counts["channel"], CHANNEL_LABELS)]
    rows += [["Người / đơn vị trả lời", label, n] for label, n in counts["unit"].most_common()]
    rows.append(["Tổng cộng", "Tất cả ý kiến", len(record["questions"])])
    _sheet(workbook.create_sheet("Thống kê"), ["Theo", "Nhóm", "Số ý kiến"], rows, fit_width=True)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value: str) -> str:
    return neutralize(ILLEGAL_CHARACTERS_RE.sub("", nfc(value)))


def _lines(value, width: int) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (a little
    more than it needs rather than less: a row cut short hides the end of a text)."""
    per_line = max(width - 2, 10)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in str(value).split("\n"))


def _sheet(sheet, headers: list[str], rows: list[list], wrapped: set[str] = frozenset(),
           fit_width: bool = False) -> None:
    """Write one sheet of a write-only workbook (streamed: a big forum's 20,000-line log
    takes a fraction of the time). Column settings must come before the first row.

    A row whose wrapped text takes several lines is given their height: LibreOffice (and
    Excel's print preview) otherwise show a one-line row with its lines drawn over the next.
    Printed, the sheet is landscape with its header row on every page; `fit_width` prints
    every column on the page's width (a sheet of a few columns)."""
    widths = [len(h) for h in headers]
    for values in rows:
        for i, value in enumerate(values):
            if isinstance(value, datetime):
                width = 19
            elif value is None or value == "":
                continue
            else:
                width = max(len(line) for line in str(value).split("\n"))
            if width > widths[i]:
                widths[i] = width
    for i, header in enumerate(headers):
        width = WRAPPED if header in wrapped else min(max(widths[i] + 2, 8), 40)
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    if fit_width:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0

    styles = {}  # (font, fill, alignment, number format) -> a cell styled so, to copy

    def cell(value, *, font=None, fill=None, alignment=None, number_format=None):
        made = WriteOnlyCell(sheet, value)
        key = (id(font), id(fill), id(alignment), number_format)  # the module's constants
        model = styles.get(key)
        if model is None:
            model = styles[key] = WriteOnlyCell(sheet)
            if font:
                model.font, model.fill = font, fill
            if alignment:
                model.alignment = alignment
            if number_format:
                model.number_format = number_format
        # openpyxl registers a style each time one is set, which costs more than the rest
        # of a cell: a log of 20,000 rows takes its styles from one model cell per style
        made._style = copy(model._style)
        return made

    sheet.append([cell(h, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_WRAP)
                  for h in headers])
    wrap = {i for i, header in enumerate(headers) if header in wrapped}
    for number, values in enumerate(rows, 2):
        lines = max((_lines(values[i], WRAPPED) for i in wrap if values[i]), default=1)
        # a row of several lines reads from its top: each cell beside the long text too
        top = None
        if lines > 1:
            sheet.row_dimensions[number].height = LINE_HEIGHT * lines
            top = _TOP
        out = []
        for i, value in enumerate(values):
            if isinstance(value, str):
                # neutralized: no string starts with "=", so none becomes a formula ("f")
                value = _text(value)
                if i in wrap:
                    value = cell(value, alignment=_WRAP)
                elif top:
                    value = cell(value, alignment=top)
            elif isinstance(value, datetime):
                value = cell(value, number_format=TIME_FORMAT, alignment=top)
            elif isinstance(value, date):
                value = cell(value, number_format=DATE_FORMAT, alignment=top)
            elif top and value is not None:
                value = cell(value, alignment=top)
            out.append(value)
        sheet.append(out)
