"""The record, follow-ups, intake, import report and unit pages in English (the `lang=en`
cookie): their words are English, and nothing Vietnamese is left but the data. The forum's
data here is ASCII, so any Vietnamese letter on a page is a string left untranslated. The
charts follow the reader too; the minutes' charts stay Vietnamese."""
import io
import re
from datetime import date

import pytest

from live.record.exports import charts
from live.record.view import build_record
from models import Forum, db
from tests.conftest import Moderator, make_user
from tests.factories import make_forum
from tests.visible import VIETNAMESE, VisibleText, data_variants, untranslated

CODE = "ascii-forum"


def assert_english(page: str, *phrases: str):
    """No Vietnamese word a person meets on the page (the forum's data is ASCII: only the
    switch's "Tiếng Việt" is Vietnamese on purpose), and these phrases among them."""
    assert untranslated(page, data_variants([])) == []
    parser = VisibleText()
    parser.feed(page)
    text = " ".join("".join(parser.parts).split())
    for phrase in phrases:
        assert phrase in text, phrase


def login(client, username, password):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def english(app):
    """A forum with ASCII data and a record of everything the pages show, and an admin's
    logged-in browser that reads English."""
    forum = make_forum(CODE, [f"Item {i}" for i in range(1, 4)], title="Town forum on schools",
                       organizers=["Youth Union"], chairs=["Chair One"],
                       signers=[{"title": "Secretary", "name": "Sam"}], venue="Town hall",
                       plan_number="02-KH", plan_date=date(2018, 5, 4),
                       held_on=date(2018, 9, 14),
                       assignees=[("Ann Lee", "Head of education", "leader"),
                                  ("School A", "", "unit")], topics=["Fees"])
    staff = Moderator(app.test_client(), forum)
    staff.client.set_cookie("lang", "en")
    ask = lambda text, **more: staff.post(  # noqa: E731
        "/questions", json={"text": text, **more}).get_json()["id"]
    lead, school = forum.assignees
    shown = ask("Will the fees go up this year?", name="Binh", affiliation="Ward 1")
    later = ask("When is the new school built?")
    rejected = ask("Off topic")
    merged = ask("Will fees go up?")
    explained = ask("Are the toilets repaired?", channel="suggestion_box",
                    received_on="2018-05-02")
    staff.start_item(2)
    for question in (shown, later, explained):
        staff.approve(question)
    staff.assign(explained, school, prepare_by="2018-05-20")
    staff.topics(explained, [forum.topics[0]])
    explain = staff.post(f"/questions/{explained}/explain", json={"text": "Done in June."})
    assert explain.status_code == 200, explain.get_json()
    staff.show(shown)
    staff.answer(shown, "No rise.")
    staff.defer(later, lead, "2018-06-01")
    staff.reject(rejected)
    staff.merge(merged, shown)
    return staff


def test_the_record_page_reads_in_english(english):
    response = english.client.get(f"/f/{CODE}/record")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert_english(page, "Minutes: Town forum on schools", "No. 02-KH of 4 May 2018", "Download:",
                   "Full log (", "Comments by channel", "Asked by: Binh", "Overdue")
    assert '"updating":' in page  # the script's words


def test_the_charts_are_drawn_in_english_on_the_page_and_vietnamese_in_the_minutes(english):
    response = english.client.get(f"/f/{CODE}/record/charts/channel.svg")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Cookie" in response.headers.get("Vary", "")
    svg = response.get_data(as_text=True)
    assert "<!-- Comments by channel -->" in svg and not VIETNAMESE.search(svg)
    unit = english.client.get(f"/f/{CODE}/record/charts/unit.svg").get_data(as_text=True)
    assert "<!-- Comments by answerer -->" in unit and "<!-- Not assigned -->" in unit
    assert "Ann Lee" in unit and not VIETNAMESE.search(unit)
    # the minutes (no request: Vietnamese) draw the same chart in Vietnamese
    forum = db.session.scalar(db.select(Forum).where(Forum.code == CODE))
    vietnamese = charts.charts(build_record(forum), "svg")["channel"].decode()
    assert "<!-- Ý kiến theo kênh tiếp nhận -->" in vietnamese
    english.client.set_cookie("lang", "vi")
    default = english.client.get(f"/f/{CODE}/record/charts/channel.svg")
    assert "<!-- Ý kiến theo kênh tiếp nhận -->" in default.get_data(as_text=True)


def test_the_attendance_form_answers_in_english(english):
    page = english.client.get(f"/f/{CODE}/record").get_data(as_text=True)
    response = english.client.post(f"/f/{CODE}/record/attendance",
                                   data={"attendance": "120", "csrf_token": csrf_of(page)},
                                   follow_redirects=True)
    assert_english(response.get_data(as_text=True), "120")


