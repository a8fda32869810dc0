"""Open commitments per unit, overdue first; staff record the written reply."""
import re
from datetime import date

from live.questions.followups import open_commitments
from models import Question, RecordEntry, db


def defer(moderator, question, assignee, due):
    moderator.approve(question)
    moderator.defer(question, assignee, due)


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
    moderator.defer(referred, referred_to="Công an thị xã")

    units = open_commitments(forum, on=date(2018, 10, 15))
    assert [u.unit for u in units] == [school.label, office.label, "Công an thị xã"]
    assert [q.id for q in units[0].questions] == [late.id, later.id]
    assert (units[0].overdue, units[1].overdue) == (1, 0)


def test_staff_record_the_written_reply(phone, moderator, forum, client):
    question = phone.question("Sửa nhà vệ sinh")
    defer(moderator, question, forum.assignees[-1], "2018-10-30")
    page = moderator.client.get(f"/f/{forum.code}/followups").get_data(as_text=True)
    assert "Sửa nhà vệ sinh" in page and "30/10/2018" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    url = f"/f/{forum.code}/followups/{question.id}/reply"
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
    assert client.get(f"/f/{forum.code}/followups").status_code == 302


# ---- written replies followed to the end (issue 16.3) ----

def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _article(html: str, text: str) -> str:
    """The results page's <article> of the question whose text is `text`."""
    for found in re.findall(r"<article.*?</article>", html, re.S):
        if text in found:
            return found
    raise AssertionError(f"{text!r} is not on the page")


def test_an_overdue_reply_is_quá_hạn_on_the_results_receipt_and_followup_pages(
        client, phone, moderator, forum, staff):
    from datetime import timedelta

    from live.questions.followups import today
    school, office = forum.assignees[-1], forum.assignees[0]
    late = phone.ask("Sửa mái tôn lớp học").get_json()
    soon = phone.ask("Bổ sung giáo viên tiếng Anh").get_json()
    later = phone.ask("Lắp camera cổng trường").get_json()
    days = lambda n: (today() + timedelta(days=n)).isoformat()  # noqa: E731
    defer(moderator, late["id"], school, "2018-09-30")  # past: set through the API
    defer(moderator, soon["id"], office, days(2))
    defer(moderator, later["id"], school, days(30))

    results = client.get(f"/f/{forum.code}/results").get_data(as_text=True)
    assert "quá hạn" in _article(results, "Sửa mái tôn lớp học")
    assert "30/09/2018" in _article(results, "Sửa mái tôn lớp học")
    assert "quá hạn" not in _article(results, "Lắp camera cổng trường")
    assert "trong hạn" in _article(results, "Lắp camera cổng trường")
    receipt = client.get(f"/f/{forum.code}/r/{late['receipt']}").get_data(as_text=True)
    assert "Đã quá hạn, chưa có trả lời" in receipt and "30/09/2018" in receipt

    page = moderator.client.get(f"/f/{forum.code}/followups").get_data(as_text=True)
    attention = page.split('id="attention"', 1)[1].split("</section>", 1)[0]
    # overdue and due within 3 days, per unit; not what is due in a month
    assert f'data-question="{late["id"]}" data-reply="overdue"' in attention
    assert f'data-question="{soon["id"]}" data-reply="due_soon"' in attention
    assert f'data-question="{later["id"]}"' not in attention
    assert school.label in attention and office.label in attention
    assert "quá hạn" in attention

    # the unit's own page shows its own, not the other unit's
    from tests.conftest import make_user
    from tests.test_unit_page import Browser
    user = make_user("hieu-truong", "unit", "unit-password-1")
    user.forum_id, user.assignee_id = forum.id, school.id
    db.session.commit()
    unit = Browser(client.application.test_client(), "hieu-truong", "unit-password-1")
    written = unit.page().split('id="written"', 1)[1].split("</section>", 1)[0]
    assert f'data-question="{late["id"]}" data-reply="overdue"' in written
    assert f'data-question="{later["id"]}" data-reply="pending"' in written
    assert f'data-question="{soon["id"]}"' not in written  # the other unit's


