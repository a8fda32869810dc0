"""What the moderator does to questions, through the API, and what the record keeps."""
import pytest
from sqlalchemy import select

from models import Question, RecordEntry, State, db
from tests.conftest import Moderator, make_forum, make_question


def actions_of(question):
    return [e.action for e in db.session.scalars(
        select(RecordEntry).where(RecordEntry.question_id == question.id).order_by(RecordEntry.id))]


def test_a_question_from_phone_to_answer(phone, moderator, forum, client):
    question = phone.question("Khi nào trường xây thêm phòng học?")
    assignee = forum.assignees[0]
    moderator.approve(question)
    moderator.assign(question, assignee)
    moderator.next_item()
    moderator.show(question)
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    assert state["on_screen"] == {
        "id": question.id, "text": "Khi nào trường xây thêm phòng học?", "asker": None,
        "assignee": assignee.to_dict(), "explanation": None, "screen_text": None,
        "also_asked": 0,
    }
    moderator.answer(question, "Năm 2019 xây thêm 12 phòng.")
    assert client.get(f"/api/f/{forum.code}/state").get_json()["on_screen"] is None
    db.session.refresh(question)
    assert (question.status, question.answer_note) == ("answered", "Năm 2019 xây thêm 12 phòng.")
    assert question.agenda_item.position == 1
    assert actions_of(question) == ["question.submit", "question.approve", "question.assign",
                                    "question.show", "question.answer"]
    entries = db.session.scalars(select(RecordEntry).where(RecordEntry.question_id == question.id))
    assert {e.actor for e in entries} == {"attendee", "admin"}


def test_showing_a_question_takes_down_the_one_on_screen(phone, moderator, client, forum):
    first, second = phone.question("Một"), phone.question("Hai")
    for q in (first, second):
        moderator.approve(q)
    moderator.show(first)
    moderator.show(second)
    db.session.refresh(first)
    assert first.status == "queued"
    assert client.get(f"/api/f/{forum.code}/state").get_json()["on_screen"]["id"] == second.id
    assert db.session.scalars(select(Question).where(Question.status == "on_screen")).all() \
        == [second]
    hide = db.session.scalar(select(RecordEntry).where(RecordEntry.action == "question.hide"))
    assert hide.data == {"from": "on_screen", "to": "queued", "replaced_by": second.id}


def test_the_database_refuses_two_questions_on_screen(app, phone, forum):
    from sqlalchemy.exc import IntegrityError

    first, second = phone.question("Một"), phone.question("Hai")
    first.status = second.status = "on_screen"  # bypassing the state machine on purpose
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_an_illegal_move_is_409_with_the_reason(phone, moderator):
    question = phone.question()
    response = moderator.act(question, "show")
    assert response.status_code == 409
    assert response.get_json()["error"] == \
        f"Câu hỏi #{question.id} chưa được duyệt nên không thể đưa lên màn hình."
    db.session.refresh(question)
    assert question.status == "new"
    assert actions_of(question) == ["question.submit"]


def test_a_stale_version_is_409(phone, moderator, app, forum):
    question = phone.question()
    seen = question.version
    other = Moderator(app.test_client(), forum)
    other.approve(question)
    response = moderator.act(question, "reject", version=seen)
    assert response.status_code == 409
    assert "người khác" in response.get_json()["error"]
    db.session.refresh(question)
    assert question.status == "queued"
    assert moderator.act(question, "reject", version=question.version).status_code == 200


def test_edit_keeps_the_original(phone, moderator):
    question = phone.question("hoc phi tang ko")
    moderator.edit(question, "Học phí có tăng không?")
    db.session.refresh(question)
    assert (question.text, question.original_text) == ("Học phí có tăng không?",
                                                       "hoc phi tang ko")
    entry = db.session.scalar(select(RecordEntry).where(RecordEntry.action == "question.edit"))
    assert entry.data == {"before": "hoc phi tang ko", "after": "Học phí có tăng không?"}
    assert moderator.act(question, "edit", text="  ").status_code == 400


def test_merge_a_duplicate(phone, moderator, forum):
    keep, duplicate = phone.question("Bán trú giá bao nhiêu?"), phone.question("Giá bán trú?")
    moderator.merge(duplicate, keep)
    db.session.refresh(duplicate)
    assert (duplicate.status, duplicate.merged_into_id) == ("merged", keep.id)
    assert moderator.act(keep, "merge", into=keep.id).status_code == 400
    assert moderator.act(duplicate, "approve").status_code == 409
    elsewhere = make_forum("khac")
    from tests.conftest import Phone
    stranger = Phone(phone.client, elsewhere).question("Ở diễn đàn khác")
    assert moderator.act(keep, "merge", into=stranger.id).status_code == 400


def test_defer_needs_a_unit_and_a_due_date_then_a_written_answer(phone, moderator, forum):
    question = phone.question("Bao giờ sửa nhà vệ sinh trường?")
    moderator.approve(question)
    unit = forum.assignees[-1]
    response = moderator.act(question, "defer", due="2018-10-15")
    assert response.status_code == 400 and "đơn vị" in response.get_json()["error"]
    response = moderator.act(question, "defer", assignee_id=unit.id)
    assert response.status_code == 400 and "hạn" in response.get_json()["error"]
    response = moderator.act(question, "defer", assignee_id=unit.id, due="15/10/2018")
    assert response.status_code == 400
    body = moderator.defer(question, unit, "2018-10-15")
    assert (body["status"], body["due"], body["assignee"]["id"]) == ("deferred", "2018-10-15",
                                                                     unit.id)
    body = moderator.answer(question, "Đã sửa xong ngày 01/10/2018.")
    assert body["status"] == "answered"
    written = db.session.scalars(select(RecordEntry).where(RecordEntry.action ==
                                                           "question.answer")).one()
    assert written.data["written"] is True


