"""The record for staff: what happened, when, and by whom; and its downloads."""
from flask import Blueprint, Response, abort, render_template

from live import record_files
from live.auth import staff_page
from live.record_view import build_record
from live.routes import forum_or_404

bp = Blueprint("record", __name__)


@bp.get("/f/<code>/record")
@staff_page
def page(code):
    forum = forum_or_404(code)
    return render_template("record/page.html", forum=forum, record=build_record(forum))


@bp.get("/f/<code>/record.<fmt>")
@staff_page
def download(code, fmt):
    if fmt not in record_files.FORMATS:
        abort(404)
    forum = forum_or_404(code)
    return Response(
        record_files.render(forum, fmt), mimetype=record_files.mimetype(fmt),
        headers={"Content-Disposition": f'attachment; filename="{forum.code}-record.{fmt}"'},
    )
