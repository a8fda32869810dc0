"""Domain errors. Each carries a message a person can act on (Vietnamese by default)."""
from flask_babel import gettext, pgettext

from models import IllegalTransition


class InputError(ValueError):
    """Bad input from a person: answered with 400 and this message."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Conflict(Exception):
    """The action does not fit the current state (stale version, illegal move): 409."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def message_of(error: Exception) -> str:
    """What to tell the person, in their language. An illegal move names both states with the
    console's own words for them."""
    if isinstance(error, IllegalTransition):
        from live.labels import CONTEXTS, STAFF_STATUS

        def word(state):
            return pgettext(CONTEXTS["STAFF_STATUS"], STAFF_STATUS[state.value])

        return gettext("Câu hỏi #%(id)s đang ở trạng thái “%(before)s”, không thể chuyển sang "
                       "“%(target)s”.", id=error.question_id, before=word(error.before),
                       target=word(error.target))
    return getattr(error, "message", str(error))


__all__ = ["InputError", "Conflict", "IllegalTransition", "message_of"]
