"""Hall-only mode on a phone, 360x640 in Chromium against the real server (the hall of
tests/browser_hall.py): a phone that found the link but never scanned the screen's code is
told, in Vietnamese and on the page, to scan it, and its text stays in the box; once it opens
the pass the projector shows, the same phone sends and the question is received."""
import os
from urllib.parse import urlsplit

import pytest

from realserver import CODE, staff_session
from browser_hall import CHROMIUM, browser, expect, hall, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]

REFUSED = "Failed to load resource: the server responded with a status of 403 (FORBIDDEN)"


def test_a_phone_without_the_pass_is_told_to_scan_and_with_it_may_ask(hall):
    staff, csrf = staff_session(hall.base)
    switch = staff.post(f"{hall.base}/api/f/{CODE}/settings", json={"hall_only": True},
                        headers={"X-CSRFToken": csrf}, timeout=5)
    assert switch.status_code == 200, switch.text
    try:
        # the projector opened without its screen key comes again by itself, and says how to
        # open it now (its QR would carry the hall's pass)
        expect(hall.projector.locator("body")).to_contain_text(
            "mở màn hình chiếu bằng đường dẫn riêng hiện trên bảng điều hành")
        outside = hall.window("phone")  # a phone of its own: no cookie of the hall
        outside.goto(f"{hall.base}/f/{CODE}")
        text = "Xin hỏi trường có tổ chức học bơi cho học sinh tiểu học vào mùa hè không?"
        outside.locator("#q-text").fill(text)
        outside.locator("#ask-submit").tap()
        error = outside.locator("#ask-error")
        expect(error).to_be_visible()
        expect(error).to_contain_text("Hãy quét mã QR đang hiện trên màn hình trong hội trường")
        expect(outside.locator("#q-text")).to_have_value(text)  # nothing to type again
        assert outside.evaluate("document.documentElement.scrollWidth") <= 360
        hall.screenshot(outside, "phone-hall-only-refused.png")
        received = staff.get(f"{hall.base}/api/f/{CODE}/questions", params={"q": "học bơi"},
                             timeout=5).json()
        assert received == [], received  # refused, not stored

        passed = staff.get(f"{hall.base}/api/f/{CODE}/hall-pass", timeout=5).json()
        link = urlsplit(passed["url"])  # the LAN address of PUBLIC_URL: open it here
        outside.goto(f"{hall.base}{link.path}?{link.query}")
        outside.locator("#q-text").fill(text)
        outside.locator("#ask-submit").tap()
        expect(outside.locator("#ask-info")).to_contain_text("Đã gửi")
        expect(outside.locator("#ask-error")).to_be_hidden()
        mine = outside.locator("#mine-list .mine__item").filter(
            has=outside.locator(".mine__text", has_text=text))
        expect(mine.locator(".badge")).to_have_text("Đã tiếp nhận")
        stored = staff.get(f"{hall.base}/api/f/{CODE}/questions", params={"q": "học bơi"},
                           timeout=5).json()
        assert [q["text"] for q in stored] == [text]
    finally:
        staff.post(f"{hall.base}/api/f/{CODE}/settings", json={"hall_only": False},
                   headers={"X-CSRFToken": csrf}, timeout=5)
        hall.projector.goto(f"{hall.base}/f/{CODE}/screen")
    # the two refusals the browser logs, and nothing else: the phone's POST and the projector's
    # page without its key
    refusals = [(page, text) for page, text, _ in hall.watch.errors if "status of 403" in text]
    assert sorted(refusals) == [("phone", REFUSED), ("projector", REFUSED)], hall.watch.errors
    hall.watch.errors = [e for e in hall.watch.errors if "status of 403" not in e[1]]
    hall.watch.assert_clean()
