"""The pages: the attendee form without JavaScript, the projector, the console, the record."""
import re

from sqlalchemy import func, select

from models import Question, db


def test_the_attendee_page_is_vietnamese_with_a_plain_form(client, forum):
    html = client.get(f"/f/{forum.code}").get_data(as_text=True)
    assert '<html lang="vi"' in html
    assert forum.title.replace("“", "&#8220;") in html or forum.title in html
    form = re.search(r'<form[^>]*method="post"[^>]*>', html, re.I)
    assert form and f'action="/f/{forum.code}"' in form.group(0)
    assert re.search(r'<textarea[^>]*name="text"[^>]*maxlength="1000"', html) or \
        re.search(r'<textarea[^>]*maxlength="1000"[^>]*name="text"', html)
    assert 'name="name"' in html and 'name="affiliation"' in html
    assert re.search(r'name="client_key"[^>]*value="[0-9a-f]{32}"', html) or \
        re.search(r'value="[0-9a-f]{32}"[^>]*name="client_key"', html)
    assert "<script>" not in html, "all JavaScript lives in static files"


def test_the_form_works_without_javascript(client, forum):
    response = client.post(f"/f/{forum.code}", data={
        "text": "Xin hỏi về chế độ cho giáo viên hợp đồng?", "name": "Phạm Thị D",
        "affiliation": "giáo viên, phường Lái Thiêu", "client_key": "a" * 32})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/f/{forum.code}/sent/" + "a" * 32
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Xin hỏi về chế độ cho giáo viên hợp đồng?" in page
    assert "Đã nhận" in page or "đã nhận" in page
    # Pressing "send" twice (same form, same key) makes no copy.
    again = client.post(f"/f/{forum.code}", data={"text": "Xin hỏi về chế độ cho giáo viên "
                                                   "hợp đồng?", "client_key": "a" * 32})
    assert again.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Question)) == 1


def test_the_form_explains_a_mistake_and_keeps_what_was_typed(client, forum):
    response = client.post(f"/f/{forum.code}", data={
        "text": "   ", "name": "Ngô Văn E", "affiliation": "tổ dân phố 3", "client_key": "b" * 32})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vui lòng nhập nội dung câu hỏi." in html
    assert 'value="Ngô Văn E"' in html and 'value="tổ dân phố 3"' in html
    too_long = client.post(f"/f/{forum.code}", data={"text": "x" * 1001})
    assert too_long.status_code == 400
    assert "tối đa 1000" in too_long.get_data(as_text=True)


def test_hostile_text_is_shown_as_text(client, moderator, forum):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }}'
    response = client.post(f"/f/{forum.code}", data={"text": payload, "client_key": "c" * 32})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page, "template syntax in a question is not evaluated"
    question = db.session.scalar(select(Question))
    moderator.approve(question)
    moderator.show(question)
    screen = client.get(f"/f/{forum.code}/screen").get_data(as_text=True)
    assert "<script>alert(1)" not in screen and "&lt;script&gt;" in screen
    console = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    assert "<script>alert(1)" not in console
    record = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    assert "<script>alert(1)" not in record and "&lt;script&gt;" in record


def test_an_unknown_question_key_is_404_with_a_way_back(client, forum):
    response = client.get(f"/f/{forum.code}/sent/zzzzzzzzzz")
    assert response.status_code == 404
    assert f'href="/f/{forum.code}"' in response.get_data(as_text=True)


def test_an_unknown_forum_is_404(client):
    assert client.get("/f/khong-co").status_code == 404


def test_the_projector_shows_the_hall_state(client, phone, moderator, forum):
    question = phone.question("Trường có camera an ninh không?", name="Võ Thị F",
                              affiliation="phụ huynh")
    moderator.approve(question)
    moderator.assign(question, forum.assignees[0])
    moderator.start_item(7)
    moderator.show(question)
    html = client.get(f"/f/{forum.code}/screen").get_data(as_text=True)
    for expected in ("Trường có camera an ninh không?", "Võ Thị F", forum.assignees[0].name,
                     forum.agenda[6].title, f"/f/{forum.code}/qr.svg",
                     f"127.0.0.1:5000/f/{forum.code}"):
        assert expected in html, expected


def test_the_projector_shows_only_what_the_hall_sees(client, phone, forum):
    phone.question("Câu hỏi chưa duyệt, không được lên màn hình")
    html = client.get(f"/f/{forum.code}/screen").get_data(as_text=True)
    assert "chưa duyệt, không được lên" not in html


def test_the_console_needs_login_and_carries_the_csrf_token(client, moderator, forum):
    assert client.get(f"/f/{forum.code}/moderate").status_code == 302
    html = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', html)
    assert f"/f/{forum.code}/qr.svg" in html
    assert forum.agenda[0].title in html


def test_the_record_page_lists_the_agenda_and_what_happened(phone, moderator, forum):
    question = phone.question("Bao giờ có sân chơi mới?", name="Đỗ Văn G")
    moderator.approve(question)
    moderator.start_item(7)
    moderator.show(question)
    moderator.answer(question, "Quý 4 năm 2018 sẽ hoàn thành.")
    html = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    for expected in (forum.plan_number, forum.agenda[-1].title,
                     "Bao giờ có sân chơi mới?", "Quý 4 năm 2018 sẽ hoàn thành.",
                     "Đã trả lời"):
        assert expected in html, expected
    assert "question.answer" not in html  # the log in words, the codes only in record.json


def test_results_never_show_rejected_questions(client, phone, moderator, forum):
    shown, hidden = phone.question("Câu hỏi được trả lời"), phone.question("Câu hỏi bị loại")
    moderator.approve(shown)
    moderator.answer(shown, "Câu trả lời công khai")
    moderator.reject(hidden)
    html = client.get(f"/f/{forum.code}/results").get_data(as_text=True)
    assert "Câu trả lời công khai" in html and "Câu hỏi bị loại" not in html


def test_the_poster_has_the_qr_and_the_short_url(client, forum):
    html = client.get(f"/f/{forum.code}/poster").get_data(as_text=True)
    assert f"/f/{forum.code}/qr.svg" in html and f"127.0.0.1:5000/f/{forum.code}" in html


def test_static_assets_are_served_by_the_app(client, forum):
    with client.get("/static/vendor/socket.io-4.8.4.min.js") as response:
        assert response.status_code == 200 and b"Socket.IO v4.8.4" in response.data
    html = client.get(f"/f/{forum.code}/screen").get_data(as_text=True)
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not src.startswith(("http://", "https://", "//")) or "localhost" in src, src


def test_every_page_loads_nothing_from_outside(client, moderator, forum):
    for url in (f"/f/{forum.code}", f"/f/{forum.code}/screen", f"/f/{forum.code}/poster",
                f"/f/{forum.code}/results", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'(?:src|href)="(?:https?:)?//(?!localhost)', html), url
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), url


def test_error_pages_are_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="vi"' in html and "Không tìm thấy" in html
    forum_missing = client.get("/f/khong-co/screen").get_data(as_text=True)
    assert "Không tìm thấy diễn đàn" in forum_missing
    api = client.get("/api/khong-co")
    assert api.status_code == 404 and api.get_json()["error"]


def test_a_question_of_only_invisible_characters_is_blank(phone):
    response = phone.ask("\u200b\u200b \ufeff\u2060")
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung" in response.get_json()["error"]
