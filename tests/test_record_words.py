"""The record in words (issue 12, point 8): the record page and the spreadsheet's log name every
event and every actor in Vietnamese ("Hệ thống", "Người dự", a staff member with their role, a
unit by its name), and show an entry's details as labelled lines, never a code such as
`forum.create`, never "attendee" or "system", never raw JSON. In English, the same in English.

A whole forum day is driven through the app (the setup forms, the JSON API, the unit's page, a
phone) so that every kind of entry the code can log is in its record; a second test reads the
source for every kind logged anywhere and checks it has a label."""
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from live.core import labels
from live.record.exports import xlsx as xlsx_export
from live.record.view import build_record
from models import Assignee, Forum, RecordEntry, Topic, User, db
from tests.conftest import Moderator, Phone, make_user
from tests.visible import VIETNAMESE, VisibleText, data_variants, untranslated

CODE = "ngay-dien-dan"
LIVE = Path(__file__).resolve().parent.parent / "live"
#: an event code as the log stores it ("forum.create", "question.submit")
EVENT_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
#: the words the log stores for actors that are not accounts
RAW_ACTORS = re.compile(r"\b(attendee|system|cli)\b")


def _form(staff: Moderator, path: str, **data):
    response = staff.client.post(path, data={"csrf_token": staff.csrf, **data})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    flashed = staff.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash--error" not in flashed, path
    db.session.expire_all()


@pytest.fixture
def day(app, forum):
    """A forum set up through the admin's forms and held through the API: every kind of entry."""
    admin = Moderator(app.test_client(), forum)  # logs in on the demo forum's console
    _form(admin, "/admin/forums/new", title="Diễn đàn lắng nghe ý kiến nhân dân", code=CODE,
          use_template="1")
    day = db.session.scalar(db.select(Forum).where(Forum.code == CODE))
    admin.forum = day
    base = f"/f/{CODE}/setup"
    _form(admin, f"{base}/forum", title="Diễn đàn lắng nghe ý kiến nhân dân năm 2018", code=CODE,
          venue="Hội trường Phòng GDĐT", held_on="14/09/2018", organizers="Phòng GDĐT\nĐoàn TN",
          signers="Thư ký: Lê Thị Hoa", phones_see_queue="1")
    _form(admin, f"{base}/agenda", title="Giải đáp thêm", planned_minutes="15",
          presenter="Ông Trưởng phòng")
    extra = max(day.agenda, key=lambda item: item.position)
    _form(admin, f"{base}/agenda/{extra.id}", title="Giải đáp thêm ý kiến", planned_minutes="20",
          presenter="Ông Trưởng phòng")
    _form(admin, f"{base}/agenda/{extra.id}/move", direction="up")
    _form(admin, f"{base}/agenda/{extra.id}/remove")
    _form(admin, f"{base}/assignees", name="Nguyễn Văn An", title="Trưởng phòng", kind="leader")
    _form(admin, f"{base}/assignees", name="Trường Tiểu học An Phú", title="", kind="unit")
    _form(admin, f"{base}/assignees", name="Tạm thời", title="", kind="unit")
    lead, school, spare = sorted(day.assignees, key=lambda a: a.position)
    _form(admin, f"{base}/assignees/{lead.id}", name="Nguyễn Văn An",
          title="Trưởng phòng GDĐT", kind="leader")
    _form(admin, f"{base}/assignees/{school.id}/move", direction="up")
    _form(admin, f"{base}/assignees/{spare.id}/remove")
    _form(admin, f"{base}/topics", name="học phí")
    _form(admin, f"{base}/topics", name="cơ sở vật chất")
    _form(admin, f"{base}/topics", name="tạm")
    fees, buildings, spare_topic = sorted(day.topics, key=lambda t: t.position)
    _form(admin, f"{base}/topics/{fees.id}", name="học phí, các khoản thu")
    _form(admin, f"{base}/topics/{buildings.id}/move", direction="up")
    _form(admin, f"{base}/topics/{spare_topic.id}/remove")

    school_account = make_user("truonganphu", "unit", "unit-pass-12345")
    school_account.assignee_id, school_account.forum_id = school.id, day.id
    secretary = make_user("thuky", "secretary", "secretary-pass-1")
    secretary.forum_id = day.id
    db.session.commit()

    admin.phase("collecting")
    phone = Phone(app.test_client(), day)
    asked = phone.question("Nhà vệ sinh của trường bao giờ được sửa?", name="Trần Thị Bình",
                           affiliation="Phường An Phú")
    clerk = Moderator(app.test_client(), day, "thuky", "secretary-pass-1")
    letter = clerk.type_in("Thư góp ý về sân chơi.", received_on="2018-09-01")
    admin.approve(asked)
    admin.assign(asked, school, prepare_by="2018-09-10")
    admin.topics(asked, [buildings])
    unit = Moderator(app.test_client(), day, "truonganphu", "unit-pass-12345")
    _form(unit, f"/f/{CODE}/unit/{asked.id}/explain", text="Sẽ sửa trong tháng 10.")
    admin.explain(asked, "Sẽ sửa xong trong tháng 10/2018.")

    admin.phase("live")
    # hall-only mode for a moment (the phone below asks without the hall's pass)
    admin.hall_only(True)
    admin.hall_only(False)
    fee = phone.question("Học phí năm nay có tăng không?")
    same = phone.question("Năm nay học phí có tăng không ạ?")
    lunch = phone.question("Tiền ăn bán trú là bao nhiêu?")
    off = phone.question("Quảng cáo bán hàng")
    admin.edit(fee, "Học phí năm học 2018-2019 có tăng không?")
    admin.merge(same, fee)
    admin.reject(off, reason="out_of_scope")
    admin.restore(off)
    admin.reject(off)
    for question in (fee, lunch, letter):
        admin.approve(question)
    admin.order([lunch, fee, letter])
    admin.make_next(fee)
    admin.start_item(1)
    admin.next_item()
    admin.speaker_timer(120)
    admin.show(fee)
    admin.show(lunch)  # the fee question leaves the screen for it
    admin.hide(lunch)
    admin.show(fee)
    admin.answer(fee, "Không tăng học phí.")
    admin.defer(lunch, lead, "2018-10-15")
    admin.answer(lunch, "Đã trả lời bằng Công văn số 215/PGDĐT.")
    admin.publish(lunch)  # the moderator checked the written reply: the public sees it
    response = admin.client.post(f"/f/{CODE}/record/attendance",
                                 data={"attendance": "215", "csrf_token": admin.csrf})
    assert response.status_code == 302
    admin.phase("closed")
    return admin


