"""Running the agenda: the moderator moves to the next item or jumps to one. Real start and
end times go on the item and into the record."""
from flask_babel import gettext

from live import record
from live.core.errors import Conflict
from models import AgendaItem, Forum, db, utcnow


def end_current(forum: Forum, by=None, at=None) -> AgendaItem | None:
    """End the item under way (at `at`, else now), recorded; returns it, or None if none was."""
    current = forum.current_item
    if current is None:
        return None
    at = at or utcnow()
    current.end(at)
    record.log(forum, "agenda.end", by, item=current, at=at, position=current.position)
    db.session.flush()  # one current item per forum: the old one ends first
    return current


def start(forum: Forum, item: AgendaItem, by=None) -> None:
    if item.forum_id != forum.id:
        raise Conflict(gettext("Mục này không thuộc diễn đàn."))
    if forum.current_item is item:
        raise Conflict(gettext("Mục %(n)s đang diễn ra.", n=item.position))
    now = utcnow()
    end_current(forum, by, now)
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
        end_current(forum, by)
        return None
    start(forum, later[0], by)
    return later[0]
