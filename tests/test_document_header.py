"""The header block, the recipient, the copies and the secretary of the minutes and the report
are the forum's setup, not words in the code: a forum set up by its admin on the setup page
gets the state's national motto or the Party's name, its own organ names, its own Kính gửi and
Nơi nhận, and none of the district words of 2018 (districts ended on 1 July 2025). The
documents are downloaded from their real addresses and read with python-docx."""
import html
import io
import re
import unicodedata
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import select

from live.record import archive
from live.record.exports.office import number_line
from models import Forum, db
from tests.factories import PLAN_2018, make_forum

STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"

#: a forum of today: a province and a ward, no district anywhere in what the admin typed
WARD_FORUM = {
    "title": "Diễn đàn “Ngành Giáo dục lắng nghe ý kiến nhân dân” năm 2026",
    "code": "tran-bien-2026",
    "organizers": "Đảng ủy phường Trấn Biên\nUBND phường Trấn Biên",
    "plan_number": "05-KH/ĐU",
    "plan_date": "2026-04-02",
    "held_on": "2026-05-20",
    "venue": "Hội trường UBND phường Trấn Biên",
    "place": "Trấn Biên",
    "chairs": "Bí thư Đảng ủy phường\nChủ tịch UBND phường",
    "signers": "Bí thư: Nguyễn Thị Hoa\nChủ tịch: Lê Văn Bình",
    "header_kind": "party",
    "header_superior": "Đảng bộ tỉnh Đồng Nai",
    "header_organizer": "Đảng ủy phường Trấn Biên",
    "recipient": "Sở Giáo dục và Đào tạo tỉnh Đồng Nai",
    "copies": "- Ban Dân vận Tỉnh ủy;\nUBND phường Trấn Biên\n- Lưu: VT.",
    "secretary": "Phạm Thu Trang",
}

#: the words of the two-level government's predecessor that must not come from the code
DISTRICT_WORDS = ("huyện", "quận", "thị xã", "thị ủy", "phòng giáo dục", "ubnd huyện",
                  "ban dân vận thị ủy", "thuận an")


def _form(moderator, path, **fields):
    return moderator.client.post(path, data={"csrf_token": moderator.csrf, **fields})


def _forum(code) -> Forum:
    db.session.expire_all()
    return db.session.scalar(select(Forum).where(Forum.code == code))


def _set_up(moderator, **changes) -> Forum:
    """The ward's forum, created on the admin's form."""
    response = _form(moderator, "/admin/forums/new", **{**WARD_FORUM, **changes})
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))
    return _forum(changes.get("code", WARD_FORUM["code"]))


def _download(moderator, forum, name) -> bytes:
    response = moderator.client.get(f"/f/{forum.code}/{name}")
    assert response.status_code == 200
    return response.data


def _documents(moderator, forum) -> dict[str, bytes]:
    return {name: _download(moderator, forum, name) for name in ("record.docx", "report.docx")}


def _header(data: bytes):
    """(left lines, right lines, left paragraphs, right paragraphs) of the header block."""
    document = Document(io.BytesIO(data))
    left, right = document.tables[0].rows[0].cells
    return ([p.text for p in left.paragraphs], [p.text for p in right.paragraphs],
            left.paragraphs, right.paragraphs)


