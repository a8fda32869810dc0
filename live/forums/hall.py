"""Hall-only mode: a forum for the people in the hall refuses questions typed from outside by
someone who found the link.

The projector's QR encodes the attendee link with a pass that changes every `WINDOW` seconds
(an HMAC of the forum and the time window; the current and the previous window accepted). A
phone that opens the page with a valid pass gets a signed "in the hall" cookie for the day;
without one, its question is refused (403, a sentence telling the person to scan the code on
the screen). The pass is shown only on the projector (opened with the forum's screen key, or by
staff) and to staff: public pages and the public state never carry it. Staff intake (letters,
calls, the floor) is not affected, and neither is the online channel before the day.

What it protects: a question typed from home by someone who has the ordinary link or an old
photo of the code. What it does not: a person in the hall who passes the current link on (it
works for at most two windows), or a phone that opened it in the hall and then left."""
import hashlib
import hmac
import secrets
import time

from flask import current_app, g, request
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from live.core.errors import InputError
from models import Forum

#: seconds a pass is current; the previous one is accepted too (a phone scanning at the turn)
WINDOW = 120
#: the "in the hall" cookie lasts the day
COOKIE = "in_hall"
COOKIE_AGE = 16 * 3600
#: the query parameter of the attendee link that carries the pass
PARAM = "hall"


class NotInHall(InputError):
    """A phone's question in hall-only mode without the hall's cookie: 403."""

    status = 403


def _window(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // WINDOW)


def pass_for(forum: Forum, window: int) -> str:
    mac = hmac.new(current_app.secret_key.encode(), f"hall:{forum.id}:{forum.code}:{window}"
                   .encode(), hashlib.sha256)
    return mac.hexdigest()[:20]


def current_pass(forum: Forum, at: float | None = None) -> tuple[str, float]:
    """The pass of now and when it stops being current (a UNIX time)."""
    window = _window(at)
    return pass_for(forum, window), (window + 1) * WINDOW


def valid_pass(forum: Forum, token: str, at: float | None = None) -> bool:
    if not token or len(token) > 64:
        return False
    window = _window(at)
    given = token.encode()  # bytes: compare_digest refuses non-ASCII text (a TypeError, a 500)
    return any(hmac.compare_digest(given, pass_for(forum, w).encode())
               for w in (window, window - 1))


def screen_key(forum: Forum) -> str:
    """The projector's secret link key, made when first wanted (the caller commits)."""
    if not forum.screen_key:
        forum.screen_key = secrets.token_urlsafe(18)
    return forum.screen_key


def opens_screen(forum: Forum, key: str | None) -> bool:
    return bool(forum.screen_key and key
                and hmac.compare_digest(key.encode(), forum.screen_key.encode()))


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="in-hall")


def in_hall(forum: Forum) -> bool:
    """Whether this request's phone opened a valid pass of this forum today."""
    try:
        return _signer().loads(request.cookies.get(COOKIE, ""), max_age=COOKIE_AGE) == forum.code
    except BadSignature:
        return False


def admit(forum: Forum) -> str | None:
    """On the attendee page: a valid pass in the query gives the phone its cookie (sent with
    the response); answers "ok", "expired" (a pass that no longer holds) or None (no pass)."""
    token = request.args.get(PARAM)
    if token is None:
        return None
    if not valid_pass(forum, token):
        return "expired"
    g.hall_cookie = _signer().dumps(forum.code)
    return "ok"


def check(forum: Forum) -> None:
    """Refuse a phone's question in hall-only mode unless it came from the hall."""
    if forum.hall_only and not in_hall(forum):
        raise NotInHall(gettext(
            "Diễn đàn này chỉ nhận câu hỏi của người dự tại hội trường. Hãy quét mã QR đang "
            "hiện trên màn hình trong hội trường rồi gửi lại câu hỏi."))


def init_app(app) -> None:
    @app.after_request
    def _issue(response):
        cookie = g.get("hall_cookie")
        if cookie:
            response.set_cookie(COOKIE, cookie, max_age=COOKIE_AGE, httponly=True,
                                samesite="Lax",
                                secure=app.config.get("SESSION_COOKIE_SECURE", False))
        return response
