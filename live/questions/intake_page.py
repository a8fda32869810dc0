"""Staff intake: letters from the suggestion boxes, hotline calls and spoken floor questions,
typed one by one on a fast form, or taken in from a spreadsheet."""
import re
import secrets
from datetime import date, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from live.accounts.auth import page_requires
from live.core.errors import InputError
from live.core.formatting import VIETNAM
from live.questions import importing, intake
from live.screens.broadcast import announce
from live.web import commit, forum_or_404
from models import Channel, Forum, Question, db

bp = Blueprint("intake", __name__)

#: the channels staff type, in the order of the Alt+1/2/3 shortcuts
CHANNELS = (Channel.SUGGESTION_BOX.value, Channel.HOTLINE.value, Channel.FLOOR.value)
RECENT = 20
FIELDS = ("channel", "received_on", "name", "affiliation", "contact_phone", "text")


def today() -> date:
    return datetime.now(VIETNAM).date()


def new_client_key() -> str:
    """One per form shown: a second press of the button finds the question the first made."""
    return "intake-" + secrets.token_urlsafe(18)


@bp.app_template_filter("masked_phone")
def masked_phone(value: str | None) -> str:
    """"0912 345 789" -> "09x xxx x789": enough for staff to tell numbers apart."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 6:
        return "x" * len(digits)
    masked = digits[:2] + "x" * (len(digits) - 5) + digits[-3:]
    return " ".join(part for part in (masked[:3], masked[3:6], masked[6:]) if part)


def recent(forum: Forum) -> list[Question]:
    return list(db.session.scalars(
        select(Question)
        .where(Question.forum_id == forum.id, Question.channel.in_(CHANNELS))
        .order_by(Question.id.desc()).limit(RECENT)
    ))


def render_page(forum: Forum, form: dict, error: InputError | None = None, status: int = 200):
    return render_template(
        "questions/intake/page.html", forum=forum, form=form, error=error, channels=CHANNELS,
        recent=recent(forum), max_text=intake.MAX_TEXT, max_rows=importing.MAX_ROWS,
    ), status


@bp.before_request
def _upload_limit():
    # The app takes 64 KB bodies; a spreadsheet of letters needs more, on this route only.
    if request.endpoint == "intake.import_file":
        request.max_content_length = importing.MAX_BYTES + 64 * 1024


@bp.get("/f/<code>/intake")
@page_requires("intake.enter")
def page(code):
    forum = forum_or_404(code)
    channel = request.args.get("channel")
    form = {
        "channel": channel if channel in CHANNELS else CHANNELS[0],
        "received_on": request.args.get("received_on") or today().isoformat(),
        "client_key": new_client_key(),
    }
    return render_page(forum, form)


@bp.post("/f/<code>/intake")
@page_requires("intake.enter", check_csrf=True)
def add(code):
    """One letter, call or floor question; back to an empty form with the same channel and
    date, or the same form with the message when something is wrong."""
    forum = forum_or_404(code)
    form = {key: request.form.get(key, "") for key in (*FIELDS, "client_key")}
    data = {**form, "client_key": form["client_key"] or None}
    try:
        received = importing.parse_date(form["received_on"])
        data["received_on"] = received.isoformat() if received else None
        question, created = intake.submit(forum, data, staff=True)
        if created:
            commit()
    except InputError as error:
        db.session.rollback()
        return render_page(forum, form, error, 400)
    if created:
        announce(forum, question)
        flash(gettext("Đã thêm ý kiến #%(id)s.", id=question.id))
    else:
        flash(gettext("Ý kiến này đã được thêm trước đó (#%(id)s), không thêm lại.",
                      id=question.id))
    return redirect(url_for("intake.page", code=forum.code, channel=form["channel"],
                            received_on=data["received_on"]), 303)


@bp.post("/f/<code>/intake/import")
@page_requires("intake.enter", check_csrf=True)
def import_file(code):
    """A CSV or XLSX of letters and calls: good rows are added, the others said why."""
    forum = forum_or_404(code)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(gettext("Vui lòng chọn tệp CSV hoặc Excel (.xlsx) để nhập."))
        return redirect(url_for("intake.page", code=forum.code), 303)
    try:
        report = importing.import_file(forum, upload.read(), upload.filename)
    except importing.ImportFileError as error:
        db.session.rollback()
        flash(gettext("Không nhập được tệp “%(name)s”: %(reason)s", name=upload.filename,
                      reason=error.message))
        return redirect(url_for("intake.page", code=forum.code), 303)
    commit()
    if report.added:
        announce(forum)
    return render_template("questions/intake/report.html", forum=forum, report=report)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    code = (request.view_args or {}).get("code")
    if request.endpoint != "intake.import_file" or not code:
        return render_template("error.html", code=413,
                               message=gettext("Nội dung gửi lên quá lớn.")), 413
    flash(gettext("Tệp quá lớn: tối đa %(n)s MB.", n=importing.MAX_BYTES // (1024 * 1024)))
    return redirect(url_for("intake.page", code=code), 303)
