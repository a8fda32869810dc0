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
    """No module outside models/question.py assigns a status string (but live/forums/phases.py, the
    forum's own phase machine)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent
    offenders = []
    for path in list((root / "live").rglob("*.py")) + list((root / "models").rglob("*.py")):
        if (path.parent.name, path.name) in {("models", "question.py"), ("forums", "phases.py")}:
            continue
        if re.search(r"\.status\s*=[^=]", path.read_text()):
            offenders.append(str(path))
    assert offenders == []


def test_actions_follow_the_table():
    """Each move a state offers is one the table allows, and each move the table allows is
    offered (the verbs the staff queue carries as `actions`)."""
    verbs = {"approve": S.QUEUED, "restore": S.QUEUED, "reject": S.REJECTED, "merge": S.MERGED,
             "show": S.ON_SCREEN, "hide": S.QUEUED, "answer": S.ANSWERED, "defer": S.DEFERRED}
    for state in State:
        question = Question(status=state.value, text="x", original_text="x")
        offered = {verbs[a] for a in question.actions if a in verbs}
        assert offered == {t for (s, t) in ALLOWED if s is state}, state
        assert ("edit" in question.actions) is (state is not S.MERGED)


def test_an_unpublished_written_reply_may_be_published():
    question = Question(status=S.ANSWERED.value, text="x", original_text="x",
                        answer_note="Công văn số 12", outcome="in_writing")
    assert "publish" in question.actions
    spoken = Question(status=S.ANSWERED.value, text="x", original_text="x",
                      answer_note="Đã trả lời", outcome="on_spot")
    assert "publish" not in spoken.actions
