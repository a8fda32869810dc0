"""Before the forum: units prepare explanations; topics and filters; phones back questions."""
import pytest

from models import RecordEntry, Topic, db
from tests.conftest import make_token, make_user


@pytest.fixture
def topics(forum):
    made = [Topic(forum_id=forum.id, name=name, position=i) for i, name in
            enumerate(["học phí", "cơ sở vật chất", "tuyển sinh"])]
    db.session.add_all(made)
    db.session.commit()
    return made


def unit_account(forum, assignee, name="hieu-truong"):
    user = make_user(name, "unit", "unit-password-1")
    user.forum_id, user.assignee_id = forum.id, assignee.id
    db.session.commit()
    return {"Authorization": f"Bearer {make_token(user)}"}


def test_a_unit_sees_only_its_questions_and_writes_the_explanation(app, client, phone, moderator,
                                                                    forum):
    school, office = forum.assignees[-1], forum.assignees[0]
    ours, theirs = phone.question("Sân trường ngập nước"), phone.question("Học phí")
    body = moderator.assign(ours, school, prepare_by="2018-08-30")
    assert (body["prepare_by"], body["due"]) == ("2018-08-30", None)
    moderator.assign(theirs, office)
    headers = unit_account(forum, school)
    mine = client.get(f"/api/f/{forum.code}/unit/questions", headers=headers).get_json()
    assert [q["id"] for q in mine] == [ours.id]
    assert client.get(f"/api/f/{forum.code}/questions", headers=headers).status_code == 403
    refused = client.post(f"/api/f/{forum.code}/questions/{theirs.id}/explain",
                          headers=headers, json={"text": "Không phải của tôi"})
    assert refused.status_code == 403
    empty = client.post(f"/api/f/{forum.code}/questions/{ours.id}/explain", headers=headers,
                        json={"text": "  "})
    assert empty.status_code == 400
    done = client.post(f"/api/f/{forum.code}/questions/{ours.id}/explain", headers=headers,
                       json={"text": "Nhà trường đã nâng nền sân trong hè 2018."})
    assert done.status_code == 200
    assert done.get_json()["explanation"] == "Nhà trường đã nâng nền sân trong hè 2018."
    entry = db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.action == "question.explain")).one()
    assert entry.actor == "hieu-truong"


def test_at_item_6_the_explanation_goes_on_screen_with_its_question(client, phone, moderator,
                                                                    forum):
    question = phone.question("Vì sao trường thu quỹ phụ huynh?")
    moderator.assign(question, forum.assignees[-1])
    moderator.client.post(f"/api/f/{forum.code}/questions/{question.id}/explain",
                          headers={"X-CSRFToken": moderator.csrf},
                          json={"text": "Quỹ do Ban đại diện cha mẹ học sinh tự nguyện lập."})
    moderator.approve(question)
    moderator.start_item(6)
    moderator.show(question)
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    assert state["current_item"] == 6
    assert state["on_screen"]["explanation"] == "Quỹ do Ban đại diện cha mẹ học sinh tự nguyện lập."
    screen = client.get(f"/f/{forum.code}/screen").get_data(as_text=True)
    assert "Quỹ do Ban đại diện cha mẹ học sinh tự nguyện lập." in screen


def test_topics_and_filters(phone, moderator, forum, topics):
    fee, building, _ = topics
    a, b, c = phone.question("Học phí cấp 2"), phone.question("Phòng học dột"), phone.question("C")
    moderator.topics(a, [fee])
    moderator.topics(b, [building, fee])
    assert moderator.act(c, "topics", topic_ids=[9999]).status_code == 400
    assert moderator.act(c, "topics", topic_ids="học phí").status_code == 400
    moderator.assign(b, forum.assignees[-1])
    moderator.approve(a)

    def ids(**query):
        rows = moderator.client.get(f"/api/f/{forum.code}/questions",
                                    query_string=query).get_json()
        return [r["id"] for r in rows]

    assert ids(topic=fee.id) == [a.id, b.id]
    assert ids(topic=building.id) == [b.id]
    assert ids(assignee=forum.assignees[-1].id) == [b.id]
    assert ids(status="queued", topic=fee.id) == [a.id]
    assert ids(channel="venue") == [a.id, b.id, c.id]
    assert ids(channel="hotline") == []
    row = moderator.queue()[1]
    assert [t["name"] for t in row["topics"]] == ["học phí", "cơ sở vật chất"]
    assert [t["name"] for t in moderator.client.get(
        f"/api/f/{forum.code}/topics").get_json()] == ["học phí", "cơ sở vật chất", "tuyển sinh"]