def _entries(forum) -> list[RecordEntry]:
    return list(db.session.scalars(db.select(RecordEntry).where(
        RecordEntry.forum_id == forum.id).order_by(RecordEntry.id)))


def _strings(value):
    """Every string inside an entry's data (the forum's data, for the English check)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _events_text(page: str) -> str:
    """The words a person reads in the record's log and its projector history."""
    section = page[page.index('<section aria-labelledby="projector-title"'):page.index("</main>")]
    parser = VisibleText()
    parser.feed(section)
    return " ".join(" ".join(parser.parts).split())


def test_every_kind_logged_in_the_source_has_a_label():
    logged = set()
    for path in LIVE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        logged |= set(re.findall(r"record\.log\([^,()]+(?:\.[a-z]+)?,\s*\"([a-z_]+\.[a-z_]+)\"",
                                 source))
        logged |= set(re.findall(r"_move\([^\n]*?\"([a-z_]+\.[a-z_]+)\"", source))
        # an action passed on in a variable is only the state machine's `_move`
        for call in re.findall(r"record\.log\([^,()]+,\s*([^,\s]+)", source):
            assert call.startswith('"') or (path.name == "moves.py" and call == "action"), (
                path, call)
    assert len(logged) >= 30  # the patterns still find the calls
    assert logged - set(labels.RECORD_ACTIONS) == set()


def test_a_whole_day_logs_every_kind_and_each_is_worded(day):
    forum = day.forum
    entries = _entries(forum)
    assert set(labels.RECORD_ACTIONS) - {e.action for e in entries} == set()
    record = build_record(forum)
    words = record["words"]
    for entry in entries:
        assert words.unknown_keys(entry) == set(), entry.action
        assert words.action(entry) == labels.RECORD_ACTIONS[entry.action]


