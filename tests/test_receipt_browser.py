"""The receipt on the phone, 360x640 in Chromium against the real server (the hall of
tests/browser_hall.py): a question sent from the page shows its receipt under "Câu hỏi của tôi",
kept across a reload, and its link opens the receipt page with the question and its QR."""
import os
import re

import pytest

from realserver import CODE
from browser_hall import CHROMIUM, browser, expect, hall, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]

RECEIPT = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}$")


def test_the_phone_shows_the_receipt_under_my_questions_and_opens_its_page(hall):
    phone = hall.phone
    text = "Xin hỏi khi nào trường có thêm phòng học bộ môn tin học cho học sinh lớp 5?"
    hall.ask(text)
    mine = hall.mine(text)
    code = mine.locator(".mine__receipt .receipt-code")
    expect(code).to_have_text(RECEIPT)
    receipt = code.inner_text()
    expect(phone.locator("#mine-title")).to_have_text("Câu hỏi của tôi")
    box = mine.locator(".mine__receipt").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box  # no sideways scrolling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    mine.scroll_into_view_if_needed()
    hall.screenshot(phone, "phone-receipt.png")

    phone.reload()  # kept on the phone (localStorage) with the question
    expect(hall.mine(text).locator(".receipt-code")).to_have_text(receipt)

    with phone.expect_navigation():
        hall.mine(text).locator(".mine__receipt a").tap()
    assert phone.url.endswith(f"/f/{CODE}/r/{receipt.replace('-', '')}")
    expect(phone.locator("#receipt-text")).to_have_text(text)
    expect(phone.locator("#receipt-status")).to_have_text("Đã tiếp nhận")
    expect(phone.locator(".receipt-code")).to_have_text(receipt)
    qr = phone.locator(".receipt__qr")
    expect(qr).to_be_visible()
    assert phone.evaluate("document.querySelector('.receipt__qr').naturalWidth") > 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    hall.screenshot(phone, "phone-receipt-page.png", full_page=True)
    phone.emulate_media(media="print")
    expect(phone.locator(".phone-foot")).to_be_hidden()
    expect(qr).to_be_visible()
    phone.emulate_media(media="screen")
    phone.goto(f"{hall.base}/f/{CODE}")
    hall.watch.assert_clean()
