"""The question state machine of PRODUCT.md, as a table."""
import itertools

import pytest

from models import IllegalTransition, Question, State
from models.question import TRANSITIONS

S = State
ALLOWED = {
    (S.NEW, S.QUEUED), (S.NEW, S.REJECTED), (S.NEW, S.MERGED),
    (S.QUEUED, S.ON_SCREEN), (S.QUEUED, S.ANSWERED), (S.QUEUED, S.DEFERRED),
    (S.QUEUED, S.REJECTED),
    (S.ON_SCREEN, S.ANSWERED), (S.ON_SCREEN, S.DEFERRED), (S.ON_SCREEN, S.QUEUED),
    (S.DEFERRED, S.ANSWERED),
    (S.REJECTED, S.QUEUED),
}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(State, State)),
                         ids=lambda s: s.value)
def test_transition_table(source, target):
    question = Question(status=source.value, text="x", original_text="x")
    if (source, target) in ALLOWED:
        assert question.move_to(target) is source
        assert question.status == target.value
    else:
        with pytest.raises(IllegalTransition) as error:
            question.move_to(target)
        assert question.status == source.value
        assert "không thể chuyển" in str(error.value)


def test_table_is_the_products():
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


def test_status_is_only_set_in_the_state_machine():
    """No module outside models/question.py assigns a status string (but live/forums.py, the
    forum's own phase machine)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent
    offenders = []
    for path in list((root / "live").rglob("*.py")) + list((root / "models").rglob("*.py")):
        if (path.parent.name, path.name) in {("models", "question.py"), ("live", "forums.py")}:
            continue
        if re.search(r"\.status\s*=[^=]", path.read_text()):
            offenders.append(str(path))
    assert offenders == []
