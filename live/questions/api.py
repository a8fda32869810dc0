"""The questions in the JSON API (CONTRACT.md, "JSON API"): a phone's question in, the staff
queue and what the assistant says of it, "tôi cũng muốn hỏi", and every action on a question.

The actions are one table, `ACTIONS`: each verb with the permission it needs and what it does,
served by one route, `POST /api/f/<code>/questions/<id>/<action>`. What a question's state
allows is the model's (`Question.actions`, carried by each queue entry); who may is here."""
import re
from dataclasses import dataclass
from typing import Callable

from flask import abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user

from live import assistant
from live.accounts.auth import api_requires, may_explain, refuse_unless
from live.core.devices import device_id, is_new_device
from live.core.errors import InputError
from live.core.limits import limited, submit_limits, upvote_limits
from live.questions import intake, moves, upvotes
from live.questions.queue import (find, question_dict, question_dicts, queue_payload, set_next,
                                  set_order)
from live.screens.broadcast import announce, own_status
from live.web import commit, concurrent, fits, forum_or_404, get, row_or_404
from live.web.api import bp, json_body
from models import Assignee, Forum, Question, Topic


@bp.post("/f/<code>/questions")
@limited(submit_limits)
def submit(code):
    forum = forum_or_404(code)
    data = json_body()
    staff = "channel" in data  # letters, calls and the floor are typed by staff
    if staff and (refusal := refuse_unless("intake.enter", code)):
        return refusal
    question, created = intake.submit(forum, data, staff=staff)
    body = own_status(question)  # read before the commit, which would expire it
    if created:
        commit()
        announce(forum, statuses=[body])
    return jsonify(body), 201 if created else 200


@bp.get("/f/<code>/questions")
@api_requires("queue.view")
def queue(code):
    forum = forum_or_404(code)
    args = request.args
    if any("\x00" in args.get(name, "") for name in ("status", "channel", "q")):
        raise InputError(gettext("Bộ lọc chứa ký tự không hợp lệ."))
    for name in ("topic", "assignee"):
        if args.get(name) is not None and not re.fullmatch(r"-?[0-9]{1,20}", args[name]):
            raise InputError(gettext("%(name)s phải là một số.", name=name), name)
    if args.get("sort") not in (None, "upvotes"):
        raise InputError(gettext('Cách xếp chỉ có thể là "upvotes" (theo số người ủng hộ).'),
                         "sort")
    topic, assignee = args.get("topic", type=int), args.get("assignee", type=int)
    if any(value is not None and not fits(value) for value in (topic, assignee)):
        return jsonify([])  # no topic or unit has such an id
    found = find(forum, status=args.get("status"), q=args.get("q"), channel=args.get("channel"),
                 topic=topic, assignee=assignee, sort=args.get("sort"))
    return jsonify(question_dicts(forum, found))


@bp.get("/f/<code>/questions/<int:question_id>/similar")
@api_requires("queue.view")
def similar(code, question_id):
    """The assistant's likely duplicates of a question, for the moderator to merge or not."""
    forum = forum_or_404(code)
    question = row_or_404(Question, forum, question_id)
    return jsonify(similar=assistant.similar(forum, question),
                   topic=assistant.suggested_topic(forum, question))


@bp.get("/f/<code>/questions/groups")
@api_requires("queue.view")
def groups(code):
    """The waiting and approved questions in clusters of likely duplicates (the "Nhóm" view)."""
    return jsonify(groups=assistant.groups(forum_or_404(code)))


@bp.get("/f/<code>/topics")
@api_requires("queue.view")
def topics(code):
    return jsonify([t.to_dict() for t in forum_or_404(code).topics])


@bp.get("/f/<code>/assignees")
@api_requires("queue.view")
def assignees(code):
    return jsonify([a.to_dict() for a in forum_or_404(code).assignees])


@bp.get("/f/<code>/unit/questions")
@api_requires("unit.prepare")
def unit_questions(code):
    """The questions a unit account prepares: those assigned to its unit (an admin: all
    assigned ones)."""
    forum = forum_or_404(code)
    unit = current_user.assignee_id
    everyone = unit is None and current_user.role == "admin"
    found = [q for q in find(forum)
             if q.assignee_id is not None and (everyone or q.assignee_id == unit)]
    return jsonify([_for_unit(q, data) for q, data in zip(found, question_dicts(forum, found))])


