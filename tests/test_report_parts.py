"""What each part of the report (tests/test_report.py) says of `held`, the 2018 plan's forum:
part one what came before the day and the units' explanations, part two the day, its agenda,
how every question ended and the counts per leader and unit, part three the written replies
still owed, parts four and five left for staff to write."""
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn

from live.record.exports.office import TEXT_WIDTH
from live.core.formatting import local
from tests.factories import PLAN_2018
from tests.test_report import (  # noqa: F401 (`forum`, the plan's, and `held` are fixtures)
    CALL, LATER, LETTER, LETTER_2, _assignee, _between, _lines, _open, _render, _rows, _table,
    _text, forum, held,
)


def test_part_one_counts_what_came_before_the_day_and_the_explanations(forum, held):
    lines = _lines(_open(_render(forum)))
    part = _between(lines, "I. CÔNG TÁC CHUẨN BỊ", "II. KẾT QUẢ TỔ CHỨC DIỄN ĐÀN")
    assert ("Ban Dân vận Thị ủy phối hợp với Phòng Giáo dục và Đào tạo thị xã Thuận An xây "
            "dựng Kế hoạch số 02-KH/BDV-PGDĐT ngày 04 tháng 5 năm 2018 tổ chức Diễn đàn "
            "“Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2018.") in part
    online_day = local(held["online"].created_at).date()
    assert (f"Trước Diễn đàn, Ban Tổ chức đã tiếp nhận 6 ý kiến, kiến nghị (từ ngày "
            f"07/05/2018 đến ngày {online_day:%d/%m/%Y}), trong đó:") in part
    assert ["- Hòm thư góp ý: 3 ý kiến;", "- Đường dây nóng: 1 ý kiến;",
            "- Trực tuyến: 2 ý kiến."] == [line for line in part if line.startswith("- ")]
    # given: the two letters and the online question; the rejected letter no longer counts
    assert ("Ban Tổ chức đã phân công 3 ý kiến cho 3 lãnh đạo, đơn vị có liên quan nghiên cứu, "
            "chuẩn bị nội dung giải trình; 2 ý kiến đã có nội dung giải trình, 1 ý kiến chưa "
            "có.") in part


def test_part_one_lists_the_explanations_by_unit(forum, held):
    document = _open(_render(forum))
    rows = _rows(_table(document, "Người / đơn vị được phân công"))
    assert rows[0] == ["Người / đơn vị được phân công", "Số ý kiến được giao",
                       "Đã chuẩn bị giải trình"]
    by_unit = {unit: (given, done) for unit, given, done in rows[1:]}
    assert by_unit == {
        _assignee(forum, "Trường Tiểu học An Phú").label: ("1", "1"),
        _assignee(forum, "Phòng Giáo dục và Đào tạo thị xã").label: ("1", "0"),
        _assignee(forum, "Huỳnh Thị Mỹ Ngân").label: ("1", "1"),
        "Tổng cộng": ("3", "2"),
    }


def test_part_two_gives_the_day_the_agenda_and_the_questions_by_channel(forum, held):
    document = _open(_render(forum))
    lines = _lines(document)
    part = _between(lines, "II. KẾT QUẢ TỔ CHỨC DIỄN ĐÀN",
                    "III. NHỮNG NỘI DUNG CẦN TIẾP TỤC THỰC HIỆN")
    start, end = local(forum.agenda[0].started_at), local(forum.agenda[-1].ended_at)
    day = start.date()
    assert (f"Vào lúc {start:%H} giờ {start:%M} phút, ngày {day.day:02d} tháng {day.month} năm "
            f"{day.year}, tại Trung tâm Bồi dưỡng Chính trị thị xã Thuận An, Ban Dân vận Thị ủy "
            "phối hợp với Phòng Giáo dục và Đào tạo thị xã Thuận An tổ chức Diễn đàn") in part[1]
    for chair in forum.chairs:
        assert any(line.startswith(f"- {chair}") for line in part)
    assert "Số người tham dự: 215 người." in part
    assert (f"Diễn đàn được tiến hành theo chương trình gồm 11 nội dung, từ {start:%H:%M} đến "
            f"{end:%H:%M}, ngày {day.day:02d} tháng {day.month} năm {day.year}:") in part

    rows = _rows(_table(document, "Thời gian"))
    assert rows[0] == ["STT", "Nội dung", "Thời gian"]
    assert [r[1] for r in rows[1:]] == PLAN_2018["items"]
    for item, row in zip(forum.agenda, rows[1:]):
        assert row[2] == f"{local(item.started_at):%H:%M} – {local(item.ended_at):%H:%M}"

    assert "Tại Diễn đàn, Ban Tổ chức tiếp nhận 7 ý kiến, kiến nghị, trong đó:" in part
    assert "- Tại hội trường: 6 ý kiến;" in part
    assert "- Phát biểu tại chỗ: 1 ý kiến." in part
    assert "Tổng cộng, trước và tại Diễn đàn đã tiếp nhận 13 ý kiến, kiến nghị." in part


