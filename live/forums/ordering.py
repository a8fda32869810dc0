"""The one way a forum's lists keep their order: agenda items (live/agenda/items.py), the
leaders and units who answer (live/forums/assignees.py) and topics (live/forums/topics.py) each
carry a `position`, shown 1..n, moved one place up or down and closed up after a removal.

`step` makes the new order (or says why the thing cannot move), `renumber` writes it; the
caller records the move and expires the forum's relationship, whose order follows the
positions. Nothing here commits."""
from flask_babel import gettext

from live.core.errors import Conflict, InputError
from models import db


def ordered(things: list) -> list:
    """`things` in their shown order; two with the same position (an old row) by id."""
    return sorted(things, key=lambda thing: (thing.position, thing.id))


def step(things: list, thing, direction: str, ends: dict[str, str], **names) -> list:
    """`things` (in order) with `thing` moved one place "up" or "down". `ends` holds the
    message ids for a thing already first ("up") or last ("down"), formatted with `names`."""
    if direction not in ("up", "down"):
        raise InputError(gettext("Hướng di chuyển là “up” hoặc “down”."), "direction")
    order = list(things)
    index = order.index(thing)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(order):
        raise Conflict(gettext(ends[direction], **names))
    order[index], order[target] = order[target], order[index]
    return order


def changes(order: list) -> list[tuple]:
    """(thing, new position) for each thing `renumber(order)` would move: for a caller that
    refuses some moves (an agenda item that has started keeps its number)."""
    return [(thing, n) for n, thing in enumerate(order, 1) if thing.position != n]


def renumber(order: list) -> None:
    """Give the things positions 1..n in `order`, and flush. A unique (forum, position), as
    the agenda has, holds at every statement: the moving things are parked out of the way
    first, at minus their id."""
    moving = changes(order)
    if not moving:
        return
    for thing, _ in moving:
        thing.position = -thing.id
    db.session.flush()
    for thing, n in moving:
        thing.position = n
    db.session.flush()
