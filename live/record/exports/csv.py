"""The questions as CSV for Excel: one row per question, the same columns as the XLSX sheet.

UTF-8 with a byte order mark, so Excel on Windows reads the Vietnamese text right; times are
Vietnam wall-clock times written as "YYYY-MM-DD HH:MM:SS", which Excel reads in any locale.
A cell that Excel would take for a formula (=, +, -, @, tab, CR first) starts with a single
quote instead (`live.record.exports.neutralize`).
"""
import csv
import io
from datetime import date, datetime

from live.record.exports import COLUMNS, neutralize, question_rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return neutralize(str(value))


def render(forum, record: dict) -> bytes:
    """The questions of `forum` as CSV bytes; `record` is `build_record(forum)`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for _, header in COLUMNS])
    for row in question_rows(forum, record):
        writer.writerow([_cell(row[key]) for key, _ in COLUMNS])
    return out.getvalue().encode("utf-8-sig")
