"""The phone page as a person holds it, 360x640: the question box on the first screen whatever
the hall's screen shows, the confirmation where the person is looking, and the list of approved
questions marking the one on screen.

The first tests read the server-rendered page (default suite); the rest drive Debian's Chromium
with Playwright against the real server (`python -m live`), as tests/test_browser.py does, and
are marked slow and browser. Screenshots go to a temporary directory, or to docs/screenshots/
with SCREENSHOTS=1."""
import os
import re
import sqlite3

import pytest
import requests

from models import db
from realserver import CODE, Server, staff_session

#: a question of 600 characters: the longest the hall will see on the phone's summary
LONG = ("Kính thưa lãnh đạo Phòng Giáo dục, tôi là phụ huynh có hai con đang học tại trường "
        "tiểu học của phường. Năm học vừa qua, nhà trường thu nhiều khoản ngoài học phí như "
        "quỹ phụ huynh, tiền máy lạnh, tiền vệ sinh, tiền nước uống, tiền sổ liên lạc điện tử "
        "và tiền học thêm buổi chiều. Xin hỏi những khoản nào là bắt buộc, khoản nào là tự "
        "nguyện, ai quyết định mức thu và phụ huynh có thể xem ở đâu bảng công khai các khoản "
        "thu chi của năm trước? Nếu phụ huynh không đồng ý một khoản thì phải làm thế nào để "
        "con không bị phân biệt đối xử trong lớp? Xin cảm ơn lãnh đạo đã lắng nghe ý kiến.")
LONG = (LONG + " Mong sớm có câu trả lời rõ ràng cho phụ huynh." * 3)[:599].rstrip()
LONG += "?" * (600 - len(LONG))
assert len(LONG) == 600
OTHER = "Đề nghị bố trí thêm bảo vệ và đèn chiếu sáng ở cổng trường giờ tan học."


# ---- the page as the server renders it (no JavaScript) ----

def test_the_question_on_screen_is_a_summary_that_opens(client, phone, moderator, forum):
    question = phone.question(LONG)
    moderator.approve(question)
    moderator.show(question)
    html = client.get(f"/f/{forum.code}").get_data(as_text=True)
    screen = re.search(r'<details id="now-screen" class="now__screen">(.*?)</details>', html,
                       re.S)
    assert screen, "the question on screen is not a closed <details>"
    assert "<summary" in screen.group(1) and LONG in screen.group(1)
    # the summary comes before the question box, which is not inside it
    assert html.index('id="now-screen"') < html.index('id="q-text"')


def test_the_confirmation_region_sits_under_the_send_button(client, forum):
    html = client.get(f"/f/{forum.code}").get_data(as_text=True)
    button = html.index('id="ask-submit"')
    info = html.index('id="ask-info"')
    assert button < info < html.index("</form>")
    assert re.search(r'id="ask-info" class="notice" role="status"', html)


def test_the_phone_list_marks_the_question_on_screen(client, phone, moderator, forum):
    forum.phones_see_queue = True
    db.session.commit()
    shown, waiting = phone.question("Câu đang chiếu"), phone.question("Câu đang chờ")
    moderator.approve(shown)
    moderator.approve(waiting)
    moderator.show(shown)
    html = client.get(f"/f/{forum.code}").get_data(as_text=True)
    items = {qid: css for css, qid in re.findall(r'<li class="hall__item([^"]*)" data-id="(\d+)"',
                                                 html)}
    assert items == {str(shown.id): " hall__item--on-screen", str(waiting.id): ""}
    marked = re.search(rf'data-id="{shown.id}"[^>]*>\s*<p class="hall__mark">(.*?)</p>', html,
                       re.S)
    assert marked and "<svg" in marked.group(1) and "Đang trình chiếu" in marked.group(1)
    assert not re.search(rf'data-id="{waiting.id}"[^>]*>\s*<p class="hall__mark">', html)


