"""The moderator's speed and the hall's clocks, in Chromium against the real server (the same
screens and watch as tests/browser_hall.py: nothing from outside, no console error).

Keys on the selected question (approve, show, take down), the help overlay, the next question
kept ready and the queued column put in order (both the forum's: another console sees them), the
speaker's countdown started from the console and still there after the projector reloads
(it is the server's), the current item's countdown, and the phone at 200% zoom."""
import os
import re
import sqlite3
import time

import pytest
import requests

from realserver import ADMIN_PASSWORD, CODE, staff_session
from browser_hall import CHROMIUM, SCREENS, browser, expect, hall, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]

#: what a screen reader would find unnamed among the controls the console's script drew
UNNAMED_CONTROLS = """() => Array.prototype.filter.call(
  document.querySelectorAll('button, input:not([type=hidden]), select, textarea'),
  function (node) {
    if (node.closest('[hidden]')) { return false; }
    var byId = (node.getAttribute('aria-labelledby') || '').split(' ').map(function (id) {
      var other = id && document.getElementById(id);
      return other ? other.textContent : ''; }).join('');
    var named = (node.getAttribute('aria-label') || '').trim() || byId.trim() ||
      (node.labels && node.labels.length && node.labels[0].textContent.trim()) ||
      (node.tagName === 'BUTTON' && node.textContent.trim());
    return !named;
  }).map(function (node) { return node.outerHTML.slice(0, 120); })"""


def ask(hall, text: str, **fields) -> int:
    """A question from a phone, through the public API; its id once the console shows it."""
    response = requests.post(f"{hall.base}/api/f/{CODE}/questions",
                             json={"text": text, **fields}, timeout=5)
    assert response.status_code == 201, response.text
    return hall.arrived(text)


def select_by_keys(hall, qid: int):
    """J and K until the question is the selected one, as a moderator's fingers would."""
    console = hall.console
    console.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(60):
        where = console.evaluate("""qid => {
            const ids = Array.from(document.querySelectorAll('#queue .qcard'))
              .filter(n => n.offsetParent !== null).map(n => Number(n.dataset.id));
            const selected = document.querySelector('#queue .qcard.is-selected');
            return [ids.indexOf(qid), selected ? ids.indexOf(Number(selected.dataset.id)) : -1];
        }""", qid)
        target, selected = where
        assert target >= 0, f"#{qid} is not on the console"
        if target == selected:
            expect(console.locator(f"#queue .qcard.is-selected[data-id='{qid}']")).to_have_count(1)
            return
        console.keyboard.press("j" if selected < target else "k")
    raise AssertionError(f"could not select #{qid} with J/K")


def queued_ids(page) -> list[int]:
    return [int(i) for i in page.locator("#list-queued .qcard").evaluate_all(
        "nodes => nodes.map(n => n.dataset.id)")]


def test_keys_approve_show_and_take_down_a_question(hall):
    console, projector = hall.console, hall.projector
    text = "Xin hỏi vì sao năm nay sách giáo khoa lớp 1 về trường chậm hơn mọi năm?"
    qid = ask(hall, text, name="Đặng Thị Hoa", affiliation="phụ huynh, phường Bình Hòa")
    select_by_keys(hall, qid)
    console.keyboard.press("a")
    hall.settled("queued", qid)

    select_by_keys(hall, qid)
    screen_text = projector.locator("#stage-text")
    console.keyboard.press("s")
    expect(screen_text).to_have_text(text)
    expect(projector.locator("#stage-asker")).to_contain_text("Đặng Thị Hoa")
    hall.settled("on_screen", qid)
    expect(console.locator("#preview-text")).to_have_text(f"#{qid} · {text}")

    # A key that does not fit the state says why, and changes nothing.
    select_by_keys(hall, qid)
    console.keyboard.press("a")
    expect(console.locator("#banner")).to_contain_text("không thể duyệt")
    console.keyboard.press("h")
    expect(projector.locator("#waiting")).to_be_visible()
    hall.settled("queued", qid)

    # Typing in the search box is typing, not keys.
    console.locator("#queue-search").click()
    console.keyboard.type("sas")
    expect(console.locator("#queue-search")).to_have_value("sas")
    expect(projector.locator("#waiting")).to_be_visible()
    expect(hall.card("queued", qid=qid)).to_have_count(0)  # filtered out by the words
    console.locator("#queue-search").fill("")
    console.keyboard.press("Escape")

    assert console.evaluate(UNNAMED_CONTROLS) == []
    hall.watch.assert_clean()


