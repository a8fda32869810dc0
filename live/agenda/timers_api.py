"""The countdowns the console starts (live/agenda/timers.py): JSON for staff, under /api like the rest.

POST /api/f/<code>/timers/speaker {"seconds": 180} starts the speaker's countdown (again from
the top if it runs), {"seconds": 0} stops it. Needs "agenda.run"; a cookie session sends the
CSRF header, as for every staff call."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext

from live.accounts.auth import api_requires
from live.agenda import timers
from live.core.errors import InputError
from live.core.extensions import csrf
from live.screens.broadcast import announce
from live.web import forum_or_404, json_errors
from live.web.api import refuse_unknown_fields
from models import db

bp = Blueprint("timers", __name__, url_prefix="/api")
csrf.exempt(bp)  # checked in `api_requires`, which also lets bearer tokens through


json_errors(bp)


@bp.post("/f/<code>/timers/speaker")
@api_requires("agenda.run")
def speaker(code):
    forum = forum_or_404(code)
    data = request.get_json(silent=True)
    refuse_unknown_fields(data)
    if not isinstance(data, dict) or "seconds" not in data:
        raise InputError(gettext('Gửi {"seconds": số giây} để bấm giờ, {"seconds": 0} để dừng.'),
                         "seconds")
    if timers.set_speaker(forum, data["seconds"]):
        db.session.commit()
        announce(forum)
    return jsonify(timers.snapshot(forum))