def test_part_two_says_how_every_question_ended_before_and_on_the_day(forum, held):
    document = _open(_render(forum))
    rows = _rows(_table(document, "Ý kiến trước Diễn đàn"))
    assert rows[0] == ["Kết quả", "Ý kiến trước Diễn đàn", "Ý kiến tại Diễn đàn", "Tổng số"]
    assert rows[1:] == [
        ["Trả lời trực tiếp tại Diễn đàn", "2", "2", "4"],
        ["Chuyển trả lời bằng văn bản", "2", "1", "3"],
        ["Chuyển cơ quan có thẩm quyền giải quyết", "1", "0", "1"],
        ["Ngoài phạm vi Diễn đàn", "0", "1", "1"],
        ["Trùng nội dung, gộp với ý kiến khác", "0", "1", "1"],
        # nothing is still waiting, so that row is left out
        ["Không đưa ra Diễn đàn", "1", "1", "2"],
        ["Chưa được Ban tổ chức xem xét", "0", "1", "1"],
        ["Tổng cộng", "6", "7", "13"],
    ]
    assert ("Nội dung các ý kiến không đưa ra Diễn đàn, ngoài phạm vi hoặc chưa được xem xét "
            "không công bố trong báo cáo.") in _lines(document)


def test_part_two_counts_per_leader_and_unit(forum, held):
    document = _open(_render(forum))
    rows = _rows(_table(document, "Người / đơn vị trả lời"))
    assert rows[0] == ["Người / đơn vị trả lời", "Số ý kiến", "Trả lời tại Diễn đàn",
                       "Trả lời bằng văn bản, chuyển cơ quan khác", "Chưa trả lời"]
    by_unit = {row[0]: row[1:] for row in rows[1:]}
    assert by_unit == {
        _assignee(forum, "Huỳnh Thị Mỹ Ngân").label: ["2", "2", "0", "0"],
        _assignee(forum, "Phòng Giáo dục và Đào tạo thị xã").label: ["2", "0", "2", "0"],
        _assignee(forum, "Trường Tiểu học An Phú").label: ["1", "0", "1", "0"],
        "UBND phường An Phú": ["1", "0", "1", "0"],  # referred: the body it went to
        "Chưa giao": ["3", "2", "0", "1"],
        "Tổng cộng": ["9", "4", "4", "1"],
    }
    assert rows[-2][0] == "Chưa giao"  # the questions given to no one come last


