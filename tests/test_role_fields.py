"""Each role sees only what it needs (issue 13.5): the unit API gives what the unit page shows,
no more: no caller's phone number, no asker's original text (a number the moderator edited out
stays out)."""
from tests.test_preparation import unit_account

NUMBER = "0912345678"


def test_the_unit_api_gives_no_phone_and_no_original_text(app, client, phone, moderator, forum):
    school = forum.assignees[-1]
    question = phone.question(f"Sân trường ngập nước, gọi tôi số {NUMBER}")
    moderator.edit(question, "Sân trường ngập nước", version=question.version)
    moderator.assign(question, school)
    staff_view = moderator.client.get(f"/api/f/{forum.code}/questions").get_data(as_text=True)
    assert NUMBER in staff_view  # the moderator still has the original
    headers = unit_account(forum, school)
    answer = client.get(f"/api/f/{forum.code}/unit/questions", headers=headers)
    assert answer.status_code == 200
    assert NUMBER not in answer.get_data(as_text=True)
    (got,) = answer.get_json()
    assert got["original_text"] == got["text"] == "Sân trường ngập nước"
    assert got["contact_phone"] is None


def _table():
    """docs/security.md, "What each role gets": answer -> the set of fields it lists."""
    import pathlib
    text = (pathlib.Path(__file__).parents[1] / "docs" / "security.md").read_text("utf-8")
    section = text.split("## What each role gets", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("answer", "---"):
            rows[cells[0]] = {f.strip() for f in cells[2].split(",")}
    return rows


def test_the_table_of_what_each_role_gets_is_what_the_app_sends(app, client, phone, moderator,
                                                                forum):
    from models import db
    rows = _table()
    question = phone.question("Học phí năm nay có tăng không?")
    moderator.approve(question)
    moderator.show(question)
    school = forum.assignees[-1]
    moderator.assign(question, school)
    forum.phones_see_queue = True
    db.session.commit()
    moderator.approve(phone.question("Câu thứ hai"))
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    assert set(state) == rows["`GET /api/f/<code>/state`, the `state` event"]
    assert set(state["on_screen"]) == rows["its `on_screen`"]
    assert {key for item in state["hall_questions"] for key in item} == \
        rows["its `hall_questions` items"]
    queue = moderator.queue()
    assert {key for item in queue for key in item} == \
        rows["`GET /api/f/<code>/questions` items, the `queue` event's `questions`"]
    from live.questions.queue import queue_delta
    delta = queue_delta(forum, {item["id"] for item in queue})["questions"]
    assert delta and {key for item in delta for key in item} == \
        rows["the `queue_delta` event's `questions` (consoles with `queue=delta`)"]
    unit = client.get(f"/api/f/{forum.code}/unit/questions",
                      headers=unit_account(forum, school)).get_json()
    assert unit and {key for item in unit for key in item} == \
        rows["`GET /api/f/<code>/unit/questions` items"]
    sent = client.post(f"/api/f/{forum.code}/questions",
                       json={"text": "Câu thứ ba", "client_key": "role-fields-01"})
    assert set(sent.get_json()) == \
        rows["`POST /api/f/<code>/questions` (`201`, and `200` for a resend)"]
    assert set(client.post(f"/api/f/{forum.code}/questions",
                           json={"text": "Câu thứ ba", "client_key": "role-fields-01"})
               .get_json()) == rows["`POST /api/f/<code>/questions` (`201`, and `200` for a resend)"]
    from live.screens.broadcast import own_status
    from models import Question
    assert set(own_status(db.session.get(Question, sent.get_json()["id"]))) == \
        rows["the `mine` event's items"]
    # the receipt is the sender's and staff's: not in the state, not for a unit
    receipts = {item["receipt"] for item in queue}
    assert all(receipts) and not any(r in str(state) or r in str(unit) for r in receipts)
    # the anonymous and the unit answers carry nothing of the staff-only fields' values
    assert all(item["contact_phone"] is None for item in unit)
    assert "contact_phone" not in str(state) and "original_text" not in str(state)
