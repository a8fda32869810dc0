"""The agenda set up before the day (admin, permission "forum.setup"): items added one by one
or copied from the plan's template, edited, moved and removed. Running it on the day is
live/agenda/running.py.

An item that has started is in the record (and the minutes) by its number: it keeps that number,
and is never removed. Each operation checks what a person typed, changes the items, flushes and
appends a record entry; the route (live/forums/admin.py) commits once and then announces."""
from collections.abc import Mapping

from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from live import record
from live.core.errors import Conflict, InputError
from live.core.labels import N_
from live.core.text import clean
from live.forums import ordering
from live.forums.forms import diff, own
from live.seed import AGENDA as TEMPLATE_AGENDA
from models import AgendaItem, Forum, Question, RecordEntry, db

#: what a move says when the item is already first or last (live/forums/ordering.py `step`)
_ENDS = {"up": N_("Mục %(n)s đã ở đầu danh sách."),
         "down": N_("Mục %(n)s đã ở cuối danh sách.")}


def agenda_values(values: Mapping) -> dict:
    """An item's title, planned minutes and presenter from the setup's form, checked."""
    title = clean(values.get("title"))
    if not title:
        raise InputError(gettext("Vui lòng nhập tên mục chương trình."), "title")
    if len(title) > 500:
        raise InputError(gettext("Tên mục chương trình: tối đa %(n)s ký tự.", n=500), "title")
    minutes = clean(values.get("planned_minutes"))
    if minutes:
        try:
            minutes = int(minutes)
        except ValueError:
            raise InputError(gettext("Thời lượng dự kiến là số phút (số nguyên)."),
                             "planned_minutes") from None
        if not 1 <= minutes <= 600:
            raise InputError(gettext("Thời lượng dự kiến từ %(min)s đến %(max)s phút.", min=1,
                                     max=600), "planned_minutes")
    presenter = clean(values.get("presenter"))
    if len(presenter) > 300:
        raise InputError(gettext("Người trình bày: tối đa %(n)s ký tự.", n=300), "presenter")
    return {"title": title, "planned_minutes": minutes or None, "presenter": presenter or None}


def _renumber(order: list[AgendaItem]) -> None:
    """Give the items positions 1..n in `order`. An item that has started keeps its number:
    the record (and the minutes) name it by that number."""
    for item, _ in ordering.changes(order):
        if item.started_at is not None:
            raise Conflict(gettext("Mục %(n)s “%(title)s” đã bắt đầu và đã vào biên bản với số "
                                   "thứ tự này; không thể đổi thứ tự.", n=item.position,
                                   title=item.title))
    ordering.renumber(order)


def add_item(forum: Forum, values: Mapping, by=None) -> AgendaItem:
    """A new item at the end of the agenda."""
    data = agenda_values(values)
    position = max((item.position for item in forum.agenda), default=0) + 1
    item = AgendaItem(position=position, **data)
    forum.agenda.append(item)
    db.session.flush()
    # The entry names the item by id in its data, not by foreign key, so that a pending item
    # can still be removed later.
    record.log(forum, "agenda.add", by, item_id=item.id, position=position, **data)
    return item


def use_template_agenda(forum: Forum, by=None) -> list[AgendaItem]:
    """The 11 items of the plan's section 4.5, as the demo forum carries them; only into an
    empty agenda."""
    if forum.agenda:
        raise Conflict(ngettext("Chương trình đã có %(num)s mục; chương trình mẫu chỉ dùng cho "
                                "chương trình còn trống.",
                                "Chương trình đã có %(num)s mục; chương trình mẫu chỉ dùng cho "
                                "chương trình còn trống.", len(forum.agenda)))
    items = [AgendaItem(position=i, title=title) for i, title in enumerate(TEMPLATE_AGENDA, 1)]
    forum.agenda.extend(items)
    db.session.flush()
    record.log(forum, "agenda.template", by, count=len(items),
               titles=[item.title for item in items])
    return items


def update_item(forum: Forum, item: AgendaItem, values: Mapping, by=None) -> list[str]:
    """Change an item (a started one too: its name may be corrected); returns the fields that
    changed (none: nothing is recorded)."""
    own(forum, item)
    before, after = diff(item, agenda_values(values))
    if not after:
        return []
    db.session.flush()
    record.log(forum, "agenda.update", by, item_id=item.id, position=item.position,
               before=before, after=after)
    return list(after)


def move_item(forum: Forum, item: AgendaItem, direction: str, by=None) -> None:
    """One place "up" or "down"; refused when that renumbers an item that has started."""
    own(forum, item)
    before = item.position
    _renumber(ordering.step(forum.agenda, item, direction, _ENDS, n=item.position))
    record.log(forum, "agenda.move", by, item_id=item.id, title=item.title,
               **{"from": before, "to": item.position})
    db.session.expire(forum, ["agenda"])  # the relationship's order follows the new positions


def remove_item(forum: Forum, item: AgendaItem, by=None) -> None:
    """Remove an item that has not started; the items after it move up one place."""
    own(forum, item)
    if item.started_at is not None:
        raise Conflict(gettext("Mục %(n)s “%(title)s” đã bắt đầu nên đã có trong biên bản; "
                               "không thể xóa. Có thể sửa tên mục nếu cần.", n=item.position,
                               title=item.title))
    used = db.session.scalar(select(func.count()).select_from(RecordEntry).where(
        RecordEntry.agenda_item_id == item.id)) or db.session.scalar(
        select(func.count()).select_from(Question).where(Question.agenda_item_id == item.id))
    if used:
        raise Conflict(gettext("Mục %(n)s đã có trong biên bản (có sự kiện hoặc câu hỏi gắn với "
                               "mục này); không thể xóa.", n=item.position))
    rest = [other for other in forum.agenda if other is not item]
    later_started = [o for o in rest if o.position > item.position and o.started_at is not None]
    if later_started:
        raise Conflict(gettext("Không thể xóa mục %(n)s: mục %(later)s sau nó đã bắt đầu và giữ "
                               "số thứ tự trong biên bản.", n=item.position,
                               later=later_started[0].position))
    position, title = item.position, item.title
    forum.agenda.remove(item)
    db.session.flush()
    _renumber(rest)
    record.log(forum, "agenda.remove", by, item_id=item.id, position=position, title=title)