def test_part_two_carries_the_minutes_statistics_and_charts(forum, held):
    document = _open(_render(forum))
    states = dict(_rows(_table(document, "Kết quả xử lý")))
    assert states["Đã trả lời"] == "5" and states["Trả lời sau bằng văn bản"] == "3"
    assert states["Không duyệt"] == "3" and states["Đã gộp"] == "1" and states["Mới"] == "1"
    assert states["Tổng cộng"] == "13"
    channels = dict(_rows(_table(document, "Kênh tiếp nhận")))
    assert channels == {"Kênh tiếp nhận": "Số ý kiến", "Tại hội trường": "6",
                        "Trực tuyến": "2", "Hòm thư góp ý": "3", "Đường dây nóng": "1",
                        "Phát biểu tại chỗ": "1", "Tổng cộng": "13"}
    assert dict(_rows(_table(document, "Hình thức giải quyết"))) == {
        "Hình thức giải quyết": "Số ý kiến", "Trả lời tại Diễn đàn": "4",
        "Trả lời bằng văn bản": "3", "Chuyển cơ quan khác": "1",
        "Ngoài phạm vi Diễn đàn": "1"}
    assert len(document.inline_shapes) == 3
    lines = _lines(document)
    for caption in ("Biểu đồ 1. Ý kiến theo kênh tiếp nhận",
                    "Biểu đồ 2. Ý kiến theo kết quả xử lý",
                    "Biểu đồ 3. Ý kiến theo người / đơn vị trả lời"):
        assert caption in lines
    assert "6.1. Theo kết quả xử lý" in lines and "6.4. Biểu đồ" in lines


def test_part_three_lists_the_written_replies_still_owed(forum, held):
    document = _open(_render(forum))
    lines = _lines(document)
    assert ("Trong 4 ý kiến chuyển trả lời bằng văn bản hoặc chuyển cơ quan khác, đã trả lời "
            "1 ý kiến. Đến ngày 01 tháng 11 năm 2018, còn 3 ý kiến, kiến nghị chưa được trả "
            "lời, trong đó 1 ý kiến đã quá hạn.") in lines
    # per unit, the units with overdue replies first, then by the nearest due date
    assert _rows(_table(document, "Số ý kiến chưa trả lời")) == [
        ["Đơn vị thực hiện", "Số ý kiến chưa trả lời", "Trong đó quá hạn", "Hạn gần nhất"],
        [_assignee(forum, "Trường Tiểu học An Phú").label, "1", "1", "15/10/2018"],
        [_assignee(forum, "Phòng Giáo dục và Đào tạo thị xã").label, "1", "0", "31/12/2099"],
        ["UBND phường An Phú", "1", "0", ""],
        ["Tổng cộng", "3", "1", ""],
    ]
    table = _table(document, "Tình trạng")
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = _rows(table)
    assert rows[0] == ["STT", "Ý kiến", "Đơn vị thực hiện", "Hạn trả lời", "Tình trạng"]
    # overdue first, then by due date; one with no due date last
    assert rows[1:] == [
        ["1", f"Số {held['letter'].id}: {LETTER}",
         _assignee(forum, "Trường Tiểu học An Phú").label, "15/10/2018", "Quá hạn 17 ngày"],
        ["2", f"Số {held['later'].id}: {LATER}",
         _assignee(forum, "Phòng Giáo dục và Đào tạo thị xã").label, "31/12/2099", "Trong hạn"],
        ["3", f"Số {held['call'].id}: {CALL}",
         "UBND phường An Phú (chuyển giải quyết theo thẩm quyền)", "", "Chưa có hạn"],
    ]
    # answered in writing: no longer owed
    assert LETTER_2 not in _text(document)


def test_parts_four_and_five_are_left_for_staff_on_dotted_lines(forum, held):
    document = _open(_render(forum))
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]

    def dotted_after(heading: str) -> int:
        n = 0
        for paragraph in paragraphs[texts.index(heading) + 1:]:
            if paragraph.text != "\t":
                break
            stops = paragraph.paragraph_format.tab_stops
            assert len(stops) == 1
            assert stops[0].alignment == WD_TAB_ALIGNMENT.RIGHT
            assert stops[0].leader == WD_TAB_LEADER.DOTS
            assert round(stops[0].position.cm, 2) == round(TEXT_WIDTH.cm, 2)  # the margin
            n += 1
        return n

    assert dotted_after("1. Ưu điểm") == 4
    assert dotted_after("2. Hạn chế, nguyên nhân") == 4
    assert dotted_after("V. KIẾN NGHỊ, ĐỀ XUẤT") == 5
