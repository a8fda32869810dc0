"""The report to the Department of Education (báo cáo), opened with python-docx, as a document:
its header block, title and recipient, its five parts in order, its end (the recipients and
the first signer), what it never quotes, its layout, and where it is served. What each part
says is tests/test_report_parts.py. The 2018 plan's forum is run through the real API as in
the plan: letters, calls and online questions in the weeks before, explanations prepared by
units, then the day itself (`held`)."""
import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from live.record.exports import report as report_export
from live.record.view import build_record
from models import db
from tests.conftest import make_forum, make_token, make_user
from tests.docx_checks import assert_official_layout
from tests.factories import PLAN_2018

CODE = PLAN_2018["code"]  #: the forum of the `forum` fixture below
ON = date(2018, 11, 1)  #: the day the open commitments are counted against

LETTER = "Đề nghị Trường Tiểu học An Phú sửa lại nhà vệ sinh cho các cháu, đã xuống cấp."
LETTER_2 = "Xin cho biết kế hoạch tuyển sinh lớp 6 năm học 2018–2019 của thị xã."
LETTER_REJECTED = "Thư nặc danh xúc phạm – KHÔNG-IN-THƯ-NÀY"
CALL = "Đề nghị sửa đoạn đường trước cổng Trường Tiểu học An Phú bị ngập khi mưa."
ONLINE = "Vì sao trường thu quỹ phụ huynh đầu năm?"
ONLINE_2 = "Năm học tới có thêm lớp bán trú không?"
FEE = "Học phí năm học mới có tăng không?"
LATER = "Bao giờ trường Mầm non Hoa Sen được xây thêm phòng học?"
DUPLICATE = "Học phí có tăng không ạ?"
UNSCREENED = "Câu hỏi chưa duyệt – CHƯA-XEM-XÉT"
OUT_OF_SCOPE = "Giá đất khu phố Bình Hòa – NGOÀI-PHẠM-VI"
REJECTED = "Nội dung không phù hợp – ĐỪNG-IN-RA-BÁO-CÁO"
FLOOR = "Phụ huynh phát biểu về an toàn giao thông trước cổng trường."
ASKERS = ("Trần Thị Lan", "Nguyễn Văn Bình", "khu phố Bình Đức")
HIDDEN = (LETTER_REJECTED, "KHÔNG-IN", UNSCREENED, "CHƯA-XEM-XÉT", OUT_OF_SCOPE,
          "NGOÀI-PHẠM-VI", REJECTED, "ĐỪNG-IN-RA")


@pytest.fixture
def forum(app):
    """The 2018 plan's forum (tests/factories.py): the minutes and the report word its facts."""
    return make_forum(**PLAN_2018)


def _assignee(forum, name):
    return next(a for a in forum.assignees if a.name == name)


@pytest.fixture
def held(forum, phone, moderator):
    """The 2018 plan's forum from its letter box to its last agenda item.

    Before the day: 3 letters (one rejected), 1 call, 2 online questions; 3 given to leaders
    and units to prepare an explanation (the rejected letter was given too, then rejected),
    2 explanations written. On the day: 6 from phones in the hall, 1 spoken at the microphone.
    """
    school = _assignee(forum, "Trường Tiểu học An Phú")
    office = _assignee(forum, "Phòng Giáo dục và Đào tạo thị xã")
    head = _assignee(forum, "Huỳnh Thị Mỹ Ngân")
    q = {}

    moderator.phase("collecting")
    q["letter"] = moderator.type_in(LETTER, received_on="2018-05-07")
    q["letter_2"] = moderator.type_in(LETTER_2, received_on="2018-05-14")
    q["letter_rejected"] = moderator.type_in(LETTER_REJECTED, received_on="2018-05-21")
    q["call"] = moderator.type_in(CALL, "hotline", received_on="2018-06-02")
    q["online"] = phone.question(ONLINE, name="Trần Thị Lan")
    q["online_2"] = phone.question(ONLINE_2)
    moderator.assign(q["letter"], school, prepare_by="2018-08-30")
    moderator.assign(q["letter_2"], office)
    moderator.assign(q["online"], head)
    moderator.assign(q["letter_rejected"], office)
    moderator.explain(q["letter"], "Nhà trường đã lập dự toán sửa chữa trong hè 2018.")
    moderator.explain(q["online"], "Quỹ do Ban đại diện cha mẹ học sinh tự nguyện lập.")
    moderator.reject(q["letter_rejected"])

    moderator.phase("live")
    q["fee"] = phone.question(FEE, name="Nguyễn Văn Bình", affiliation="khu phố Bình Đức")
    q["later"] = phone.question(LATER)
    q["duplicate"] = phone.question(DUPLICATE)
    q["unscreened"] = phone.question(UNSCREENED)
    q["out_of_scope"] = phone.question(OUT_OF_SCOPE)
    q["rejected"] = phone.question(REJECTED)
    q["floor"] = moderator.type_in(FLOOR, "floor")

    moderator.start_item(1)
    for _ in range(5):
        moderator.next_item()  # item 6: the explanations of the letters and calls
    for key in ("letter", "letter_2", "call", "online", "online_2"):
        moderator.approve(q[key])
    moderator.show(q["online"])
    moderator.answer(q["online"], "Quỹ tự nguyện, không bắt buộc.")
    moderator.answer(q["online_2"], "Có, thêm 2 lớp.")
    moderator.defer(q["letter"], school, "2018-10-15")
    moderator.defer(q["letter_2"], office, "2018-10-01")
    moderator.answer(q["letter_2"], "Đã trả lời bằng Công văn số 215/PGDĐT.")
    moderator.defer(q["call"], referred_to="UBND phường An Phú")
    moderator.next_item()  # item 7: the dialogue
    for key in ("fee", "later", "floor"):
        moderator.approve(q[key])
    moderator.assign(q["fee"], head)
    moderator.show(q["fee"])
    moderator.answer(q["fee"], "Không tăng học phí năm học 2018–2019.")
    moderator.answer(q["floor"], "Công an phường sẽ bố trí người phân luồng.")
    moderator.defer(q["later"], office, "2099-12-31")
    moderator.merge(q["duplicate"], q["fee"])
    moderator.reject(q["out_of_scope"], reason="out_of_scope")
    moderator.reject(q["rejected"])
    for _ in range(5):
        moderator.next_item()  # through item 11, then its end
    forum.attendance = 215
    db.session.commit()
    db.session.expire_all()
    return q


