"""An office paper in Vietnamese administrative style, as python-docx writes it: the page, the
styles and the blocks that the minutes (live/record/exports/docx.py) and the report to the Department
(live/record/exports/report.py) share, so that the two documents look like one office's papers.

A4, margins 2 cm (3 cm on the left for binding), Times New Roman 13 pt throughout (the title
14 pt), with the font set for every script Word distinguishes (ascii, hAnsi, eastAsia, cs) on
the document defaults and on every style, so no theme font (Calibri, Cambria) shows through
anywhere. The header block is the one the forum's setup chose (`Forum.header_kind`): the
state's national motto over the superior body and the organiser (Nghị định 30/2020/NĐ-CP), or
the Party's "ĐẢNG CỘNG SẢN VIỆT NAM" over the committee's name and "*" (Hướng dẫn
36-HD/VPTW, as in the plan 02-KH/BDV-PGDĐT); the names are the setup's, never the code's.
"""
import io
import re
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor

from live.record.exports import (
    CHANNEL_LABELS, OUTCOME_LABELS, STATE_LABELS, forum_day, hhmm, histories, nfc, ordered,
    place_and_date, statistics,
)
from live.core.formatting import local, official_date
from live.record.exports.charts import CHARTS, PRINTED_WIDTH_CM, charts

FONT = "Times New Roman"
SIZE = Pt(13)
TITLE_SIZE = Pt(14)
TEXT_WIDTH = Cm(16)  # A4 21 cm less 3 cm left and 2 cm right
#: the national motto's first line, and its size: Nghị định 30/2020 sets it at 12-13 pt, and
#: at 13 pt bold it is 9.5 cm wide, more than its column leaves beside the organ's names
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SIZE = Pt(12)
TABLE_STYLE = "Bảng"  #: paragraph style of text in table cells
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def new_document(forum, kind: str, keywords: str):
    """An empty A4 document in the office's style, its properties naming `kind` ("Biên bản",
    "Báo cáo") and the forum."""
    document = Document()
    _page(document)
    _styles(document)
    _properties(document, forum, kind, keywords)
    return document


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- page and styles ---------------------------------------------------------------------

def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    # The page number at the top centre from the second page on, as official documents do.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_fonts(rPr, size: Pt | None = None) -> None:
    """Times New Roman for every script, no theme font, and the size if given."""
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rPr.insert(0, fonts)
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        half_points = str(int(size.pt * 2))
        for tag in ("w:sz", "w:szCs"):
            element = rPr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rPr.append(element)
            element.set(qn("w:val"), half_points)


def _styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rPr, SIZE)
    lang = rPr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")

    for style in styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        _set_fonts(style.element.get_or_add_rPr(), TITLE_SIZE if style.name == "Title" else SIZE)
        if style.font.color.type is not None:
            style.font.color.rgb = RGBColor(0, 0, 0)
    # Table styles may name theme fonts in their conditional parts.
    for fonts in styles.element.iter(qn("w:rFonts")):
        _set_fonts(fonts.getparent())

    normal = styles["Normal"].paragraph_format
    normal.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.first_line_indent = Cm(1)
    normal.space_before, normal.space_after = Pt(0), Pt(6)
    normal.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    normal.line_spacing = 1.15

    for name, before in (("Heading 1", Pt(12)), ("Heading 2", Pt(6))):
        heading = styles[name]
        heading.font.bold, heading.font.italic = True, False
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = before, Pt(6)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.first_line_indent = Cm(1)

    cell = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    _set_fonts(cell.element.get_or_add_rPr(), SIZE)
    cell_format = cell.paragraph_format
    cell_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell_format.first_line_indent = Cm(0)
    cell_format.space_before, cell_format.space_after = Pt(2), Pt(2)
    cell_format.line_spacing = 1.0


def _properties(document, forum, kind: str, keywords: str) -> None:
    properties = document.core_properties
    properties.title = f"{kind} {nfc(forum.title)}"
    properties.subject = nfc(forum.plan_number)
    properties.author = "; ".join(nfc(o) for o in forum.organizers or [])
    properties.last_modified_by = ""
    properties.language = "vi-VN"
    properties.keywords = keywords
    properties.comments = ""


