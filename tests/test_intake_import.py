"""Importing letters and calls from a spreadsheet (CSV in UTF-8 or Windows-1258, XLSX), on the
staff intake page and with `flask intake import`: the good rows are added, each other row gets
its reason, a row already in is not added twice; and the parser alone (dates as staff write
them, channels, headings in either language, the key that makes a resend the same letter)."""
import io
import re
import unicodedata
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from live.questions import importing
from models import Question, RecordEntry, db
from tests.test_intake_page import (  # noqa: F401 (`secretary` is a fixture)
    CODE, PHONE, PHONE_DIGITS, URL, count_questions, secretary,
)

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
