"""The minutes (biên bản), opened with python-docx: the header block and the facts, the whole
agenda with its real times, every question's outcome, the deferred items, the counts and
charts, the signers, the layout. The 2018 plan's forum is run through the real API, as on the
day (`held`, which tests/test_exports_sheets.py and tests/test_bulletin.py read too)."""
import io
import unicodedata
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from live.assistant.flags import mask
from live.record.exports import docx as docx_export
from live.core.formatting import local
from live.record.view import build_record
from models import Assignee, Question, db
from tests.conftest import make_forum
from tests.factories import PLAN_2018
from tests.docx_checks import assert_official_layout

FEE = "Học phí năm học mới có tăng không? Phụ huynh ở phường Lái Thiêu rất lo."
LUNCH = "Trường có tổ chức bán trú cho học sinh lớp Một không ạ? Giá suất ăn là bao nhiêu?"
LETTER = "Đề nghị Trường Tiểu học An Phú sửa lại nhà vệ sinh cho các cháu, đã xuống cấp."
WRITTEN = "Xin cho biết kế hoạch tuyển sinh lớp 6 năm học 2018–2019 của thị xã."
DUPLICATE = "Học phí có tăng không ạ?"
WAITING = "Giáo viên dạy thêm ngoài giờ có được phép thu tiền không?"
REJECTED = "Nội dung không phù hợp – ĐỪNG-IN-RA-BIÊN-BẢN"
UNSCREENED = "Câu hỏi chưa duyệt – CHƯA-XEM-XÉT"
ELSEWHERE = "Đề nghị sửa đoạn đường trước cổng Trường Tiểu học An Phú bị ngập khi mưa."
OUT_OF_SCOPE = "Giá đất khu phố Bình Hòa – NGOÀI-PHẠM-VI"
FORMULAS = ['=HYPERLINK("http://evil.example","Bấm vào")', "+84 912 345 678 gọi lại giúp",
            "-1+1 là bao nhiêu?", "@SUM(A1:A9) lệnh"]
TOTAL = 10 + len(FORMULAS)  #: questions in `held`; all but the letter came from phones
NOTE = "Năm học 2018–2019 không tăng học phí; thực hiện theo Nghị quyết của HĐND tỉnh."


@pytest.fixture
def forum(app):
    """The 2018 plan's forum (tests/factories.py): the minutes and the report word its facts."""
    return make_forum(**PLAN_2018)


def _assignee(forum, name) -> Assignee:
    return next(a for a in forum.assignees if a.name == name)


def _label(forum, name) -> str:
    """How the exports name a leader or unit: its title and name, as the hall reads it."""
    return _assignee(forum, name).label


@pytest.fixture
def held(forum, phone, moderator):
    """The 2018 plan's forum after its morning: the whole agenda run, questions answered on the
    spot, deferred to a unit, answered in writing, merged, rejected, waiting, unscreened."""
    unit = _assignee(forum, "Trường Tiểu học An Phú")
    office = _assignee(forum, "Phòng Giáo dục và Đào tạo thị xã")
    head = _assignee(forum, "Huỳnh Thị Mỹ Ngân")
    q = {}
    q["fee"] = phone.question(FEE, name="Nguyễn Văn Bình", affiliation="phường An Phú")
    q["lunch"] = phone.question(unicodedata.normalize("NFD", LUNCH))  # as some phones send
    response = moderator.post("/questions", json={"text": LETTER, "channel": "suggestion_box",
                                                   "received_on": "2018-05-10"})
    assert response.status_code == 201, response.get_json()
    q["letter"] = db.session.get(Question, response.get_json()["id"])
    q["written"] = phone.question(WRITTEN)
    q["duplicate"] = phone.question(DUPLICATE)
    q["waiting"] = phone.question(WAITING)
    q["rejected"] = phone.question(REJECTED)
    q["unscreened"] = phone.question(UNSCREENED)
    q["elsewhere"] = phone.question(ELSEWHERE)
    q["out_of_scope"] = phone.question(OUT_OF_SCOPE)
    q["formulas"] = [phone.question(text, name="@admin") for text in FORMULAS]

    moderator.start_item(1)
    for _ in range(5):
        moderator.next_item()  # to item 6, the report on letters and calls
    for key in ("fee", "lunch", "letter", "written", "waiting", "elsewhere"):
        moderator.approve(q[key])
    moderator.defer(q["letter"], unit, "2018-10-15")
    moderator.defer(q["written"], office, "2018-10-01")
    moderator.answer(q["written"], "Đã trả lời bằng Công văn số 215/PGDĐT.")
    moderator.next_item()  # item 7, the dialogue
    moderator.assign(q["fee"], head)
    moderator.show(q["fee"])
    moderator.answer(q["fee"], NOTE)
    moderator.show(q["lunch"])
    moderator.answer(q["lunch"], "Có, từ tháng 9/2018.")
    moderator.merge(q["duplicate"], q["fee"])
    moderator.reject(q["rejected"])
    moderator.reject(q["out_of_scope"], reason="out_of_scope")
    moderator.defer(q["elsewhere"], referred_to="UBND phường An Phú")
    moderator.assign(q["waiting"], head)
    for question in q["formulas"]:
        moderator.approve(question)
    for _ in range(5):
        moderator.next_item()  # through item 11, then its end
    db.session.expire_all()
    return q


