"""What the moderator does to a question. Each operation asks the question's rules first (its
`check_*` methods, models/question.py), goes through the state machine (`Question.move_to`),
appends to the record and flushes; the caller commits once and then announces. Errors:
`IllegalTransition`, `Refused` and `Conflict` (409), `InputError` (400)."""
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from live import record
from live.agenda import timers
from live.core.errors import Conflict, InputError
from live.core.security import ID_MAX
from live.core.text import clean, search_key
from live.questions import queue
from models import Assignee, Forum, Outcome, Question, State, db, utcnow


def _move(question: Question, target: State, by, action: str, at=None, **data) -> None:
    before = question.move_to(target)
    if before is State.QUEUED:
        queue.taken(question)
    at = at or utcnow()
    record.log(question.forum, action, by, question=question, at=at,
               **{"from": before.value, "to": target.value}, **data)
    if before is State.ON_SCREEN:
        # the speaker's time was for this question: it ends when the question leaves the screen
        timers.stop_speaker(question.forum, by, at)


def check_version(question: Question, version) -> None:
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(gettext("Số phiên bản của câu hỏi không hợp lệ. Tải lại trang rồi "
                                 "thử lại."), "version")
    if version != question.version:
        raise Conflict(gettext(
            "Câu hỏi #%(id)s vừa được người khác thay đổi. "
            "Màn hình đã được cập nhật, vui lòng xem lại rồi thao tác lại.", id=question.id))


def on_screen(forum: Forum) -> Question | None:
    return db.session.scalar(
        select(Question).where(Question.forum_id == forum.id,
                               Question.status == State.ON_SCREEN.value)
    )


def approve(question: Question, by=None) -> None:
    _move(question, State.QUEUED, by, "question.approve")


def reject(question: Question, reason=None, by=None) -> None:
    """Reject; with reason "out_of_scope" the question counts as outside the forum's remit
    (still never published), otherwise it was simply not taken up."""
    if reason not in (None, "", Outcome.OUT_OF_SCOPE.value):
        raise InputError(gettext("Lý do từ chối chỉ có thể là “ngoài phạm vi” hoặc để trống."),
                         "reason")
    question.outcome = Outcome.OUT_OF_SCOPE.value if reason else None
    _move(question, State.REJECTED, by, "question.reject", reason=reason or None)


def restore(question: Question, by=None) -> None:
    _move(question, State.QUEUED, by, "question.restore")
    question.outcome = None


def show(question: Question, by=None) -> Question | None:
    """Put this question on the big screen, taking down whatever is there. Returns that one."""
    question.check_showable()
    current = on_screen(question.forum)
    if current is not None:
        _move(current, State.QUEUED, by, "question.hide", replaced_by=question.id)
        db.session.flush()  # the one-on-screen index must see it leave before this one comes
    question.agenda_item_id = _current_item_id(question.forum)
    _move(question, State.ON_SCREEN, by, "question.show")
    return current


def hide(question: Question, by=None, at=None) -> None:
    _move(question, State.QUEUED, by, "question.hide", at=at)


def answer(question: Question, note, by=None) -> None:
    note = clean(note, multiline=True)
    if len(note) > 5000:
        raise InputError(gettext("Ghi chú câu trả lời tối đa %(n)s ký tự.", n=5000), "note")
    written = question.state is State.DEFERRED
    if written and not note:
        raise InputError(gettext("Ghi nội dung trả lời bằng văn bản (số, ngày công văn và tóm "
                                 "tắt)."), "note")
    if not written:
        question.agenda_item_id = _current_item_id(question.forum) or question.agenda_item_id
        question.outcome = Outcome.ON_SPOT.value
    question.answer_note = note or None
    question.answered_at = utcnow()
    _move(question, State.ANSWERED, by, "question.answer", note=note, written=written)


def publish(question: Question, by=None) -> None:
    """The moderator has read the written reply staff recorded and lets the public read it
    (the results page, the asker's receipt page), dated. Once published it stays published:
    a correction is a new reply, not a rewrite of what people have read."""
    question.check_publishable()
    question.reply_published_at = utcnow()
    record.log(question.forum, "question.publish", by, question=question,
               at=question.reply_published_at, note=question.answer_note)



def defer(question: Question, assignee: Assignee | None, due, referred_to=None,
          by=None) -> None:
    """To be answered in writing by a unit and a due date; or, with `referred_to`, passed to
    another body (the due date then says when to check back, and may be left out)."""
    due_on = _date(due, gettext("Hạn trả lời phải có dạng YYYY-MM-DD."))
    referred_to = clean(referred_to)
    if len(referred_to) > 300:
        raise InputError(gettext("Tên cơ quan tối đa %(n)s ký tự.", n=300), "referred_to")
    if assignee is not None:
        question.assignee = assignee
    if not referred_to:
        if question.assignee is None:
            raise InputError(gettext("Chọn đơn vị / người chịu trách nhiệm trả lời bằng văn bản."),
                             "assignee_id")
        if due_on is None:
            raise InputError(gettext("Chọn hạn trả lời bằng văn bản."), "due")
    question.due_on = due_on
    question.referred_to = referred_to or None
    question.outcome = (Outcome.REFERRED if referred_to else Outcome.IN_WRITING).value
    _move(question, State.DEFERRED, by, "question.defer",
          assignee_id=question.assignee.id if question.assignee else None,
          due=due_on.isoformat() if due_on else None, referred_to=referred_to or None)


