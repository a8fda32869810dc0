"""Hall-only mode (live/forums/hall.py), for staff and the projector, under /api like the rest.

POST /api/f/<code>/settings {"hall_only": true|false}: staff who run the agenda switch it.
GET /api/f/<code>/hall-pass: `{"url", "expires_at"}`, the attendee link with the current pass,
for staff or the projector opened with the forum's screen key (`?key=`).
GET /f/<code>/hall-qr.svg: the QR of that link, for the same callers (never cached)."""
from datetime import datetime, timezone

from flask import Blueprint, Response, abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user

from live import record
from live.accounts.auth import allowed, api_requires
from live.core import qr
from live.core.addresses import base_url
from live.core.errors import InputError
from live.core.extensions import csrf
from live.forums import hall
from live.screens.broadcast import announce
from live.web import forum_or_404, json_errors
from live.web.api import refuse_unknown_fields
from models import Forum, db

bp = Blueprint("hall", __name__)
csrf.exempt(bp)  # checked in `api_requires`, which also lets bearer tokens through


json_errors(bp)


@bp.post("/api/f/<code>/settings")
@api_requires("agenda.run")
def settings(code):
    forum = forum_or_404(code)
    data = request.get_json(silent=True)
    refuse_unknown_fields(data)
    if not isinstance(data, dict) or not isinstance(data.get("hall_only"), bool):
        raise InputError(gettext('Gửi {"hall_only": true} để chỉ nhận câu hỏi từ hội trường, '
                                 'hoặc {"hall_only": false} để tắt.'), "hall_only")
    if data["hall_only"] != forum.hall_only:
        record.log(forum, "forum.settings", before={"hall_only": forum.hall_only},
                   after={"hall_only": data["hall_only"]})
        forum.hall_only = data["hall_only"]
    if forum.hall_only:
        hall.screen_key(forum)
    db.session.commit()
    announce(forum)
    return jsonify(settings_of(forum))


def settings_of(forum: Forum) -> dict:
    """What staff see of the mode: the flag, and the projector's secret link when it is on."""
    body = {"hall_only": forum.hall_only, "screen_url": None}
    if forum.hall_only and forum.screen_key:
        body["screen_url"] = f"{base_url()}/f/{forum.code}/screen?key={forum.screen_key}"
    return body


def _pass_or_403(forum: Forum):
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


@bp.get("/api/f/<code>/hall-pass")
def hall_pass(code):
    url, expires = _pass_or_403(forum_or_404(code))
    response = jsonify(url=url, expires_at=expires.isoformat())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/f/<code>/hall-qr.svg")
def hall_qr(code):
    url, _ = _pass_or_403(forum_or_404(code))
    return Response(qr.svg(url), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
