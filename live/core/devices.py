"""A phone's device id: a random id in a cookie the server signs, so a phone can be told apart
from its neighbours behind the hall's one NAT address (rate limits, "tôi cũng muốn hỏi")
without an account. Clearing the cookie makes a new device; the per-address limits still
hold then."""
import secrets

from flask import Flask, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "device"
MAX_AGE = 60 * 60 * 24 * 400  # a browser keeps a cookie at most about 400 days


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="device")


def device_id() -> str:
    """This request's device id; a new one (sent back as a cookie) when it has none."""
    if "device" not in g:
        try:
            g.device = _signer().loads(request.cookies.get(COOKIE, ""))
            g.device_new = False
        except BadSignature:
            g.device = secrets.token_hex(16)
            g.device_new = True
    return g.device


def known_device() -> str | None:
    """The device id this request's cookie carries, or None; never makes one (a socket's
    handshake cannot set a cookie)."""
    try:
        return _signer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return None


def is_new_device() -> bool:
    """Whether this request came without a valid device cookie (one is made for it now)."""
    device_id()
    return g.device_new


def init_app(app: Flask) -> None:
    @app.after_request
    def _issue(response):
        if g.get("device_new"):
            response.set_cookie(
                COOKIE, _signer().dumps(g.device), max_age=MAX_AGE, httponly=True,
                samesite="Lax", secure=app.config.get("SESSION_COOKIE_SECURE", False),
            )
        return response
