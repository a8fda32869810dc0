"""Rate limits (Flask-Limiter): floods are slowed, people are not locked out.

A phone is limited by its device id and, far more loosely, by its address, because a whole
hall may share one NAT address. Logins are limited per account and per address, counting only
failed attempts. The limits come from the config (RATELIMIT_* below) and a limited phone gets
a message in its reader's language."""
from flask import Flask, current_app, g, request
from flask_babel import gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

from live.core.devices import device_id
from live.core.labels import N_
from live.questions import intake

limiter = Limiter(get_remote_address)

DEFAULTS = {
    "RATELIMIT_SUBMIT_DEVICE": "6 per minute;30 per hour",
    "RATELIMIT_SUBMIT_ADDRESS": "2000 per minute",
    #: a POST with no device cookie is a script more often than a phone (phones load the page,
    #: which sets the cookie, before they send): those are held to this per address
    "RATELIMIT_SUBMIT_COOKIELESS": "60 per minute",
    "RATELIMIT_UPVOTE_DEVICE": "30 per minute",
    #: every vote from one address (a hall's NAT shares one): bounds what a script can add,
    #: whatever cookies it collects by loading the page
    "RATELIMIT_UPVOTE_ADDRESS": "600 per minute",
    #: receipt lookups (`/f/<code>/r/<receipt>`) from one address: every lookup, and far
    #: fewer misses (a code that names no question), so the code space cannot be walked
    "RATELIMIT_RECEIPT_ADDRESS": "60 per minute",
    "RATELIMIT_RECEIPT_MISS": "10 per minute;50 per hour",
    "RATELIMIT_LOGIN_ACCOUNT": "5 per minute;20 per hour",
    "RATELIMIT_LOGIN_ADDRESS": "30 per minute",
}
#: the messages of a refusal (429), translated when one is refused: Flask-Limiter calls these
SUBMIT_MESSAGE = N_("Quý vị gửi quá nhiều câu hỏi trong thời gian ngắn. Vui lòng chờ một chút "
                    "rồi gửi lại; câu hỏi đang gõ vẫn được giữ.")
UPVOTE_MESSAGE = N_("Quý vị bấm quá nhanh. Vui lòng chờ một chút.")
RECEIPT_MESSAGE = N_("Quý vị tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng chờ vài phút "
                     "rồi thử lại, và kiểm tra kỹ mã tra cứu trên giấy xác nhận.")
LOGIN_MESSAGE = N_("Đăng nhập sai quá nhiều lần. Vui lòng chờ vài phút rồi thử lại.")


def _said(message: str):
    """Flask-Limiter's error_message as a callable: translated when a request is refused."""
    return lambda: gettext(message)


_submit_message, _upvote_message, _login_message, _receipt_message = (
    _said(SUBMIT_MESSAGE), _said(UPVOTE_MESSAGE), _said(LOGIN_MESSAGE), _said(RECEIPT_MESSAGE))


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    queue = app.config.get("MESSAGE_QUEUE") or ""
    # Several processes must count together: share Redis when they share it for push.
    app.config.setdefault("RATELIMIT_STORAGE_URI", queue if queue.startswith("redis") else
                          "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)


def _setting(name: str):
    return lambda: current_app.config[name]


def _staff() -> bool:
    return bool(current_user.is_authenticated)


def device_key() -> str:
    return f"device:{device_id()}"


def account_key() -> str:
    return f"login:{(request.form.get('username') or '').strip().lower()}"


def _has_device_cookie() -> bool:
    device_id()
    return not g.get("device_new", True)


def _is_resend() -> bool:
    """A phone sending again a question the server already has: intake says so, once per
    request, however many limits ask."""
    if "resend" not in g:
        data = request.get_json(silent=True) if request.is_json else request.form
        key = data.get("client_key") if hasattr(data, "get") else None
        g.resend = intake.is_resend((request.view_args or {}).get("code"), key)
    return g.resend


def _exempt_submit() -> bool:
    return _staff() or _is_resend()


def _created(response) -> bool:
    return response.status_code in (201, 303)  # a new question (API, or the plain form)


def _failed(response) -> bool:
    return response.status_code != 302  # a successful login redirects


#: for the routes phones send questions to
#: only new questions count; a resend of one the server has is never refused
submit_limits = [
    # shared: the plain form and the API count a phone's questions together
    limiter.shared_limit(_setting("RATELIMIT_SUBMIT_DEVICE"), "submit-device",
                         key_func=device_key, methods=["POST"], exempt_when=_exempt_submit,
                         deduct_when=_created, error_message=_submit_message),
    limiter.shared_limit(_setting("RATELIMIT_SUBMIT_ADDRESS"), "submit-address",
                         methods=["POST"], exempt_when=_exempt_submit, deduct_when=_created,
                         error_message=_submit_message),
    limiter.shared_limit(_setting("RATELIMIT_SUBMIT_COOKIELESS"), "submit-cookieless",
                         methods=["POST"],
                         exempt_when=lambda: _exempt_submit() or _has_device_cookie(),
                         deduct_when=_created, error_message=_submit_message),
]
#: for backing a question and taking it back: counted together, per device and per address
upvote_limits = [
    limiter.shared_limit(_setting("RATELIMIT_UPVOTE_DEVICE"), "upvote-device",
                         key_func=device_key, error_message=_upvote_message),
    limiter.shared_limit(_setting("RATELIMIT_UPVOTE_ADDRESS"), "upvote-address",
                         error_message=_upvote_message),
]
#: for looking a question up by its receipt: per address (the code is in the link, so no
#: device cookie can be asked for); only misses count towards the tighter one
receipt_limits = [
    limiter.limit(_setting("RATELIMIT_RECEIPT_ADDRESS"), error_message=_receipt_message,
                  scope="receipt-address", exempt_when=_staff),
    limiter.limit(_setting("RATELIMIT_RECEIPT_MISS"), deduct_when=lambda r: r.status_code == 404,
                  error_message=_receipt_message, scope="receipt-miss", exempt_when=_staff),
]
login_limits = [
    limiter.limit(_setting("RATELIMIT_LOGIN_ACCOUNT"), key_func=account_key, methods=["POST"],
                  deduct_when=_failed, error_message=_login_message, scope="login-account"),
    limiter.limit(_setting("RATELIMIT_LOGIN_ADDRESS"), methods=["POST"], deduct_when=_failed,
                  error_message=_login_message, scope="login-address"),
]


def limited(limits):
    """Decorate a view with several limits at once."""

    def decorator(view):
        for limit in limits:
            view = limit(view)
        return view

    return decorator