def test_the_followups_page_reads_in_english(english):
    page = english.client.get(f"/f/{CODE}/followups").get_data(as_text=True)
    assert_english(page, "Follow-up after the forum", "1 overdue", "Record as answered")
    question = re.search(r'/followups/(\d+)/reply', page).group(1)
    response = english.client.post(f"/f/{CODE}/followups/{question}/reply",
                                   data={"note": "Letter 12", "csrf_token": csrf_of(page)},
                                   follow_redirects=True)
    assert_english(response.get_data(as_text=True), f"#{question}")


def test_the_intake_page_reads_in_english(english):
    page = english.client.get(f"/f/{CODE}/intake").get_data(as_text=True)
    assert_english(page, "Add one comment", "Save comment", "if any", "5,000",
                   "ward, phone, text (required).")
    assert '"saving":' in page
    tokens = {"csrf_token": csrf_of(page),
              "client_key": re.search(r'name="client_key" value="([^"]+)"', page).group(1)}
    bad = english.client.post(f"/f/{CODE}/intake", data={
        **tokens, "channel": "hotline", "received_on": "31/02/2018", "text": "A call"})
    assert bad.status_code == 400
    assert_english(bad.get_data(as_text=True), "Not saved:")
    added = english.client.post(f"/f/{CODE}/intake", data={
        **tokens, "channel": "hotline", "received_on": "2018-05-03", "text": "A call",
        "name": "Caller"}, follow_redirects=True)
    assert_english(added.get_data(as_text=True), "Hotline", "Caller")


def test_the_import_report_and_its_errors_read_in_english(english):
    page = english.client.get(f"/f/{CODE}/intake").get_data(as_text=True)
    content = ("channel,received_on,name,text\n"
               "hotline,2018-05-01,Dung,Roads please\n"
               "pigeon,2018-99-01,Eve,Bad row\n").encode()
    response = english.client.post(f"/f/{CODE}/intake/import", data={
        "csrf_token": csrf_of(page), "file": (io.BytesIO(content), "letters.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert_english(response.get_data(as_text=True), "2 rows: 1 added", "Unknown channel",
                   "Not taken", "Back to the intake page")
    refused = english.client.post(f"/f/{CODE}/intake/import", data={
        "csrf_token": csrf_of(page), "file": (io.BytesIO(b"\xd0\xcf\x11\xe0old"), "old.xls")},
        content_type="multipart/form-data", follow_redirects=True)
    assert_english(refused.get_data(as_text=True), "old.xls", "Excel 97-2003")


def test_the_unit_page_reads_in_english(english, app):
    page = english.client.get(f"/f/{CODE}/unit").get_data(as_text=True)
    assert_english(page, "Prepare explanations", "All units", "Update explanation",
                   "Topics: Fees")
    user = make_user("unit-a", "unit", "unit-password-1")
    forum = db.session.scalar(db.select(Forum).where(Forum.code == CODE))
    user.forum_id = forum.id
    db.session.commit()
    lonely = login(app.test_client(), "unit-a", "unit-password-1")
    lonely.set_cookie("lang", "en")
    assert_english(lonely.get(f"/f/{CODE}/unit").get_data(as_text=True), "not linked to any unit")


def test_api_errors_read_in_english(english):
    assert english.act(999999, "approve").get_json()["error"] == "Question not found."
    response = english.act(999999, "fly")
    assert response.status_code == 404
    assert response.get_json()["error"] == "No such action: fly."
    response = english.post("/agenda/99/start")
    assert response.get_json()["error"] == "The agenda has no item 99."
    response = english.client.post(f"/api/f/{CODE}/questions", data="[1]",
                                   content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "What is sent must be a JSON object."
    huge = english.post("/questions", json={"text": "x" * 70_000})
    assert huge.status_code == 413
    assert huge.get_json()["error"] == "What was sent is too large (at most 64 KB)."


def test_vietnamese_stays_the_default(english):
    english.client.set_cookie("lang", "vi")
    page = english.client.get(f"/f/{CODE}/record").get_data(as_text=True)
    assert "Biên bản: Town forum on schools" in page and "Thông tin chung" in page
    assert english.act(999999, "approve").get_json()["error"] == "Không tìm thấy câu hỏi."


def test_one_process_serves_both_languages_one_after_the_other(english):
    """Labels imported from _labels.html follow each request, not the first one served."""
    for url in (f"/f/{CODE}/record", f"/f/{CODE}/followups", f"/f/{CODE}/intake",
                f"/f/{CODE}/unit"):
        english.client.set_cookie("lang", "vi")
        assert english.client.get(url).status_code == 200
        english.client.set_cookie("lang", "en")
        assert_english(english.client.get(url).get_data(as_text=True))