def test_the_record_page_names_events_and_actors_in_vietnamese(day, forum):
    page = day.client.get(f"/f/{CODE}/record").get_data(as_text=True)
    text = _events_text(page)
    assert EVENT_CODE.findall(text) == []
    assert RAW_ACTORS.findall(text) == []
    assert "{" not in text and "}" not in text
    for label in labels.RECORD_ACTIONS.values():
        assert label in text, label
    school = db.session.scalar(db.select(Assignee).where(
        Assignee.forum_id == day.forum.id, Assignee.name == "Trường Tiểu học An Phú"))
    for words in ("Người dự", "admin (quản trị)", "thuky (thư ký)", school.label,
                  "Trạng thái Mới → Đã duyệt", "Giai đoạn Chưa mở → Đang nhận ý kiến trước",
                  "Giai đoạn Đang diễn ra → Đã kết thúc", "Kênh Hòm thư góp ý",
                  "Lý do Ngoài phạm vi Diễn đàn", "Hạn trả lời 15/10/2018",
                  "Ngày tổ chức (trống) → 14/09/2018",
                  "Điện thoại xem câu hỏi đã duyệt Không → Có",
                  "Người ký biên bản (không có) → Thư ký: Lê Thị Hoa",
                  "Thời gian cho phép 2 phút", "Số người tham dự (trống) → 215",
                  "Tên chủ đề học phí → học phí, các khoản thu"):
        assert words in text, words
    # the test's forum was made by the system, as the demo forum is at first start
    demo = day.client.get(f"/f/{forum.code}/record").get_data(as_text=True)
    assert "Hệ thống" in _events_text(demo) and not RAW_ACTORS.findall(_events_text(demo))


def test_the_spreadsheet_log_is_in_vietnamese_words(day):
    forum = day.forum
    workbook = load_workbook(io.BytesIO(xlsx_export.render(forum, build_record(forum))))
    log = workbook["Nhật ký"]
    header = [c.value for c in log[1]]
    rows = [dict(zip(header, r)) for r in log.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(_entries(forum))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not EVENT_CODE.search(value), (sheet.title, value)
                    assert not RAW_ACTORS.search(value), (sheet.title, value)
                    assert "{" not in value, (sheet.title, value)
    actions = {r["Thao tác"] for r in rows}
    assert actions == {labels.RECORD_ACTIONS[e.action] for e in _entries(forum)}
    actors = {r["Người thực hiện"] for r in rows}
    assert {"Người dự", "admin (quản trị)", "thuky (thư ký)"} <= actors
    details = "\n".join(r["Chi tiết"] or "" for r in rows)
    assert "Trạng thái: Mới → Đã duyệt" in details
    assert "Giai đoạn: Đang diễn ra → Đã kết thúc" in details
    assert "Nội dung trước: Học phí năm nay có tăng không?" in details
    assert "Gộp vào câu hỏi: #" in details
    # a row of several lines is as tall as its lines and reads from the top, so that printed
    # or opened in LibreOffice its lines are not drawn over the next row's
    template = next(n for n, r in enumerate(rows, 2) if r["Thao tác"] == "Dùng chương trình mẫu")
    assert log.row_dimensions[template].height >= 15 * 12  # the count and the 11 items
    assert all(c.alignment.vertical == "top" for c in log[template] if c.value is not None)
    assert log.page_setup.orientation == "landscape" and log.page_setup.fitToWidth == 1
    assert log.print_title_rows == "$1:$1"


def test_the_spreadsheet_stays_vietnamese_when_asked_for_in_english(day):
    day.client.set_cookie("lang", "en")
    response = day.client.get(f"/f/{CODE}/record.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    values = [v for r in workbook["Nhật ký"].iter_rows(min_row=2, values_only=True) for v in r]
    assert "Người dự" in values and "Attendee" not in values


def test_the_record_page_in_english_names_them_in_english(day):
    forum = day.forum
    data = {s for e in _entries(forum) for s in _strings(e.data)}
    data |= {a.label for a in forum.assignees} | {u.username for u in
                                                  db.session.scalars(db.select(User))}
    data |= {t.name for t in db.session.scalars(db.select(Topic))}
    day.client.set_cookie("lang", "en")
    page = day.client.get(f"/f/{CODE}/record").get_data(as_text=True)
    section = page[page.index('<section aria-labelledby="projector-title"'):page.index("</main>")]
    assert untranslated(section, data_variants(data)) == []
    text = _events_text(page)
    assert EVENT_CODE.findall(text) == [] and "{" not in text
    for words in ("Attendee", "admin (admin)", "thuky (secretary)", "Forum created",
                  "Not open yet → Taking questions in advance"):
        assert words in text, words