def test_a_written_reply_is_public_only_once_a_moderator_published_it(
        client, phone, moderator, forum, staff):
    asked = phone.ask("Sửa nhà vệ sinh khu B", name="Trần Văn Nam").get_json()
    defer(moderator, asked["id"], forum.assignees[-1], "2018-10-30")
    page = moderator.client.get(f"/f/{forum.code}/followups").get_data(as_text=True)
    reply = "Công văn 15/PGDĐT ngày 20/10/2018: sửa xong trước 30/11."
    moderator.client.post(f"/f/{forum.code}/followups/{asked['id']}/reply",
                          data={"note": reply, "csrf_token": _csrf(page)})

    # recorded, not checked: neither public page carries the text, both say it is checked
    results = client.get(f"/f/{forum.code}/results").get_data(as_text=True)
    receipt_url = f"/f/{forum.code}/r/{asked['receipt']}"
    receipt = client.get(receipt_url).get_data(as_text=True)
    for html in (results, receipt):
        assert "Công văn 15/PGDĐT" not in html
        assert "đang kiểm tra trước khi công bố" in html
    page = moderator.client.get(f"/f/{forum.code}/followups").get_data(as_text=True)
    checking = page.split('id="checking"', 1)[1].split("</section>", 1)[0]
    assert "Công văn 15/PGDĐT" in checking and "Công bố" in checking

    # a secretary records replies but does not publish them
    secretary = staff("secretary")
    assert secretary.act(asked["id"], "publish").status_code == 403

    published = moderator.publish(asked["id"])
    assert published["reply_published_at"]
    entry = db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.action == "question.publish")).one()
    assert entry.question_id == asked["id"] and entry.actor == "admin"

    from live.questions.followups import today
    shown = today().strftime("%d/%m/%Y")
    results = client.get(f"/f/{forum.code}/results").get_data(as_text=True)
    receipt = client.get(receipt_url).get_data(as_text=True)
    for html in (_article(results, "Sửa nhà vệ sinh khu B"), receipt):
        assert "Công văn 15/PGDĐT" in html and "Đã trả lời bằng văn bản" in html
        assert f"công bố ngày {shown}" in html
        assert "Trần Văn Nam" not in html
    again = moderator.act(asked["id"], "publish")
    assert again.status_code == 409 and "đã được công bố" in again.get_json()["error"]


def test_only_a_written_reply_can_be_published(phone, moderator):
    question = phone.question("Câu trả lời tại chỗ")
    moderator.approve(question)
    assert moderator.act(question, "publish").status_code == 409
    moderator.answer(question, "Đã trả lời tại Diễn đàn.")
    refused = moderator.act(question, "publish")
    assert refused.status_code == 409
    assert "chưa có trả lời bằng văn bản" in refused.get_json()["error"]


def test_the_followup_page_publishes_with_a_form(phone, moderator, forum, client):
    asked = phone.ask("Bổ sung bảo vệ trường").get_json()
    defer(moderator, asked["id"], forum.assignees[-1], "2018-10-30")
    page = moderator.client.get(f"/f/{forum.code}/followups").get_data(as_text=True)
    moderator.client.post(f"/f/{forum.code}/followups/{asked['id']}/reply",
                          data={"note": "Công văn 20/PGDĐT", "csrf_token": _csrf(page)})
    url = f"/f/{forum.code}/followups/{asked['id']}/publish"
    assert moderator.client.post(url, data={}).status_code == 400  # no CSRF token
    done = moderator.client.post(url, data={"csrf_token": _csrf(page)}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Đã công bố trả lời bằng văn bản" in html
    assert f'data-question="{asked["id"]}"' in html.split('id="published"', 1)[1]
    assert "Công văn 20/PGDĐT" in client.get(f"/f/{forum.code}/results").get_data(as_text=True)
