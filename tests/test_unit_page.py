"""The unit's page: a unit account sees the questions assigned to its unit and writes their
explanations with plain form posts; another unit's question is refused; an admin sees all."""
import re

import pytest

from models import Question, RecordEntry, db
from tests.conftest import ADMIN_PASSWORD, make_user
from tests.factories import FORUM

PAGE = f"/f/{FORUM['code']}/unit"


class Browser:
    """A person at the unit page: logged in through /login, posting its forms with CSRF."""

    def __init__(self, client, username, password, next_page=None):
        self.client = client
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        self.landing = client.post("/login" + (f"?next={next_page}" if next_page else ""),
                                   data={"username": username, "password": password,
                                         "csrf_token": token})
        assert self.landing.status_code == 302, self.landing.get_data(as_text=True)

    def page(self):
        response = self.client.get(PAGE)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def csrf(self) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.page()).group(1)

    def explain(self, question, text, **extra):
        return self.client.post(f"{PAGE}/{question.id}/explain",
                                data={"text": text, "csrf_token": self.csrf(), **extra})


@pytest.fixture
def school(forum):
    return forum.assignees[-1]  # the school, a unit that prepares answers


@pytest.fixture
def unit(app, forum, school):
    user = make_user("hieu-truong", "unit", "unit-password-1")
    user.forum_id, user.assignee_id = forum.id, school.id
    db.session.commit()
    return Browser(app.test_client(), "hieu-truong", "unit-password-1")


@pytest.fixture
def assigned(phone, moderator, forum, school):
    ours = phone.question("Sân trường ngập nước mỗi khi mưa", name="Lê Văn Minh",
                          affiliation="phụ huynh lớp 3A")
    theirs = phone.question("Học phí năm học mới có tăng không?")
    loose = phone.question("Câu hỏi chưa giao cho ai")
    moderator.assign(ours, school, prepare_by="2018-08-30")
    moderator.assign(theirs, forum.assignees[0])
    return ours, theirs, loose


def test_a_unit_account_lands_on_its_page_and_sees_only_its_questions(unit, assigned, school):
    ours, theirs, loose = assigned
    assert unit.landing.headers["Location"] == PAGE
    html = unit.page()
    assert school.label in html
    assert "Sân trường ngập nước mỗi khi mưa" in html
    assert "Lê Văn Minh — phụ huynh lớp 3A" in html
    assert "30/08/2018" in html, "the due date"
    assert theirs.text not in html and loose.text not in html
    assert f'action="{PAGE}/{ours.id}/explain"' in html
    assert f"/{theirs.id}/explain" not in html


def test_a_unit_writes_and_updates_the_explanation(unit, assigned, client):
    ours = assigned[0]
    response = unit.explain(ours, "Nhà trường đã nâng nền sân trong hè 2018.")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{PAGE}#q{ours.id}"
    html = unit.page()
    assert "Đã lưu giải trình cho câu hỏi" in html  # the flash
    assert "Nhà trường đã nâng nền sân trong hè 2018." in html
    assert "Cập nhật giải trình" in html

    assert unit.explain(ours, "Đã nâng nền sân và làm rãnh thoát nước.").status_code == 303
    db.session.expire_all()
    question = db.session.get(Question, ours.id)
    assert question.explanation == "Đã nâng nền sân và làm rãnh thoát nước."
    entries = db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.action == "question.explain").order_by(RecordEntry.id)).all()
    assert [e.actor for e in entries] == ["hieu-truong", "hieu-truong"]
    assert entries[-1].question_id == ours.id
    assert entries[-1].data["before"] == "Nhà trường đã nâng nền sân trong hè 2018."


def test_an_empty_explanation_is_refused_with_the_page_again(unit, assigned):
    ours = assigned[0]
    response = unit.explain(ours, "   ")
    assert response.status_code == 400
    assert "không được để trống" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Question, ours.id).explanation is None


def test_an_explanation_changed_meanwhile_is_not_overwritten(unit, assigned):
    ours = assigned[0]
    html = unit.page()
    seen = re.search(r'name="seen" value="([^"]*)"', html).group(1)
    assert unit.explain(ours, "Bản thứ nhất.", seen=seen).status_code == 303
    stale = unit.explain(ours, "Bản gõ trên máy khác.", seen=seen)
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "vừa được người khác cập nhật" in page
    assert "Bản gõ trên máy khác." in page and "Bản thứ nhất." in page
    db.session.expire_all()
    assert db.session.get(Question, ours.id).explanation == "Bản thứ nhất."


def test_a_unit_cannot_explain_another_units_question(unit, assigned):
    _, theirs, loose = assigned
    assert unit.explain(theirs, "Không phải của tôi").status_code == 403
    assert unit.explain(loose, "Chưa giao cho ai").status_code == 403
    db.session.expire_all()
    assert db.session.get(Question, theirs.id).explanation is None
    assert not db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.action == "question.explain")).all()


def test_the_form_needs_its_csrf_token(unit, assigned):
    ours = assigned[0]
    response = unit.client.post(f"{PAGE}/{ours.id}/explain", data={"text": "Không có mã"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Question, ours.id).explanation is None


def test_the_explanation_reaches_the_hall_when_shown(unit, assigned, moderator, client, forum,
                                                    school):
    ours = assigned[0]
    unit.explain(ours, "Nhà trường đã nâng nền sân.")
    moderator.approve(ours)
    moderator.show(ours)
    screen = client.get(f"/f/{forum.code}/screen").get_data(as_text=True)
    assert "Nhà trường đã nâng nền sân." in screen
    assert f"Giải trình của {school.label}" in screen


def test_an_admin_sees_every_units_questions_grouped(app, assigned, forum):
    ours, theirs, loose = assigned
    admin = Browser(app.test_client(), "admin", ADMIN_PASSWORD, next_page=PAGE)
    html = admin.page()
    assert ours.text in html and theirs.text in html and loose.text not in html
    assert html.index(forum.assignees[0].label) < html.index(forum.assignees[-1].label)
    assert admin.explain(theirs, "Phòng GDĐT giải trình về học phí.").status_code == 303


def test_staff_without_the_permission_are_refused(app, forum, assigned):
    user = make_user("thu-ky", "secretary", "secretary-pass-1")
    user.forum_id = forum.id
    db.session.commit()
    secretary = Browser(app.test_client(), "thu-ky", "secretary-pass-1", next_page="/")
    assert secretary.client.get(PAGE).status_code == 403
    anonymous = app.test_client().get(PAGE)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_a_unit_account_without_a_unit_is_told_so(app, forum, assigned):
    user = make_user("chua-gan", "unit", "unit-password-2")
    user.forum_id = forum.id
    db.session.commit()
    lost = Browser(app.test_client(), "chua-gan", "unit-password-2", next_page=PAGE)
    html = lost.page()
    assert "chưa được gắn với đơn vị nào" in html
    assert assigned[0].text not in html
    assert lost.explain(assigned[0], "Thử").status_code == 403
