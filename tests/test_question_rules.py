"""A question's rules besides its moves (models/question.py): what may change, what may be
merged into, explained, shown, published, and how a question ended. The rules as tables on
bare questions (no database), then each refusal as the API answers it: a 409 that says why,
and nothing changed."""
import itertools
from datetime import datetime

import pytest
from sqlalchemy import func, select

from models import (Ending, IllegalTransition, Outcome, Question, RecordEntry, Refused, Rule,
                    State, db)
from models.question import ACTIONS

S = State


def bare(state: State, **fields) -> Question:
    return Question(id=7, status=state.value, text="x", original_text="x", **fields)


def refused(check) -> Rule | type | None:
    """The rule a check refuses by (IllegalTransition for a move), None when it passes."""
    try:
        check()
    except Refused as error:
        return error.rule
    except IllegalTransition:
        return IllegalTransition
    return None


# ---- the rules, state by state ----

#: state -> (changeable, takes merges, explainable once assigned, what `show` meets)
RULES = {
    S.NEW: (True, True, True, IllegalTransition),
    S.QUEUED: (True, True, True, None),
    S.ON_SCREEN: (True, True, True, Rule.ON_SCREEN),
    S.ANSWERED: (True, True, True, IllegalTransition),
    S.DEFERRED: (True, True, True, IllegalTransition),
    S.REJECTED: (True, False, False, IllegalTransition),
    S.MERGED: (False, False, False, IllegalTransition),
}


@pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
def test_the_rules_of_each_state(state):
    changeable, takes_merges, explainable, show = RULES[state]
    question = bare(state, assignee_id=3)
    assert question.changeable is changeable
    assert refused(question.check_changeable) is (None if changeable else Rule.MERGED)
    assert question.can_take_merges is takes_merges
    assert refused(question.check_takes_merges) is (None if takes_merges
                                                    else Rule.TAKES_NO_MERGES)
    assert question.set_aside is (state in (S.REJECTED, S.MERGED))
    assert question.explainable is explainable
    assert refused(question.check_explainable) is (None if explainable
                                                   else Rule.NEEDS_NO_EXPLANATION)
    assert refused(question.check_showable) is show
    assert question.on_screen is (state is S.ON_SCREEN)


@pytest.mark.parametrize("state", [s for s in State if s not in (S.REJECTED, S.MERGED)],
                         ids=lambda s: s.value)
def test_only_a_question_given_to_a_unit_gets_an_explanation(state):
    question = bare(state)
    assert not question.explainable
    assert refused(question.check_explainable) is Rule.UNASSIGNED


#: (state, outcome, note, published) -> may the reply be published, else why not
PUBLISHING = [
    (S.ANSWERED, Outcome.IN_WRITING, "Công văn số 12", None, None),
    (S.ANSWERED, Outcome.REFERRED, "Công an thị xã trả lời", None, None),
    (S.ANSWERED, Outcome.IN_WRITING, "Công văn số 12", "2018-10-01", Rule.PUBLISHED),
    (S.ANSWERED, Outcome.ON_SPOT, "Đã trả lời", None, Rule.NO_WRITTEN_REPLY),
    (S.DEFERRED, Outcome.IN_WRITING, None, None, Rule.NO_WRITTEN_REPLY),
    (S.QUEUED, None, None, None, Rule.NO_WRITTEN_REPLY),
]


@pytest.mark.parametrize(("state", "outcome", "note", "published", "rule"), PUBLISHING)
def test_only_an_unpublished_written_reply_may_be_published(state, outcome, note, published,
                                                           rule):
    question = bare(state, outcome=outcome.value if outcome else None, answer_note=note,
                    reply_published_at=datetime.fromisoformat(published) if published else None)
    assert refused(question.check_publishable) is rule
    assert question.publishable is (rule is None)


@pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
def test_the_actions_are_what_the_rules_allow(state):
    """The verbs a queue entry carries (`actions`) are the ones the guards let through: the
    console offers nothing the API would refuse for the question's state."""
    for outcome, note in itertools.product([None, *Outcome], [None, "Công văn số 12"]):
        question = bare(state, assignee_id=3, outcome=outcome.value if outcome else None,
                        answer_note=note)
        actions = question.actions
        for verb in ("edit", "assign", "topics"):
            assert (verb in actions) is question.changeable, (verb, outcome)
        assert ("show" in actions) is (refused(question.check_showable) is None)
        assert ("publish" in actions) is (refused(question.check_publishable) is None)
        assert set(actions) - {"publish"} == set(ACTIONS[state])


def test_a_refusal_says_why_in_vietnamese_and_carries_its_fields():
    error = pytest.raises(Refused, bare(S.REJECTED).check_takes_merges).value
    assert (error.question_id, error.state, error.rule) == (7, S.REJECTED, Rule.TAKES_NO_MERGES)
    assert str(error) == ("Câu hỏi #7 đang ở trạng thái “không duyệt” nên không thể gộp câu "
                          "khác vào.")


# ---- how a question ended ----

O = Outcome
#: (state, outcome) -> ending, for every pair the operations of live/questions.py leave
ENDINGS = {
    (S.NEW, None): Ending.UNSCREENED,
    (S.QUEUED, None): Ending.WAITING,
    (S.ON_SCREEN, None): Ending.WAITING,
    (S.ANSWERED, O.ON_SPOT): Ending.ON_SPOT,
    (S.ANSWERED, O.IN_WRITING): Ending.IN_WRITING,
    (S.ANSWERED, O.REFERRED): Ending.REFERRED,
    (S.DEFERRED, O.IN_WRITING): Ending.IN_WRITING,
    (S.DEFERRED, O.REFERRED): Ending.REFERRED,
    (S.MERGED, None): Ending.MERGED,
    (S.REJECTED, None): Ending.NOT_TAKEN,
    (S.REJECTED, O.OUT_OF_SCOPE): Ending.OUT_OF_SCOPE,
}


@pytest.mark.parametrize(("state", "outcome"), list(ENDINGS), ids=str)
def test_how_a_question_ended(state, outcome):
    question = bare(state, outcome=outcome.value if outcome else None)
    assert question.ending is ENDINGS[state, outcome]
    assert Ending.of(state, outcome.value if outcome else None) is question.ending


def test_every_ending_is_reached_and_says_whether_it_is_over_and_written():
    assert set(ENDINGS.values()) == set(Ending)
    assert {e for e in Ending if e.written} == {Ending.IN_WRITING, Ending.REFERRED}
    assert {e for e in Ending if not e.over} == {Ending.WAITING, Ending.UNSCREENED}


@pytest.mark.parametrize(("state", "outcome"),
                         list(itertools.product(State, [None, *Outcome])), ids=str)
def test_any_state_and_outcome_has_one_ending(state, outcome):
    """Even a pair the operations never leave (old or hand-edited data) ends somewhere, so
    counts by ending still add up to the total."""
    assert isinstance(Ending.of(state, outcome.value if outcome else None), Ending)


# ---- the refusals through the API: 409, the reason, nothing changed ----

def _merged(phone, moderator, forum):
    question, into = phone.question("Trùng"), phone.question("Câu gốc")
    moderator.do(question, "merge", into=into.id)
    return question


def _rejected(phone, moderator, forum):
    question = phone.question("Không duyệt")
    moderator.do(question, "reject")
    return question


def _on_screen(phone, moderator, forum):
    question = phone.question("Trên màn hình")
    moderator.approve(question)
    moderator.show(question)
    return question


def _answered_on_the_spot(phone, moderator, forum):
    question = phone.question("Đã trả lời")
    moderator.approve(question)
    moderator.do(question, "answer", note="Đã trả lời tại chỗ")
    return question


