"""Two things a browser shows (issue 12.1 and 12.10), in Chromium against the real server served
as `python -m live` serves it by default (127.0.0.1, no PUBLIC_URL): the warning that phones
cannot reach the QR's address, on the poster, the projector and the console; and an upvote on
the phone (360x640) drawn with an inline SVG check mark, taken back with a second tap."""
import os
import re
import sqlite3

import pytest
import requests

from realserver import ADMIN_PASSWORD, CODE, Server, staff_session
from browser_hall import CHROMIUM, SCREENS, browser, expect  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def loopback(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("loopback-server"))
    try:
        server.start()
        path = server.env["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:  # the setup's "phones see the queue" box
            connection.execute("UPDATE forums SET phones_see_queue = 1")
        yield server
    finally:
        server.stop()


def test_a_loopback_qr_is_warned_of_where_staff_look(loopback, browser):
    context = browser.new_context(**SCREENS["console"])
    page = context.new_page()
    try:
        for path in (f"/f/{CODE}/poster", f"/f/{CODE}/screen"):
            page.goto(loopback.base + path)
            warning = page.locator("[data-warning=unreachable-qr]").first
            expect(warning).to_be_visible()
            expect(warning).to_contain_text("HOST=0.0.0.0 python -m live")
        page.goto(f"{loopback.base}/login")
        page.fill("#username", "admin")
        page.fill("#password", ADMIN_PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.goto(f"{loopback.base}/f/{CODE}/moderate")
        warning = page.locator("[data-warning=unreachable-qr]").first
        warning.scroll_into_view_if_needed()
        expect(warning).to_be_visible()
    finally:
        context.close()


def test_an_upvote_is_a_check_mark_and_a_second_tap_takes_it_back(loopback, browser):
    sent = requests.post(f"{loopback.base}/api/f/{CODE}/questions", timeout=5, json={
        "text": "Trường có mở thêm lớp học hai buổi một ngày không?"})
    assert sent.status_code == 201, sent.text
    qid = sent.json()["id"]
    staff, csrf = staff_session(loopback.base)
    approved = staff.post(f"{loopback.base}/api/f/{CODE}/questions/{qid}/approve", json={},
                          headers={"X-CSRFToken": csrf}, timeout=5)
    assert approved.ok, approved.text

    context = browser.new_context(locale="vi-VN", **SCREENS["phone"])
    phone = context.new_page()
    try:
        phone.goto(f"{loopback.base}/f/{CODE}")
        vote = phone.locator("#hall-list .hall__item",
                             has_text="mở thêm lớp học hai buổi").locator(".hall__vote")
        expect(vote).to_have_attribute("aria-pressed", "false")
        vote.tap()
        expect(vote).to_have_attribute("aria-pressed", "true")
        expect(vote).to_contain_text("1")
        assert vote.locator("svg").count() == 1
        assert not re.search("[\U0001F300-\U0001FAFF\u2600-\u27BF]", vote.inner_text())

        def upvotes() -> int:
            questions = staff.get(f"{loopback.base}/api/f/{CODE}/questions", timeout=5).json()
            return next(q for q in questions if q["id"] == qid)["upvotes"]

        assert upvotes() == 1
        vote.tap()
        expect(vote).to_have_attribute("aria-pressed", "false")
        expect(vote.locator("svg")).to_have_count(0)
        assert upvotes() == 0
    finally:
        context.close()