def test_the_help_overlay_opens_with_a_question_mark(hall):
    console = hall.console
    console.evaluate("() => document.activeElement && document.activeElement.blur()")
    help_box = console.locator("#help")
    expect(help_box).to_be_hidden()
    console.keyboard.press("?")
    expect(help_box).to_be_visible()
    dialog = console.get_by_role("dialog", name="Phím tắt của bảng điều hành")
    expect(dialog).to_be_visible()
    for words in ("Duyệt", "Đưa lên màn hình", "Gỡ xuống", "Chiếu câu tiếp theo",
                  "Sang mục tiếp theo", "Tìm câu hỏi", "Đóng hộp thoại"):
        expect(dialog).to_contain_text(words)
    expect(console.locator("#help-close")).to_be_focused()
    console.keyboard.press("Tab")  # focus stays inside the dialog
    expect(console.locator("#help-close")).to_be_focused()
    console.keyboard.press("Escape")
    expect(help_box).to_be_hidden()

    console.locator("#help-open").click()
    expect(help_box).to_be_visible()
    console.locator("#help-close").click()
    expect(help_box).to_be_hidden()
    expect(console.locator("#help-open")).to_be_focused()  # back where it was opened from

    # "/" goes to the search box; "?" typed there is a character, not the overlay.
    console.evaluate("() => document.activeElement && document.activeElement.blur()")
    console.keyboard.press("/")
    expect(console.locator("#queue-search")).to_be_focused()
    console.keyboard.type("?")
    expect(help_box).to_be_hidden()
    console.locator("#queue-search").fill("")
    console.keyboard.press("Escape")
    hall.watch.assert_clean()


def other_console(hall):
    """Another moderator's laptop: its own login, nothing shared with the first console."""
    page = hall.window("console")
    page.goto(f"{hall.base}/login")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{hall.base}/f/{CODE}/moderate")
    expect(page.locator("#conn")).to_have_class(re.compile("conn-pill--ok"))
    return page


def test_the_next_question_and_the_queue_order_are_the_forums(hall):
    console, projector = hall.console, hall.projector
    first = ask(hall, "Đề nghị cho biết số giáo viên tiếng Anh còn thiếu ở bậc tiểu học?")
    second = ask(hall, "Khi nào trường Mầm non Hoa Mai được sửa mái che sân chơi?")
    for qid in (first, second):
        select_by_keys(hall, qid)
        console.keyboard.press("a")
        hall.settled("queued", qid)

    # "[" moves the selected queued question up; another moderator's console, open already,
    # follows, and one opened afresh finds the same order (it is the forum's, on the server).
    other = other_console(hall)
    before = queued_ids(console)
    select_by_keys(hall, second)
    console.keyboard.press("[")
    after = queued_ids(console)
    assert after.index(second) == before.index(second) - 1, (before, after)
    expect(other.locator("#list-queued .qcard").nth(after.index(second))).to_have_attribute(
        "data-id", str(second))
    assert queued_ids(other) == after
    console.reload()
    expect(console.locator("#conn")).to_have_class(re.compile("conn-pill--ok"))
    assert queued_ids(console) == after, "the order is kept across a reload"

    # P keeps it ready as the next question, on both consoles; Shift+S shows it.
    select_by_keys(hall, first)
    console.keyboard.press("p")
    expect(console.locator("#upnext-text")).to_contain_text(f"#{first} ·")
    tag = hall.card("queued", qid=first).locator(".qcard__tag--next")
    expect(tag).to_have_text("Câu tiếp theo")
    expect(other.locator("#upnext-text")).to_contain_text(f"#{first} ·")
    select_by_keys(hall, second)  # the selection may be elsewhere: Shift+S shows the next one
    console.keyboard.press("Shift+S")
    expect(projector.locator("#stage-text")).to_contain_text("giáo viên tiếng Anh")
    hall.settled("on_screen", first)
    expect(console.locator("#upnext-empty")).to_be_visible()
    expect(other.locator("#upnext-empty")).to_be_visible()
    other.context.close()

    select_by_keys(hall, first)
    console.keyboard.press("h")
    expect(projector.locator("#waiting")).to_be_visible()
    hall.watch.assert_clean()


