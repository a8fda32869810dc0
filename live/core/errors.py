"""Domain errors. Each carries a message a person can act on (Vietnamese by default)."""
from flask_babel import gettext, pgettext

from live.core.labels import N_, NP_
from models import IllegalTransition, Refused, Rule, State


class InputError(ValueError):
    """Bad input from a person: answered with 400 and this message."""

    status = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ForumNotOpen(InputError):
    """A well-formed question the forum's phase does not take (not open yet, or closed): a
    conflict with the state, 409 in the API; a form shows it like any refusal."""

    status = 409


class Conflict(Exception):
    """The action does not fit the current state (stale version, illegal move): 409."""

    status = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


#: where a question stands, as the middle of a sentence ("Câu hỏi #5 … nên không thể …")
STANDS = {
    State.NEW: NP_("question stands", "chưa được duyệt"),
    State.QUEUED: NP_("question stands", "đã được duyệt"),
    State.ON_SCREEN: NP_("question stands", "đang ở trên màn hình"),
    State.ANSWERED: NP_("question stands", "đã được trả lời"),
    State.DEFERRED: NP_("question stands", "đã được hẹn trả lời bằng văn bản"),
    State.REJECTED: NP_("question stands", "đã bị từ chối"),
    State.MERGED: NP_("question stands", "đã được gộp vào câu hỏi khác"),
}
#: what the moderator tried, by the state it would lead to ("… nên không thể từ chối")
TRIED = {
    State.NEW: NP_("question action", "đưa về chưa duyệt"),
    State.QUEUED: NP_("question action", "duyệt"),
    State.ON_SCREEN: NP_("question action", "đưa lên màn hình"),
    State.ANSWERED: NP_("question action", "đánh dấu đã trả lời"),
    State.DEFERRED: NP_("question action", "hẹn trả lời bằng văn bản"),
    State.REJECTED: NP_("question action", "từ chối"),
    State.MERGED: NP_("question action", "gộp"),
}


#: what a question's rules refused (models/question.py, `Refused`), with the question's id
#: and, where the sentence says it, where it stands
REFUSALS = {
    Rule.MERGED: N_("Câu hỏi #%(id)s đã được gộp vào câu hỏi khác."),
    Rule.TAKES_NO_MERGES: N_("Câu hỏi #%(id)s %(stands)s nên không thể gộp câu khác vào."),
    Rule.NEEDS_NO_EXPLANATION: N_("Câu hỏi #%(id)s không còn cần giải trình."),
    Rule.UNASSIGNED: N_("Câu hỏi #%(id)s chưa được giao cho đơn vị nào."),
    Rule.ON_SCREEN: N_("Câu hỏi #%(id)s đang ở trên màn hình."),
    Rule.NO_WRITTEN_REPLY: N_("Câu hỏi #%(id)s chưa có trả lời bằng văn bản để công bố."),
    Rule.PUBLISHED: N_("Trả lời bằng văn bản của câu hỏi #%(id)s đã được công bố."),
}


def stands(state) -> str:
    """Where a question stands, in the reader's language ("đã được trả lời")."""
    return pgettext("question stands", STANDS[State(state)])


def refusal(question_id, before, target) -> str:
    """The sentence for a move the state machine does not allow, e.g. "Câu hỏi #5 đã được trả
    lời nên không thể từ chối." (never a state's code, never "không thể không duyệt")."""
    before, target = State(before), State(target)
    if before is target:
        return gettext("Câu hỏi #%(id)s %(stands)s rồi.", id=question_id, stands=stands(before))
    return gettext("Câu hỏi #%(id)s %(stands)s nên không thể %(action)s.", id=question_id,
                   stands=stands(before), action=pgettext("question action", TRIED[target]))


def message_of(error: Exception) -> str:
    """What to tell the person, in their language: an illegal move as a sentence of what the
    question is and what cannot be done to it; a rule of the question's likewise."""
    if isinstance(error, IllegalTransition):
        return refusal(error.question_id, error.before, error.target)
    if isinstance(error, Refused):
        return gettext(REFUSALS[error.rule], id=error.question_id, stands=stands(error.state))
    return getattr(error, "message", str(error))


__all__ = ["InputError", "ForumNotOpen", "Conflict", "IllegalTransition", "Refused",
           "message_of"]