def _lines(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    return ["".join(t.text or "" for t in p.iter(qn("w:t")))
            for p in document.element.body.iter(qn("w:p"))]


def _every_word(data: bytes) -> str:
    """Everything a reader of the file can see: every part's text (body, page headers, the
    document's properties), lower case, NFC."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [package.read(name).decode("utf-8") for name in package.namelist()
                 if name.endswith(".xml")]
    text = " ".join(re.sub(r"<[^>]+>", " ", part) for part in parts)
    return unicodedata.normalize("NFC", html.unescape(text)).lower()


# -- the header block ---------------------------------------------------------------------

def test_a_party_forum_opens_both_papers_with_the_party_line(moderator):
    forum = _set_up(moderator)
    for name, data in _documents(moderator, forum).items():
        left, right, left_p, right_p = _header(data)
        series = "BB" if name == "record.docx" else "BC"
        assert left == ["ĐẢNG BỘ TỈNH ĐỒNG NAI", "ĐẢNG ỦY PHƯỜNG TRẤN BIÊN", "*",
                        f"Số      -{series}/ĐU"], name
        assert not any(run.bold for run in left_p[0].runs)  # the superior body: not bold
        assert all(run.bold for run in left_p[1].runs)
        assert right[0] == PARTY and right_p[0].runs[0].underline
        assert STATE_MOTTO not in "\n".join(_lines(data)) and STATE_MOTTO_2 not in right
        assert right[-1].startswith("Trấn Biên, ngày")


def test_a_state_forum_opens_both_papers_with_the_national_motto(moderator):
    forum = _set_up(moderator, code="so-gddt-2026", header_kind="state",
                    header_superior="UBND tỉnh Đồng Nai",
                    header_organizer="Sở Giáo dục và Đào tạo", plan_number="12/KH-SGDĐT",
                    place="Đồng Nai")
    for name, data in _documents(moderator, forum).items():
        left, right, left_p, right_p = _header(data)
        series = "BB" if name == "record.docx" else "BC"
        assert left[:2] == ["UBND TỈNH ĐỒNG NAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"], name
        assert left[3] == f"Số:      /{series}-SGDĐT"
        assert "*" not in left
        # under the organiser a short rule, not a line of text
        rule = left_p[2]._p.pPr.find(qn("w:pBdr"))
        assert rule is not None and rule.find(qn("w:bottom")).get(qn("w:val")) == "single"
        assert right[:2] == [STATE_MOTTO, STATE_MOTTO_2]
        assert all(run.bold for p in right_p[:2] for run in p.runs)
        assert right_p[1].runs[0].underline
        assert PARTY not in "\n".join(_lines(data))
        assert right[-1].startswith("Đồng Nai, ngày")


def test_a_new_forum_takes_the_states_header_unless_its_setup_says_otherwise(moderator):
    fields = {k: v for k, v in WARD_FORUM.items() if not k.startswith("header_")}
    response = _form(moderator, "/admin/forums/new", **{**fields, "code": "moi-2026"})
    assert response.status_code == 302
    forum = _forum("moi-2026")
    assert forum.header_kind == "state"
    left, right, *_ = _header(_download(moderator, forum, "record.docx"))
    assert right[0] == STATE_MOTTO
    # no organiser line of its own: the organizers, joined as a joint plan's header joins them
    assert left[0] == "ĐẢNG ỦY PHƯỜNG TRẤN BIÊN – UBND PHƯỜNG TRẤN BIÊN"


def test_the_2018_plans_forum_keeps_the_partys_header(moderator):
    forum = make_forum(**PLAN_2018)  # as the demo forum is seeded (tests/test_seed.py)
    left, right, *_ = _header(_download(moderator, forum, "record.docx"))
    assert right[0] == PARTY
    assert left[0] == "BAN DÂN VẬN THỊ ỦY – PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THỊ XÃ THUẬN AN"


@pytest.mark.parametrize("kind, plan, expected", [
    ("party", "02-KH/BDV-PGDĐT", "Số      -BC/BDV-PGDĐT"),
    ("state", "02-KH/BDV-PGDĐT", "Số:      /BC-BDV-PGDĐT"),
    ("state", "12/KH-SGDĐT", "Số:      /BC-SGDĐT"),
    ("party", "12/KH-SGDĐT", "Số      -BC/SGDĐT"),
    ("state", None, "Số:      /BC-......"),
    ("party", "", "Số      -BC/......"),
])
def test_the_number_is_left_blank_in_the_kinds_form(kind, plan, expected):
    assert number_line(Forum(header_kind=kind, plan_number=plan), "BC") == expected


# -- recipient, copies, secretary -----------------------------------------------------------

def test_the_report_goes_to_the_setups_recipient_with_its_copies(moderator):
    forum = _set_up(moderator)
    # what was pasted from a printed "Nơi nhận" is kept without its dashes, and "Lưu: VT"
    # is the report's own last line
    assert forum.copies == ["Ban Dân vận Tỉnh ủy", "UBND phường Trấn Biên"]
    document = Document(io.BytesIO(_download(moderator, forum, "report.docx")))
    lines = _lines(_download(moderator, forum, "report.docx"))
    assert "Kính gửi: Sở Giáo dục và Đào tạo tỉnh Đồng Nai" in lines
    left = document.tables[-1].rows[0].cells[0]
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:", "- Sở Giáo dục và Đào tạo tỉnh Đồng Nai;", "- Ban Dân vận Tỉnh ủy;",
        "- UBND phường Trấn Biên;", "- Lưu: VT."]
    right = document.tables[-1].rows[0].cells[1]
    assert [right.paragraphs[0].text, right.paragraphs[-1].text] == ["BÍ THƯ", "Nguyễn Thị Hoa"]


def test_the_secretary_signs_the_minutes_by_name(moderator):
    forum = _set_up(moderator)
    document = Document(io.BytesIO(_download(moderator, forum, "record.docx")))
    signatures = document.tables[-1].rows[0].cells
    assert [c.paragraphs[0].text for c in signatures] == ["THƯ KÝ", "BÍ THƯ", "CHỦ TỊCH"]
    assert signatures[0].paragraphs[-1].text == "Phạm Thu Trang"
    # without a secretary in the setup the name is left to write by hand
    _form(moderator, f"/f/{forum.code}/setup/forum",
          **{**WARD_FORUM, "secretary": ""})
    document = Document(io.BytesIO(_download(moderator, _forum(forum.code), "record.docx")))
    signatures = document.tables[-1].rows[0].cells
    assert signatures[0].paragraphs[0].text == "THƯ KÝ"
    assert signatures[0].paragraphs[-1].text == ""


def test_no_district_word_comes_from_the_code(moderator):
    """A forum set up with a province and a ward: neither paper says huyện, quận, thị xã,
    thị ủy or Phòng Giáo dục anywhere, body, page header or properties."""
    for kind in ("party", "state"):
        forum = _set_up(moderator, code=f"phuong-{kind}", header_kind=kind)
        for name, data in _documents(moderator, forum).items():
            text = _every_word(data)
            assert "trấn biên" in text and "đồng nai" in text  # the setup's names are there
            found = [word for word in DISTRICT_WORDS if word in text]
            assert found == [], (kind, name, found)


# -- the setup page -------------------------------------------------------------------------

def test_the_setup_form_shows_and_keeps_the_document_fields(moderator):
    forum = _set_up(moderator)
    page = html.unescape(moderator.client.get(f"/f/{forum.code}/setup/forum")
                         .get_data(as_text=True))
    for label in ("Biên bản và báo cáo", "Tiêu đề văn bản", "Cơ quan cấp trên",
                  "Cơ quan ban hành", "Kính gửi", "Nơi nhận khác", "Thư ký"):
        assert label in page, label
    assert re.search(r'value="party" checked', page)
    assert 'value="Đảng bộ tỉnh Đồng Nai"' in page and 'value="Phạm Thu Trang"' in page
    assert "Ban Dân vận Tỉnh ủy\nUBND phường Trấn Biên</textarea>" in page
    # saving the form as shown changes nothing
    shown = {"header_kind": "party", "copies": "Ban Dân vận Tỉnh ủy\nUBND phường Trấn Biên"}
    response = _form(moderator, f"/f/{forum.code}/setup/forum", **{**WARD_FORUM, **shown})
    assert response.status_code == 302
    assert "Không có thay đổi nào" in html.unescape(
        moderator.client.get(f"/f/{forum.code}/setup").get_data(as_text=True))


def test_switching_the_header_is_recorded(moderator):
    forum = _set_up(moderator)
    response = _form(moderator, f"/f/{forum.code}/setup/forum",
                     **{**WARD_FORUM, "header_kind": "state"})
    assert response.status_code == 302
    assert _forum(forum.code).header_kind == "state"
    from models import RecordEntry
    entry = db.session.scalars(select(RecordEntry).where(
        RecordEntry.forum_id == forum.id, RecordEntry.action == "forum.update")).one()
    assert entry.data["before"]["header_kind"] == "party"
    assert entry.data["after"]["header_kind"] == "state"


@pytest.mark.parametrize("field, value, message", [
    ("header_kind", "province", "Tiêu đề văn bản: chọn “Nhà nước”"),
    ("header_superior", "x" * 301, "Cơ quan cấp trên: tối đa 300 ký tự."),
    ("header_organizer", "x" * 301, "Cơ quan ban hành: tối đa 300 ký tự."),
    ("recipient", "x" * 301, "Kính gửi: tối đa 300 ký tự."),
    ("secretary", "x" * 101, "Thư ký: tối đa 100 ký tự."),
    ("copies", "\n".join(f"Nơi {i}" for i in range(31)), "Nơi nhận khác: tối đa 30 dòng."),
])
def test_bad_document_fields_are_refused_with_a_message_in_place(moderator, field, value,
                                                                  message):
    response = _form(moderator, "/admin/forums/new", **{**WARD_FORUM, field: value})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert message in page
    assert f'id="error-{field}"' in page
    assert _forum(WARD_FORUM["code"]) is None


def test_the_json_record_carries_the_document_setup(moderator):
    forum = _set_up(moderator)
    data = archive.dump(forum)
    assert {key: data["forum"][key] for key in (
        "header_kind", "header_superior", "header_organizer", "recipient", "copies",
        "secretary")} == {
        "header_kind": "party", "header_superior": "Đảng bộ tỉnh Đồng Nai",
        "header_organizer": "Đảng ủy phường Trấn Biên",
        "recipient": "Sở Giáo dục và Đào tạo tỉnh Đồng Nai",
        "copies": ["Ban Dân vận Tỉnh ủy", "UBND phường Trấn Biên"],
        "secretary": "Phạm Thu Trang"}
    served = moderator.client.get(f"/f/{forum.code}/record.json").get_json()
    assert served["forum"]["header_kind"] == "party"
    assert served["forum"]["recipient"] == "Sở Giáo dục và Đào tạo tỉnh Đồng Nai"
