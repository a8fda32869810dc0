"""A forum's phases: draft -> collecting -> live -> closed, and what the attendee page says."""
import pytest

from models import RecordEntry, db
from tests.conftest import Phone, make_forum

PHASE_STEPS = [("live", "closed", 200), ("closed", "live", 200), ("live", "collecting", 200),
               ("collecting", "draft", 200), ("draft", "closed", 409), ("live", "live", 409),
               ("live", "finished", 400)]


@pytest.mark.parametrize(("start", "target", "code"), PHASE_STEPS)
def test_phase_moves(moderator, start, target, code):
    forum = make_forum(phase=start)
    response = moderator.on(forum).post("/phase", json={"phase": target})
    assert response.status_code == code, response.get_json()
    if code == 200:
        assert response.get_json()["forum"]["status"] == target
        entry = db.session.scalars(db.select(RecordEntry).where(
            RecordEntry.forum_id == forum.id, RecordEntry.action == "forum.phase")).one()
        assert entry.data == {"from": start, "to": target}
    else:
        assert response.get_json()["error"]


def test_closing_the_forum_turns_the_phone_page_to_results(moderator, client, forum):
    question = Phone(client, forum).question("Câu hỏi cuối")
    moderator.approve(question)
    moderator.answer(question, "Đã trả lời tại chỗ")
    moderator.phase("closed")
    html = client.get(f"/f/{forum.code}").get_data(as_text=True)
    assert f"/f/{forum.code}/results" in html
    assert "kết thúc" in html
    late = client.post(f"/api/f/{forum.code}/questions", json={"text": "Muộn rồi"})
    assert late.status_code == 409 and "kết thúc" in late.get_json()["error"]


def test_the_phone_page_says_which_phase_it_is_in(client):
    for phase, words in (("draft", "chưa mở"), ("collecting", "trước"), ("live", "Gửi câu hỏi")):
        forum = make_forum(phase=phase)
        html = client.get(f"/f/{forum.code}").get_data(as_text=True)
        assert words.lower() in html.lower(), phase
