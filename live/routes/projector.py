"""The big screen in the hall. Public: it shows only what the hall sees."""
from flask import Blueprint, render_template

from live.projector import snapshot
from live.routes import forum_or_404

bp = Blueprint("projector", __name__)


@bp.get("/f/<code>/screen")
def screen(code):
    forum = forum_or_404(code)
    return render_template("projector/screen.html", forum=forum, state=snapshot(forum))
