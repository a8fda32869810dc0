"""The unit's page: the questions assigned to a unit account's unit, each with a form to write
or update its explanation (giải trình) before the forum, read out at agenda item 6. A plain
server-rendered page with form posts; an admin who belongs to no unit sees every unit's."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from live.accounts.auth import may_explain, page_requires
from live.core.errors import Conflict, InputError, Refused, message_of
from live.questions import followups, moves as questions
from live.questions.followups import today
from live.questions.queue import find
from live.screens.broadcast import announce
from live.web import commit, forum_or_404, row_or_404
from models import Forum, Question, State, db

bp = Blueprint("unit", __name__)


def _everyone() -> bool:
    """An admin of no unit prepares for all units (as GET /api/f/<code>/unit/questions)."""
    return current_user.assignee_id is None and current_user.role == "admin"


def _may_prepare(question: Question) -> bool:
    return question.assignee_id is not None and may_explain(current_user, question)


def _groups(forum: Forum) -> list[tuple]:
    """[(assignee, [questions])]: those still to explain first (`Question.explainable`),
    the nearest due date first."""
    groups: dict[int, tuple] = {}
    for question in find(forum):
        if _may_prepare(question):
            groups.setdefault(question.assignee_id, (question.assignee, []))[1].append(question)
    for _, found in groups.values():
        found.sort(key=lambda q: (not q.explainable, q.prepare_by or date.max, q.id))
    return sorted(groups.values(), key=lambda group: (group[0].position, group[0].id))


def _written(forum: Forum, on: date) -> list[tuple]:
    """[(assignee, [questions])]: the written replies the unit owes or gave after the forum,
    overdue first, then by due date; answered ones last."""
    order = {followups.OVERDUE: 0, followups.DUE_SOON: 1, followups.PENDING: 2,
             followups.CHECKING: 3, followups.ANSWERED: 4}
    groups: dict[int, tuple] = {}
    for question in find(forum, status=f"{State.DEFERRED.value},{State.ANSWERED.value}"):
        if followups.reply_state(question, on) and _may_prepare(question):
            groups.setdefault(question.assignee_id, (question.assignee, []))[1].append(question)
    for _, found in groups.values():
        found.sort(key=lambda q: (order[followups.reply_state(q, on)], q.due_on or date.max,
                                  q.id))
    return sorted(groups.values(), key=lambda group: (group[0].position, group[0].id))


def _page(forum: Forum, drafts=None, errors=None):
    on = today()
    return render_template(
        "questions/unit/page.html", forum=forum, groups=_groups(forum), everyone=_everyone(),
        written=_written(forum, on), reply_state=followups.reply_state,
        unit=current_user.assignee, drafts=drafts or {}, errors=errors or {},
        today=today(), stamp=_stamp,
    )


@bp.get("/f/<code>/unit")
@page_requires("unit.prepare")
def page(code):
    return _page(forum_or_404(code))


@bp.post("/f/<code>/unit/<int:question_id>/explain")
@page_requires("unit.prepare", check_csrf=True)
def explain(code, question_id):
    """The unit writes or updates its explanation (a form); refused for another unit's."""
    forum = forum_or_404(code)
    question = row_or_404(Question, forum, question_id)
    if not _may_prepare(question):
        abort(403, description=gettext("Câu hỏi này không được giao cho đơn vị của quý vị."))
    text = request.form.get("text", "")
    try:
        # The form carries the explanation's time as it was opened: two people of one unit
        # must not overwrite each other without seeing it.
        seen = request.form.get("seen")
        if seen is not None and seen != _stamp(question):
            raise Conflict(gettext(
                "Giải trình của câu hỏi này vừa được người khác cập nhật (xem bên dưới). Nội "
                "dung quý vị vừa gõ vẫn còn trong ô; xem lại rồi lưu lại."))
        questions.explain(question, text)
        commit()
    except (InputError, Conflict, Refused) as error:
        db.session.rollback()
        again = _page(forum, drafts={question.id: text}, errors={question.id: message_of(error)})
        return again, 400 if isinstance(error, InputError) else 409
    announce(forum, question)
    flash(gettext("Đã lưu giải trình cho câu hỏi #%(id)s.", id=question.id))
    return redirect(url_for("unit.page", code=forum.code, _anchor=f"q{question.id}"), 303)


def _stamp(question: Question) -> str:
    return question.explained_at.isoformat() if question.explained_at else ""
