"""The record as files: one entry per format, used by the download routes and the CLI."""
import json

from live.record import archive
from live.record.exports import csv, docx, report, xlsx
from live.record.view import build_record
from models import Forum


def _json(forum: Forum) -> bytes:
    return json.dumps(archive.dump(forum), ensure_ascii=False, indent=1).encode()


def _with_record(export):
    def render(forum: Forum) -> bytes:
        return export.render(forum, build_record(forum))

    return render


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: format -> (render(forum) -> bytes, mimetype); "report" is the report to the Department of
#: Education (live/record/exports/report.py), a DOCX like the minutes
FORMATS = {
    "json": (_json, "application/json"),
    "docx": (_with_record(docx), DOCX),
    "xlsx": (_with_record(xlsx),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (_with_record(csv), "text/csv; charset=utf-8"),
    "report": (_with_record(report), DOCX),
}


def render(forum: Forum, fmt: str) -> bytes:
    """The file in Vietnamese whatever the language of the page it was asked from: the minutes,
    the report and the spreadsheets are the forum's official record."""
    from flask import has_app_context
    from flask_babel import force_locale

    if not has_app_context():
        return FORMATS[fmt][0](forum)
    with force_locale("vi"):
        return FORMATS[fmt][0](forum)


def mimetype(fmt: str) -> str:
    return FORMATS[fmt][1]
