"""The request boundary: the blueprints registered (each beside its domain), the forum of a URL
loaded, errors answered as pages or, under /api/, as JSON."""
import re

from flask import Flask, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from live.core.labels import N_
from models import Forum, db


def forum_or_404(code: str) -> Forum:
    forum = db.session.scalar(select(Forum).where(Forum.code == code))
    if forum is None:
        abort(404, description=gettext(
            "Không tìm thấy diễn đàn với mã này. Vui lòng kiểm tra lại đường dẫn."))
    return forum


def json_errors(bp) -> None:
    """The JSON answers of a staff API blueprint's errors (timers, hall-only mode): a person's
    bad input is a 400 naming its field, an HTTP error carries its message (a 405 its `Allow`).
    A route of the blueprint outside /api/ (an image) gets the message as plain text."""
    from live.core.errors import InputError

    @bp.errorhandler(InputError)
    def _bad_input(error: InputError):
        db.session.rollback()
        return jsonify(error=error.message, field=error.field), 400

    @bp.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        ours = error.description != type(error).description  # a message of ours, from abort()
        if not ours and error.code in ERROR_MESSAGES:
            message = gettext(ERROR_MESSAGES[error.code])  # message ids: translated when shown
        else:
            message = error.description
        if error.code == 400 and "CSRF" in (error.description or ""):
            message = gettext("Thiếu hoặc sai mã CSRF (X-CSRFToken). Tải lại trang rồi thử lại.")
        if not request.path.startswith("/api/"):
            return message, error.code, {"Content-Type": "text/plain; charset=utf-8"}
        return jsonify(error=message), error.code, error_headers(error)


def init_app(app: Flask) -> None:
    from live.accounts import admin as accounts_admin
    from live.accounts import views as accounts
    from live.agenda import timers_api
    from live.forums import admin, hall_api
    from live.questions import console, intake_page, phone, unit
    from live.record import pages as record
    from live.screens import projector, stage
    from live.web import api

    for module in (accounts, phone, projector, console, record, intake_page, admin, unit, api,
                   timers_api, stage, hall_api, accounts_admin):
        app.register_blueprint(module.bp)

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
        ours = error.description != type(error).description
        message = error.description if ours else ERROR_MESSAGES.get(error.code)
        if isinstance(error, CSRFError):
            # Flask-WTF's own words are English and technical; a page left open too long
            message = STALE_FORM
            ours = False
        if not ours and message:
            message = gettext(message)
        if request.path.startswith("/api/"):
            unknown_action = _UNKNOWN_ACTION.match(request.path)
            if error.code == 404 and unknown_action:  # the route takes only the actions there are
                message = gettext("Thao tác không tồn tại: %(action)s.",
                                  action=unknown_action[1][:60])
            return jsonify(error=message or error.name), error.code, error_headers(error)
        return (render_template("error.html", code=error.code, message=message), error.code,
                error_headers(error))


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
#: a form posted without its CSRF token, or with one from an expired session
STALE_FORM = N_("Trang này đã mở quá lâu hoặc phiên làm việc đã hết hạn. Vui lòng tải lại trang "
                "rồi thử lại.")
