"""What every document the forum files (the minutes, the report) must be, checked in one place:
A4 with the administrative margins, Times New Roman for every script on every run (East Asian
included: Word takes Vietnamese letters from it), 13-14 pt (the national motto's first line
12 pt)."""
from docx.oxml.ns import qn

from live.record.exports.office import STATE_MOTTO


def assert_official_layout(document) -> None:
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.cm, 1) == 3.0
    assert round(section.right_margin.cm, 1) == round(section.top_margin.cm, 1) == 2.0

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    every_rfonts = [*styles.iter(qn("w:rFonts")), *document.element.iter(qn("w:rFonts"))]
    assert defaults.find(qn("w:rFonts")) in every_rfonts
    for fonts in every_rfonts:
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{script}")) == "Times New Roman", fonts.attrib
        assert not any("theme" in k.lower() for k in fonts.attrib)
    for style in document.styles:
        if style.type in (1, 2):  # paragraph and character styles
            assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
            assert 13 <= style.font.size.pt <= 14, style.name

    def effective(run, paragraph, attribute):
        value = getattr(run.font, attribute)
        style = paragraph.style
        while value is None and style is not None:
            value = getattr(style.font, attribute)
            style = style.base_style
        return value

    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    paragraphs.extend(section.header.paragraphs)
    runs = [(run, p) for p in paragraphs for run in p.runs]
    assert len(runs) > 100
    for run, paragraph in runs:
        font = effective(run, paragraph, "name") or defaults.find(qn("w:rFonts")).get(
            qn("w:ascii"))
        assert font == "Times New Roman", run.text
        size = effective(run, paragraph, "size")
        points = size.pt if size else int(defaults.find(qn("w:sz")).get(qn("w:val"))) / 2
        # the one exception: the national motto's first line, 12 pt as Nghị định 30/2020
        # allows (12-13 pt), so that it keeps to one line in its column
        assert 13 <= points <= 14 or (run.text == STATE_MOTTO and points == 12), run.text
        # no run names a font of its own for East Asian text that is not Times New Roman
        fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
        assert fonts is None or fonts.get(qn("w:eastAsia")) in (None, "Times New Roman")
