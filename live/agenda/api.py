"""The agenda in the JSON API, for staff who run it ("agenda.run"): the next item, a jump to
one, and the speaker's countdown.

POST /api/f/<code>/agenda/next, POST /api/f/<code>/agenda/<position>/start: answer the hall's
snapshot. POST /api/f/<code>/timers/speaker {"seconds": 180} starts the speaker's countdown
(again from the top if it runs), {"seconds": 0} stops it: answers the countdowns."""
from flask import abort, jsonify
from flask_babel import gettext
from sqlalchemy import select

from live.accounts.auth import api_requires
from live.agenda import running, timers
from live.core.errors import InputError
from live.screens.broadcast import announce
from live.screens.snapshot import snapshot
from live.web import commit, concurrent, fits, forum_or_404
from live.web.api import bp, json_body
from models import AgendaItem, db


@bp.post("/f/<code>/agenda/next")
@api_requires("agenda.run")
def agenda_next(code):
    forum = forum_or_404(code)
    running.next_item(forum)
    commit()
    announce(forum)
    return jsonify(snapshot(forum))


@bp.post("/f/<code>/agenda/<int:position>/start")
@api_requires("agenda.run")
def agenda_start(code, position):
    forum = forum_or_404(code)
    item = db.session.scalar(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.position == position)
    ) if fits(position) else None
    if item is None:
        abort(404, description=gettext("Chương trình không có mục %(n)s.", n=position))
    # two consoles that start an item in the same instant: the index keeps one current item
    with concurrent(gettext("Mục khác vừa được bắt đầu cùng lúc. Vui lòng thử lại.")):
        running.start(forum, item)
    commit()
    announce(forum)
    return jsonify(snapshot(forum))


@bp.post("/f/<code>/timers/speaker")
@api_requires("agenda.run")
def speaker(code):
    forum = forum_or_404(code)
    data = json_body()
    if "seconds" not in data:
        raise InputError(gettext('Gửi {"seconds": số giây} để bấm giờ, {"seconds": 0} để dừng.'),
                         "seconds")
    if timers.set_speaker(forum, data["seconds"]):
        commit()
        announce(forum)
    return jsonify(timers.snapshot(forum))