def _for_unit(question: Question, data: dict) -> dict:
    """What the unit page shows, no more (issue 13.5): no caller's phone number, and the text
    as the moderator left it, never the asker's original (it may hold what was edited out);
    no receipt (it lets its holder follow the question as the asker); of the actions, only
    its own (an explanation, while the question still needs one)."""
    shown = {key: value for key, value in data.items() if key != "receipt"}
    return {**shown, "original_text": data["text"], "contact_phone": None,
            "actions": ["explain"] if question.explainable else []}


#: one rule for both methods: with two, an id past ID_MAX failed the POST rule's converter
#: after the DELETE one had matched its path, and werkzeug answered a 405 (Allow: POST) to
#: a DELETE of a question that cannot exist, instead of the 404 any unknown id gets
@bp.route("/f/<code>/questions/<int:question_id>/upvote", methods=["POST", "DELETE"])
@limited(upvote_limits)
def upvote(code, question_id):
    """POST: a phone adds “tôi cũng muốn hỏi” to a question the hall can see; once per phone.
    DELETE: the phone takes it back (a second tap); nothing when it had none."""
    forum = forum_or_404(code)
    question = row_or_404(Question, forum, question_id)
    if is_new_device():  # a cookie made in this very request is a script's, not a phone's
        abort(403, description=gettext("Vui lòng tải lại trang rồi bấm lại: điện thoại cần mở "
                                       "trang Diễn đàn trước khi ủng hộ câu hỏi."))
    if request.method == "DELETE":
        changed, added = upvotes.withdraw(forum, question, device_id()), False
    else:
        changed = added = upvotes.upvote(forum, question, device_id())
    if changed:
        commit()
        announce(forum)
    return jsonify(id=question.id, upvotes=question.upvotes, added=added), 201 if added else 200


def _assignee(forum: Forum, value) -> Assignee | None:
    if value is None:
        return None
    assignee = get(Assignee, value)
    if assignee is None or assignee.forum_id != forum.id:
        raise InputError(gettext("Chọn người hoặc đơn vị trả lời trong danh sách."), "assignee_id")
    return assignee


def _topics(forum: Forum, value) -> list[Topic]:
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise InputError(gettext("topic_ids phải là danh sách số."), "topic_ids")
    found = [t for t in forum.topics if t.id in set(value)]
    if len(found) != len(set(value)):
        raise InputError(gettext("Chọn chủ đề trong danh sách của diễn đàn."), "topic_ids")
    return found


def _question(forum: Forum, value, field: str) -> Question:
    """A question of the forum named in a body's field: a 400 naming the field otherwise."""
    question = get(Question, value)
    if question is None or question.forum_id != forum.id:
        raise InputError(gettext("Không tìm thấy câu hỏi này trong diễn đàn."), field)
    return question


def _explain(forum: Forum, question: Question, data: dict):
    if not may_explain(current_user, question):
        abort(403, description=gettext("Câu hỏi này không được giao cho đơn vị của quý vị."))
    moves.explain(question, data.get("text"))


@dataclass(frozen=True)
class Action:
    """A verb of `POST .../questions/<id>/<verb>`: the permission it needs (models/user.py,
    PERMISSIONS), and what it does with (forum, question, body): it may return another
    question it changed (`show` returns the one it took down)."""

    permission: str
    do: Callable[[Forum, Question, dict], Question | None]


