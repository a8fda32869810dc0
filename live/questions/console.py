"""The moderator's console. The page is a shell; the queue comes over Socket.IO."""
from flask import Blueprint, render_template
from flask_login import current_user

from live.accounts.auth import page_requires
from live.questions.queue import queue_payload
from live.screens.snapshot import snapshot
from live.web import forum_or_404
from models import utcnow

bp = Blueprint("moderator", __name__)


@bp.get("/f/<code>/moderate")
@page_requires("queue.view")
def console(code):
    forum = forum_or_404(code)
    return render_template(
        "questions/console/console.html", forum=forum, state=snapshot(forum),
        queue=queue_payload(forum), assignees=[a.to_dict() for a in forum.assignees],
        topics=[t.to_dict() for t in forum.topics],
        # a secretary sees the queue and notes answers, but moderates nothing
        can_moderate=current_user.can("question.moderate", forum),
        can_answer=current_user.can("question.answer", forum),
        can_run_agenda=current_user.can("agenda.run", forum),
        can_phase=current_user.can("forum.phase", forum),
        # the server's clock: countdowns are counted from it, whatever this laptop's says
        now=utcnow().isoformat(),
    )