def _render(forum, **options) -> bytes:
    db.session.expire_all()
    return report_export.render(forum, build_record(forum), on=options.pop("on", ON),
                                **options)


def _open(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def _lines(document) -> list[str]:
    """Every paragraph's text, in tables too, in document order."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t")))
            for p in document.element.body.iter(qn("w:p"))]


def _text(document) -> str:
    return "\n".join(_lines(document))


def _table(document, header: str):
    return next(t for t in document.tables if header in [c.text for c in t.rows[0].cells])


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _between(lines: list[str], start: str, end: str) -> list[str]:
    return lines[lines.index(start) + 1:lines.index(end)]


# -- the document ------------------------------------------------------------------------

def test_the_report_opens_with_the_header_block_the_title_and_the_recipient(forum, held):
    document = _open(_render(forum))
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "BAN DÂN VẬN THỊ ỦY – PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THỊ XÃ THUẬN AN", "*",
        "Số      -BC/BDV-PGDĐT"]
    assert all(run.bold for run in left.paragraphs[0].runs)
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.paragraphs[0].runs[0].underline
    # a report is dated the day it is signed: dots for the clerk
    assert right.paragraphs[-1].text == "Thuận An, ngày ..... tháng ..... năm ........"
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}

    lines = _lines(document)
    title = lines.index("BÁO CÁO")
    assert lines[title + 1] == ("Kết quả tổ chức Diễn đàn “Ngành Giáo dục lắng nghe ý kiến "
                                "nhân dân” năm 2018")
    # the recipient is the forum's setup: the demo forum's is the Department the plan cites
    assert "Kính gửi: Sở Giáo dục và Đào tạo tỉnh Bình Dương" in lines[title + 2:title + 5]
    assert ("Thực hiện Kế hoạch số 02-KH/BDV-PGDĐT ngày 04 tháng 5 năm 2018 của Ban Dân vận "
            "Thị ủy và Phòng Giáo dục và Đào tạo thị xã Thuận An về việc tổ chức Diễn đàn "
            "“Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018, Ban Dân vận Thị ủy và Phòng "
            "Giáo dục và Đào tạo thị xã Thuận An báo cáo kết quả tổ chức Diễn đàn như sau:"
            ) in lines
    assert document.core_properties.title.startswith("Báo cáo Diễn đàn")


def test_the_report_has_its_five_parts_in_order(forum, held):
    document = _open(_render(forum))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["I. CÔNG TÁC CHUẨN BỊ", "II. KẾT QUẢ TỔ CHỨC DIỄN ĐÀN",
                        "III. NHỮNG NỘI DUNG CẦN TIẾP TỤC THỰC HIỆN", "IV. ĐÁNH GIÁ CHUNG",
                        "V. KIẾN NGHỊ, ĐỀ XUẤT"]
    subheadings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert subheadings[:6] == [
        "1. Thời gian, địa điểm, thành phần", "2. Chương trình Diễn đàn",
        "3. Ý kiến, kiến nghị tại Diễn đàn", "4. Kết quả trả lời, giải quyết ý kiến, kiến nghị",
        "5. Kết quả theo người, đơn vị trả lời", "6. Thống kê, biểu đồ"]
    assert subheadings[-2:] == ["1. Ưu điểm", "2. Hạn chế, nguyên nhân"]


def test_the_report_ends_with_the_recipients_and_the_first_signer(forum, held):
    document = _open(_render(forum))
    lines = _lines(document)
    assert ("Trên đây là báo cáo kết quả tổ chức Diễn đàn “Ngành Giáo dục lắng nghe ý kiến "
            "nhân dân” năm 2018 của Ban Dân vận Thị ủy và Phòng Giáo dục và Đào tạo thị xã "
            "Thuận An./.") in lines
    closing = document.tables[-1]
    left, right = closing.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:", "- Sở Giáo dục và Đào tạo tỉnh Bình Dương;", "- Ban Dân vận Tỉnh ủy;",
        "- Thị ủy, UBND Thị xã;", "- Lưu: VT."]
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert all(p.alignment == 0 for p in left.paragraphs)  # left-aligned
    assert right.paragraphs[0].text == "TRƯỞNG BAN"
    assert right.paragraphs[-1].text == "Trương Văn Kiệt"
    assert "Huỳnh Thị Mỹ Ngân" not in [p.text for p in right.paragraphs]  # the first signer
    assert closing._tbl.tblPr.find(qn("w:tblBorders")) is not None
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_recipient_can_be_another(forum, held):
    document = _open(_render(forum, recipient="Sở Giáo dục và Đào tạo tỉnh Đồng Nai"))
    lines = _lines(document)
    assert "Kính gửi: Sở Giáo dục và Đào tạo tỉnh Đồng Nai" in lines
    assert "- Sở Giáo dục và Đào tạo tỉnh Đồng Nai;" in lines


def test_without_a_recipient_in_the_setup_the_report_goes_to_the_department(forum, held):
    forum.recipient, forum.copies = None, []
    db.session.commit()
    lines = _lines(_open(_render(forum)))
    assert "Kính gửi: Sở Giáo dục và Đào tạo" in lines
    assert lines[lines.index("Nơi nhận:") + 1:][:2] == ["- Sở Giáo dục và Đào tạo;", "- Lưu: VT."]


def test_the_report_names_no_asker_and_quotes_no_rejected_or_unscreened_text(forum, held):
    text = _text(_open(_render(forum)))
    for hidden in HIDDEN:
        assert hidden not in text
    for name in ASKERS:
        assert name not in text


def test_the_report_is_a4_times_new_roman_13_to_14_pt_on_every_run(forum, held):
    assert_official_layout(_open(_render(forum)))


def test_an_empty_forum_still_makes_a_report(app):
    forum = make_forum("blank-forum", items=2, place="Thuận An")
    document = _open(_render(forum))
    lines = _lines(document)
    assert ("Trước Diễn đàn, Ban Tổ chức không nhận được ý kiến, kiến nghị nào qua hòm thư góp "
            "ý, đường dây nóng hoặc trực tuyến.") in lines
    assert "Diễn đàn chưa nhận được ý kiến nào." in lines
    assert "Không có ý kiến nào phải trả lời bằng văn bản sau Diễn đàn." in lines
    assert "Số người tham dự: ............ người." in lines  # for staff to fill
    assert len(document.inline_shapes) == 0
    assert document.tables[-1].rows[0].cells[1].paragraphs[0].text == "THỦ TRƯỞNG CƠ QUAN"


# -- where it is served ------------------------------------------------------------------

def test_staff_download_it_beside_the_minutes(forum, held, moderator):
    page = moderator.client.get(f"/f/{CODE}/record").get_data(as_text=True)
    assert f'<a href="/f/{CODE}/report.docx">Báo cáo (DOCX)</a>' in page
    response = moderator.client.get(f"/f/{CODE}/report.docx")
    assert response.status_code == 200
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.document")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{CODE}-report.docx"')
    lines = _lines(_open(response.data))
    assert "BÁO CÁO" in lines
    # the minutes' address serves the record formats only
    assert moderator.client.get(f"/f/{CODE}/record.report").status_code == 404
    minutes = moderator.client.get(f"/f/{CODE}/record.docx")
    assert "BIÊN BẢN" in _lines(_open(minutes.data))


def test_the_cli_writes_the_same_report(forum, held, runner, moderator, tmp_path):
    target = tmp_path / "bao-cao.docx"
    result = runner.invoke(args=["record", "export", CODE, "--format", "report",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = _open(target.read_bytes())
    served = _open(moderator.client.get(f"/f/{CODE}/report.docx").data)
    assert _lines(written) == _lines(served) == _lines(_open(_render(forum, on=None)))
    assert len(written.inline_shapes) == 3


def test_only_staff_who_read_the_record_may_download_it(app, forum, client):
    response = client.get(f"/f/{CODE}/report.docx")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    user = make_user("don-vi", "unit", "don-vi-password-1")
    user.forum_id, user.assignee_id = forum.id, forum.assignees[-1].id
    db.session.commit()
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    assert app.test_client().get(f"/f/{CODE}/report.docx", headers=headers).status_code == 403


def test_an_english_page_still_downloads_a_vietnamese_report(app, forum, held, moderator):
    moderator.client.set_cookie("lang", "en")
    page = moderator.client.get(f"/f/{CODE}/record").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert f'<a href="/f/{CODE}/report.docx">Report (DOCX)</a>' in page
    lines = _lines(_open(moderator.client.get(f"/f/{CODE}/report.docx").data))
    assert "BÁO CÁO" in lines and "Kính gửi: Sở Giáo dục và Đào tạo tỉnh Bình Dương" in lines
    assert "I. CÔNG TÁC CHUẨN BỊ" in lines
    assert "- Tại hội trường: 6 ý kiến;" in lines
    assert "Report" not in "\n".join(lines)
