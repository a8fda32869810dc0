"""The JSON API's blueprint (CONTRACT.md, "JSON API"; described in full at /api/openapi.json):
what every call passes through before its view, and the two routes of no one domain.

The views live beside their domains and attach to `bp`: live/questions/api.py (questions, the
queue, upvotes), live/agenda/api.py (the agenda and the speaker's countdown),
live/forums/api.py (the phase, hall-only mode). Errors are answered once for all of them
(live/web/__init__.py); a view loads its forum with `forum_or_404`, a row of it with
`row_or_404`, and commits with `commit` (a concurrent change is a 409)."""
import re

from flask import Blueprint, jsonify, request
from flask_babel import gettext

from live.core.errors import InputError
from live.core.extensions import csrf
from live.screens.snapshot import snapshot
from live.web import forum_or_404
from live.web.openapi import spec, unknown_field

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)  # staff calls are checked in `api_requires`; public calls carry no privilege

#: a lone UTF-16 surrogate: JSON may spell one ("\ud800"), no database can store it
_SURROGATE = re.compile("[\ud800-\udfff]")


@bp.before_request
def _usable_request():
    """Refuse what the database could not hold or Python could not read: JSON nested past
    Python's recursion limit, a lone surrogate in a string, a field the operation does not
    describe. (NUL in the path: live/web/__init__.py.)"""
    if request.method == "POST" and request.is_json:
        try:
            data = request.get_json(silent=True)  # cached for the view
        except RecursionError:
            raise InputError(gettext("Dữ liệu JSON lồng nhau quá sâu.")) from None
        if _has_surrogate(data):
            raise InputError(gettext("Dữ liệu gửi lên chứa ký tự không hợp lệ."))
        refuse_unknown_fields(data)


def refuse_unknown_fields(data) -> None:
    """A body names only the fields its operation describes (a typo is told, not ignored)."""
    field = unknown_field(request.method, request.path, data)
    if field is not None:
        raise InputError(gettext("Trường “%(field)s” không có trong thao tác này (xem "
                                 "/api/openapi.json).", field=field[:60]), field[:60])


def _has_surrogate(data) -> bool:
    found = [data]
    while found:
        value = found.pop()
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            found.extend(value)
            found.extend(value.values())
        elif isinstance(value, list):
            found.extend(value)
    return False


def json_body() -> dict:
    """The request's JSON object ({} when the body is empty); a 400 for anything else."""
    data = request.get_json(silent=True)
    if data is None and request.content_length:
        raise InputError(gettext("Dữ liệu gửi lên phải là JSON hợp lệ "
                                 "(Content-Type: application/json)."))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(gettext("Dữ liệu gửi lên phải là một đối tượng JSON."))
    return data


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.get("/f/<code>/state")
def state(code):
    return jsonify(snapshot(forum_or_404(code)))
