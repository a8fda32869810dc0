"""The other exports of `held` (tests/test_exports.py), opened with their own readers: the
workbook (openpyxl) and the CSV (csv), safe for Excel; the charts as PNG and SVG; every format
for staff only and from the CLI."""
import csv
import io
import json
import unicodedata
from datetime import datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from live.record.exports import charts as charts_export
from live.record.exports import csv as csv_export
from live.record.exports import neutralize
from live.record.exports import xlsx as xlsx_export
from live.core.formatting import local
from models import Question, db
from tests.conftest import make_forum
from tests.factories import PLAN_2018
from tests.test_exports import (  # noqa: F401 (`forum`, the plan's, and `held` are fixtures)
    FEE, FORMULAS, LUNCH, NOTE, TOTAL, _docx, _label, _record, forum, held,
)

def _workbook(forum):
    return load_workbook(io.BytesIO(xlsx_export.render(forum, _record(forum))))


def test_the_workbook_has_a_row_per_question_with_every_field(forum, held):
    workbook = _workbook(forum)
    assert workbook.sheetnames == ["Ý kiến", "Chương trình", "Nhật ký", "Thống kê"]
    sheet = workbook["Ý kiến"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert all(cell.font.b for cell in sheet[1])
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == TOTAL
    fee = rows[held["fee"].id]
    assert fee["Nội dung"] == FEE and fee["Người hỏi"] == "Nguyễn Văn Bình"
    assert fee["Trạng thái"] == "Đã trả lời" and fee["Kết quả"] == "Trả lời tại Diễn đàn"
    assert fee["Nội dung trả lời"] == NOTE and fee["Mục chương trình"] == 7
    assert fee["Kênh"] == "Tại hội trường"
    question = db.session.get(Question, held["fee"].id)
    assert fee["Thời điểm gửi"] == local(question.created_at).replace(tzinfo=None,
                                                                     microsecond=0)
    assert fee["Trả lời lúc"] == local(question.answered_at).replace(tzinfo=None, microsecond=0)
    assert isinstance(fee["Duyệt lúc"], datetime)
    assert rows[held["lunch"].id]["Nội dung"] == LUNCH
    letter = rows[held["letter"].id]
    assert letter["Hạn trả lời bằng văn bản"] == datetime(2018, 10, 15)
    assert letter["Ngày nhận (thư, điện thoại)"] == datetime(2018, 5, 10)
    assert letter["Người / đơn vị trả lời"] == _label(forum, "Trường Tiểu học An Phú")
    assert rows[held["written"].id]["Kết quả"] == "Trả lời bằng văn bản"
    elsewhere = rows[held["elsewhere"].id]
    assert elsewhere["Kết quả"] == "Chuyển cơ quan khác"
    assert elsewhere["Chuyển đến cơ quan"] == "UBND phường An Phú"
    assert rows[held["out_of_scope"].id]["Kết quả"] == "Ngoài phạm vi Diễn đàn"
    assert rows[held["duplicate"].id]["Gộp vào số"] == held["fee"].id
    assert rows[held["rejected"].id]["Trạng thái"] == "Không duyệt"  # staff data: kept
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["Nội dung"] == 60 and 8 <= widths["Số"] <= 12

    agenda = workbook["Chương trình"]
    assert agenda.freeze_panes == "A2"
    rows = list(agenda.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == PLAN_2018["items"]
    assert all(isinstance(r[3], datetime) and isinstance(r[4], datetime) for r in rows)
    assert rows[6][6] == 2  # two questions answered under item 7

    log = workbook["Nhật ký"]
    assert [c.value for c in log[1]] == ["STT", "Thời điểm", "Người thực hiện", "Thao tác",
                                         "Ý kiến số", "Mục chương trình", "Chi tiết"]
    actions = [r[3] for r in log.iter_rows(min_row=2, values_only=True)]
    assert actions.count("Bắt đầu mục") == 11 and "Trả lời sau bằng văn bản" in actions
    stats = {(r[0], r[1]): r[2] for r in workbook["Thống kê"].iter_rows(min_row=2,
                                                                       values_only=True)}
    assert stats[("Kênh tiếp nhận", "Hòm thư góp ý")] == 1


def test_the_workbook_holds_no_formula(forum, held):
    workbook = _workbook(forum)
    sheet = workbook["Ý kiến"]
    header = [c.value for c in sheet[1]]
    text = header.index("Nội dung")
    asker = header.index("Người hỏi")
    by_id = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for question, original in zip(held["formulas"], FORMULAS):
        cell = by_id[question.id][text]
        assert cell.value == "'" + original
        assert cell.data_type == "s"
        assert by_id[question.id][asker].value == "'@admin"
    for each in workbook.worksheets:
        for row in each.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (each.title, cell.coordinate, cell.value)


def test_the_csv_is_excel_safe_utf8_with_a_bom(forum, held):
    data = csv_export.render(forum, _record(forum))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == TOTAL
    by_id = {int(r["Số"]): r for r in rows}
    assert by_id[held["fee"].id]["Nội dung"] == FEE
    assert by_id[held["lunch"].id]["Nội dung"] == LUNCH
    assert unicodedata.is_normalized("NFC", data.decode("utf-8-sig"))
    letter = by_id[held["letter"].id]
    assert letter["Trạng thái"] == "Trả lời sau bằng văn bản"
    assert letter["Hạn trả lời bằng văn bản"] == "2018-10-15"
    fee = by_id[held["fee"].id]
    assert fee["Thời điểm gửi"] == local(db.session.get(Question, held["fee"].id)
                                         .created_at).strftime("%Y-%m-%d %H:%M:%S")
    for question, original in zip(held["formulas"], FORMULAS):
        assert by_id[question.id]["Nội dung"] == "'" + original
        assert by_id[question.id]["Người hỏi"] == "'@admin"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd",
                                  " =1+1", "\n=1+1"])
