"""Staff authentication and permissions: the session cookie (login form, CSRF) for people,
bearer tokens from the CLI for scripts. Attendees are anonymous.

Every staff route names the permission it needs (models.user.PERMISSIONS) with `api_requires`
or `page_requires`; the permission is checked against the forum in the URL, so an account of
one forum cannot touch another."""
import secrets
from datetime import timedelta
from functools import wraps

from flask import Flask, abort, current_app, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from live.core.extensions import csrf, login_manager
from live.core.labels import N_
from live.screens.staff_sockets import sockets_to_cut
from live.web import forum_or_404
from models import ApiToken, LoginSession, User, db

def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # a message id: Flask-Login passes it through gettext when it flashes it
    login_manager.login_message = N_("Vui lòng đăng nhập bằng tài khoản cán bộ.")
    login_manager.localize_callback = gettext
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session holds "id:session_version": a changed password ends older sessions; and the
    id of its LoginSession row, which must be open (not logged out, not older than
    SESSION_MAX_HOURS)."""
    user_id, _, version = session_id.partition(":")
    try:
        user = db.session.get(User, int(user_id))
    except ValueError:
        return None
    if user is None or str(user.session_version) != version:
        return None
    login = db.session.get(LoginSession, session.get("login_id") or "")
    max_age = timedelta(hours=current_app.config.get("SESSION_MAX_HOURS", 24))
    if login is None or not login.open_for(user.id, max_age):
        return None
    return user


def start_login(user: User) -> LoginSession:
    """A new server-side login for `user`; its id goes into the cookie session."""
    login = LoginSession(id=secrets.token_hex(16), user_id=user.id)
    db.session.add(login)
    db.session.flush()
    session["login_id"] = login.id
    return login


def end_logins(user: User, login_id: str | None = None) -> None:
    """End one login of `user` (`login_id`), or all of them; their consoles are cut at the
    commit."""
    query = db.select(LoginSession).where(LoginSession.user_id == user.id,
                                          LoginSession.ended_at.is_(None))
    if login_id is not None:
        query = query.where(LoginSession.id == login_id)
    for login in db.session.scalars(query):
        login.end()
    sockets_to_cut(user, login_id)
    db.session.flush()


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


def allowed(permission: str, forum=None) -> bool:
    return bool(current_user.is_authenticated and current_user.can(permission, forum))


def is_staff(forum=None) -> bool:
    """May see the forum's queue: admin, moderator, secretary."""
    return allowed("queue.view", forum)


def _forum(code):
    return forum_or_404(code) if code else None


def refuse_unless(permission: str, code: str | None = None):
    """None when the caller may; else the 401/403 response. A cookie session must also send
    the CSRF token to change anything (a browser never adds a bearer token by itself)."""
    if not current_user.is_authenticated:
        return jsonify(error=gettext("Cần đăng nhập bằng tài khoản cán bộ.")), 401
    if not current_user.can(permission, _forum(code)):
        return jsonify(error=gettext("Tài khoản này không có quyền thực hiện thao tác này.")), 403
    if request.method not in ("GET", "HEAD", "OPTIONS") and not g.get("bearer"):
        csrf.protect()
    return None


def api_requires(permission: str):
    """For JSON endpoints: 401 without credentials, 403 without the permission, CSRF checked."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return refuse_unless(permission, kwargs.get("code")) or view(*args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def page_requires(permission: str, *, check_csrf: bool = False):
    """For staff pages: the login form first, then 403 without the permission. Form posts
    pass check_csrf (and are exempted from the global check, which would answer before we
    know who is asking)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not current_user.can(permission, _forum(kwargs.get("code"))):
                abort(403)
            if check_csrf:
                csrf.protect()
            return view(*args, **kwargs)

        wrapper.permission = permission
        if check_csrf:
            csrf.exempt(wrapper)
        return wrapper

    return decorator


def global_admin_only() -> None:
    """403 for an admin bound to one forum: it sets that forum up, but neither creates forums
    (live/forums/admin.py) nor manages accounts (live/accounts/admin.py): both reach past its
    forum."""
    if current_user.forum_id is not None:
        abort(403)


def may_explain(user: User, question) -> bool:
    """A unit account writes explanations only for its own unit's questions (an account with
    no unit: none); an admin for any question."""
    if user.role == "admin" and user.assignee_id is None:
        return True
    return user.assignee_id is not None and question.assignee_id == user.assignee_id