def _record(forum):
    db.session.expire_all()
    return build_record(forum)


# -- the minutes ---------------------------------------------------------------------------

def _docx(forum) -> Document:
    return Document(io.BytesIO(docx_export.render(forum, _record(forum))))


def _lines(document) -> list[str]:
    """Every paragraph's text, in tables too, in document order."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t")))
            for p in document.element.body.iter(qn("w:p"))]


def _table(document, header: str):
    return next(t for t in document.tables if header in [c.text for c in t.rows[0].cells])


def test_the_minutes_carry_the_header_block_and_the_facts(forum, held):
    document = _docx(forum)
    lines = _lines(document)
    text = "\n".join(lines)
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert left.paragraphs[0].text == ("BAN DÂN VẬN THỊ ỦY – PHÒNG GIÁO DỤC VÀ ĐÀO TẠO "
                                       "THỊ XÃ THUẬN AN")
    assert all(run.bold for run in left.paragraphs[0].runs)
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    today = local(forum.agenda[0].started_at).date()  # no day was fixed: the day it began
    dated = right.paragraphs[-1]
    assert dated.text == f"Thuận An, ngày {today.day:02d} tháng {today.month} năm {today.year}"
    assert all(run.italic for run in dated.runs)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}

    assert "BIÊN BẢN" in lines
    assert "Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018" in lines
    assert "Căn cứ Kế hoạch số 02-KH/BDV-PGDĐT ngày 04 tháng 5 năm 2018" in text
    assert "Trung tâm Bồi dưỡng Chính trị thị xã Thuận An" in text
    for chair in forum.chairs:
        assert f"- {chair}." in lines
    assert "Số      -BB/BDV-PGDĐT" in lines
    start = local(forum.agenda[0].started_at)
    end = local(forum.agenda[-1].ended_at)
    assert (f"Vào lúc {start:%H} giờ {start:%M} phút, ngày {today.day:02d} tháng {today.month} "
            f"năm {today.year}, tại Trung tâm Bồi dưỡng Chính trị thị xã Thuận An, Ban Dân vận "
            "Thị ủy phối hợp với Phòng Giáo dục và Đào tạo thị xã Thuận An tổ chức Diễn đàn"
            ) in text
    assert f"Thời gian: từ {start:%H:%M} đến {end:%H:%M}, ngày {today.day:02d} " in text
    assert f"Diễn đàn kết thúc vào lúc {end:%H} giờ {end:%M} phút cùng ngày." in text
    # no head count is kept yet: a blank for the secretary to fill, under Thành phần tham dự
    assert "THÀNH PHẦN THAM DỰ" in text.upper() and "Số người tham dự: ........ người." in lines
    assert "Biên bản đã được đọc lại trước Diễn đàn và được các thành phần tham dự thông qua." \
        in text


def test_the_minutes_have_the_whole_agenda_with_real_times(forum, held):
    document = _docx(forum)
    table = _table(document, "Nội dung chương trình")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == PLAN_2018["items"]
    assert len(rows) == 11
    for item, (_, _, start, end, minutes) in zip(forum.agenda, rows):
        assert start == local(item.started_at).strftime("%H:%M")
        assert end == local(item.ended_at).strftime("%H:%M")
        assert minutes == "0 phút"


def test_the_minutes_give_every_question_its_outcome(forum, held):
    text = "\n".join(_lines(_docx(forum)))
    assert unicodedata.is_normalized("NFC", text)
    for key in ("fee", "lunch", "letter", "written", "duplicate", "waiting"):
        assert f"Ý kiến số {held[key].id} (" in text
    # as the hall would see them: a phone number masked (live/assistant/flags.py)
    for question in (FEE, LUNCH, LETTER, WRITTEN, DUPLICATE, WAITING, *map(mask, FORMULAS)):
        assert question in text
    assert "+84 912 345 678" not in text
    assert unicodedata.normalize("NFD", LUNCH) not in text
    fee = held["fee"].id
    assert f"Ý kiến số {fee} (Tại hội trường; Nguyễn Văn Bình, phường An Phú): {FEE}" in text
    assert f"Ý kiến số {held['lunch'].id} (Tại hội trường): {LUNCH}" in text
    assert (f"Ý kiến số {held['letter'].id} (Hòm thư góp ý, nhận ngày 10/05/2018): "
            in text)
    assert "Tại mục 7: Đối thoại trực tiếp tại Hội nghị Diễn đàn." in text
    assert f"Nội dung trả lời: {NOTE}" in text
    assert f"Người trả lời: {_label(forum, 'Huỳnh Thị Mỹ Ngân')}." in text
    assert (f"Kết quả: Chuyển {_label(forum, 'Trường Tiểu học An Phú')} trả lời bằng "
            "văn bản, hạn 15/10/2018.") in text
    assert "Đã trả lời bằng văn bản: ngày " in text
    assert "Đã trả lời bằng Công văn số 215/PGDĐT." in text
    assert f"Kết quả: Gộp vào ý kiến số {fee}, được trả lời cùng ý kiến đó." in text
    assert "Kết quả: Đã duyệt, chưa được trả lời." in text
    assert ("Kết quả: Chuyển UBND phường An Phú giải quyết theo thẩm quyền." in text)
    # Rejected and unscreened questions are counted, never printed.
    for hidden in (REJECTED, "ĐỪNG-IN-RA", UNSCREENED, OUT_OF_SCOPE, "NGOÀI-PHẠM-VI"):
        assert hidden not in text
    assert ("Ngoài ra: 1 ý kiến ngoài phạm vi Diễn đàn; 1 ý kiến không được đưa ra Diễn đàn "
            "(nội dung không công bố trong biên bản); 1 ý kiến chưa được Ban tổ chức xem xét."
            ) in text


def test_the_minutes_list_the_deferred_items(forum, held):
    document = _docx(forum)
    table = _table(document, "Đơn vị trả lời")
    assert [c.text for c in table.rows[0].cells] == [
        "STT", "Ý kiến", "Đơn vị trả lời", "Hạn trả lời", "Tình trạng"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    letter, written = held["letter"].id, held["written"].id
    assert rows[0] == ["1", f"Số {letter}: {LETTER}",
                       _label(forum, "Trường Tiểu học An Phú"), "15/10/2018",
                       "Chưa trả lời"]
    assert rows[1][:4] == ["2", f"Số {written}: {WRITTEN}",
                           _label(forum, "Phòng Giáo dục và Đào tạo thị xã"), "01/10/2018"]
    assert rows[1][4].startswith("Đã trả lời ngày ")
    assert rows[2] == ["3", f"Số {held['elsewhere'].id}: {ELSEWHERE}", "UBND phường An Phú", "",
                       "Chưa trả lời"]
    assert len(rows) == 3
    # the header row repeats on every page
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_minutes_count_and_draw(forum, held):
    document = _docx(forum)
    states = {c.text: n.text for c, n in (r.cells for r in _table(document,
                                                                    "Kết quả xử lý").rows)}
    assert states["Đã trả lời"] == "3"
    assert states["Trả lời sau bằng văn bản"] == "2"
    assert states["Không duyệt"] == "2" and states["Đã gộp"] == "1" and states["Mới"] == "1"
    outcomes = {c.text: n.text for c, n in (r.cells for r in _table(
        document, "Hình thức giải quyết").rows)}
    assert outcomes == {"Hình thức giải quyết": "Số ý kiến", "Trả lời tại Diễn đàn": "2",
                        "Trả lời bằng văn bản": "2", "Chuyển cơ quan khác": "1",
                        "Ngoài phạm vi Diễn đàn": "1"}
    assert states["Tổng cộng"] == str(TOTAL)
    channels = {c.text: n.text for c, n in (r.cells for r in _table(document,
                                                                      "Kênh tiếp nhận").rows)}
    assert channels == {"Kênh tiếp nhận": "Số ý kiến", "Tại hội trường": str(TOTAL - 1),
                        "Hòm thư góp ý": "1", "Tổng cộng": str(TOTAL)}
    assert len(document.inline_shapes) == 3
    text = "\n".join(_lines(document))
    for caption in ("Biểu đồ 1. Ý kiến theo kênh tiếp nhận",
                    "Biểu đồ 2. Ý kiến theo kết quả xử lý",
                    "Biểu đồ 3. Ý kiến theo người / đơn vị trả lời"):
        assert caption in text


def test_the_minutes_end_with_the_signers_side_by_side(forum, held):
    document = _docx(forum)
    signatures = document.tables[-1]
    cells = signatures.rows[0].cells
    assert len(cells) == 3  # the secretary who wrote them signs beside the two chairs
    assert [c.paragraphs[0].text for c in cells] == ["THƯ KÝ", "TRƯỞNG BAN", "TRƯỞNG PHÒNG"]
    assert [c.paragraphs[-1].text for c in cells] == ["", "Trương Văn Kiệt", "Huỳnh Thị Mỹ Ngân"]
    row = signatures.rows[0]._tr
    assert row.find(qn("w:trPr")) is not None and \
        row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None  # never split over a page
    closing = [p for p in document.paragraphs if p.text.startswith("Diễn đàn kết thúc")
               or p.text.startswith("Biên bản đã được đọc lại")]
    assert closing and all(p.paragraph_format.keep_with_next for p in closing)
    assert signatures._tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_the_minutes_are_a4_times_new_roman_13_to_14_pt(forum, held):
    assert_official_layout(_docx(forum))


def test_the_minutes_date_comes_from_the_forum_day_or_is_left_blank(app, forum, moderator):
    moderator.start_item(1)  # a rehearsal, today
    forum.held_on = date(2018, 9, 14)
    db.session.commit()
    document = _docx(forum)
    assert document.tables[0].rows[0].cells[1].paragraphs[-1].text == (
        "Thuận An, ngày 14 tháng 9 năm 2018")
    text = "\n".join(_lines(document))
    assert "Vào ngày 14 tháng 9 năm 2018, tại Trung tâm" in text  # no clock time of another day
    assert "Thời gian: ngày 14 tháng 9 năm 2018." in text

    other = make_forum("blank-forum", items=2, place="Thuận An")
    document = _docx(other)
    assert document.tables[0].rows[0].cells[1].paragraphs[-1].text == (
        "Thuận An, ngày ..... tháng ..... năm ........")
    text = "\n".join(_lines(document))
    assert "Diễn đàn chưa nhận được ý kiến nào." in text
    assert "Không có ý kiến nào chuyển trả lời bằng văn bản." in text
    assert len(document.inline_shapes) == 0  # no data, no chart
