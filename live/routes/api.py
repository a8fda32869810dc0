"""The JSON API (CONTRACT.md, "JSON API"); described in full at /api/openapi.json."""
import re

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from live import agenda, assistant, forums, intake, questions, running_order, upvotes
from live.auth import api_requires, may_explain, refuse_unless
from live.broadcast import announce
from live.errors import (Conflict, ForumNotOpen, IllegalTransition, InputError, Refused,
                         message_of)
from live.extensions import csrf
from live.hall import NotInHall
from live.labels import N_
from live.devices import device_id
from live.devices import is_new_device
from live.limits import limited, submit_limits, upvote_limits
from live.openapi import spec, unknown_field
from live.projector import snapshot
from live.queue import find, queue_payload, question_dict, question_dicts
from live.routes import error_headers, forum_or_404
from models import AgendaItem, Assignee, Forum, Question, Topic, db

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)  # staff calls are checked in `api_requires`; public calls carry no privilege


@bp.errorhandler(InputError)
def _bad_input(error: InputError):
    db.session.rollback()
    return jsonify(error=error.message, field=error.field), 400


@bp.errorhandler(NotInHall)
def _not_in_hall(error: NotInHall):
    db.session.rollback()
    return jsonify(error=error.message), 403


@bp.errorhandler(Conflict)
@bp.errorhandler(IllegalTransition)
@bp.errorhandler(Refused)
@bp.errorhandler(ForumNotOpen)
def _conflict(error):
    db.session.rollback()
    return jsonify(error=message_of(error)), 409


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    if error.description != type(error).description:  # a message of ours, from abort()
        message = error.description
    else:
        message = gettext(HTTP_MESSAGES[error.code]) if error.code in HTTP_MESSAGES \
            else error.description
    if error.code == 400 and "CSRF" in (error.description or ""):
        message = gettext("Thiếu hoặc sai mã CSRF (X-CSRFToken). Tải lại trang rồi thử lại.")
    return jsonify(error=message), error.code, error_headers(error)


#: what a person reads for an error of HTTP's own (message ids: translated when answered)
HTTP_MESSAGES = {
    400: N_("Yêu cầu không hợp lệ."),
    404: N_("Không tìm thấy."),
    405: N_("Phương thức không được hỗ trợ."),
    413: N_("Nội dung gửi lên quá lớn (tối đa 64 KB)."),
    500: N_("Máy chủ gặp lỗi. Vui lòng thử lại sau ít phút."),
}


#: ids and positions are INTEGER columns (32 bits on PostgreSQL): a bigger number names no
#: row, and handed to the database it would be an error (a 500), not "not found"
_INTEGER = range(-2**31, 2**31)


