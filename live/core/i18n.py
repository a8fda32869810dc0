"""Two languages with Flask-Babel: Vietnamese by default, English by a switch that remembers.

The source language is Vietnamese: a message id is the Vietnamese text itself, so a page in
Vietnamese needs no catalog and can never show a half-translated string; English lives in
`live/translations/en/LC_MESSAGES/messages.po` (docs/i18n.md says how to update it).

The choice is a `lang` cookie set by `GET /lang/<code>?next=...`, kept for a year, so a phone,
the console or the hall PC keeps it across reloads, restarts and logins. Without a request (the
CLI, a background push, a test's app context) there is no cookie to read: Vietnamese.
"""
import os
from datetime import timedelta

from flask import Blueprint, Flask, abort, has_request_context, redirect, request, url_for
from flask_babel import Babel, get_locale

from live.core.security import safe_next

#: what the switch offers, each in its own language
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT = "vi"
COOKIE = "lang"
COOKIE_AGE = timedelta(days=365)

bp = Blueprint("i18n", __name__)


def select_locale() -> str | None:
    """Flask-Babel's locale selector. Called for the first translated string of a request,
    socket event or app context; outside a request (CLI, background task) it must still
    answer, and the answer is the default."""
    if not has_request_context():
        return None
    choice = request.cookies.get(COOKIE)
    return choice if choice in LANGUAGES else None


def current() -> str:
    """The code of the language in force ("vi" or "en")."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT


@bp.get("/lang/<code>")
def switch(code: str):
    """Remember `code` for this browser and go back to `next`. A plain link, so that it works
    on a phone without JavaScript; it changes nothing but this browser's cookie."""
    if code not in LANGUAGES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(COOKIE, code, max_age=int(COOKIE_AGE.total_seconds()), httponly=True,
                        samesite="Lax", secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Ho_Chi_Minh")
    # another folder of catalogs (a translator trying a new one); relative to live/
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES",
                          os.environ.get("BABEL_TRANSLATION_DIRECTORIES", "translations"))
    Babel(app, locale_selector=select_locale)
    app.register_blueprint(bp)

    @app.after_request
    def _vary_on_the_cookie(response):
        """A page's words depend on the `lang` cookie: no cache may hand the English page to
        a browser that asked in Vietnamese. (Static files are the same in both.)"""
        if request.endpoint != "static":
            response.vary.add("Cookie")
        return response

    @app.context_processor
    def _language():
        if not has_request_context():
            return {"current_lang": DEFAULT, "languages": []}
        here = current()
        path = request.full_path if request.query_string else request.path
        return {
            "current_lang": here,
            "languages": [
                {"code": code, "name": name, "current": code == here,
                 "url": url_for("i18n.switch", code=code, next=path)}
                for code, name in LANGUAGES.items()
            ],
        }
