"""Domain errors. Each carries a message a person can act on (Vietnamese by default)."""
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


__all__ = ["InputError", "Conflict", "IllegalTransition"]