#: every action on one question, beside the permission it needs
ACTIONS: dict[str, Action] = {
    "approve": Action("question.moderate", lambda f, q, d: moves.approve(q)),
    "reject": Action("question.moderate", lambda f, q, d: moves.reject(q, d.get("reason"))),
    "restore": Action("question.moderate", lambda f, q, d: moves.restore(q)),
    "assign": Action("question.moderate", lambda f, q, d: moves.assign(
        q, _assignee(f, d.get("assignee_id")), d.get("prepare_by"))),
    "topics": Action("question.moderate",
                     lambda f, q, d: moves.set_topics(q, _topics(f, d.get("topic_ids")))),
    "edit": Action("question.moderate", lambda f, q, d: moves.edit(q, d.get("text"))),
    "merge": Action("question.moderate",
                    lambda f, q, d: moves.merge(q, _question(f, d.get("into"), "into"))),
    "show": Action("question.moderate", lambda f, q, d: moves.show(q)),
    "hide": Action("question.moderate", lambda f, q, d: moves.hide(q)),
    "publish": Action("question.moderate", lambda f, q, d: moves.publish(q)),
    "defer": Action("question.moderate", lambda f, q, d: moves.defer(
        q, _assignee(f, d.get("assignee_id")), d.get("due"), d.get("referred_to"))),
    #: the secretary's note of what was said (or the written reply): not only moderators'
    "answer": Action("question.answer", lambda f, q, d: moves.answer(q, d.get("note"))),
    #: the responsible unit's explanation (giải trình), for its own unit's questions
    "explain": Action("unit.prepare", _explain),
}


#: only the actions there are: another word (`similar`) is a resource of its own, whose 405
#: names its methods in `Allow`, or nothing (404)
_VERBS = ", ".join(sorted(ACTIONS))


@bp.post(f"/f/<code>/questions/<int:question_id>/<any({_VERBS}):action>")
def act(code, question_id, action):
    if refusal := refuse_unless(ACTIONS[action].permission, code):
        return refusal
    forum = forum_or_404(code)
    question = row_or_404(Question, forum, question_id)
    data = json_body()
    moves.check_version(question, data.get("version"))
    with concurrent():  # an action flushes: a change that beat it shows here
        other = ACTIONS[action].do(forum, question, data)
    commit()
    announce(forum, question, other if isinstance(other, Question) else None)
    answer = question_dict(question)
    return jsonify(_for_unit(question, answer) if current_user.role == "unit" else answer)


#: the permission each action needs, for the route check (tests/test_permissions.py)
act.permission = {verb: action.permission for verb, action in ACTIONS.items()}


@bp.post("/f/<code>/questions/<int:question_id>/merge-many")
@api_requires("question.moderate")
def merge_many(code, question_id):
    """Merge several questions into this one in one step: `{"ids": [...]}` (a cluster of likely
    duplicates). All or nothing: one that may not be merged is a 409 or 400 naming it, nothing
    changed. Answers the question merged into and the merged ones."""
    forum = forum_or_404(code)
    into = row_or_404(Question, forum, question_id)
    merged = moves.merge_many(into, json_body().get("ids"))
    commit()
    announce(forum)
    return jsonify(question=question_dict(into), merged=question_dicts(forum, merged))


@bp.post("/f/<code>/questions/bulk")
@api_requires("question.moderate")
def bulk(code):
    """Approve or reject several questions at once: `{"action": "approve"|"reject", "ids":
    [...]}`. All or nothing: one illegal move is a 409 naming the question, nothing changed."""
    forum = forum_or_404(code)
    body = json_body()
    changed = moves.bulk(forum, body.get("action"), body.get("ids"))
    commit()
    announce(forum)
    return jsonify(questions=question_dicts(forum, changed))


@bp.post("/f/<code>/queue/order")
@api_requires("question.moderate")
def queue_order(code):
    """The running order of the approved questions: `{"order": [ids, first first]}`. Answers
    the order as it now stands and the next question (the queue push says the same)."""
    forum = forum_or_404(code)
    set_order(forum, json_body().get("order"))
    return _order_changed(forum)


@bp.post("/f/<code>/queue/next")
@api_requires("question.moderate")
def queue_next(code):
    """Make an approved question the next to show (`{"question_id": id}`), or clear the slot
    (`{"question_id": null}`)."""
    forum = forum_or_404(code)
    body = json_body()
    if "question_id" not in body:
        raise InputError(gettext('Gửi {"question_id": số câu hỏi}, hoặc null để bỏ câu kế '
                                 'tiếp.'), "question_id")
    value = body["question_id"]
    set_next(forum, None if value is None else _question(forum, value, "question_id"))
    return _order_changed(forum)


def _order_changed(forum: Forum):
    commit()
    announce(forum)
    payload = queue_payload(forum)
    return jsonify(order=payload["order"], next=payload["next"])
