"""A restart loses nothing acknowledged and restores the current item and the question on
screen: all of it is in the database, none of it in process memory."""
from live import create_app
from live.core.extensions import db
from tests.conftest import _config


def test_a_new_process_sees_the_same_hall(app, db_path, phone, moderator, client, forum):
    question = phone.question("Câu hỏi trước khi máy chủ khởi động lại", client_key="restart-1")
    moderator.approve(question)
    moderator.start_item(7)
    moderator.show(question)
    before = client.get(f"/api/f/{forum.code}/state").get_json()
    question_id = question.id
    db.session.remove()
    db.engine.dispose()

    fresh = create_app(_config(db_path))
    with fresh.app_context():
        after = fresh.test_client().get(f"/api/f/{forum.code}/state").get_json()
        again = fresh.test_client().post(f"/api/f/{forum.code}/questions", json={
            "text": "Câu hỏi trước khi máy chủ khởi động lại", "client_key": "restart-1"})
        db.session.remove()
        db.engine.dispose()
    assert after == before
    assert after["current_item"] == 7 and after["on_screen"]["id"] == question_id
    assert again.status_code == 200 and again.get_json()["id"] == question_id