# ---- in Chromium, 360x640 ----

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
browser_only = [
    pytest.mark.browser, pytest.mark.server, pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def _shots(tmp_path_factory):
    if os.environ.get("SCREENSHOTS") == "1":
        from realserver import ROOT

        target = os.path.join(ROOT, "docs", "screenshots")
        os.makedirs(target, exist_ok=True)
        return target
    return str(tmp_path_factory.mktemp("phone-shots"))


class Staff:
    """The moderator, through the JSON API of the real server."""

    def __init__(self, base):
        self.base = base
        self.session, self.csrf = staff_session(base)

    def post(self, path, json=None):
        response = self.session.post(f"{self.base}/api/f/{CODE}{path}", json=json or {},
                                     headers={"X-CSRFToken": self.csrf}, timeout=5)
        assert response.ok, response.text
        return response.json()

    def ask(self, text):
        response = requests.post(f"{self.base}/api/f/{CODE}/questions", json={"text": text},
                                 timeout=5)
        assert response.status_code == 201, response.text
        return response.json()["id"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("phone-server")
    server = Server(directory, PUBLIC_URL="http://192.168.1.10:5000")
    try:
        server.start()
        # the moderator lets phones see the approved questions (the setup page's checkbox)
        with sqlite3.connect(directory / "forum.db") as database:
            database.execute("UPDATE forums SET phones_see_queue = 1 WHERE code = ?", (CODE,))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    from browser_hall import CHROMIUM_ARGS

    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def hall_day(live_server):
    """Item 8 running (the longest title: five lines on a phone), a 600-character question on
    screen, another approved and waiting."""
    staff = Staff(live_server.base)
    staff.post("/agenda/8/start")
    long_id, other_id = staff.ask(LONG), staff.ask(OTHER)
    for qid in (long_id, other_id):
        staff.post(f"/questions/{qid}/approve")
    staff.post(f"/questions/{long_id}/show")
    return staff, long_id, other_id


@pytest.fixture
def phone_page(chromium, live_server):
    from browser_hall import SCREENS

    context = chromium.new_context(locale="vi-VN", **SCREENS["phone"])
    context.set_default_timeout(10_000)
    errors = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page
    context.close()
    assert not errors, errors


def _top(page, selector):
    return page.locator(selector).bounding_box()["y"]


def browser_test(function):
    for mark in browser_only:
        function = mark(function)
    return function


@browser_test
def test_at_360x640_the_question_box_begins_on_the_first_screen(hall_day, phone_page,
                                                                live_server, tmp_path_factory):
    from playwright.sync_api import expect

    page = phone_page
    page.goto(f"{live_server.base}/f/{CODE}")
    expect(page.locator("#now-screen")).to_be_visible()
    expect(page.locator("#now-screen-text")).to_have_text(LONG)  # what opening it shows
    shots = _shots(tmp_path_factory)
    page.screenshot(path=os.path.join(shots, "phone-long-question.png"))
    top = _top(page, "#q-text")
    print(f"question box top at {top:.0f} px of 640 with a 600-character question on screen")
    assert top < 640 - 80, f"the question box begins at {top:.0f} px: below the first screen"
    # the summary is short: two lines of the question, not 600 characters
    excerpt = page.locator("#now-screen-excerpt").bounding_box()["height"]
    line = page.evaluate("parseFloat(getComputedStyle("
                         "document.getElementById('now-screen-excerpt')).lineHeight)")
    assert excerpt <= 2 * line + 1, (excerpt, line)
    # a tap opens the whole question, and another closes it
    page.locator("#now-screen summary").tap()
    expect(page.locator("#now-screen-text")).to_be_visible()
    expect(page.locator("#now-screen-excerpt")).to_be_hidden()
    page.screenshot(path=os.path.join(shots, "phone-long-question-open.png"), full_page=True)
    page.locator("#now-screen summary").tap()
    expect(page.locator("#now-screen-text")).to_be_hidden()


@browser_test
def test_the_confirmation_is_shown_where_the_person_is_looking(hall_day, phone_page,
                                                               live_server, tmp_path_factory):
    from playwright.sync_api import expect

    page = phone_page
    page.goto(f"{live_server.base}/f/{CODE}")
    page.locator("#q-text").fill("Xin hỏi lịch tuyển sinh lớp 6 năm nay?")
    page.locator("#q-affiliation").fill("phụ huynh, phường An Phú")
    # the Send button at the very bottom of the screen: its answer is written below it
    page.locator("#ask-submit").evaluate(
        "b => window.scrollBy(0, b.getBoundingClientRect().bottom - window.innerHeight + 4)")
    page.locator("#ask-submit").tap()
    info = page.locator("#ask-info")
    expect(info).to_contain_text("Đã gửi")
    expect(info).to_have_attribute("role", "status")  # read out by a screen reader
    expect(info).to_be_in_viewport()
    page.screenshot(path=os.path.join(_shots(tmp_path_factory), "phone-sent.png"))


@browser_test
def test_the_list_marks_the_question_on_screen_and_follows_the_push(hall_day, phone_page,
                                                                    live_server,
                                                                    tmp_path_factory):
    from playwright.sync_api import expect

    staff, long_id, other_id = hall_day
    page = phone_page
    page.goto(f"{live_server.base}/f/{CODE}")
    items = page.locator("#hall-list .hall__item")
    marked = page.locator("#hall-list .hall__item--on-screen")
    expect(marked).to_have_count(1)
    expect(marked).to_contain_text(LONG[:40])
    expect(marked.locator(".hall__mark")).to_have_text("Đang trình chiếu")
    expect(marked.locator(".hall__mark svg")).to_have_count(1)
    expect(items.locator(".hall__mark")).to_have_count(1)
    marked.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.screenshot(path=os.path.join(_shots(tmp_path_factory), "phone-hall-list.png"))
    # the moderator puts the other question up: the phone's list follows, no reload
    staff.post(f"/questions/{other_id}/show")
    expect(marked).to_contain_text(OTHER)
    expect(items.locator(".hall__mark")).to_have_count(1)
    expect(page.locator("#now-screen-excerpt")).to_have_text(OTHER)
    # and taken down, nothing is marked
    staff.post(f"/questions/{other_id}/hide")
    expect(marked).to_have_count(0)
    expect(page.locator("#now-screen")).to_be_hidden()
    staff.post(f"/questions/{long_id}/show")
    expect(marked).to_contain_text(LONG[:40])


@browser_test
def test_the_results_at_360x640_name_nobody_and_count(hall_day, phone_page, live_server,
                                                      tmp_path_factory):
    from playwright.sync_api import expect

    staff, long_id, other_id = hall_day
    named = requests.post(f"{live_server.base}/api/f/{CODE}/questions", timeout=5, json={
        "text": "Cháu Nguyễn Minh Khôi lớp 3 có được miễn học phí không?",
        "name": "Lê Thị Hồng Vân", "affiliation": "phường Bình Hòa"}).json()["id"]
    staff.post(f"/questions/{named}/approve")
    staff.post(f"/questions/{named}/answer", {"note": "Được miễn theo Nghị định 81."})
    staff.post(f"/questions/{other_id}/reject")
    page = phone_page
    page.goto(f"{live_server.base}/f/{CODE}/results")
    body = page.locator("main").inner_text()
    assert "Lê Thị Hồng Vân" not in body and "Bình Hòa" not in body
    assert "Nguyễn Minh Khôi" not in body and "Cháu N** M** K** lớp 3" in body
    expect(page.locator("#tally-total")).to_contain_text("Tổng cộng")
    expect(page.locator("#tally-outcomes [data-outcome=not_taken] td")).to_have_text("1")
    page.screenshot(path=os.path.join(_shots(tmp_path_factory), "phone-results.png"),
                    full_page=True)
