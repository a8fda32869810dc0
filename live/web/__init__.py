"""The request boundary: the forum of a URL loaded once, a row of it or a 404, one commit or a
409, and every error answered once: as a page, or under /api/ as JSON `{"error"}`. It imports
nothing of the app but live/core/, so every blueprint may use it."""
import re
import threading
from contextlib import contextmanager

from flask import Flask, abort, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from live.core.errors import Conflict, InputError, message_of
from live.core.extensions import socketio
from live.core.labels import N_
from models import Forum, IllegalTransition, Refused, db


def forum_or_404(code: str) -> Forum:
    """The forum the URL names, loaded once per request: the permission check
    (live/accounts/auth.py) and the view share it. A 404 naming the code when there is none."""
    loaded = g.setdefault("forums", {})
    if code not in loaded:
        loaded[code] = db.session.scalar(select(Forum).where(Forum.code == code))
    if loaded[code] is None:
        abort(404, description=gettext(
            "Không tìm thấy diễn đàn với mã này. Vui lòng kiểm tra lại đường dẫn."))
    return loaded[code]


#: ids and positions are INTEGER columns (32 bits on PostgreSQL): a bigger number names no
#: row, and handed to the database it would be an error (a 500), not "not found"
_INTEGER = range(-2**31, 2**31)


def fits(value) -> bool:
    """Can `value` be an id or a position (an int the database's INTEGER holds)?"""
    return isinstance(value, int) and not isinstance(value, bool) and value in _INTEGER


def get(model, value):
    """The row of `model` with the id `value`, or None when `value` cannot be an id."""
    return db.session.get(model, value) if fits(value) else None


def row_or_404(model, forum: Forum, row_id, message: str | None = None):
    """The row of `model` with this id that belongs to `forum`; else a 404 (with `message`, by
    default "not found" for its kind). Every "this row of this forum" goes through here."""
    row = get(model, row_id)
    if row is None or row.forum_id != forum.id:
        abort(404, description=message or gettext(NOT_FOUND.get(model.__name__, NOT_FOUND[""])))
    return row


#: the 404 of a row that is not the forum's (message ids)
NOT_FOUND = {
    "Question": N_("Không tìm thấy câu hỏi."),
    "": N_("Không tìm thấy."),
}


@contextmanager
def concurrent(taken: str | None = None):
    """A change that a concurrent one beat (a stale version, a unique index that another
    request filled first) becomes a 409 with a message (`taken` for the index), not a 500;
    nothing of it is kept."""
    try:
        yield
    except StaleDataError:
        db.session.rollback()
        raise Conflict(gettext("Câu hỏi vừa được người khác thay đổi. Vui lòng xem lại rồi "
                               "thao tác lại.")) from None
    except IntegrityError:
        db.session.rollback()
        raise Conflict(taken or gettext("Thao tác trùng với thao tác của người khác vừa xong. "
                                        "Vui lòng thử lại.")) from None


def commit() -> None:
    """Commit the request's change once, else a 409 (`concurrent`). Every handler that changes
    something commits here, then announces."""
    with concurrent():
        db.session.commit()


#: requests (pages and API; not the Socket.IO connections, which Flask never sees) doing
#: their work at the same moment; the others wait their turn in arrival order. Under eventlet
#: a thousand questions sent at once otherwise all ran in one pass of the scheduler, 5 s of
#: work, and the pushes their commits made (the sockets' writers, scheduled for the next
#: pass) went out only after the last: the console and the hall saw a burst only at its end,
#: and a moderator's click during it waited for all of it (docs/benchmarks.md, issue 17).
ACTIVE_REQUESTS = 16


