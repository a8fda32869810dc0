"""The staff intake page: a secretary types letters, calls and floor questions one by one; the
phone number stays with staff. Importing spreadsheets of them is tests/test_intake_import.py."""
import io
import re

import pytest
from sqlalchemy import func, select

from models import Question, RecordEntry, db
from tests.conftest import make_user
from tests.factories import FORUM

CODE = FORUM["code"]  #: the forum of the `forum` fixture
URL = f"/f/{CODE}/intake"
PHONE = "0912 345 789"
PHONE_DIGITS = "0912345789"


def count_questions() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def login(client, username, password):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


class Secretary:
    """The forum's secretary at the intake page, in a logged-in browser without JavaScript."""

    def __init__(self, client):
        self.client = client

    def page(self, query: str = "") -> str:
        response = self.client.get(URL + query)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def form_tokens(self, query: str = "") -> dict:
        page = self.page(query)
        return {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "client_key": re.search(r'name="client_key" value="([^"]+)"', page).group(1),
        }

    def type_in(self, text, *, channel="suggestion_box", received_on="2018-05-10",
                tokens=None, **fields):
        data = {"channel": channel, "received_on": received_on, "text": text,
                "name": "", "affiliation": "", "contact_phone": "",
                **fields, **(tokens or self.form_tokens())}
        return self.client.post(URL, data=data)

    def upload(self, content: bytes, filename: str):
        csrf = self.form_tokens()["csrf_token"]
        return self.client.post(f"{URL}/import", data={
            "csrf_token": csrf, "file": (io.BytesIO(content), filename)},
            content_type="multipart/form-data")


@pytest.fixture
def secretary(app, forum) -> Secretary:
    user = make_user("thu-ky", "secretary", "thu-ky-password-1")
    user.forum_id = forum.id
    db.session.commit()
    return Secretary(login(app.test_client(), "thu-ky", "thu-ky-password-1"))


def queue(client) -> dict[int, dict]:
    response = client.get(f"/api/f/{CODE}/questions")
    assert response.status_code == 200
    return {q["id"]: q for q in response.get_json()}


def added_id(secretary, response) -> int:
    """Follow the redirect back to the form and read the flash "Đã thêm ý kiến #N"."""
    assert response.status_code == 303, response.get_data(as_text=True)
    page = secretary.client.get(response.headers["Location"]).get_data(as_text=True)
    return int(re.search(r"Đã thêm ý kiến #(\d+)", page).group(1))


# ---------------------------------------------------------------- typing one by one


def test_a_secretary_types_a_letter_a_call_and_a_floor_question(secretary, moderator):
    letter = secretary.type_in("Đề nghị xem lại giờ đưa đón học sinh ở cổng trường.",
                               channel="suggestion_box", received_on="2018-05-10",
                               name="Trần Thị B", affiliation="Phường An Phú")
    assert letter.status_code == 303
    location = letter.headers["Location"]
    assert "channel=suggestion_box" in location and "received_on=2018-05-10" in location
    after = secretary.client.get(location).get_data(as_text=True)
    letter_id = int(re.search(r"Đã thêm ý kiến #(\d+)", after).group(1))
    # The form comes back empty, with the channel and the date kept.
    assert re.search(r'value="suggestion_box"\s+id="channel-suggestion_box"\s+checked', after)
    assert 'name="received_on" value="2018-05-10"' in after
    assert re.search(r'<textarea id="intake-text"[^>]*>\s*</textarea>', after)

    call = secretary.type_in("Học phí bán trú năm nay có tăng không?", channel="hotline",
                             received_on="2018-05-12", name="Lê Văn C",
                             affiliation="Phường Lái Thiêu", contact_phone=PHONE)
    call_id = added_id(secretary, call)
    floor = secretary.type_in("Xin hỏi về kế hoạch xây thêm phòng học.", channel="floor",
                              received_on="2018-09-14")
    floor_id = added_id(secretary, floor)

    found = queue(secretary.client)
    assert (found[letter_id]["channel"], found[letter_id]["received_on"],
            found[letter_id]["contact_phone"]) == ("suggestion_box", "2018-05-10", None)
    assert found[letter_id]["asker"] == {"name": "Trần Thị B", "affiliation": "Phường An Phú"}
    assert (found[call_id]["channel"], found[call_id]["received_on"],
            found[call_id]["contact_phone"]) == ("hotline", "2018-05-12", PHONE)
    assert (found[floor_id]["channel"], found[floor_id]["received_on"]) == ("floor",
                                                                              "2018-09-14")
    entry = db.session.scalar(select(RecordEntry).where(RecordEntry.question_id == call_id))
    assert entry.actor == "thu-ky"
    assert PHONE not in str(entry.data)  # the record, never rewritten, keeps no phone number

    # The last entries under the form: newest first, phone masked.
    page = secretary.page()
    recent = page[page.index('id="recent-title"'):]
    assert recent.index(f"#{floor_id}") < recent.index(f"#{call_id}") < recent.index(
        f"#{letter_id}")
    assert "09x xxx x789" in recent and PHONE not in page and PHONE_DIGITS not in page
    assert "Phường Lái Thiêu" in recent and "12/05/2018" in recent


