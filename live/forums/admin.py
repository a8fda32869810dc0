"""The admin's pages: the forums and their setup (facts, agenda, who answers, topics), the staff
accounts, and every account's own password.

Server-rendered forms that work without JavaScript. Each post changes one thing through
live/forums/facts.py, live/agenda/items.py, live/forums/assignees.py, live/forums/topics.py or
live/accounts/users.py, commits once, announces when the hall's view may have changed, and
redirects back with a message."""
from flask import (Blueprint, abort, flash, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import gettext, ngettext
from flask_login import current_user, login_user
from sqlalchemy import select

from live.accounts import users
from live.accounts.auth import page_requires
from live.agenda import items
from live.core.errors import Conflict, InputError
from live.core.security import ID_MAX
from live.forums import assignees, facts, ordering, topics
from live.screens.broadcast import announce
from live.web import forum_or_404
from models import AgendaItem, Assignee, Forum, Topic, User, db

bp = Blueprint("admin", __name__)


def _global_admin_only() -> None:
    """An admin bound to one forum sets that forum up, but neither creates forums nor manages
    accounts: both reach past its forum."""
    if current_user.forum_id is not None:
        abort(403)


def _own(model, forum: Forum, thing_id: int):
    thing = db.session.get(model, thing_id)
    if thing is None or thing.forum_id != forum.id:
        abort(404)
    return thing


def _change(forum: Forum, anchor: str, change, done):
    """Run one setup change: commit, announce, say what happened, back to the setup page.
    `done` turns the change's result into the message (None: no change was made)."""
    try:
        result = change()
        db.session.commit()
    except (InputError, Conflict) as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        message = done(result)
        if message:
            announce(forum)
            flash(message, "ok")
        else:
            flash(gettext("Không có thay đổi nào."), "info")
    return redirect(url_for("admin.setup", code=forum.code, _anchor=anchor))


# --- forums ---------------------------------------------------------------------------------

@bp.get("/admin/forums")
@page_requires("forum.setup")
def forums():
    found = db.session.scalars(select(Forum).order_by(Forum.id.desc())).all()
    shown = [forum for forum in found if current_user.can("forum.setup", forum)]
    return render_template("admin/forums.html", forums=shown,
                           may_create=current_user.forum_id is None)


def _forum_form(**context):
    """The forum form, with the header blocks it offers in the reader's language."""
    return render_template("admin/forum_form.html", header_kinds=facts.header_kinds(),
                           **context)


@bp.get("/admin/forums/new")
@page_requires("forum.setup")
def new_forum():
    _global_admin_only()
    return _forum_form(forum=None, values={}, error=None)


@bp.post("/admin/forums/new")
@page_requires("forum.setup", check_csrf=True)
def create_forum():
    _global_admin_only()
    try:
        forum = facts.create_forum(request.form, use_template="use_template" in request.form)
        db.session.commit()
    except InputError as error:
        db.session.rollback()
        return _forum_form(forum=None, values=request.form,
                               error=error), 400
    flash(gettext("Đã tạo diễn đàn “%(title)s” (mã %(code)s), đang ở giai đoạn “chưa mở”.",
                  title=forum.title, code=forum.code), "ok")
    return redirect(url_for("admin.setup", code=forum.code))


@bp.get("/f/<code>/setup/forum")
@page_requires("forum.setup")
def edit_forum(code):
    forum = forum_or_404(code)
    return _forum_form(forum=forum, values=facts.form_values(forum),
                           error=None)


@bp.post("/f/<code>/setup/forum")
@page_requires("forum.setup", check_csrf=True)
def update_forum(code):
    forum = forum_or_404(code)
    try:
        changed = facts.update_forum(forum, request.form)
        db.session.commit()
    except (InputError, Conflict) as error:
        db.session.rollback()
        forum = forum_or_404(code)
        return _forum_form(forum=forum, values=request.form,
                               error=error), 400 if isinstance(error, InputError) else 409
    if changed:
        announce(forum)
        names = ", ".join(facts.field_label(field).lower() for field in changed)
        flash(gettext("Đã lưu thông tin diễn đàn (đã sửa: %(names)s).", names=names), "ok")
    else:
        flash(gettext("Không có thay đổi nào."), "info")
    return redirect(url_for("admin.setup", code=forum.code))


@bp.get("/f/<code>/setup", endpoint="setup")
@page_requires("forum.setup")
def setup_page(code):
    forum = forum_or_404(code)
    used = {"assignees": assignees.usage(forum), "topics": topics.usage(forum)}
    return render_template("admin/setup.html", forum=forum, suggestions=topics.suggestions(forum),
                           kinds=assignees.assignee_kinds(), used=used,
                           assignees=ordering.ordered(forum.assignees),
                           topics=ordering.ordered(forum.topics))


# --- the agenda -----------------------------------------------------------------------------

@bp.post("/f/<code>/setup/agenda")
@page_requires("forum.setup", check_csrf=True)
def add_item(code):
    forum = forum_or_404(code)
    return _change(forum, "agenda", lambda: items.add_item(forum, request.form),
                   lambda item: gettext("Đã thêm mục %(n)s: %(title)s", n=item.position,
                                        title=item.title))


@bp.post("/f/<code>/setup/agenda/template")
@page_requires("forum.setup", check_csrf=True)
def agenda_template(code):
    forum = forum_or_404(code)
    return _change(forum, "agenda", lambda: items.use_template_agenda(forum),
                   lambda added: ngettext("Đã dùng chương trình mẫu %(num)s mục.",
                                          "Đã dùng chương trình mẫu %(num)s mục.", len(added)))


@bp.post("/f/<code>/setup/agenda/<int:item_id>")
@page_requires("forum.setup", check_csrf=True)
def update_item(code, item_id):
    forum = forum_or_404(code)
    item = _own(AgendaItem, forum, item_id)
    return _change(forum, f"item-{item.id}", lambda: items.update_item(forum, item, request.form),
                   lambda changed: changed and gettext("Đã sửa mục %(n)s.", n=item.position))


@bp.post("/f/<code>/setup/agenda/<int:item_id>/move")
@page_requires("forum.setup", check_csrf=True)
def move_item(code, item_id):
    forum = forum_or_404(code)
    item = _own(AgendaItem, forum, item_id)
    return _change(forum, f"item-{item.id}",
                   lambda: items.move_item(forum, item, request.form.get("direction", "")),
                   lambda _: gettext("Đã chuyển “%(title)s” thành mục %(n)s.",
                                     title=item.title, n=item.position))


@bp.post("/f/<code>/setup/agenda/<int:item_id>/remove")
@page_requires("forum.setup", check_csrf=True)
def remove_item(code, item_id):
    forum = forum_or_404(code)
    item = _own(AgendaItem, forum, item_id)
    title, position = item.title, item.position
    return _change(forum, "agenda", lambda: items.remove_item(forum, item),
                   lambda _: gettext("Đã xóa mục %(n)s: %(title)s", n=position, title=title))


# --- who answers ----------------------------------------------------------------------------

@bp.post("/f/<code>/setup/assignees")
@page_requires("forum.setup", check_csrf=True)
def add_assignee(code):
    forum = forum_or_404(code)
    return _change(forum, "assignees", lambda: assignees.add_assignee(forum, request.form),
                   lambda a: gettext("Đã thêm “%(name)s” vào danh sách người trả lời.",
                                     name=a.name))


@bp.post("/f/<code>/setup/assignees/<int:assignee_id>")
@page_requires("forum.setup", check_csrf=True)
def update_assignee(code, assignee_id):
    forum = forum_or_404(code)
    assignee = _own(Assignee, forum, assignee_id)
    return _change(forum, f"assignee-{assignee.id}",
                   lambda: assignees.update_assignee(forum, assignee, request.form),
                   lambda changed: changed and gettext("Đã sửa “%(name)s”.",
                                                       name=assignee.name))


@bp.post("/f/<code>/setup/assignees/<int:assignee_id>/move")
@page_requires("forum.setup", check_csrf=True)
def move_assignee(code, assignee_id):
    forum = forum_or_404(code)
    assignee = _own(Assignee, forum, assignee_id)
    direction = request.form.get("direction", "")
    return _change(forum, f"assignee-{assignee.id}",
                   lambda: assignees.move_assignee(forum, assignee, direction),
                   lambda _: gettext("Đã đổi thứ tự “%(name)s”.", name=assignee.name))


@bp.post("/f/<code>/setup/assignees/<int:assignee_id>/remove")
@page_requires("forum.setup", check_csrf=True)
def remove_assignee(code, assignee_id):
    forum = forum_or_404(code)
    assignee = _own(Assignee, forum, assignee_id)
    name = assignee.name
    return _change(forum, "assignees", lambda: assignees.remove_assignee(forum, assignee),
                   lambda _: gettext("Đã xóa “%(name)s” khỏi danh sách người trả lời.",
                                     name=name))


# --- topics ---------------------------------------------------------------------------------

@bp.post("/f/<code>/setup/topics")
@page_requires("forum.setup", check_csrf=True)
def add_topic(code):
    forum = forum_or_404(code)
    return _change(forum, "topics", lambda: topics.add_topic(forum, request.form.get("name")),
                   lambda topic: gettext("Đã thêm chủ đề “%(name)s”.", name=topic.name))


@bp.post("/f/<code>/setup/topics/<int:topic_id>")
@page_requires("forum.setup", check_csrf=True)
def rename_topic(code, topic_id):
    forum = forum_or_404(code)
    topic = _own(Topic, forum, topic_id)
    return _change(forum, f"topic-{topic.id}",
                   lambda: topics.rename_topic(forum, topic, request.form.get("name")),
                   lambda changed: changed and gettext("Đã đổi tên chủ đề thành “%(name)s”.",
                                                       name=topic.name))


@bp.post("/f/<code>/setup/topics/<int:topic_id>/move")
@page_requires("forum.setup", check_csrf=True)
def move_topic(code, topic_id):
    forum = forum_or_404(code)
    topic = _own(Topic, forum, topic_id)
    return _change(forum, f"topic-{topic.id}",
                   lambda: topics.move_topic(forum, topic, request.form.get("direction", "")),
                   lambda _: gettext("Đã đổi thứ tự chủ đề “%(name)s”.", name=topic.name))


@bp.post("/f/<code>/setup/topics/<int:topic_id>/remove")
@page_requires("forum.setup", check_csrf=True)
def remove_topic(code, topic_id):
    forum = forum_or_404(code)
    topic = _own(Topic, forum, topic_id)
    name = topic.name
    return _change(forum, "topics", lambda: topics.remove_topic(forum, topic),
                   lambda _: gettext("Đã xóa chủ đề “%(name)s”.", name=name))


# --- staff accounts -------------------------------------------------------------------------

def _user_choices() -> dict:
    all_forums = db.session.scalars(select(Forum).order_by(Forum.id)).all()
    return {"forums": all_forums, "roles": users.role_labels(), "role_hints": users.role_hints()}


def _users_page(shown_password=None, status=200):
    """The account list; `shown_password` is (user, password) right after a reset, shown on
    this response only and never stored or put in a cookie."""
    found = db.session.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    forums = {forum.id: forum for forum in db.session.scalars(select(Forum))}
    response = make_response(render_template(
        "admin/users.html", users=found, forums=forums, roles=users.role_labels(),
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
    _global_admin_only()
    return _users_page()


@bp.get("/admin/users/new")
@page_requires("users.manage")
def new_user():
    _global_admin_only()
    return render_template("admin/user_form.html", user=None, values={"role": "moderator"},
                           error=None, **_user_choices())


@bp.post("/admin/users/new")
@page_requires("users.manage", check_csrf=True)
def create_user():
    _global_admin_only()
    try:
        role, forum, assignee = _scope_from(request.form)
        user, generated = users.create_user(
            request.form.get("username"), role, forum=forum, assignee=assignee,
            password=request.form.get("password") or None, by=current_user)
        db.session.commit()
    except (InputError, Conflict) as error:
        db.session.rollback()
        return render_template("admin/user_form.html", user=None, values=request.form,
                               error=error, **_user_choices()), 400
    if generated:
        return _users_page((user, generated), 201)
    flash(gettext("Đã tạo tài khoản “%(name)s”.", name=user.username), "ok")
    return redirect(url_for("admin.users"))


@bp.get("/admin/users/<int:user_id>")
@page_requires("users.manage")
def edit_user(user_id):
    _global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    values = {"role": user.role, "forum_id": user.forum_id or "",
              "assignee_id": user.assignee_id or ""}
    return render_template("admin/user_form.html", user=user, values=values, error=None,
                           **_user_choices())


@bp.post("/admin/users/<int:user_id>")
@page_requires("users.manage", check_csrf=True)
def update_user(user_id):
    _global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    try:
        role, forum, assignee = _scope_from(request.form)
        changed = users.update_user(user, role, forum=forum, assignee=assignee, by=current_user)
        db.session.commit()
    except (InputError, Conflict) as error:
        db.session.rollback()
        return render_template("admin/user_form.html", user=user, values=request.form,
                               error=error, **_user_choices()), 400
    flash(gettext("Đã lưu tài khoản “%(name)s”.", name=user.username) if changed
          else gettext("Không có thay đổi nào."), "ok" if changed else "info")
    return redirect(url_for("admin.users"))


def _set_active(user_id: int, active: bool):
    _global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    try:
        users.set_active(user, active, by=current_user)
        db.session.commit()
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(gettext("Đã mở khóa tài khoản “%(name)s”.", name=user.username) if active
              else gettext("Đã khóa tài khoản “%(name)s”.", name=user.username), "ok")
    return redirect(url_for("admin.users"))


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
    _global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    users.log_out_everywhere(user, by=current_user)
    db.session.commit()
    flash(gettext("Đã đăng xuất tài khoản “%(name)s” trên mọi thiết bị.", name=user.username),
          "ok")
    return redirect(url_for("admin.users"))


@bp.post("/admin/users/<int:user_id>/password")
@page_requires("users.manage", check_csrf=True)
def reset_password(user_id):
    _global_admin_only()
    user = db.session.get(User, user_id) or abort(404)
    password = users.reset_password(user, by=current_user)
    db.session.commit()
    if user.id == current_user.id:
        login_user(user)  # one's own reset keeps this session
    return _users_page((user, password))


# --- one's own password ---------------------------------------------------------------------

@bp.get("/account/password")
@page_requires("account.password")
def account_password():
    return render_template("admin/password.html", error=None)


@bp.post("/account/password")
@page_requires("account.password", check_csrf=True)
def change_password():
    user = current_user._get_current_object()
    try:
        users.change_own_password(user, request.form.get("current"), request.form.get("new"),
                                  request.form.get("repeat"))
        db.session.commit()
    except InputError as error:
        db.session.rollback()
        return render_template("admin/password.html", error=error), 400
    login_user(user)  # the new session_version: this session goes on, all others end
    flash(gettext("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã kết thúc."),
          "ok")
    return redirect(url_for("admin.account_password"))

