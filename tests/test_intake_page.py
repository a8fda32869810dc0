"""The staff intake page: a secretary types letters, calls and floor questions, and imports
spreadsheets of them; the phone number stays with staff."""
import io
import re
import unicodedata
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from live import importing
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
    from live.routes.intake import today

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


# ---------------------------------------------------------------- importing a spreadsheet

LONG = "Dài quá. " + "ạ" * 992  # 1,001 characters
#: the spreadsheet rows after the header (row 1): channel, date, name, ward, phone, text
ROWS = [
    ("Hòm thư góp ý", "10/05/2018", "Trần Thị B", "Phường An Phú", PHONE,
     "Đề nghị tăng cường bảo vệ trước cổng trường giờ tan học."),          # 2 added
    ("Đường dây nóng", "2018-05-12", "Lê Văn C", "Phường Lái Thiêu", "",
     "=HYPERLINK(\"http://x\") học phí có tăng không?"),                    # 3 added, as text
    ("floor", "", "", "", "", "-Xin hỏi về lịch học thêm."),                  # 4 added
    ("Hòm thư góp ý", "11/05/2018", "Phạm D", "", "", ""),                   # 5 empty text
    ("hotline", "31/02/2018", "Võ E", "", "", "Ngày này không có."),          # 6 bad date
    ("Bồ câu đưa thư", "12/05/2018", "", "", "", "Kênh lạ."),                # 7 unknown channel
    ("Hòm thư góp ý", "13/05/2018", "", "", "", LONG),                       # 8 1,001 characters
    ("Hòm thư góp ý", "2018-05-10", "Trần Thị B", "Phường An Phú", PHONE,
     "Đề nghị tăng cường bảo vệ trước cổng trường giờ tan học."),          # 9 = row 2
    ("", "12/05/2018", "", "", "abc", "Số điện thoại sai."),                 # 10 bad phone
]
ADDED = {2: "Đề nghị tăng cường", 3: "=HYPERLINK", 4: "-Xin hỏi"}
REJECTED = {5: ("Nội dung", "Vui lòng nhập nội dung"),
            6: ("Ngày nhận", "Ngày nhận “31/02/2018” không đúng"),
            7: ("Kênh", "Kênh “Bồ câu đưa thư” không rõ"),
            8: ("Nội dung", "dài 1001 ký tự"),
            10: ("Điện thoại", "Số điện thoại chỉ gồm chữ số")}
DUPLICATES = {9: 2}


