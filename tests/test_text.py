"""Text comes back as it was typed: NFC, no controls, and emoji sequences kept whole."""
import pytest

from live.core.text import clean

ZWJ, ZWNJ = "\u200d", "\u200c"


@pytest.mark.parametrize("typed", [
    "Cô giáo 👩‍🏫 lớp 3A",  # woman teacher: 👩 ZWJ 🏫
    "👨‍👩‍👧 gia đình tôi",  # a family: three joined
    "🏳️‍🌈",  # a flag with a variation selector before the joiner
    "👩🏽‍🏫",  # a skin tone before the joiner
    "❤️‍🔥",
])
def test_joiners_inside_emoji_sequences_are_kept(typed):
    assert clean(typed) == typed


@pytest.mark.parametrize("typed,kept", [
    (f"học{ZWJ}phí", "họcphí"),  # a joiner between letters makes nothing
    (f"{ZWNJ}{ZWNJ}", ""),  # a blank made of joiners is blank
    (f"👩{ZWJ}", "👩"),  # a joiner at the end joins nothing
    (f"{ZWJ}🏫", "🏫"),
    (f"a{ZWJ}🏫", "a🏫"),
    ("học\u200bphí", "họcphí"),  # zero-width space
])
def test_joiners_elsewhere_are_stripped(typed, kept):
    assert clean(typed) == kept


def test_a_question_with_an_emoji_sequence_is_stored_as_typed(app, phone):
    question = phone.question("Cô giáo 👩‍🏫 của con tôi rất tận tâm, xin khen thưởng.")
    assert question.text == "Cô giáo 👩‍🏫 của con tôi rất tận tâm, xin khen thưởng."
    assert question.original_text == question.text
