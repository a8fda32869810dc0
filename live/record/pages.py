"""The record for staff: what happened, when, and by whom; and its downloads."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from flask_login import current_user

from live.accounts.auth import page_requires
from live.core.errors import IllegalTransition, InputError, Refused, message_of
from live.core.labels import localize
from live.forums import phases as forums
from live.questions import followups as followups_of, moves as questions
from live.questions.followups import is_overdue, open_commitments, today
from live.record import files as record_files
from live.record.view import build_record
from live.screens.broadcast import announce
from live.web import commit, forum_or_404, row_or_404
from models import Question, db

bp = Blueprint("record", __name__)

#: what `/f/<code>/record.<fmt>` serves; the report has its own address (`report.docx`)
RECORD_FORMATS = ("docx", "xlsx", "csv", "json")


@bp.get("/f/<code>/record")
@page_requires("record.view")
def page(code):
    from live.record.exports import charts

    forum = forum_or_404(code)
    record = build_record(forum)
    shown = {name: gettext(title) for name, title in charts.CHARTS.items()
             if charts.data(record, name)}
    return render_template("record/page.html", forum=forum, record=record, charts=shown,
                           today=today())


@bp.get("/f/<code>/record.<fmt>")
@page_requires("record.view")
def download(code, fmt):
    if fmt not in RECORD_FORMATS:
        abort(404)
    forum = forum_or_404(code)
    return Response(
        record_files.render(forum, fmt), mimetype=record_files.mimetype(fmt),
        headers={"Content-Disposition": f'attachment; filename="{forum.code}-record.{fmt}"'},
    )


@bp.get("/f/<code>/report.docx")
@page_requires("record.view")
def report(code):
    """The report to the Department of Education (báo cáo), built from the record; staff
    write the assessment and the proposals into it."""
    forum = forum_or_404(code)
    return Response(
        record_files.render(forum, "report"), mimetype=record_files.mimetype("report"),
        headers={"Content-Disposition": f'attachment; filename="{forum.code}-report.docx"'},
    )


@bp.post("/f/<code>/record/attendance")
@page_requires("record.view", check_csrf=True)
def attendance(code):
    """Staff enter the head count for the minutes (a form)."""
    forum = forum_or_404(code)
    try:
        forums.set_attendance(forum, request.form.get("attendance", ""))
        commit()
        flash(gettext("Đã ghi số người tham dự: %(n)s.", n=forum.attendance))
    except InputError as error:
        db.session.rollback()
        flash(error.message)
    return redirect(url_for("record.page", code=forum.code))


@bp.get("/f/<code>/record/charts/<name>.<fmt>")
@page_requires("record.view")
def chart(code, name, fmt):
    """One of the record's charts, drawn on the server (PNG or SVG); 404 when it has no data.
    Drawn in the reader's language (the minutes draw them in Vietnamese); never cached, and
    it varies with the language cookie."""
    from live.record.exports import charts

    if name not in charts.CHARTS or fmt not in charts.FORMATS:
        abort(404)
    image = charts.chart(build_record(forum_or_404(code)), name, fmt, translate=localize)
    if image is None:
        abort(404)
    return Response(image, mimetype="image/svg+xml" if fmt == "svg" else "image/png",
                    headers={"Cache-Control": "no-store", "Vary": "Cookie"})


@bp.get("/f/<code>/followups")
@page_requires("record.view")
def followups(code):
    """What staff follow after the forum: what is overdue and what falls due in the next
    days, per unit; every open commitment; the written replies waiting for the moderator's
    check, and those published. It sends nothing by itself."""
    forum = forum_or_404(code)
    on = today()
    units = open_commitments(forum, on)
    checking, published = followups_of.written_replies(forum)
    return render_template(
        "record/followups.html", forum=forum, units=units,
        attention=followups_of.needing_attention(units, on), checking=checking,
        published=published, is_overdue=is_overdue, is_due_soon=followups_of.is_due_soon,
        today=on, soon_days=followups_of.SOON_DAYS,
        may_publish=current_user.can("question.moderate", forum))


@bp.post("/f/<code>/followups/<int:question_id>/reply")
@page_requires("question.answer", check_csrf=True)
def reply(code, question_id):
    """Staff record the written reply to a deferred question (a form). It is published only
    after a moderator's check (`publish` below)."""
    forum = forum_or_404(code)
    question = row_or_404(Question, forum, question_id)
    try:
        questions.answer(question, request.form.get("note"))
        commit()
    except (InputError, IllegalTransition) as error:
        db.session.rollback()
        flash(message_of(error))
        return redirect(url_for("record.followups", code=forum.code))
    announce(forum, question)
    flash(gettext("Đã ghi nhận trả lời bằng văn bản cho câu hỏi #%(id)s. Người điều hành kiểm "
                  "tra rồi bấm “Công bố” để đưa lên trang kết quả.", id=question.id))
    return redirect(url_for("record.followups", code=forum.code))


@bp.post("/f/<code>/followups/<int:question_id>/publish")
@page_requires("question.moderate", check_csrf=True)
def publish(code, question_id):
    """The moderator has checked a recorded written reply: the public may read it (a form)."""
    forum = forum_or_404(code)
    question = row_or_404(Question, forum, question_id)
    try:
        questions.publish(question)
        commit()
    except Refused as error:
        db.session.rollback()
        flash(message_of(error))
        return redirect(url_for("record.followups", code=forum.code, _anchor="checking"))
    announce(forum, question)
    flash(gettext("Đã công bố trả lời bằng văn bản của câu hỏi #%(id)s trên trang kết quả.",
                  id=question.id))
    return redirect(url_for("record.followups", code=forum.code, _anchor="checking"))