def test_phones_back_visible_questions_once_each(app, client, phone, moderator, forum):
    client.get(f"/f/{forum.code}")  # the phone opens the page first: its device cookie
    question, hidden = phone.question("Bếp ăn bán trú"), phone.question("Chưa duyệt")
    moderator.approve(question)
    up = f"/api/f/{forum.code}/questions/{question.id}/upvote"
    assert client.post(up).status_code == 409, "the hall does not see the queue yet"
    forum.phones_see_queue = True
    db.session.commit()
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    assert [q["id"] for q in state["hall_questions"]] == [question.id]
    first, again = client.post(up), client.post(up)
    assert (first.status_code, first.get_json()["upvotes"]) == (201, 1)
    assert (again.status_code, again.get_json()) == (200, {"id": question.id, "upvotes": 1,
                                                          "added": False})
    other_phone = app.test_client()
    other_phone.get(f"/f/{forum.code}")
    assert other_phone.post(up).get_json()["upvotes"] == 2
    hidden_up = client.post(f"/api/f/{forum.code}/questions/{hidden.id}/upvote")
    assert hidden_up.status_code == 409
    seen = question.version
    db.session.expire_all()
    assert db.session.get(type(question), question.id).version == seen, \
        "upvotes never make a moderator's action stale"
    ranked = moderator.client.get(f"/api/f/{forum.code}/questions?sort=upvotes").get_json()
    assert ranked[0]["id"] == question.id and ranked[0]["upvotes"] == 2


def test_a_secretary_notes_answers_but_does_not_moderate(phone, moderator, staff):
    secretary = staff("secretary", forum_only=True)
    question = phone.question()
    assert secretary.act(question, "approve").status_code == 403
    moderator.approve(question)
    assert secretary.act(question, "answer", note="Ghi nhanh").status_code == 200


def test_the_record_lists_the_explanations(phone, moderator, forum):
    question = phone.question("Vì sao phải mua sách tham khảo?")
    moderator.assign(question, forum.assignees[0])
    moderator.client.post(f"/api/f/{forum.code}/questions/{question.id}/explain",
                          headers={"X-CSRFToken": moderator.csrf},
                          json={"text": "Sách tham khảo không bắt buộc."})
    html = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    section = html.split('id="explained-title"')[1].split("</section>")[0]
    assert "Vì sao phải mua sách tham khảo?" in section
    assert "Sách tham khảo không bắt buộc." in section


def test_a_staff_login_expires_without_use(app, moderator):
    with moderator.client.session_transaction() as session:
        assert session.permanent
    from datetime import timedelta

    assert app.permanent_session_lifetime == timedelta(hours=14)


def test_a_unit_gets_back_only_what_its_page_shows(client, moderator, forum):
    """The answer to a unit's explanation is the unit's view of the question, as the unit's
    list gives it: no caller's number, no receipt, not the text the moderator edited out."""
    school = forum.assignees[-1]
    question_id = moderator.post("/questions", json={
        "text": "Gọi lại số 0912 345 678 về sân trường", "channel": "hotline",
        "contact_phone": "0912345678", "received_on": "2018-08-20"}).get_json()["id"]
    moderator.do(question_id, "edit", text="Về sân trường")
    moderator.do(question_id, "assign", assignee_id=school.id)
    headers = unit_account(forum, school)
    done = client.post(f"/api/f/{forum.code}/questions/{question_id}/explain", headers=headers,
                       json={"text": "Đã nâng nền sân."}).get_json()
    listed = client.get(f"/api/f/{forum.code}/unit/questions", headers=headers).get_json()[0]
    assert done == {**listed, "updated_at": done["updated_at"], "version": done["version"]}
    assert (done["contact_phone"], done["original_text"]) == (None, "Về sân trường")
    assert "receipt" not in done
    assert done["actions"] == ["explain"]