def test_the_phone_never_reaches_the_hall_or_the_public(secretary, moderator, client):
    call_id = added_id(secretary, secretary.type_in(
        "Con tôi bị từ chối nhận vào lớp 1 trái tuyến, xin giải thích.", channel="hotline",
        contact_phone=PHONE, name="Nguyễn Văn D"))
    moderator.approve(call_id)
    moderator.show(call_id)
    state = client.get(f"/api/f/{CODE}/state")
    assert state.get_json()["on_screen"]["id"] == call_id
    screen = client.get(f"/f/{CODE}/screen").get_data(as_text=True)
    moderator.answer(call_id, "Phòng sẽ rà soát và trả lời trong tuần.")
    results = client.get(f"/f/{CODE}/results").get_data(as_text=True)
    assert "Con tôi bị từ chối" in results
    for body in (state.get_data(as_text=True), screen, results,
                 client.get(f"/api/f/{CODE}/state").get_data(as_text=True)):
        assert PHONE not in body and PHONE_DIGITS not in body and "345 789" not in body
        assert "contact_phone" not in body


def test_a_double_submit_makes_one_question(secretary):
    tokens = secretary.form_tokens()
    first = secretary.type_in("Bấm hai lần vẫn chỉ một ý kiến.", tokens=tokens)
    again = secretary.type_in("Bấm hai lần vẫn chỉ một ý kiến.", tokens=tokens)
    assert (first.status_code, again.status_code) == (303, 303)
    assert count_questions() == 1
    page = secretary.client.get(again.headers["Location"]).get_data(as_text=True)
    assert "đã được thêm trước đó" in page


def test_each_form_shown_has_its_own_client_key(secretary):
    assert secretary.form_tokens()["client_key"] != secretary.form_tokens()["client_key"]


@pytest.mark.parametrize(("phone", "ok"), [
    ("0912 345 789", True), ("+84 912.345.789", True), ("0274-3822-123", True),
    ("123456", True), ("12345", False), ("0912 ABC 789", False), ("------", False),
    ("0" * 21, False), ("0912345789; DROP", False),
])
def test_a_bad_phone_gets_a_message_and_keeps_what_was_typed(secretary, phone, ok):
    response = secretary.type_in("Ý kiến có số điện thoại.", channel="hotline",
                                 contact_phone=phone)
    if ok:
        assert response.status_code == 303
        assert db.session.scalar(select(Question.contact_phone)) == phone
        return
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Số điện thoại chỉ gồm chữ số" in page
    assert "Ý kiến có số điện thoại." in page  # the text typed is not lost
    assert 'aria-invalid="true" autofocus' in page
    assert count_questions() == 0


def test_empty_text_and_a_bad_date_are_refused_with_a_message(secretary):
    response = secretary.type_in("   ")
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung" in response.get_data(as_text=True)
    response = secretary.type_in("Ngày sai", received_on="31/02/2018")
    assert response.status_code == 400
    assert "Ngày nhận" in response.get_data(as_text=True)
    assert count_questions() == 0
    # A browser without a date picker may send the date as staff write it.
    assert secretary.type_in("Ngày kiểu Việt Nam", received_on="10/05/2018").status_code == 303
    assert db.session.scalar(select(Question.received_on)).isoformat() == "2018-05-10"


def test_the_page_defaults_to_today_in_vietnam_and_a_letter(secretary):
    from live.questions.intake_page import today

    page = secretary.page()
    assert f'name="received_on" value="{today().isoformat()}"' in page
    assert re.search(r'value="suggestion_box"\s+id="channel-suggestion_box"\s+checked', page)
    assert "không hiện lên màn hình chiếu, không công bố" in page
    assert 'src="/static/js/intake.js?v=' in page and "<script>" not in page
    assert " style=" not in page


def test_the_form_needs_its_csrf_token(secretary):
    response = secretary.client.post(URL, data={"text": "Không có mã CSRF",
                                                "channel": "hotline"})
    assert response.status_code == 400
    assert count_questions() == 0


def test_a_unit_account_gets_403(app, forum):
    user = make_user("don-vi", "unit", "don-vi-password-1")
    user.forum_id = forum.id
    db.session.commit()
    client = login(app.test_client(), "don-vi", "don-vi-password-1")
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"text": "x", "channel": "hotline"}).status_code == 403
    assert client.post(f"{URL}/import", data={}).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_console_links_to_the_intake_page(moderator, app, forum):
    assert f'href="{URL}"' in moderator.client.get(f"/f/{CODE}/moderate").get_data(as_text=True)


def test_a_phone_sending_contact_phone_gets_400(phone):
    response = phone.ask("Câu hỏi từ điện thoại", contact_phone=PHONE)
    assert response.status_code == 400
    assert "cán bộ" in response.get_json()["error"]
    assert count_questions() == 0


def test_staff_api_takes_contact_phone(client, forum):
    from tests.conftest import make_token

    token = make_token(make_user("thu-ky-api", "secretary"))
    response = client.post(f"/api/f/{CODE}/questions", headers={
        "Authorization": f"Bearer {token}"}, json={
        "text": "Gọi lại giúp tôi", "channel": "hotline", "contact_phone": PHONE})
    assert response.status_code == 201
    assert db.session.get(Question, response.get_json()["id"]).contact_phone == PHONE
    bad = client.post(f"/api/f/{CODE}/questions", headers={"Authorization": f"Bearer {token}"},
                      json={"text": "x", "channel": "hotline", "contact_phone": "gọi tôi"})
    assert bad.status_code == 400 and "Số điện thoại" in bad.get_json()["error"]
