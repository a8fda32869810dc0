"""A forum as a whole in the JSON API: its phase, and hall-only mode (live/forums/hall.py).

POST /api/f/<code>/phase {"phase"}: staff with "forum.phase" move the forum (draft, collecting,
live, closed). POST /api/f/<code>/settings {"hall_only": true|false}: staff who run the agenda
switch hall-only mode. GET /api/f/<code>/hall-pass: `{"url", "expires_at"}`, the attendee link
with the current pass, for staff or the projector opened with the forum's screen key (`?key=`);
the projector's QR of it is live/screens/projector.py's."""
from datetime import datetime, timezone

from flask import abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user

from live import record
from live.accounts.auth import allowed, api_requires
from live.core.addresses import base_url
from live.core.errors import InputError
from live.forums import hall, phases
from live.screens.broadcast import announce
from live.screens.snapshot import snapshot
from live.web import commit, forum_or_404
from live.web.api import bp, json_body
from models import Forum


@bp.post("/f/<code>/phase")
@api_requires("forum.phase")
def phase(code):
    """Move the forum to another phase (draft, collecting, live, closed)."""
    forum = forum_or_404(code)
    phases.set_phase(forum, json_body().get("phase"))
    commit()
    announce(forum)
    return jsonify(snapshot(forum))


@bp.post("/f/<code>/settings")
@api_requires("agenda.run")
def settings(code):
    forum = forum_or_404(code)
    data = json_body()
    if not isinstance(data.get("hall_only"), bool):
        raise InputError(gettext('Gửi {"hall_only": true} để chỉ nhận câu hỏi từ hội trường, '
                                 'hoặc {"hall_only": false} để tắt.'), "hall_only")
    if data["hall_only"] != forum.hall_only:
        record.log(forum, "forum.settings", before={"hall_only": forum.hall_only},
                   after={"hall_only": data["hall_only"]})
        forum.hall_only = data["hall_only"]
    if forum.hall_only:
        hall.screen_key(forum)
    commit()
    announce(forum)
    return jsonify(settings_of(forum))


def settings_of(forum: Forum) -> dict:
    """What staff see of the mode: the flag, and the projector's secret link when it is on."""
    body = {"hall_only": forum.hall_only, "screen_url": None}
    if forum.hall_only and forum.screen_key:
        body["screen_url"] = f"{base_url()}/f/{forum.code}/screen?key={forum.screen_key}"
    return body


def hall_link_or_403(forum: Forum):
    """Staff of the forum, or the projector with its key; else 401 (no credentials) or 403."""
    key = request.args.get("key")
    if key is not None and len(key) > 64:
        abort(400, description=gettext("Khóa màn hình chiếu không hợp lệ (quá dài)."))
    if not (allowed("queue.view", forum) or hall.opens_screen(forum, key)):
        if key is None and not current_user.is_authenticated:
            abort(401, description=gettext(
                "Cần đăng nhập bằng tài khoản cán bộ, hoặc mở từ màn hình chiếu của hội trường."))
        abort(403, description=gettext(
            "Chỉ cán bộ hoặc màn hình chiếu (mở bằng đường dẫn riêng) mới xem được mã vào "
            "hội trường."))
    token, expires = hall.current_pass(forum)
    url = f"{base_url()}/f/{forum.code}?{hall.PARAM}={token}"
    return url, datetime.fromtimestamp(expires, timezone.utc)


@bp.get("/f/<code>/hall-pass")
def hall_pass(code):
    url, expires = hall_link_or_403(forum_or_404(code))
    response = jsonify(url=url, expires_at=expires.isoformat())
    response.headers["Cache-Control"] = "no-store"
    return response
