"""The record for staff: what happened, when, and by whom; and its exports."""
from flask import Blueprint, jsonify, render_template

from live.auth import staff_page
from live.record_view import build_record
from live.routes import forum_or_404

bp = Blueprint("record", __name__)


@bp.get("/f/<code>/record")
@staff_page
def page(code):
    forum = forum_or_404(code)
    return render_template("record/page.html", forum=forum, record=build_record(forum))


@bp.get("/f/<code>/record.json")
@staff_page
def as_json(code):
    forum = forum_or_404(code)
    response = jsonify(build_record(forum, for_json=True))
    response.headers["Content-Disposition"] = f'attachment; filename="{forum.code}-record.json"'
    return response
