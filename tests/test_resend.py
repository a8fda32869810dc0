"""Nothing acknowledged is refused on a resend (issue 13.4): a phone whose first reply was lost
sends the same client_key again, perhaps after the moderator closed the forum; it gets the stored
question back (API 200, plain form 303 to its confirmation), whatever the phase."""
import pytest

from models import Question, db


@pytest.mark.parametrize("phase", ["closed", "collecting", "draft"])
def test_a_resend_after_the_phase_changed_gets_the_stored_question(app, client, forum, phone,
                                                                   moderator, phase):
    sent = phone.ask("Học phí có tăng không?", client_key="lost-reply-0001")
    assert sent.status_code == 201
    if phase == "draft":
        moderator.phase("collecting")  # a live forum goes back to draft through collecting
    moderator.phase(phase)
    again = phone.ask("Học phí có tăng không?", client_key="lost-reply-0001")
    assert again.status_code == 200
    assert again.get_json()["id"] == sent.get_json()["id"]
    if phase != "collecting":  # a new question is still refused there, with a sentence
        new = phone.ask("Câu hỏi mới", client_key="brand-new-0001")
        assert new.status_code >= 400 and new.get_json()["error"]
        assert db.session.query(Question).filter_by(client_key="brand-new-0001").count() == 0


def test_the_plain_form_resend_after_the_close_goes_to_its_confirmation(app, client, forum,
                                                                         moderator):
    form = {"text": "Bán trú có an toàn không?", "client_key": "form-lost-0001"}
    first = client.post(f"/f/{forum.code}", data=form)
    assert first.status_code == 303
    moderator.phase("closed")
    again = client.post(f"/f/{forum.code}", data=form)
    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Bán trú có an toàn không?" in page