def test_reject_and_restore(phone, moderator):
    question = phone.question("Nội dung không phù hợp")
    moderator.reject(question)
    moderator.restore(question)
    db.session.refresh(question)
    assert question.status == "queued"


def test_assignee_must_belong_to_the_forum(phone, moderator):
    stranger = make_forum("khac").assignees[0]
    question = phone.question()
    response = moderator.act(question, "assign", assignee_id=stranger.id)
    assert response.status_code == 400
    assert moderator.act(question, "assign", assignee_id="1").status_code == 400


def test_unknown_action_and_question_are_404(phone, moderator):
    question = phone.question()
    assert moderator.act(question, "explode").status_code == 404
    assert moderator.act(99999, "approve").status_code == 404


def test_queue_search_ignores_diacritics(phone, moderator, app, forum):
    phone.question("Học phí năm nay thế nào?")
    phone.question("Đồng phục học sinh")
    phone.question("Sân chơi 100% an toàn?")
    get = lambda q: [x["text"] for x in moderator.client.get(  # noqa: E731
        f"/api/f/{forum.code}/questions", query_string={"q": q}).get_json()]
    assert get("hoc phi") == ["Học phí năm nay thế nào?"]
    assert get("học phí") == ["Học phí năm nay thế nào?"]
    assert get("dong phuc") == ["Đồng phục học sinh"]
    assert get("100%") == ["Sân chơi 100% an toàn?"]
    assert get("%") == ["Sân chơi 100% an toàn?"]
    assert len(get("")) == 3


def test_queue_filters_by_status(phone, moderator, forum):
    a, b = phone.question("A"), phone.question("B")
    moderator.approve(a)
    rows = moderator.client.get(f"/api/f/{forum.code}/questions?status=queued").get_json()
    assert [r["id"] for r in rows] == [a.id]
    rows = moderator.client.get(f"/api/f/{forum.code}/questions?status=new,queued").get_json()
    assert [r["id"] for r in rows] == [a.id, b.id]


def test_assignees_of_the_forum(moderator, forum):
    rows = moderator.client.get(f"/api/f/{forum.code}/assignees").get_json()
    assert [r["name"] for r in rows] == [a.name for a in forum.assignees]
    assert set(rows[0]) >= {"id", "name", "title"}


def test_a_moderator_account_can_moderate(staff, phone):
    question = phone.question()
    staff("moderator", username="thu-ky").approve(question)
    entry = db.session.scalars(select(RecordEntry).where(
        RecordEntry.action == "question.approve")).one()
    assert entry.actor == "thu-ky"


@pytest.mark.parametrize("state", [s for s in State if s is not State.MERGED])
def test_edit_and_assign_are_attributes_not_states(moderator, forum, state):
    question = make_question(moderator, state.value)
    moderator.edit(question, "Sửa lại")
    moderator.assign(question, forum.assignees[0])
    db.session.refresh(question)
    assert question.status == state.value


def test_every_ending_has_an_outcome(phone, moderator, forum):
    on_spot, written, referred, out, plain = (phone.question(f"Câu {i}") for i in range(5))
    for q in (on_spot, written, referred):
        moderator.approve(q)
    unit = forum.assignees[-1]
    assert moderator.answer(on_spot, "Đã trả lời")["outcome"] == "on_spot"
    body = moderator.defer(written, unit, "2018-10-01")
    assert body["outcome"] == "in_writing"
    body = moderator.answer(written, "Công văn số 12 ngày 28/9/2018")
    assert (body["outcome"], body["status"]) == ("in_writing", "answered")
    assert body["answered_at"] is not None
    body = moderator.defer(referred, referred_to="Công an thị xã")
    assert (body["outcome"], body["referred_to"], body["due"]) == ("referred", "Công an thị xã",
                                                                  None)
    assert moderator.reject(out, reason="out_of_scope")["outcome"] == "out_of_scope"
    assert moderator.reject(plain)["outcome"] is None
    assert moderator.restore(out)["outcome"] is None


def test_a_bad_reject_reason_is_400(phone, moderator):
    question = phone.question()
    response = moderator.act(question, "reject", reason="because")
    assert response.status_code == 400 and "ngoài phạm vi" in response.get_json()["error"]
    assert response.get_json()["field"] == "reason"


def test_each_queue_entry_carries_the_actions_allowed_now(phone, moderator):
    a, b = phone.question("A"), phone.question("B")
    moderator.approve(a)
    moderator.reject(b)
    rows = {r["id"]: r for r in moderator.client.get(
        f"/api/f/{moderator.forum.code}/questions").get_json()}
    assert rows[a.id]["actions"][:4] == ["show", "answer", "defer", "reject"]
    assert "approve" not in rows[a.id]["actions"]
    assert rows[b.id]["actions"][0] == "restore"
    moderator.answer(a, "Đã trả lời")
    answered = moderator.queue()
    assert {r["id"]: r for r in answered}[a.id]["actions"] == ["edit", "assign", "topics"]
