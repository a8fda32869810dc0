"""Running the agenda: the moderator moves to the next item or jumps to one. Real start and
end times go on the item and into the record."""
from flask_babel import gettext

from live import record
from live.errors import Conflict
from models import AgendaItem, Forum, db, utcnow


def start(forum: Forum, item: AgendaItem, by=None) -> None:
    if item.forum_id != forum.id:
        raise Conflict(gettext("Mục này không thuộc diễn đàn."))
    current = forum.current_item
    if current is item:
        raise Conflict(gettext("Mục %(n)s đang diễn ra.", n=item.position))
    now = utcnow()
    if current is not None:
        current.end(now)
        record.log(forum, "agenda.end", by, item=current, position=current.position)
        db.session.flush()  # one current item per forum: the old one ends first
    restarted = item.started_at is not None
    item.start(now)
    record.log(forum, "agenda.start", by, item=item, position=item.position, title=item.title,
               restarted=restarted)


def next_item(forum: Forum, by=None) -> AgendaItem | None:
    """End the current item and start the one after it. After the last item, just end it.
    Returns the item now current, or None when the agenda is over."""
    current = forum.current_item
    if current is None:
        # Between items: go on after the one that ended last (or from the top).
        ended = [item for item in forum.agenda if item.ended_at is not None]
        last = max(ended, key=lambda item: item.ended_at).position if ended else 0
        following = [item for item in forum.agenda if item.position > last]
        if not following:
            raise Conflict(gettext("Chương trình đã kết thúc; chọn một mục cụ thể để mở lại."))
        start(forum, following[0], by)
        return following[0]
    later = [item for item in forum.agenda if item.position > current.position]
    if not later:
        current.end()
        record.log(forum, "agenda.end", by, item=current, position=current.position)
        return None
    start(forum, later[0], by)
    return later[0]
