"""The big screen in the hall. Public: it shows only what the hall sees."""
from flask import Blueprint, render_template

from live.projector import snapshot
from live.routes import forum_or_404
from models import utcnow

bp = Blueprint("projector", __name__)


@bp.get("/f/<code>/screen")
def screen(code):
    forum = forum_or_404(code)
    # The server's clock goes along: the hall PC (often offline, so never set right) counts
    # the countdowns from it, not from its own.
    return render_template("projector/screen.html", forum=forum, state=snapshot(forum),
                           now=utcnow().isoformat())