# -- the header block ----------------------------------------------------------------------

def header_kind(forum) -> str:
    """"state" or "party": the header block the forum's setup chose."""
    return "party" if forum.header_kind == "party" else "state"


def issuer(forum) -> str:
    """The organiser as the header's bold line names it: the setup's line, else the
    organizers joined as a joint plan's header joins them ("Ban Dân vận Thị ủy – Phòng ...")."""
    return nfc(forum.header_organizer) or " – ".join(nfc(o) for o in forum.organizers or [])


def number_line(forum, series: str) -> str:
    """The number, left blank for the clerk, in the kind's form and the plan's series: the
    state's "Số:      /BB-PGDĐT" (from a plan "02/KH-PGDĐT"), the Party's "Số      -BB/BDV-PGDĐT"
    (from "02-KH/BDV-PGDĐT"); dots where the plan gives no issuer's mark."""
    number, _, rest = nfc(forum.plan_number).partition("/")
    # "02-KH/BDV-PGDĐT": the mark follows the slash; "02/KH-PGDĐT": it follows the type
    mark = (rest if "-" in number else rest.partition("-")[2] or rest).strip() or "......"
    if header_kind(forum) == "state":
        return f"Số:      /{series}-{mark}"
    return f"Số      -{series}/{mark}"


def _tight(table) -> None:
    """No cell padding on the left and right: the motto fills its column at 13 pt."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _rule(paragraph, length: Length) -> None:
    """Turn an empty paragraph into a short centred rule under the line above it: a bottom
    border between indents, on a line a few points high."""
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    cell_width = paragraph._parent.width
    side = max((cell_width - length) // 2, 0) if cell_width else Cm(2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    # the schema's order: pStyle, keepNext, ..., pBdr before spacing, ind and jc
    after = ppr.find(qn("w:pStyle"))
    if after is not None:
        after.addnext(borders)
    else:
        ppr.insert(0, borders)


# -- tables --------------------------------------------------------------------------------

def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _repeat_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


# -- paragraphs as XML, for the long lists ------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def run_xml(text: str, *, bold=False, italic=False) -> str:
    """A run; newlines become line breaks and tabs tabs, as python-docx's `add_run` does."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    parts = []
    for i, line in enumerate(_XML_ILLEGAL.sub("", text).split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>"


def paragraph_xml(runs: list[str], *, keep_next=False, left=None, first_line=None,
                   align=None) -> str:
    props = "<w:keepNext/>" if keep_next else ""  # the schema's order: keepNext, ind, jc
    if left is not None or first_line is not None:
        props += (f'<w:ind w:left="{Length(left or 0).twips}" '
                  f'w:firstLine="{Length(first_line or 0).twips}"/>')
    if align:
        props += f'<w:jc w:val="{align}"/>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def append_xml(document, paragraphs: str) -> None:
    body = document.element.body
    for element in parse_xml(f"<w:body {nsdecls('w')}>{paragraphs}</w:body>"):
        body.sectPr.addprevious(element)


# -- what the minutes and the report share ---------------------------------------------------

class Writer:
    """Writes one document of the forum's record, part by part: paragraphs, headings numbered
    I, II, III..., bordered tables, the header block, the time of the forum, the statistics
    with their charts, and a signer's cell. The minutes and the report are subclasses."""

    def __init__(self, document, forum, record: dict):
        self.doc, self.forum, self.record = document, forum, record
        self.history = histories(record)
        self.cell_style_id = document.styles[TABLE_STYLE].style_id
        self.sections = iter(_ROMAN)

    def paragraph(self, text: str = "", *, bold=False, italic=False, align=None, size=None,
                  indent=None, style=None):
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size is not None:
                run.font.size = size
        if align is not None:
            paragraph.alignment = align
        if indent is not None:
            paragraph.paragraph_format.first_line_indent = indent
        return paragraph

    def labelled(self, label: str, text: str):
        paragraph = self.paragraph()
        paragraph.add_run(f"{label}:" + (" " if text else "")).bold = True
        if text:
            paragraph.add_run(text)
        return paragraph

    def centred(self, text: str, **kwargs):
        return self.paragraph(text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Cm(0), **kwargs)

    def heading(self, text: str):
        return self.doc.add_heading(f"{next(self.sections)}. {text.upper()}", level=1)

    def subheading(self, text: str):
        return self.doc.add_heading(text, level=2)

    def table(self, header: list[str], rows: list[list[str]], widths, centred=()):
        """A bordered table, its header row bold and repeated on every page. The rows are
        written as XML in one go: the deferred list of a big forum has hundreds."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, widths)
        _repeat_header(table.rows[0])
        for cell, value in zip(table.rows[0].cells, header):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = self.cell_style_id  # by id: by name is a lookup each time
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(value).bold = True
        style = escape(self.cell_style_id, {'"': "&quot;"})
        cells = [
            (f'<w:tc><w:tcPr><w:tcW w:w="{Length(width).twips}" w:type="dxa"/></w:tcPr>'
             f'<w:p><w:pPr><w:pStyle w:val="{style}"/>'
             + ('<w:jc w:val="center"/>' if c in centred else "") + "</w:pPr>{}</w:p></w:tc>")
            for c, width in enumerate(widths)
        ]
        xml = "".join(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"  # a row stays whole on one page
            + "".join(cell.format(run_xml(value)) for cell, value in zip(cells, values))
            + "</w:tr>"
            for values in rows
        )
        if xml:
            for row in parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>"):
                table._tbl.append(row)
        return table

    def frame(self, widths, *, whole: bool = False):
        """A borderless one-row table that sets blocks side by side (the header block, the
        signatures); `whole` keeps the row on one page."""
        table = self.doc.add_table(rows=1, cols=len(widths))
        _borderless(table)
        if whole:
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        _widths(table, widths)
        return table

    def header_block(self, series: str = "BB", *, blank_date: bool = False) -> None:
        """The header block the forum's setup chose (`header_kind`), without borders.

        Left, in capitals: the superior body if any, the organiser in bold, then under it a
        short rule (the state's papers, Nghị định 30/2020) or "*" (the Party's, Hướng dẫn
        36-HD/VPTW), then the number left blank for the clerk in the forum's series ("Số:
        /BB-PGDĐT" or "Số      -BB/BDV-PGDĐT"; "-BC" for a report). Right: the national
        motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" or "ĐẢNG CỘNG
        SẢN VIỆT NAM", underlined, then the place and date (with `blank_date`, dots for the
        day it is signed)."""
        forum = self.forum
        kind = header_kind(forum)
        widths = (Cm(6.6), Cm(9.4)) if kind == "state" else (Cm(7.5), Cm(8.5))
        frame = self.frame(widths)
        _tight(frame)
        left, right = frame.rows[0].cells
        superior = nfc(forum.header_superior).upper()
        if superior:
            self._cell(left, superior)
        self._cell(left, issuer(forum).upper() or " ", bold=True, new=bool(superior))
        if kind == "state":
            _rule(self._cell(left, "", new=True), Cm(2.0))
        else:
            self._cell(left, "*", new=True)
        self._cell(left, number_line(forum, series), new=True)
        if kind == "state":
            motto = self._cell(right, STATE_MOTTO, bold=True)
            motto.runs[0].font.size = MOTTO_SIZE
            self._cell(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True,
                       new=True)
        else:
            self._cell(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True)
        self._cell(right, "", new=True)
        self._cell(right, place_and_date(forum, self.record, blank=blank_date), italic=True,
                   new=True)

    def _cell(self, cell, text, *, new=False, bold=False, italic=False, underline=False,
              align=WD_ALIGN_PARAGRAPH.CENTER):
        paragraph = cell.add_paragraph() if new else cell.paragraphs[0]
        paragraph._p.style = self.cell_style_id  # by id: the setter looks the name up each time
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        return paragraph

    def signer(self, cell, signer: dict, *, hint: bool = True) -> None:
        """A signer's cell: the title in capitals, room to sign, the name."""
        self._cell(cell, nfc(signer.get("title")).upper(), bold=True)
        if hint:
            self._cell(cell, "(Ký, ghi rõ họ tên)", italic=True, new=True)
        for _ in range(4):
            self._cell(cell, "", new=True)
        self._cell(cell, nfc(signer.get("name")), bold=True, new=True)

    def held(self) -> tuple[str, str]:
        """When the forum was held, as the opening sentence says it ("Vào lúc 07 giờ 30 phút,
        ngày 14 tháng 9 năm 2018") and as a period ("từ 07:30 đến 11:05, ngày 14 tháng 9 năm
        2018"); clock times only when the agenda ran on the forum's day, else the day, the
        planned period, or dotted blanks."""
        forum, record = self.forum, self.record
        starts = [i["started_at"] for i in record["agenda"] if i["started_at"]]
        ends = [i["ended_at"] for i in record["agenda"] if i["ended_at"]]
        if record.get("closed_at"):
            ends.append(record["closed_at"])  # the forum ends when it is closed
        day = forum_day(forum, record)
        first = local(min(starts)) if starts else None
        if first and first.date() != day:
            first = None  # a rehearsal on another day than the one fixed: no clock times
        if first:
            when = f"Vào lúc {first:%H} giờ {first:%M} phút, {official_date(day)}"
        elif day:
            when = f"Vào {official_date(day)}"
        elif forum.period:
            when = f"Trong {nfc(forum.period)}"
        else:
            when = "Vào lúc ..... giờ ..... phút, ngày ..... tháng ..... năm ........"
        if first and ends and max(ends) >= max(starts):
            period = f"từ {hhmm(first)} đến {hhmm(max(ends))}, {official_date(day)}"
        elif day:
            period = official_date(day)
        else:
            period = nfc(forum.period) or "................"
        return when, period

    def _answered_at(self, question) -> datetime | None:
        if question.answered_at:
            return question.answered_at
        history = self.history.get(question.id)
        return history.times.get("question.answer") if history else None

    def _deferred(self, question) -> bool:
        """Deferred now, or ever: answered in writing later, or passed to another body
        (`Ending.written`), or so in the record's log."""
        history = self.history.get(question.id)
        return question.ending.written or bool(history and history.deferred)

    def statistics_body(self, prefix: str = "") -> None:
        """The counts by state, by channel and by way of settling, then the charts; each under
        a subheading numbered `prefix` 1, 2, ... ("6.1." with prefix "6.")."""
        counts = statistics(self.record)
        total = len(self.record["questions"])
        self.subheading(f"{prefix}1. Theo kết quả xử lý")
        self.table(["Kết quả xử lý", "Số ý kiến"],
                   [[label, str(n)] for label, n in ordered(counts["state"], STATE_LABELS)]
                   + [["Tổng cộng", str(total)]], (Cm(11), Cm(5)), centred=(1,))
        self.subheading(f"{prefix}2. Theo kênh tiếp nhận")
        self.table(["Kênh tiếp nhận", "Số ý kiến"],
                   [[label, str(n)] for label, n in ordered(counts["channel"], CHANNEL_LABELS)]
                   + [["Tổng cộng", str(total)]], (Cm(11), Cm(5)), centred=(1,))
        number = 3
        if counts["outcome"]:
            self.subheading(f"{prefix}{number}. Theo hình thức giải quyết")
            self.table(["Hình thức giải quyết", "Số ý kiến"],
                       [[label, str(n)]
                        for label, n in ordered(counts["outcome"], OUTCOME_LABELS)],
                       (Cm(11), Cm(5)), centred=(1,))
            number += 1
        pictures = charts(self.record)
        if pictures:
            self.subheading(f"{prefix}{number}. Biểu đồ")
        for i, (name, png) in enumerate(pictures.items(), 1):
            self.doc.add_picture(io.BytesIO(png), width=Cm(PRINTED_WIDTH_CM))
            picture = self.doc.paragraphs[-1]
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.paragraph_format.first_line_indent = Cm(0)
            picture.paragraph_format.keep_with_next = True
            self.centred(f"Biểu đồ {i}. {CHARTS[name]}", italic=True)