def init_app(app: Flask) -> None:
    if app.config["ASYNC_MODE"] in ("eventlet", "gevent"):  # threads have the OS's scheduler
        _take_turns(app, threading.BoundedSemaphore(
            app.config.get("ACTIVE_REQUESTS", ACTIVE_REQUESTS)))

    @app.get("/")
    def index():
        forums = db.session.scalars(select(Forum).order_by(Forum.id)).all()
        if len(forums) == 1:
            return redirect(url_for("attendee.page", code=forums[0].code))
        return render_template("index.html", forums=forums)

    @app.before_request
    def _no_nul_in_path():
        """PostgreSQL text holds no NUL character: a forum code or key with one names nothing,
        and handed to the database it would be an error (a 500)."""
        if any("\x00" in str(value) for value in (request.view_args or {}).values()):
            abort(404)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """A page in the reader's language (JSON under /api/) instead of Werkzeug's English
        one. A description of our own was translated where it was raised."""
        if request.path.startswith("/api/"):
            return api_error(error)
        ours = error.description != type(error).description
        message = error.description if ours else ERROR_MESSAGES.get(error.code)
        if isinstance(error, CSRFError):
            # Flask-WTF's own words are English and technical; a page left open too long
            message = STALE_FORM
            ours = False
        if not ours and message:
            message = gettext(message)
        return (render_template("error.html", code=error.code, message=message), error.code,
                error_headers(error))

    @app.errorhandler(InputError)
    @app.errorhandler(Conflict)
    @app.errorhandler(IllegalTransition)
    @app.errorhandler(Refused)
    def refused(error):
        """A refusal of the domain's, with its message: bad input 400 (naming its field), a
        phone outside the hall 403, a move the question's state or a concurrent change does
        not allow 409. Nothing of the request's change is kept."""
        db.session.rollback()
        status = getattr(error, "status", 409)
        if not request.path.startswith("/api/"):
            return render_template("error.html", code=status, message=message_of(error)), status
        if status == 400:
            return jsonify(error=message_of(error), field=error.field), status
        return jsonify(error=message_of(error)), status


def _take_turns(app: Flask, turns) -> None:
    @app.before_request
    def _take_a_turn():
        turns.acquire()
        g.turn = True
        # and let what is already waiting go first: the turns taken before this one, and the
        # pushes their commits scheduled (a burst's requests all start in one pass, so
        # without this each would run to its end before any socket was written to)
        socketio.sleep(0)

    @app.teardown_request
    def _give_the_turn_back(error=None):
        if g.pop("turn", False):
            turns.release()


def api_error(error: HTTPException):
    """An HTTP error under /api/ as JSON `{"error"}` in the reader's language (a 405 with its
    `Allow`): a message of ours, else the API's word for the code (`API_MESSAGES`)."""
    message = error.description
    ours = error.description != type(error).description  # a message of ours, from abort()
    if not ours and error.code in API_MESSAGES:
        message = gettext(API_MESSAGES[error.code])  # the API's word for it
    if isinstance(error, CSRFError):
        message = gettext("Thiếu hoặc sai mã CSRF (X-CSRFToken). Tải lại trang rồi thử lại.")
    unknown_action = _UNKNOWN_ACTION.match(request.path)
    if error.code == 404 and unknown_action and not ours:  # routing: no such action
        message = gettext("Thao tác không tồn tại: %(action)s.", action=unknown_action[1][:60])
    return jsonify(error=message), error.code, error_headers(error)


#: a question's action that is none of the API's (a 404 from routing, before any view)
_UNKNOWN_ACTION = re.compile(r"^/api/f/[^/]+/questions/[0-9]+/([^/]+)$")


def error_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers HTTP asks of an error (a 405's `Allow`, RFC 9110), without its HTML
    Content-Type: the answer is ours."""
    return [(name, value) for name, value in error.get_headers()
            if name.lower() != "content-type"]


#: what a person is told for an error without a message of our own; message ids, translated
#: where they are shown (`gettext(ERROR_MESSAGES[code])`)
ERROR_MESSAGES = {
    400: N_("Yêu cầu không hợp lệ. Vui lòng tải lại trang rồi thử lại."),
    403: N_("Tài khoản này không có quyền xem trang này."),
    404: N_("Không tìm thấy trang này. Vui lòng kiểm tra lại đường dẫn."),
    405: N_("Trang này không nhận kiểu yêu cầu đó."),
    413: N_("Nội dung gửi lên quá lớn."),
    500: N_("Máy chủ gặp lỗi. Vui lòng thử lại sau ít phút."),
}
#: what the API says for an HTTP error without a message of our own (message ids)
API_MESSAGES = {
    400: N_("Yêu cầu không hợp lệ."),
    403: N_("Tài khoản này không có quyền thực hiện thao tác này."),
    404: N_("Không tìm thấy."),
    405: N_("Phương thức không được hỗ trợ."),
    413: N_("Nội dung gửi lên quá lớn (tối đa 64 KB)."),
    500: N_("Máy chủ gặp lỗi. Vui lòng thử lại sau ít phút."),
}
#: a form posted without its CSRF token, or with one from an expired session
STALE_FORM = N_("Trang này đã mở quá lâu hoặc phiên làm việc đã hết hạn. Vui lòng tải lại trang "
                "rồi thử lại.")