def assign(question: Question, assignee: Assignee | None, prepare_by=None, by=None) -> None:
    """Give the question to the leader or unit who answers; before the forum, with the date by
    which the unit's explanation is due (kept apart from a written reply's due date)."""
    question.check_changeable()
    prepare_on = _date(prepare_by, gettext("Hạn chuẩn bị phải có dạng YYYY-MM-DD."), "prepare_by")
    question.assignee = assignee
    if prepare_on is not None:
        question.prepare_by = prepare_on
    record.log(question.forum, "question.assign", by, question=question,
               assignee_id=assignee.id if assignee else None,
               assignee=assignee.label if assignee else None,
               prepare_by=prepare_on.isoformat() if prepare_on else None)


def explain(question: Question, text, by=None) -> None:
    """The responsible unit's prepared explanation (giải trình), read out at agenda item 6."""
    question.check_explainable()
    text = clean(text, multiline=True)
    if not text:
        raise InputError(gettext("Nội dung giải trình không được để trống."), "text")
    if len(text) > 5000:
        raise InputError(gettext("Nội dung giải trình tối đa %(n)s ký tự.", n=5000), "text")
    before = question.explanation
    question.explanation = text
    question.explained_at = utcnow()
    record.log(question.forum, "question.explain", by, question=question, before=before,
               after=text)


def set_topics(question: Question, topics: list, by=None) -> None:
    """The topics a question is filed under (from the forum's own list)."""
    question.check_changeable()
    if any(topic.forum_id != question.forum_id for topic in topics):
        raise InputError(gettext("Chủ đề phải thuộc diễn đàn này."), "topic_ids")
    question.topics = sorted(set(topics), key=lambda t: (t.position, t.id))
    record.log(question.forum, "question.topics", by, question=question,
               topics=[t.name for t in question.topics])


def _date(value, message: str, field: str = "due"):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(message, field) from None


def edit(question: Question, text, by=None) -> None:
    question.check_changeable()
    text = clean(text, multiline=True)
    if not text:
        raise InputError(gettext("Nội dung câu hỏi không được để trống."), "text")
    if len(text) > 1000:
        raise InputError(gettext("Câu hỏi tối đa %(n)s ký tự.", n=1000), "text")
    if text == question.text:
        return
    previous = question.text
    question.text = text
    question.search_text = search_key(text, question.original_text)
    record.log(question.forum, "question.edit", by, question=question, before=previous,
               after=text)


def merge(question: Question, into: Question, by=None) -> None:
    """Merge a duplicate into another question of the same forum."""
    if into.forum_id != question.forum_id or into.id == question.id:
        raise InputError(gettext("Chọn một câu hỏi khác trong cùng diễn đàn để gộp vào."), "into")
    into.check_takes_merges()
    question.merged_into = into
    _move(question, State.MERGED, by, "question.merge", into=into.id)


def merge_many(into: Question, ids, by=None) -> list[Question]:
    """Merge several duplicates into `into` in one step (a cluster of the "Nhóm" view): all or
    nothing. Each merge is in the record as one merge; the first illegal one raises (the caller
    rolls back, nothing changed)."""
    found = _named(into.forum_id, ids,
                   gettext("Mỗi lần gộp tối đa %(n)s câu hỏi.", n=MAX_BULK))
    if into in found:
        raise InputError(gettext("Câu hỏi #%(id)s không thể gộp vào chính nó: bỏ số này khỏi "
                                 "ids.", id=into.id), "ids")
    for question in found:
        merge(question, into, by=by)
    return found


def _current_item_id(forum: Forum) -> int | None:
    item = forum.current_item
    return item.id if item else None


#: the moves a moderator may make to many questions at once
BULK = {"approve": approve, "reject": reject}
#: the most questions one bulk step moves (a console's screenful many times over)
MAX_BULK = 200


def bulk(forum: Forum, action: str, ids, by=None) -> list[Question]:
    """Approve or reject several questions of `forum` in one step: all or nothing. Each move is
    in the record; the first illegal one raises (the caller rolls back, nothing changed)."""
    if action not in BULK:
        raise InputError(gettext("Thao tác hàng loạt chỉ có thể là duyệt hoặc từ chối."),
                         "action")
    found = _named(forum.id, ids,
                   gettext("Mỗi lần chỉ duyệt hoặc từ chối tối đa %(n)s câu hỏi.", n=MAX_BULK))
    for question in found:
        BULK[action](question, by=by)
    return found


def _named(forum_id: int, ids, too_many: str) -> list[Question]:
    """The questions of the forum that `ids` names (a list of distinct numbers, at most
    MAX_BULK, `too_many` said past it), in its order; a 400 naming `ids` otherwise."""
    if (not isinstance(ids, list) or not ids
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)):
        raise InputError(gettext("Gửi ids là danh sách số câu hỏi (ít nhất một)."), "ids")
    if len(ids) > MAX_BULK:
        raise InputError(too_many, "ids")
    if len(set(ids)) != len(ids):
        raise InputError(gettext("Danh sách ids có câu hỏi bị lặp lại."), "ids")
    # an id past the column's range names no question; handed to the database it would be
    # an OverflowError (a 500), so it is looked up by nobody and reported missing below
    usable = [i for i in ids if 0 <= i <= ID_MAX]
    found = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.forum_id == forum_id, Question.id.in_(usable)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(gettext("Không tìm thấy câu hỏi #%(id)s trong diễn đàn.",
                                 id=missing[0]), "ids")
    return [found[i] for i in ids]