def test_the_speaker_countdown_runs_on_the_projector_and_survives_a_reload(hall):
    console, projector = hall.console, hall.projector
    clock = projector.locator("#speaker-clock")
    expect(clock).to_be_hidden()
    console.locator("[data-timer='120']").click()
    expect(clock).to_be_visible(timeout=2_000)
    expect(projector.locator("#speaker-clock-time")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    expect(console.locator("#timer-clock-time")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    expect(clock).to_have_class(re.compile(r"\bis-run\b"))

    # The projector PC reloads (or is restarted): the countdown is the server's, it goes on.
    time.sleep(1.2)
    projector.reload()
    expect(clock).to_be_visible()
    left = projector.locator("#speaker-clock-time")
    expect(left).to_have_text(re.compile(r"^1:5\d$"))
    shown = left.inner_text()
    expect(left).not_to_have_text(shown, timeout=3_000)  # still counting down
    hall.screenshot(projector, "projector-speaker-clock.png")

    # Amber in the last 30 s, red and counting on past zero.
    session, csrf = staff_session(hall.base)
    url = f"{hall.base}/api/f/{CODE}/timers/speaker"
    assert session.post(url, json={"seconds": 20}, headers={"X-CSRFToken": csrf},
                        timeout=5).status_code == 200
    expect(clock).to_have_class(re.compile(r"\bis-warn\b"))
    assert session.post(url, json={"seconds": 1}, headers={"X-CSRFToken": csrf},
                        timeout=5).status_code == 200
    expect(clock).to_have_class(re.compile(r"\bis-over\b"), timeout=4_000)
    expect(left).to_have_text(re.compile(r"^\+0:0[1-9]$"), timeout=4_000)
    expect(console.locator("#timer-clock")).to_have_class(re.compile(r"\bis-over\b"))

    console.locator("#timer-stop").click()
    expect(clock).to_be_hidden()
    expect(console.locator("#timer-clock")).to_be_hidden()
    expect(console.locator("#timer-stop")).to_be_disabled()
    hall.watch.assert_clean()


def test_the_current_items_countdown_and_the_chyron(hall):
    console, projector = hall.console, hall.projector
    database = hall.server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:  # as the setup page would: 45 planned minutes
        connection.execute("UPDATE agenda_items SET planned_minutes = 45 WHERE position = 9")
    hall.start_item(9)
    expect(projector.locator("#agenda-no")).to_have_text("Mục 9")
    expect(projector.locator("#item-clock")).to_be_visible()
    expect(projector.locator("#item-clock-time")).to_have_text(re.compile(r"^(45:00|44:5\d)$"))
    expect(console.locator("#agenda-countdown")).to_have_text(re.compile(r"^Còn (45:00|44:5\d)$"))

    # The chyron stays while the question above it changes; who answers is in it.
    text = "Xin hỏi kế hoạch xây thêm phòng học cho trường THCS Nguyễn Văn Tiết?"
    qid = ask(hall, text)
    select_by_keys(hall, qid)
    console.keyboard.press("a")
    hall.settled("queued", qid)
    hall.assign(qid)
    projector.evaluate("window.__chyron = document.getElementById('chyron')")
    select_by_keys(hall, qid)
    console.keyboard.press("s")
    expect(projector.locator("#stage-text")).to_have_text(text)
    expect(projector.locator("#stage-answerer")).to_contain_text("Huỳnh Thị Mỹ Ngân")
    assert projector.evaluate("window.__chyron === document.getElementById('chyron')")
    fits = projector.evaluate("""() => { const e = document.documentElement;
        return e.scrollHeight <= innerHeight && e.scrollWidth <= innerWidth; }""")
    assert fits, "the projector scrolls"
    hall.screenshot(projector, "projector-chyron.png")
    select_by_keys(hall, qid)
    console.keyboard.press("h")
    expect(projector.locator("#stage-answerer")).to_be_hidden()
    hall.watch.assert_clean()


@pytest.mark.parametrize("how", ["viewport", "text"])
def test_the_phone_page_at_200_percent_has_no_sideways_scroll(hall, how):
    """WCAG 1.4.4 and 1.4.10: a 360x640 phone zoomed to 200% is a 180 px wide page; a browser
    that enlarges text only doubles the root font size instead."""
    screen = dict(SCREENS["phone"])
    if how == "viewport":
        screen.update(viewport={"width": 180, "height": 320}, device_scale_factor=4)
    context = hall.browser.new_context(locale="vi-VN", **screen)
    hall.watch.context(context, "phone 200%")
    hall.contexts.append(context)
    page = context.new_page()
    page.goto(f"{hall.base}/f/{CODE}")
    if how == "text":
        page.evaluate("document.documentElement.style.fontSize = '200%'")
    expect(page.locator("#ask-submit")).to_be_visible()
    wide = page.evaluate("""() => [document.documentElement.scrollWidth,
                                   document.documentElement.clientWidth]""")
    assert wide[0] <= wide[1], f"the page scrolls sideways: {wide}"
    page.locator("#q-text").fill("Câu hỏi gõ khi phóng to 200%")
    page.locator("#ask-submit").tap()
    expect(page.locator("#ask-info")).to_contain_text("Đã gửi")
    context.close()
    hall.contexts.remove(context)
    hall.watch.assert_clean()
