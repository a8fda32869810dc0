"""The big screen in the hall. Public: it shows only what the hall sees."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext

from live.accounts.auth import is_staff
from live.core import qr
from live.forums import hall
from live.forums.api import hall_link_or_403
from live.screens.snapshot import snapshot
from live.web import forum_or_404
from models import utcnow

bp = Blueprint("projector", __name__)


@bp.get("/f/<code>/screen")
def screen(code):
    forum = forum_or_404(code)
    key = request.args.get("key")
    if forum.hall_only and not (is_staff(forum) or hall.opens_screen(forum, key)):
        # its QR carries the hall's pass: only the hall's screen may show it
        abort(403, description=gettext(
            "Diễn đàn đang ở chế độ chỉ nhận câu hỏi từ hội trường: mở màn hình chiếu bằng "
            "đường dẫn riêng hiện trên bảng điều hành, hoặc đăng nhập tài khoản cán bộ."))
    # The server's clock goes along: the hall PC (often offline, so never set right) counts
    # the countdowns from it, not from its own.
    return render_template("screens/projector.html", forum=forum, state=snapshot(forum),
                           now=utcnow().isoformat(),
                           screen_key=key if hall.opens_screen(forum, key) else None)


@bp.get("/f/<code>/hall-qr.svg")
def hall_qr(code):
    """The QR of the attendee link with the hall's current pass, for the projector opened with
    its screen key, or staff (never cached: the pass changes every two minutes)."""
    url, _ = hall_link_or_403(forum_or_404(code))
    return Response(qr.svg(url), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