def _published(phone, moderator, forum):
    question = phone.question("Trả lời bằng văn bản")
    moderator.approve(question)
    moderator.do(question, "defer", assignee_id=forum.assignees[0].id, due="2018-10-01")
    moderator.do(question, "answer", note="Công văn số 12 ngày 28/9/2018")
    moderator.do(question, "publish")
    return question


def _unassigned(phone, moderator, forum):
    return phone.question("Chưa giao")


def _assigned_then_rejected(phone, moderator, forum):
    question = phone.question("Đã giao")
    moderator.do(question, "assign", assignee_id=forum.assignees[0].id)
    moderator.do(question, "reject")
    return question


REFUSALS = [
    ("edit", _merged, {"text": "Sửa"}, "Câu hỏi #{id} đã được gộp vào câu hỏi khác."),
    ("assign", _merged, {"assignee_id": None}, "Câu hỏi #{id} đã được gộp vào câu hỏi khác."),
    ("topics", _merged, {"topic_ids": []}, "Câu hỏi #{id} đã được gộp vào câu hỏi khác."),
    ("merge-into", _rejected, {},
     "Câu hỏi #{id} đã bị từ chối nên không thể gộp câu khác vào."),
    ("merge-into", _merged, {},
     "Câu hỏi #{id} đã được gộp vào câu hỏi khác nên không thể gộp câu khác vào."),
    ("explain", _assigned_then_rejected, {"text": "Giải trình"},
     "Câu hỏi #{id} không còn cần giải trình."),
    ("explain", _unassigned, {"text": "Giải trình"},
     "Câu hỏi #{id} chưa được giao cho đơn vị nào."),
    ("show", _on_screen, {}, "Câu hỏi #{id} đang ở trên màn hình."),
    ("publish", _answered_on_the_spot, {},
     "Câu hỏi #{id} chưa có trả lời bằng văn bản để công bố."),
    ("publish", _published, {}, "Trả lời bằng văn bản của câu hỏi #{id} đã được công bố."),
]


@pytest.mark.parametrize(("action", "make", "body", "message"), REFUSALS,
                         ids=[f"{a}-{m.__name__}" for a, m, _, _ in REFUSALS])
def test_a_refused_action_is_409_with_the_reason(phone, moderator, forum, action, make, body,
                                                 message):
    question = make(phone, moderator, forum)
    # merging into it: another question is the one refused
    other = phone.question("Một câu trùng") if action == "merge-into" else None
    target = other or question
    db.session.expire_all()
    version, logged = target.version, _entries()
    if other is not None:
        response = moderator.act(other, "merge", into=question.id)
    else:
        response = moderator.act(question, action, **body)
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"] == message.format(id=question.id)
    db.session.expire_all()
    assert db.session.get(Question, target.id).version == version
    assert _entries() == logged


def _entries() -> int:
    return db.session.scalar(select(func.count()).select_from(RecordEntry))


def test_a_refusal_is_said_in_the_readers_language(phone, moderator):
    question = _on_screen(phone, moderator, None)
    moderator.client.set_cookie("lang", "en")
    response = moderator.act(question, "show")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert f"#{question.id}" in error and "Câu hỏi" not in error


def test_the_unit_page_says_why_an_explanation_is_refused(app, phone, moderator, forum):
    """The unit page's form post (not the API): the same reason, on the page, 409."""
    question = phone.question("Đã giao rồi bị từ chối")
    moderator.do(question, "assign", assignee_id=forum.assignees[0].id)
    moderator.do(question, "reject")
    page = moderator.client.get(f"/f/{forum.code}/unit").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = moderator.client.post(f"/f/{forum.code}/unit/{question.id}/explain",
                                     data={"text": "Giải trình", "csrf_token": token})
    assert response.status_code == 409
    assert (f"Câu hỏi #{question.id} không còn cần giải trình."
            in response.get_data(as_text=True))
