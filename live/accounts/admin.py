"""The admin's pages for staff accounts (a global admin only: permission "users.manage"), and
every account's page for its own password. The forums and their setup are live/forums/admin.py.

Server-rendered forms that work without JavaScript. Each post changes one account through
live/accounts/users.py, commits once and redirects back with a message; a password the server
made is shown once, on the response itself."""
from flask import (Blueprint, abort, flash, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import gettext
from flask_login import current_user, login_user
from sqlalchemy import select

from live.accounts import users
from live.accounts.auth import global_admin_only, page_requires
from live.core.errors import Conflict, InputError
from live.core.security import ID_MAX
from live.web import commit
from models import Assignee, Forum, User, db

bp = Blueprint("accounts", __name__)


def _user_choices() -> dict:
    all_forums = db.session.scalars(select(Forum).order_by(Forum.id)).all()
    return {"forums": all_forums, "roles": users.role_labels(), "role_hints": users.role_hints()}


def _users_page(shown_password=None, status=200):
    """The account list; `shown_password` is (user, password) right after a reset, shown on
    this response only and never stored or put in a cookie."""
    found = db.session.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    forums = {forum.id: forum for forum in db.session.scalars(select(Forum))}
    response = make_response(render_template(
        "accounts/users.html", users=found, forums=forums, roles=users.role_labels(),
        shown=shown_password), status)
    if shown_password:
        response.headers["Cache-Control"] = "no-store"
    return response


def _scope_from(form) -> tuple[str, Forum | None, Assignee | None]:
    """Role, forum and unit as the user form sends them (ids), looked up."""
    role = form.get("role", "")
    forum = assignee = None
    if form.get("forum_id"):
        forum = db.session.get(Forum, _int(form["forum_id"], "forum"))
        if forum is None:
            raise InputError(gettext("Không tìm thấy diễn đàn đã chọn."), "forum")
    if form.get("assignee_id"):
        assignee = db.session.get(Assignee, _int(form["assignee_id"], "assignee"))
        if assignee is None:
            raise InputError(gettext("Không tìm thấy đơn vị đã chọn."), "assignee")
    return role, forum, assignee


def _int(value, field) -> int:
    """An id chosen in a form's select: one a row can have, else the form's own message."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= ID_MAX:
        raise InputError(gettext("Lựa chọn không hợp lệ."), field)
    return number


@bp.get("/admin/users", endpoint="users")
@page_requires("users.manage")
def users_list():
    global_admin_only()
    return _users_page()


@bp.get("/admin/users/new")
@page_requires("users.manage")
def new_user():
    global_admin_only()
    return render_template("accounts/user_form.html", user=None, values={"role": "moderator"},
                           error=None, **_user_choices())


@bp.post("/admin/users/new")
@page_requires("users.manage", check_csrf=True)
def create_user():
    global_admin_only()
    try:
        role, forum, assignee = _scope_from(request.form)
        user, generated = users.create_user(
            request.form.get("username"), role, forum=forum, assignee=assignee,
            password=request.form.get("password") or None, by=current_user)
        commit()
    except (InputError, Conflict) as error:
        db.session.rollback()
        return render_template("accounts/user_form.html", user=None, values=request.form,
                               error=error, **_user_choices()), 400
    if generated:
        return _users_page((user, generated), 201)
    flash(gettext("Đã tạo tài khoản “%(name)s”.", name=user.username), "ok")
    return redirect(url_for("accounts.users"))


@bp.get("/admin/users/<int:user_id>")
@page_requires("users.manage")
def edit_user(user_id):
    global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    values = {"role": user.role, "forum_id": user.forum_id or "",
              "assignee_id": user.assignee_id or ""}
    return render_template("accounts/user_form.html", user=user, values=values, error=None,
                           **_user_choices())


@bp.post("/admin/users/<int:user_id>")
@page_requires("users.manage", check_csrf=True)
def update_user(user_id):
    global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    try:
        role, forum, assignee = _scope_from(request.form)
        changed = users.update_user(user, role, forum=forum, assignee=assignee, by=current_user)
        commit()
    except (InputError, Conflict) as error:
        db.session.rollback()
        return render_template("accounts/user_form.html", user=user, values=request.form,
                               error=error, **_user_choices()), 400
    flash(gettext("Đã lưu tài khoản “%(name)s”.", name=user.username) if changed
          else gettext("Không có thay đổi nào."), "ok" if changed else "info")
    return redirect(url_for("accounts.users"))


def _set_active(user_id: int, active: bool):
    global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    try:
        users.set_active(user, active, by=current_user)
        commit()
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(gettext("Đã mở khóa tài khoản “%(name)s”.", name=user.username) if active
              else gettext("Đã khóa tài khoản “%(name)s”.", name=user.username), "ok")
    return redirect(url_for("accounts.users"))


@bp.post("/admin/users/<int:user_id>/disable")
@page_requires("users.manage", check_csrf=True)
def disable_user(user_id):
    return _set_active(user_id, False)


@bp.post("/admin/users/<int:user_id>/enable")
@page_requires("users.manage", check_csrf=True)
def enable_user(user_id):
    return _set_active(user_id, True)


@bp.post("/admin/users/<int:user_id>/logout")
@page_requires("users.manage", check_csrf=True)
def logout_user_everywhere(user_id):
    """Every login of the account ends and its consoles are cut; its API tokens stay (lock the
    account to stop those)."""
    global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    users.log_out_everywhere(user, by=current_user)
    commit()
    flash(gettext("Đã đăng xuất tài khoản “%(name)s” trên mọi thiết bị.", name=user.username),
          "ok")
    return redirect(url_for("accounts.users"))


@bp.post("/admin/users/<int:user_id>/password")
@page_requires("users.manage", check_csrf=True)
def reset_password(user_id):
    global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    password = users.reset_password(user, by=current_user)
    commit()
    if user.id == current_user.id:
        login_user(user)  # one's own reset keeps this session
    return _users_page((user, password))


# --- one's own password ---------------------------------------------------------------------

@bp.get("/account/password")
@page_requires("account.password")
def account_password():
    return render_template("accounts/password.html", error=None)


@bp.post("/account/password")
@page_requires("account.password", check_csrf=True)
def change_password():
    user = current_user._get_current_object()
    try:
        users.change_own_password(user, request.form.get("current"), request.form.get("new"),
                                  request.form.get("repeat"))
        commit()
    except InputError as error:
        db.session.rollback()
        return render_template("accounts/password.html", error=error), 400
    login_user(user)  # the new session_version: this session goes on, all others end
    flash(gettext("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã kết thúc."),
          "ok")
    return redirect(url_for("accounts.account_password"))