def _fits(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in _INTEGER


def _get(model, value):
    """The row of `model` with the id `value`, or None when `value` cannot be an id."""
    return db.session.get(model, value) if _fits(value) else None


#: a lone UTF-16 surrogate: JSON may spell one ("\ud800"), no database can store it
_SURROGATE = re.compile("[\ud800-\udfff]")


@bp.before_request
def _usable_request():
    """Refuse what the database could not hold or Python could not read: JSON nested past
    Python's recursion limit, a lone surrogate in a string. (NUL in the path: routes/__init__.)"""
    if request.method == "POST" and request.is_json:
        try:
            data = request.get_json(silent=True)  # cached for the view
        except RecursionError:
            raise InputError(gettext("Dữ liệu JSON lồng nhau quá sâu.")) from None
        if _has_surrogate(data):
            raise InputError(gettext("Dữ liệu gửi lên chứa ký tự không hợp lệ."))
        refuse_unknown_fields(data)


def refuse_unknown_fields(data) -> None:
    """A body names only the fields its operation describes (a typo is told, not ignored)."""
    field = unknown_field(request.method, request.path, data)
    if field is not None:
        raise InputError(gettext("Trường “%(field)s” không có trong thao tác này (xem "
                                 "/api/openapi.json).", field=field[:60]), field[:60])


def _has_surrogate(data) -> bool:
    found = [data]
    while found:
        value = found.pop()
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            found.extend(value)
            found.extend(value.values())
        elif isinstance(value, list):
            found.extend(value)
    return False


def _json_body() -> dict:
    data = request.get_json(silent=True)
    if data is None and request.content_length:
        raise InputError(gettext("Dữ liệu gửi lên phải là JSON hợp lệ "
                                 "(Content-Type: application/json)."))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(gettext("Dữ liệu gửi lên phải là một đối tượng JSON."))
    return data


def _commit() -> None:
    """Commit once; a concurrent change that beat us becomes a 409, not a 500."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(gettext("Câu hỏi vừa được người khác thay đổi. Vui lòng xem lại rồi "
                               "thao tác lại."))
    except IntegrityError:
        db.session.rollback()
        raise Conflict(gettext("Thao tác trùng với thao tác của người khác vừa xong. Vui lòng "
                               "thử lại."))


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.get("/f/<code>/state")
def state(code):
    return jsonify(snapshot(forum_or_404(code)))


@bp.post("/f/<code>/questions")
@limited(submit_limits)
def submit(code):
    forum = forum_or_404(code)
    data = _json_body()
    staff = "channel" in data  # letters, calls and the floor are typed by staff
    if staff and (refusal := refuse_unless("intake.enter", code)):
        return refusal
    question, created = intake.submit(forum, data, staff=staff)
    if created:
        _commit()
        announce(forum, question)
    body = {"id": question.id, "status": question.status, "client_key": question.client_key,
            "receipt": question.receipt}
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
    if any(value is not None and not _fits(value) for value in (topic, assignee)):
        return jsonify([])  # no topic or unit has such an id
    found = find(forum, status=args.get("status"), q=args.get("q"), channel=args.get("channel"),
                 topic=topic, assignee=assignee, sort=args.get("sort"))
    return jsonify(question_dicts(forum, found))


@bp.get("/f/<code>/questions/<int:question_id>/similar")
@api_requires("queue.view")
def similar(code, question_id):
    """The assistant's likely duplicates of a question, for the moderator to merge or not."""
    forum = forum_or_404(code)
    question = _get(Question, question_id)
    if question is None or question.forum_id != forum.id:
        return jsonify(error=gettext("Không tìm thấy câu hỏi.")), 404
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
    return jsonify([_for_unit(q) for q in question_dicts(forum, found)])


def _for_unit(data: dict) -> dict:
    """What the unit page shows, no more (issue 13.5): no caller's phone number, and the text
    as the moderator left it, never the asker's original (it may hold what was edited out);
    no receipt (it lets its holder follow the question as the asker)."""
    shown = {key: value for key, value in data.items() if key != "receipt"}
    return {**shown, "original_text": data["text"], "contact_phone": None}


@bp.post("/f/<code>/questions/<int:question_id>/explain")
@api_requires("unit.prepare")
def explain(code, question_id):
    """The unit writes its explanation (giải trình) of a question assigned to it."""
    forum = forum_or_404(code)
    question = _get(Question, question_id)
    if question is None or question.forum_id != forum.id:
        return jsonify(error=gettext("Không tìm thấy câu hỏi.")), 404
    if not may_explain(current_user, question):
        return jsonify(error=gettext("Câu hỏi này không được giao cho đơn vị của quý vị.")), 403
    data = _json_body()
    questions.check_version(question, data.get("version"))
    questions.explain(question, data.get("text"))
    _commit()
    announce(forum, question)
    return jsonify(question_dict(question))


#: one rule for both methods: with two, an id past ID_MAX failed the POST rule's converter
#: after the DELETE one had matched its path, and werkzeug answered a 405 (Allow: POST) to
#: a DELETE of a question that cannot exist, instead of the 404 any unknown id gets
@bp.route("/f/<code>/questions/<int:question_id>/upvote", methods=["POST", "DELETE"])
@limited(upvote_limits)
def upvote(code, question_id):
    """POST: a phone adds “tôi cũng muốn hỏi” to a question the hall can see; once per phone.
    DELETE: the phone takes it back (a second tap); nothing when it had none."""
    forum, question = _hall_question(code, question_id)
    if request.method == "DELETE":
        removed = upvotes.withdraw(forum, question, device_id())
        if removed:
            _commit()
            announce(forum)
        return jsonify(id=question.id, upvotes=question.upvotes, added=False), 200
    added = upvotes.upvote(forum, question, device_id())
    if added:
        _commit()
        announce(forum)
    return jsonify(id=question.id, upvotes=question.upvotes, added=added), 201 if added else 200


def _hall_question(code, question_id):
    """The question a phone backs, after the checks every vote passes: the forum's, and a
    device that loaded the page before (a cookie made in this very request is a script's)."""
    forum = forum_or_404(code)
    question = _get(Question, question_id)
    if question is None or question.forum_id != forum.id:
        abort(404, description=gettext("Không tìm thấy câu hỏi."))
    if is_new_device():
        abort(403, description=gettext("Vui lòng tải lại trang rồi bấm lại: điện thoại cần mở "
                                       "trang Diễn đàn trước khi ủng hộ câu hỏi."))
    return forum, question


@bp.get("/f/<code>/assignees")
@api_requires("queue.view")
def assignees(code):
    return jsonify([a.to_dict() for a in forum_or_404(code).assignees])


def _assignee(forum: Forum, value, *, required: bool = False) -> Assignee | None:
    if value is None and not required:
        return None
    assignee = _get(Assignee, value)
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
    question = _get(Question, value)
    if question is None or question.forum_id != forum.id:
        raise InputError(gettext("Không tìm thấy câu hỏi này trong diễn đàn."), field)
    return question


#: action -> what it does with (forum, question, body); returns other questions it changed
ACTIONS = {
    "approve": lambda f, q, d: questions.approve(q),
    "reject": lambda f, q, d: questions.reject(q, d.get("reason")),
    "restore": lambda f, q, d: questions.restore(q),
    "assign": lambda f, q, d: questions.assign(q, _assignee(f, d.get("assignee_id")),
                                               d.get("prepare_by")),
    "topics": lambda f, q, d: questions.set_topics(q, _topics(f, d.get("topic_ids"))),
    "edit": lambda f, q, d: questions.edit(q, d.get("text")),
    "merge": lambda f, q, d: questions.merge(q, _question(f, d.get("into"), "into")),
    "show": lambda f, q, d: questions.show(q),
    "hide": lambda f, q, d: questions.hide(q),
    "answer": lambda f, q, d: questions.answer(q, d.get("note")),
    "publish": lambda f, q, d: questions.publish(q),
    "defer": lambda f, q, d: questions.defer(q, _assignee(f, d.get("assignee_id")), d.get("due"),
                                             d.get("referred_to")),
}


@bp.post("/f/<code>/queue/order")
@api_requires("question.moderate")
def queue_order(code):
    """The running order of the approved questions: `{"order": [ids, first first]}`. Answers
    the order as it now stands and the next question (the queue push says the same)."""
    forum = forum_or_404(code)
    running_order.set_order(forum, _json_body().get("order"))
    _commit()
    announce(forum)
    payload = queue_payload(forum)
    return jsonify(order=payload["order"], next=payload["next"])


@bp.post("/f/<code>/queue/next")
@api_requires("question.moderate")
def queue_next(code):
    """Make an approved question the next to show (`{"question_id": id}`), or clear the slot
    (`{"question_id": null}`)."""
    forum = forum_or_404(code)
    body = _json_body()
    if "question_id" not in body:
        raise InputError(gettext('Gửi {"question_id": số câu hỏi}, hoặc null để bỏ câu kế '
                                 'tiếp.'), "question_id")
    value = body["question_id"]
    running_order.set_next(forum, None if value is None else _question(forum, value,
                                                                        "question_id"))
    _commit()
    announce(forum)
    payload = queue_payload(forum)
    return jsonify(order=payload["order"], next=payload["next"])


@bp.post("/f/<code>/questions/<int:question_id>/answer")
@api_requires("question.answer")
def answer(code, question_id):
    """The secretary's note of what was said (or the written reply): not only moderators."""
    return _act(code, question_id, "answer")


#: only the actions there are: another word (`similar`) is a resource of its own, whose 405
#: names its methods in `Allow`, or nothing (404)
_MODERATE = ", ".join(sorted(set(ACTIONS) - {"answer"}))


@bp.post(f"/f/<code>/questions/<int:question_id>/<any({_MODERATE}):action>")
@api_requires("question.moderate")
def act(code, question_id, action):
    return _act(code, question_id, action)


def _act(code, question_id, action):
    forum = forum_or_404(code)
    if action not in ACTIONS:
        return jsonify(error=gettext("Thao tác không tồn tại: %(action)s.", action=action)), 404
    question = _get(Question, question_id)
    if question is None or question.forum_id != forum.id:
        return jsonify(error=gettext("Không tìm thấy câu hỏi.")), 404
    data = _json_body()
    questions.check_version(question, data.get("version"))
    try:
        other = ACTIONS[action](forum, question, data)
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise Conflict(gettext("Thao tác trùng với thao tác của người khác vừa xong. Vui lòng "
                               "thử lại."))
    _commit()
    announce(forum, question, other if isinstance(other, Question) else None)
    return jsonify(question_dict(question))


@bp.post("/f/<code>/questions/<int:question_id>/merge-many")
@api_requires("question.moderate")
def merge_many(code, question_id):
    """Merge several questions into this one in one step: `{"ids": [...]}` (a cluster of likely
    duplicates). All or nothing: one that may not be merged is a 409 or 400 naming it, nothing
    changed. Answers the question merged into and the merged ones."""
    forum = forum_or_404(code)
    into = _get(Question, question_id)
    if into is None or into.forum_id != forum.id:
        return jsonify(error=gettext("Không tìm thấy câu hỏi.")), 404
    merged = questions.merge_many(into, _json_body().get("ids"))
    _commit()
    announce(forum)
    return jsonify(question=question_dict(into), merged=question_dicts(forum, merged))


@bp.post("/f/<code>/agenda/next")
@api_requires("agenda.run")
def agenda_next(code):
    forum = forum_or_404(code)
    agenda.next_item(forum)
    _commit()
    announce(forum)
    return jsonify(snapshot(forum))


@bp.post("/f/<code>/agenda/<int:position>/start")
@api_requires("agenda.run")
def agenda_start(code, position):
    forum = forum_or_404(code)
    item = db.session.scalar(
        select(AgendaItem).where(AgendaItem.forum_id == forum.id, AgendaItem.position == position)
    ) if _fits(position) else None
    if item is None:
        return jsonify(error=gettext("Chương trình không có mục %(n)s.", n=position)), 404
    try:
        agenda.start(forum, item)
    except IntegrityError:
        db.session.rollback()
        raise Conflict(gettext("Mục khác vừa được bắt đầu cùng lúc. Vui lòng thử lại."))
    _commit()
    announce(forum)
    return jsonify(snapshot(forum))


@bp.post("/f/<code>/phase")
@api_requires("forum.phase")
def phase(code):
    """Move the forum to another phase (draft, collecting, live, closed)."""
    forum = forum_or_404(code)
    forums.set_phase(forum, _json_body().get("phase"))
    _commit()
    announce(forum)
    return jsonify(snapshot(forum))


@bp.post("/f/<code>/questions/bulk")
@api_requires("question.moderate")
def bulk(code):
    """Approve or reject several questions at once: `{"action": "approve"|"reject", "ids":
    [...]}`. All or nothing: one illegal move is a 409 naming the question, nothing changed."""
    forum = forum_or_404(code)
    body = _json_body()
    changed = questions.bulk(forum, body.get("action"), body.get("ids"))
    _commit()
    announce(forum)
    return jsonify(questions=question_dicts(forum, changed))
