"""The phone keeps an unsent question until the server has said what became of it (issue 13.4):
refused for being too many (429) says nothing of the question, so the script keeps it and sends
it again later with the same key; the server answers a resend with the stored question.

Debian's Chromium with Playwright against the real server, with a limit of one question a
minute per phone (slow and browser markers)."""
import json

import pytest
import requests

from realserver import CODE, Server

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def tight_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("tight"), RATELIMIT_SUBMIT_DEVICE="1 per minute")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_a_question_refused_as_too_many_is_kept_and_sent_later(tight_server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    from browser_hall import CHROMIUM, CHROMIUM_ARGS, SCREENS

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", **SCREENS["phone"])
        page = context.new_page()
        page.goto(f"{tight_server.base}/f/{CODE}")
        page.locator("#q-text").fill("Câu thứ nhất về học phí")
        page.locator("#ask-submit").tap()
        sync_api.expect(page.locator("#ask-info")).to_contain_text("Đã gửi")
        page.locator("#q-text").fill("Câu thứ hai, gửi quá nhanh")
        with page.expect_response(lambda r: r.url.endswith("/questions")) as answer:
            page.locator("#ask-submit").tap()
        assert answer.value.status == 429
        kept = page.evaluate("() => Object.keys(localStorage).filter(k => k.endsWith('pending'))"
                             ".map(k => localStorage.getItem(k))")
        pending = json.loads(kept[0])
        assert [q["text"] for q in pending] == ["Câu thứ hai, gửi quá nhanh"]
        page.screenshot(path=str(tmp_path / "kept-after-429.png"))
        browser.close()
    # nothing was stored for it yet: the phone holds it until the limit lets it through
    state = requests.get(f"{tight_server.base}/api/f/{CODE}/state", timeout=5).json()
    assert state["counts"]["total"] == 1


def test_an_upvote_is_taken_back_with_a_second_tap(tight_server, tmp_path):
    """12.10: the phone backs a question, sees it pressed with an SVG check (no emoji font
    needed), taps again and the vote is gone, on the phone and on the server."""
    import sqlite3

    from realserver import staff_session
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    from browser_hall import CHROMIUM, CHROMIUM_ARGS, SCREENS

    with sqlite3.connect(tight_server.log_path.parent / "forum.db") as db:
        db.execute("UPDATE forums SET phones_see_queue = 1 WHERE code = ?", (CODE,))
    staff, token = staff_session(tight_server.base)
    asked = staff.post(f"{tight_server.base}/api/f/{CODE}/questions", timeout=5,
                       json={"text": "Xe đưa đón học sinh có không?", "channel": "floor"},
                       headers={"X-CSRFToken": token}).json()["id"]
    staff.post(f"{tight_server.base}/api/f/{CODE}/questions/{asked}/approve", json={},
               headers={"X-CSRFToken": token}, timeout=5).raise_for_status()

    def count():
        state = requests.get(f"{tight_server.base}/api/f/{CODE}/state", timeout=5).json()
        return next(q["upvotes"] for q in state["hall_questions"] if q["id"] == asked)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="vi-VN", **SCREENS["phone"]).new_page()
        page.goto(f"{tight_server.base}/f/{CODE}")
        button = page.locator("#hall-list .hall__item").filter(
            has_text="Xe đưa đón học sinh").locator("button")
        button.tap()
        sync_api.expect(button).to_have_attribute("aria-pressed", "true")
        assert button.locator("svg").count() == 1 and "✓" not in button.inner_text()
        assert count() == 1
        page.screenshot(path=str(tmp_path / "upvoted.png"))
        button.tap()
        sync_api.expect(button).to_have_attribute("aria-pressed", "false")
        assert button.locator("svg").count() == 0
        assert count() == 0
        browser.close()


def test_python_m_live_prints_the_line_that_serves_the_hall(tight_server):
    printed = tight_server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Phones cannot reach http://127.0.0.1:" in printed
    assert "HOST=0.0.0.0 python -m live" in printed