def test_tab_cr_and_every_formula_start_are_neutralized(forum, text):
    # Intake strips leading whitespace, so tab and CR can only arrive by other paths (an
    # import, a future field); the exports must not trust that.
    question = Question(forum_id=forum.id, channel="hotline", original_text=text, text=text,
                        asker_name=text)
    db.session.add(question)
    db.session.commit()
    assert neutralize(text) == "'" + text
    rows = list(csv.reader(io.StringIO(
        csv_export.render(forum, _record(forum)).decode("utf-8-sig"), newline="")))
    assert rows[1][3] == "'" + text and rows[1][6] == "'" + text
    sheet = _workbook(forum)["Ý kiến"]
    for cell in (sheet["D2"], sheet["G2"]):
        assert cell.value == "'" + text and cell.data_type == "s"


@pytest.mark.parametrize("text", ["Học phí", "2018", "'quoted", "Ý kiến – = giữa câu", ""])
def test_ordinary_text_is_left_alone(text):
    assert neutralize(text) == text
    assert neutralize(12) == 12 and neutralize(None) is None


# -- charts ----------------------------------------------------------------------

def test_charts_are_png_and_svg_with_no_empty_chart(app, forum, held):
    record = _record(forum)
    pictures = charts_export.charts(record)
    assert list(pictures) == ["channel", "state", "unit"]
    for picture in pictures.values():
        assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    svg = charts_export.chart(record, "state", "svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert charts_export.data(record, "channel") == [("Tại hội trường", TOTAL - 1),
                                                     ("Hòm thư góp ý", 1)]
    units = dict(charts_export.data(record, "unit"))
    assert units[_label(forum, "Trường Tiểu học An Phú")] == 1
    assert units["UBND phường An Phú"] == 1  # referred: the body it went to
    with pytest.raises(KeyError):
        charts_export.chart(record, "nothing")

    empty = make_forum("no-questions")
    assert charts_export.charts(_record(empty)) == {}
    assert charts_export.chart(_record(empty), "unit", "svg") is None


def test_the_charts_labels_print_at_10_points_or_more(app, forum, held):
    """A chart's points are the paper's only when it is printed at the width it was drawn at:
    the picture's width in the minutes against the PNG's size and resolution."""
    from PIL import Image

    document = _docx(forum)
    shapes = document.inline_shapes
    assert len(shapes) == 3
    pictures = charts_export.charts(_record(forum))
    for shape, png in zip(shapes, pictures.values()):
        image = Image.open(io.BytesIO(png))
        drawn_inches = image.width / image.info["dpi"][0]
        printed_inches = shape.width / 914400
        scale = printed_inches / drawn_inches
        assert charts_export._STYLE["font.size"] * scale >= 10, (drawn_inches, printed_inches)


def test_the_record_page_shows_the_charts(phone, moderator, forum):
    question = phone.question("Biểu đồ có không?")
    moderator.approve(question)
    html = moderator.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    assert f"/f/{forum.code}/record/charts/channel.svg" in html
    svg = moderator.client.get(f"/f/{forum.code}/record/charts/channel.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data
    png = moderator.client.get(f"/f/{forum.code}/record/charts/state.png")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert moderator.client.get(f"/f/{forum.code}/record/charts/nope.svg").status_code == 404
    assert moderator.client.get(f"/f/{forum.code}/record/charts/state.gif").status_code == 404


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "json"])
def test_every_export_is_for_staff_only(client, moderator, fmt, forum):
    assert client.get(f"/f/{forum.code}/record.{fmt}").status_code == 302
    response = moderator.client.get(f"/f/{forum.code}/record.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f'.{fmt}"')


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "json"])
def test_the_cli_exports_every_format(runner, held, tmp_path, fmt, forum):
    target = tmp_path / f"record.{fmt}"
    result = runner.invoke(args=["record", "export", forum.code, "--format", fmt,
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "02-KH/BDV-PGDĐT" in text
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames[0] == "Ý kiến"
    elif fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
    else:
        assert json.loads(data)["forum"]["code"] == forum.code
