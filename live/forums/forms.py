"""What the setup's operations share (live/forums/facts.py, live/agenda/items.py,
live/forums/assignees.py, live/forums/topics.py): the check that a thing named in a URL belongs
to the forum, and a change written field by field with its before and after for the record."""
from datetime import date

from flask_babel import gettext

from live.core.errors import Conflict


def own(forum, thing) -> None:
    """Refuse a thing (agenda item, assignee, topic) of another forum."""
    if thing.forum_id != forum.id:
        raise Conflict(gettext("Mục này không thuộc diễn đàn."))


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def diff(obj, data: dict) -> tuple[dict, dict]:
    """Set what changed on obj; return (before, after) of the changed fields, for the record."""
    before, after = {}, {}
    for key, value in data.items():
        old = getattr(obj, key)
        if old != value:
            before[key], after[key] = _jsonable(old), _jsonable(value)
            setattr(obj, key, value)
    return before, after
