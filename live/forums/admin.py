"""The admin's pages for forums: the list, a new forum, and each forum's setup (its facts, its
agenda, who answers, its topics). The staff accounts and one's own password are
live/accounts/admin.py.

Server-rendered forms that work without JavaScript. Each post changes one thing through
live/forums/facts.py, live/agenda/items.py, live/forums/assignees.py or live/forums/topics.py,
commits once, announces (the hall's view may have changed), and redirects back with a message."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user
from sqlalchemy import select

from live.accounts.auth import global_admin_only, page_requires
from live.agenda import items
from live.core.errors import Conflict, InputError
from live.forums import assignees, facts, ordering, topics
from live.screens.broadcast import announce
from live.web import commit, forum_or_404, row_or_404
from models import AgendaItem, Assignee, Forum, Topic, db

bp = Blueprint("admin", __name__)


def _change(forum: Forum, anchor: str, change, done):
    """Run one setup change: commit, announce, say what happened, back to the setup page.
    `done` turns the change's result into the message (None: no change was made)."""
    try:
        result = change()
        commit()
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
    return render_template("forums/forums.html", forums=shown,
                           may_create=current_user.forum_id is None)


def _forum_form(**context):
    """The forum form, with the header blocks it offers in the reader's language."""
    return render_template("forums/forum_form.html", header_kinds=facts.header_kinds(),
                           **context)


@bp.get("/admin/forums/new")
@page_requires("forum.setup")
def new_forum():
    global_admin_only()
    return _forum_form(forum=None, values={}, error=None)


@bp.post("/admin/forums/new")
@page_requires("forum.setup", check_csrf=True)
def create_forum():
    global_admin_only()
    try:
        forum = facts.create_forum(request.form, use_template="use_template" in request.form)
        commit()
    except InputError as error:
        db.session.rollback()
        return _forum_form(forum=None, values=request.form, error=error), 400
    flash(gettext("Đã tạo diễn đàn “%(title)s” (mã %(code)s), đang ở giai đoạn “chưa mở”.",
                  title=forum.title, code=forum.code), "ok")
    return redirect(url_for("admin.setup", code=forum.code))


@bp.get("/f/<code>/setup/forum")
@page_requires("forum.setup")
def edit_forum(code):
    forum = forum_or_404(code)
    return _forum_form(forum=forum, values=facts.form_values(forum), error=None)


@bp.post("/f/<code>/setup/forum")
@page_requires("forum.setup", check_csrf=True)
def update_forum(code):
    forum = forum_or_404(code)
    try:
        changed = facts.update_forum(forum, request.form)
        commit()
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
    return render_template("forums/setup.html", forum=forum, suggestions=topics.suggestions(forum),
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
    item = row_or_404(AgendaItem, forum, item_id)
    return _change(forum, f"item-{item.id}", lambda: items.update_item(forum, item, request.form),
                   lambda changed: changed and gettext("Đã sửa mục %(n)s.", n=item.position))


@bp.post("/f/<code>/setup/agenda/<int:item_id>/move")
@page_requires("forum.setup", check_csrf=True)
def move_item(code, item_id):
    forum = forum_or_404(code)
    item = row_or_404(AgendaItem, forum, item_id)
    return _change(forum, f"item-{item.id}",
                   lambda: items.move_item(forum, item, request.form.get("direction", "")),
                   lambda _: gettext("Đã chuyển “%(title)s” thành mục %(n)s.",
                                     title=item.title, n=item.position))


@bp.post("/f/<code>/setup/agenda/<int:item_id>/remove")
@page_requires("forum.setup", check_csrf=True)
def remove_item(code, item_id):
    forum = forum_or_404(code)
    item = row_or_404(AgendaItem, forum, item_id)
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
    assignee = row_or_404(Assignee, forum, assignee_id)
    return _change(forum, f"assignee-{assignee.id}",
                   lambda: assignees.update_assignee(forum, assignee, request.form),
                   lambda changed: changed and gettext("Đã sửa “%(name)s”.",
                                                       name=assignee.name))


@bp.post("/f/<code>/setup/assignees/<int:assignee_id>/move")
@page_requires("forum.setup", check_csrf=True)
def move_assignee(code, assignee_id):
    forum = forum_or_404(code)
    assignee = row_or_404(Assignee, forum, assignee_id)
    direction = request.form.get("direction", "")
    return _change(forum, f"assignee-{assignee.id}",
                   lambda: assignees.move_assignee(forum, assignee, direction),
                   lambda _: gettext("Đã đổi thứ tự “%(name)s”.", name=assignee.name))


@bp.post("/f/<code>/setup/assignees/<int:assignee_id>/remove")
@page_requires("forum.setup", check_csrf=True)
def remove_assignee(code, assignee_id):
    forum = forum_or_404(code)
    assignee = row_or_404(Assignee, forum, assignee_id)
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
    topic = row_or_404(Topic, forum, topic_id)
    return _change(forum, f"topic-{topic.id}",
                   lambda: topics.rename_topic(forum, topic, request.form.get("name")),
                   lambda changed: changed and gettext("Đã đổi tên chủ đề thành “%(name)s”.",
                                                       name=topic.name))


@bp.post("/f/<code>/setup/topics/<int:topic_id>/move")
@page_requires("forum.setup", check_csrf=True)
def move_topic(code, topic_id):
    forum = forum_or_404(code)
    topic = row_or_404(Topic, forum, topic_id)
    return _change(forum, f"topic-{topic.id}",
                   lambda: topics.move_topic(forum, topic, request.form.get("direction", "")),
                   lambda _: gettext("Đã đổi thứ tự chủ đề “%(name)s”.", name=topic.name))


@bp.post("/f/<code>/setup/topics/<int:topic_id>/remove")
@page_requires("forum.setup", check_csrf=True)
def remove_topic(code, topic_id):
    forum = forum_or_404(code)
    topic = row_or_404(Topic, forum, topic_id)
    name = topic.name
    return _change(forum, "topics", lambda: topics.remove_topic(forum, topic),
                   lambda _: gettext("Đã xóa chủ đề “%(name)s”.", name=name))