def csv_bytes(header=("Kênh", "Ngày nhận", "Họ tên", "Phường", "Điện thoại", "Nội dung"),
              rows=ROWS, encoding="utf-8-sig") -> bytes:
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows=ROWS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH Ý KIẾN NHẬN QUA HÒM THƯ VÀ ĐƯỜNG DÂY NÓNG"])  # a title row first
    sheet.append(["STT", "channel", "received_on", "name", "ward", "phone", "text"])
    for n, (channel, day, name, ward, phone, text) in enumerate(rows, 1):
        if n == 1:
            day = datetime(2018, 5, 10)  # a real date cell
        sheet.append([n, channel, day, name, ward, phone, text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_rows(page: str) -> dict[int, tuple[str, str]]:
    """{row: (outcome, the row's HTML)} from the report page."""
    found = {}
    for match in re.finditer(r'<tr class="report-row report-row--(\w+)" data-row="(\d+)">'
                             r'(.*?)</tr>', page, re.S):
        outcome, row, html = match.group(1), int(match.group(2)), match.group(3)
        found.setdefault(row, (outcome, ""))
        found[row] = (outcome, found[row][1] + html)
    return found


def check_report(page: str, offset: int = 0):
    rows = report_rows(page)
    assert {r for r, (o, _) in rows.items() if o == "added"} == {r + offset for r in ADDED}
    assert {r for r, (o, _) in rows.items() if o == "rejected"} == {
        r + offset for r in REJECTED}
    assert {r for r, (o, _) in rows.items() if o == "duplicate"} == {
        r + offset for r in DUPLICATES}
    for row, (label, message) in REJECTED.items():
        html = rows[row + offset][1]
        assert label in html and message in html, (row, html)
    for row, same in DUPLICATES.items():
        assert f"trùng dòng {same + offset}" in rows[row + offset][1]
    assert "đã thêm 3, đã có 1, không nhận 5" in page


def added_texts() -> dict[str, Question]:
    return {q.original_text: q for q in db.session.scalars(select(Question))}


def test_importing_a_csv_with_bom_adds_the_good_rows_and_says_why_not_the_others(secretary):
    response = secretary.upload(csv_bytes(), "y-kien-hom-thu.csv")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    check_report(page)
    assert count_questions() == 3
    stored = added_texts()
    letter = stored["Đề nghị tăng cường bảo vệ trước cổng trường giờ tan học."]
    assert (letter.channel, letter.received_on.isoformat(), letter.asker_name,
            letter.asker_affiliation, letter.contact_phone) == (
        "suggestion_box", "2018-05-10", "Trần Thị B", "Phường An Phú", PHONE)
    assert stored["=HYPERLINK(\"http://x\") học phí có tăng không?"].channel == "hotline"
    floor = stored["-Xin hỏi về lịch học thêm."]
    assert (floor.channel, floor.received_on) == ("floor", None)
    assert PHONE not in page  # the report shows no phone numbers
    # The added rows carry their new ids in the report.
    for q in stored.values():
        assert f"#{q.id}" in page

    again = secretary.upload(csv_bytes(), "y-kien-hom-thu.csv").get_data(as_text=True)
    assert count_questions() == 3
    rows = report_rows(again)
    assert {r for r, (o, _) in rows.items() if o == "duplicate"} == {2, 3, 4, 9}
    assert "đã thêm 0, đã có 4, không nhận 5" in again
    assert "đã có #" in again


def test_importing_an_xlsx_gives_the_same_report(secretary):
    response = secretary.upload(xlsx_bytes(), "y-kien.xlsx")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    check_report(page, offset=1)  # a title row comes before the header
    assert "Bỏ qua các cột: “STT”" in page
    assert count_questions() == 3
    stored = added_texts()
    assert stored["=HYPERLINK(\"http://x\") học phí có tăng không?"].received_on.isoformat() \
        == "2018-05-12"
    assert stored["Đề nghị tăng cường bảo vệ trước cổng trường giờ tan học."].contact_phone \
        == PHONE
    # The CSV of the same letters is the same letters: nothing new.
    assert "đã thêm 0, đã có 4" in secretary.upload(csv_bytes(), "a.csv").get_data(as_text=True)
    assert count_questions() == 3


def test_an_xlsx_phone_stored_as_a_number_gets_its_leading_zero(secretary):
    book = Workbook()
    book.active.append(["Nội dung", "Điện thoại", "Kênh"])
    book.active.append(["Gọi lại cho tôi", 912345789, "Đường dây nóng"])
    out = io.BytesIO()
    book.save(out)
    assert secretary.upload(out.getvalue(), "so.xlsx").status_code == 200
    assert db.session.scalar(select(Question.contact_phone)) == PHONE_DIGITS


def vietnamese_windows(text: str) -> bytes:
    """Text as Windows-1258 stores Vietnamese: base letters (with circumflex, breve or horn
    when the code page has them) followed by combining tone marks."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in list(marks):
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1:
                try:
                    composed.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base = composed
                marks.remove(mark)
        out += (base + "".join(marks)).encode("cp1258")
    return out


def test_a_windows_1258_csv_is_read_and_stored_as_nfc(secretary):
    content = vietnamese_windows("Nội dung;Họ tên\nHọc phí năm học mới có tăng không?;"
                                 "Nguyễn Thị Hường\n")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    page = secretary.upload(content, "windows.csv").get_data(as_text=True)
    assert "đã thêm 1" in page
    question = db.session.scalar(select(Question))
    assert question.text == "Học phí năm học mới có tăng không?"
    assert question.asker_name == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", question.text)


def test_a_plain_utf8_csv_with_english_headers_and_semicolons(secretary):
    content = ("text;name;affiliation;channel;received_on\n"
               "Trường có dạy thêm không?;An;Phường Bình Hòa;hotline;10/5/2018\n").encode()
    page = secretary.upload(content, "plain.csv").get_data(as_text=True)
    assert "đã thêm 1" in page
    question = db.session.scalar(select(Question))
    assert (question.asker_affiliation, question.channel,
            question.received_on.isoformat()) == ("Phường Bình Hòa", "hotline", "2018-05-10")


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"%PDF-1.4 not a spreadsheet", "thu-gop-y.pdf", "Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)"),
    (b"this is not a zip", "bang.xlsx", "Không đọc được tệp Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "cu.xls", "Excel 97-2003"),
    (b"", "trong.csv", "Tệp trống"),
    (b"\xef\xbb\xbf", "chi-bom.csv", "Không thấy dòng tiêu đề"),
    ("Họ tên,Ghi chú\nAn,x\n".encode(), "thieu-cot.csv", "Không thấy dòng tiêu đề có cột"),
    ("Nội dung\n\n\n".encode(), "chi-tieu-de.csv", "không có dòng ý kiến nào"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "anh.csv", "không phải tệp CSV"),
])
def test_a_file_that_cannot_be_imported_gets_a_clear_message(secretary, content, filename,
                                                             message):
    response = secretary.upload(content, filename)
    assert response.status_code == 303
    page = secretary.client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Không nhập được tệp “{filename}”" in page and message in page
    assert count_questions() == 0


def test_no_file_chosen_gets_a_message(secretary):
    csrf = secretary.form_tokens()["csrf_token"]
    response = secretary.client.post(f"{URL}/import", data={"csrf_token": csrf},
                                     content_type="multipart/form-data")
    assert response.status_code == 303
    assert "Vui lòng chọn tệp" in secretary.client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_more_than_5000_rows_is_refused_whole(secretary):
    rows = [("", "", "", "", "", f"Ý kiến số {n}") for n in range(5001)]
    response = secretary.upload(csv_bytes(rows=rows), "lon.csv")
    page = secretary.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "hơn 5.000 dòng" in page
    assert count_questions() == 0
    assert len(importing.parse(csv_bytes(rows=rows[:5000]), "vua.csv").rows) == 5000


def test_import_needs_the_csrf_token(secretary):
    response = secretary.client.post(f"{URL}/import", data={
        "file": (io.BytesIO(csv_bytes()), "a.csv")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert count_questions() == 0


def test_an_upload_larger_than_the_pages_64kb_is_taken(secretary):
    rows = [("", "", "", "", "", f"Ý kiến số {n}: " + "nội dung " * 20) for n in range(600)]
    content = csv_bytes(rows=rows)
    assert len(content) > 64 * 1024
    page = secretary.upload(content, "nhieu.csv").get_data(as_text=True)
    assert "đã thêm 600" in page


# ---------------------------------------------------------------- the parser alone


@pytest.mark.parametrize(("value", "expected"), [
    ("2018-05-10", "2018-05-10"), ("10/05/2018", "2018-05-10"), ("1/5/2018", "2018-05-01"),
    ("10-05-2018", "2018-05-10"), ("10.05.2018", "2018-05-10"), (" ", None), (None, None),
    ("2018-05-10 00:00:00", "2018-05-10"), (datetime(2018, 5, 10, 8), "2018-05-10"),
    (43230, "2018-05-10"),
])
def test_dates_as_staff_write_them(value, expected):
    parsed = importing.parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize("value", ["10/05/18", "05/31/2018", "mai", "2018-13-01", "31/02/2018"])
def test_dates_that_are_not(value):
    with pytest.raises(importing.InputError):
        importing.parse_date(value)


@pytest.mark.parametrize(("value", "code"), [
    ("Hòm thư góp ý", "suggestion_box"), ("HOM THU GOP Y", "suggestion_box"),
    ("suggestion_box", "suggestion_box"), ("", "suggestion_box"), (None, "suggestion_box"),
    ("Đường dây nóng", "hotline"), ("hotline", "hotline"),
    ("Phát biểu tại chỗ", "floor"), ("floor", "floor"),
    (unicodedata.normalize("NFD", "Đường dây nóng"), "hotline"),
])
def test_channels_in_vietnamese_or_as_codes(value, code):
    assert importing.parse_channel(value) == code


@pytest.mark.parametrize("heading", ["Kênh/channel", "Kênh (channel)", "KÊNH", "channel"])
def test_headings_in_either_language(heading):
    parsed = importing.parse(f"{heading},Nội dung/text\nhotline,Câu hỏi\n".encode(), "a.csv")
    assert parsed.rows[0].data["channel"] == "hotline"
    assert parsed.rows[0].data["text"] == "Câu hỏi"


def test_the_same_letter_gets_the_same_key_however_it_is_written():
    a = {"channel": "hotline", "received_on": "2018-05-10", "name": "An", "text": "Học phí"}
    b = {**a, "name": " An ", "text": unicodedata.normalize("NFD", "Học phí") + "\n"}
    assert importing.client_key(a) == importing.client_key(b)
    assert importing.client_key(a) != importing.client_key({**a, "received_on": "2018-05-11"})


# ---------------------------------------------------------------- the command line


def test_the_cli_import_prints_the_same_report(runner, tmp_path, forum):
    source = tmp_path / "y-kien.csv"
    source.write_bytes(csv_bytes())
    result = runner.invoke(args=["intake", "import", CODE, str(source), "--by", "thu-ky"])
    assert result.exit_code == 0, result.output
    lines = {int(m.group(1)): m.group(2) for m in re.finditer(r"^Dòng (\d+): (.*)$",
                                                               result.output, re.M)}
    assert set(lines) == set(ADDED) | set(REJECTED) | set(DUPLICATES)
    for row in ADDED:
        assert lines[row].startswith("đã thêm ý kiến #")
    for row, (label, message) in REJECTED.items():
        assert lines[row].startswith(f"không nhận: {label}:") and message in lines[row]
    assert lines[9].startswith("đã có (ý kiến #") and "trùng dòng 2" in lines[9]
    assert "đã thêm 3, đã có 1, không nhận 5" in result.output
    assert count_questions() == 3
    assert {e.actor for e in db.session.scalars(select(RecordEntry).where(
        RecordEntry.action == "question.submit"))} == {"thu-ky"}

    again = runner.invoke(args=["intake", "import", CODE, str(source)])
    assert "đã thêm 0, đã có 4, không nhận 5" in again.output
    assert count_questions() == 3


def test_the_cli_refuses_a_file_it_cannot_read(runner, tmp_path, forum):
    source = tmp_path / "notes.pdf"
    source.write_bytes(b"%PDF-1.4")
    result = runner.invoke(args=["intake", "import", CODE, str(source)])
    assert result.exit_code != 0 and "Chỉ nhận tệp CSV" in result.output
    missing = runner.invoke(args=["intake", "import", "no-such-forum", str(source)])
    assert missing.exit_code != 0 and "No forum" in missing.output


def test_a_file_over_the_upload_limit_gets_a_message(secretary, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 1024)
    response = secretary.upload(csv_bytes(rows=ROWS * 100), "qua-lon.csv")
    assert response.status_code == 303
    page = secretary.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tệp quá lớn: tối đa" in page  # refused before the body is read
    assert count_questions() == 0


def test_a_damaged_csv_gets_a_message(secretary):
    content = ("Nội dung\n\"" + "x" * 200_000 + "\"\n").encode()
    response = secretary.upload(content, "hong.csv")
    page = secretary.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tệp CSV không đúng định dạng" in page
