"""Every refusal is a sentence a person reads (issue 12.8): what the question is and what
cannot be done to it, never a state's code or "không thể không duyệt"."""
import re

import pytest
from flask_babel import force_locale

from live.core.errors import refusal
from live.forums.phases import LABELS_VI
from models import State
from models.question import TRANSITIONS

CODES = re.compile(r"\b(new|queued|on_screen|answered|deferred|rejected|merged|draft|"
                   r"collecting|live|closed|out_of_scope)\b")
ILLEGAL = [(before, target) for before in State for target in State
           if target not in TRANSITIONS[before]]


@pytest.mark.parametrize("before,target", ILLEGAL, ids=lambda s: s.value)
def test_each_illegal_move_is_a_vietnamese_sentence(app, before, target):
    with app.test_request_context():
        sentence = refusal(7, before, target)
    assert sentence.startswith("Câu hỏi #7 ") and sentence.endswith(".")
    assert not CODES.search(sentence), sentence
    assert "không thể không" not in sentence and "“" not in sentence
    assert ("nên không thể" in sentence) != (before is target)


@pytest.mark.parametrize("before,target", ILLEGAL, ids=lambda s: s.value)
def test_each_illegal_move_is_an_english_sentence_too(app, before, target):
    with app.test_request_context(), force_locale("en"):
        sentence = refusal(7, before, target)
    assert sentence.startswith("Question #7 ") and sentence.endswith(".")
    assert not re.search("[À-ỹđĐ]", sentence), sentence


def test_rejecting_an_answered_question_says_why_in_words(app, phone, moderator):
    question = phone.question()
    moderator.approve(question)
    moderator.show(question)
    moderator.answer(question)
    response = moderator.act(question, "reject")
    assert response.status_code == 409
    assert response.get_json()["error"] == \
        f"Câu hỏi #{question.id} đã được trả lời nên không thể từ chối."


def test_merging_into_a_rejected_question_says_why_in_words(app, phone, moderator):
    first, second = phone.question(), phone.question("Bán trú có an toàn không?")
    moderator.reject(second)
    response = moderator.act(first, "merge", into=second.id)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error == f"Câu hỏi #{second.id} đã bị từ chối nên không thể gộp câu khác vào."


def test_a_wrong_phase_names_the_phases_in_vietnamese(app, moderator):
    response = moderator.post("/phase", json={"phase": "somewhere"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert not CODES.search(error)
    assert all(phase in error for phase in LABELS_VI.values())
