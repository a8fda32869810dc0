"""POST /api/f/<code>/questions/bulk: approve or reject several questions, all or nothing."""
from tests.conftest import Moderator, make_forum, make_user
from models import Question, State, db


def test_bulk_approves_all_and_records_each(phone, moderator):
    a, b, c = (phone.question(f"Câu hỏi số {n} về học phí năm nay?") for n in range(3))
    moderator.bulk("approve", [a, b])
    assert [db.session.get(Question, q.id).state for q in (a, b, c)] == \
        [State.QUEUED, State.QUEUED, State.NEW]


def test_one_illegal_move_changes_nothing(phone, moderator):
    a, b = (phone.question(f"Câu hỏi thứ {n} về trường lớp?") for n in range(2))
    moderator.reject(b)
    response = moderator.post("/questions/bulk", json={"action": "reject", "ids": [a.id, b.id]})
    assert response.status_code == 409
    assert f"#{b.id}" in response.get_json()["error"]
    db.session.expire_all()
    assert db.session.get(Question, a.id).state is State.NEW


def test_bad_ids_are_refused(phone, moderator):
    a = phone.question()
    for body in ({"action": "approve", "ids": []}, {"action": "approve", "ids": "x"},
                 {"action": "delete", "ids": [a.id]}, {"action": "approve", "ids": [a.id, 999999]}):
        response = moderator.post("/questions/bulk", json=body)
        assert response.status_code == 400, body
    db.session.expire_all()
    assert db.session.get(Question, a.id).state is State.NEW


def test_only_staff_may_bulk(client, phone, forum):
    a = phone.question()
    response = client.post(f"/api/f/{forum.code}/questions/bulk",
                           json={"action": "approve", "ids": [a.id]})
    assert response.status_code in (401, 403)
    db.session.expire_all()
    assert db.session.get(Question, a.id).state is State.NEW


def test_one_step_moves_at_most_max_bulk(phone, moderator):
    from live.questions.moves import MAX_BULK

    a = phone.question()
    response = moderator.post("/questions/bulk",
                              json={"action": "approve", "ids": [a.id] + list(range(1, MAX_BULK + 1))})
    assert response.status_code == 400
    assert str(MAX_BULK) in response.get_json()["error"]
    db.session.expire_all()
    assert db.session.get(Question, a.id).state is State.NEW
