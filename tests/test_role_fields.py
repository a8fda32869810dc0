"""Each role sees only what it needs (issue 13.5): the unit API gives what the unit page shows,
no more: no caller's phone number, no asker's original text (a number the moderator edited out
stays out)."""
from tests.test_preparation import unit_account

NUMBER = "0912345678"


def test_the_unit_api_gives_no_phone_and_no_original_text(app, client, phone, moderator, forum):
    school = forum.assignees[-1]
    question = phone.question(f"Sân trường ngập nước, gọi tôi số {NUMBER}")
    moderator.do(question, "edit", text="Sân trường ngập nước", version=question.version)
    moderator.do(question, "assign", assignee_id=school.id)
    staff_view = moderator.client.get("/api/f/thuan-an-2018/questions").get_data(as_text=True)
    assert NUMBER in staff_view  # the moderator still has the original
    headers = unit_account(forum, school)
    answer = client.get("/api/f/thuan-an-2018/unit/questions", headers=headers)
    assert answer.status_code == 200
    assert NUMBER not in answer.get_data(as_text=True)
    (got,) = answer.get_json()
    assert got["original_text"] == got["text"] == "Sân trường ngập nước"
    assert got["contact_phone"] is None
