"""Open commitments per unit, overdue first; staff record the written reply."""
import re
from datetime import date

from live.followups import open_commitments
from models import Question, RecordEntry, db


def defer(moderator, question, assignee, due):
    moderator.approve(question)
    moderator.do(question, "defer", assignee_id=assignee.id, due=due)


def test_commitments_per_unit_overdue_first(phone, moderator, forum):
    school, office = forum.assignees[-1], forum.assignees[0]
    late = phone.question("Sửa mái tôn lớp học")
    soon = phone.question("Bổ sung giáo viên tiếng Anh")
    later = phone.question("Lắp camera cổng trường")
    defer(moderator, late, school, "2018-09-30")
    defer(moderator, soon, office, "2018-10-20")
    defer(moderator, later, school, "2018-11-30")
    referred = phone.question("Xe tải chạy qua cổng trường")
    moderator.approve(referred)
    moderator.do(referred, "defer", referred_to="Công an thị xã")

    units = open_commitments(forum, on=date(2018, 10, 15))
    assert [u.unit for u in units] == [school.label, office.label, "Công an thị xã"]
    assert [q.id for q in units[0].questions] == [late.id, later.id]
    assert (units[0].overdue, units[1].overdue) == (1, 0)


def test_staff_record_the_written_reply(phone, moderator, forum, client):
    question = phone.question("Sửa nhà vệ sinh")
    defer(moderator, question, forum.assignees[-1], "2018-10-30")
    page = moderator.client.get("/f/thuan-an-2018/followups").get_data(as_text=True)
    assert "Sửa nhà vệ sinh" in page and "30/10/2018" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    url = f"/f/thuan-an-2018/followups/{question.id}/reply"
    empty = moderator.client.post(url, data={"note": " ", "csrf_token": token},
                                  follow_redirects=True)
    assert "Ghi nội dung trả lời bằng văn bản" in empty.get_data(as_text=True)
    assert moderator.client.post(url, data={"note": "x"}).status_code == 400  # no CSRF token
    done = moderator.client.post(url, data={"note": "Công văn 15/PGDĐT ngày 20/10/2018",
                                            "csrf_token": token}, follow_redirects=True)
    assert "Đã ghi nhận" in done.get_data(as_text=True)
    db.session.expire_all()
    question = db.session.get(Question, question.id)
    assert (question.status, question.outcome) == ("answered", "in_writing")
    entry = db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.action == "question.answer")).one()
    assert entry.data["written"] is True and entry.actor == "admin"
    again = moderator.client.post(url, data={"note": "lần nữa", "csrf_token": token},
                                  follow_redirects=True)
    assert "đã được trả lời nên không thể đánh dấu đã trả lời" in again.get_data(as_text=True) \
        or "đã được trả lời rồi" in again.get_data(as_text=True)
    assert client.get("/f/thuan-an-2018/followups").status_code == 302
