"""Staff authentication: the session cookie (login form, CSRF) for people, bearer tokens
from the CLI for scripts. Attendees are anonymous."""
from functools import wraps

from flask import Flask, abort, g, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from live.extensions import csrf, login_manager
from models import ApiToken, User, db


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập bằng tài khoản cán bộ."
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except ValueError:
        return None


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(header[7:].strip()))
    )
    if token is None or not token.user.active:
        return None
    g.bearer = True
    return token.user


def is_staff() -> bool:
    return bool(current_user.is_authenticated and current_user.is_staff)


def _deny_api():
    if not current_user.is_authenticated:
        return jsonify(error="Cần đăng nhập bằng tài khoản cán bộ."), 401
    return jsonify(error="Tài khoản này không có quyền thực hiện thao tác."), 403


def refuse_unless_staff():
    """None for a staff caller; else the 401/403 response. A cookie session must also send
    the CSRF token to change anything (a browser never adds a bearer token by itself)."""
    if not is_staff():
        return _deny_api()
    if request.method not in ("GET", "HEAD", "OPTIONS") and not g.get("bearer"):
        csrf.protect()
    return None


def staff_api(view):
    """For JSON endpoints: 401 without credentials, 403 without a staff role, CSRF checked."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return refuse_unless_staff() or view(*args, **kwargs)

    return wrapper


def staff_page(view):
    """For staff pages: the login form first, then 403 for a user without a staff role."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
