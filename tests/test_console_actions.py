"""The console offers exactly the moves the server allows, in Chromium against the real server
(the screens and watch of tests/test_browser.py). Each staff queue entry carries `actions`
(models/question.py); a card's buttons and the keys follow that list, filtered by the account's
rights and the forum's topics, and change when the server's list does: a written reply recorded
on the follow-up side brings a "Công bố" button to an answered card, and publishing it takes the
button away, the question answered throughout."""
import os

import pytest
import requests

from realserver import CODE, staff_session
from test_browser import CHROMIUM, browser, expect, hall, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]

#: the moves a card draws, in order (the running-order button `next` is not one of them)
BUTTONS = """qid => Array.from(document.querySelectorAll(
    `#queue .qcard[data-id="${qid}"] .qcard__actions .button[data-action]`))
  .map(b => b.dataset.action).filter(a => a !== 'next')"""


def server_actions(session, base: str, qid: int) -> list[str]:
    found = session.get(f"{base}/api/f/{CODE}/questions", timeout=5).json()
    return next(q for q in found if q["id"] == qid)["actions"]


def expected_buttons(actions: list[str]) -> list[str]:
    """What the console should draw of the server's list for the admin of a forum without
    topics: every move, "out of scope" beside "reject"."""
    drawn = []
    for verb in actions:
        if verb != "topics":
            drawn.append(verb)
        if verb == "reject":
            drawn.append("reject:out_of_scope")
    return drawn


def buttons(hall, group: str, qid: int) -> list[str]:
    hall.settled(group, qid)
    return hall.console.evaluate(BUTTONS, qid)


def test_the_cards_offer_the_servers_moves_and_follow_them(hall):
    console, base = hall.console, hall.base
    session, csrf = staff_session(base)
    text = "Xin hỏi trường có kế hoạch sửa lại nhà vệ sinh cho học sinh trước năm học mới không?"
    response = requests.post(f"{base}/api/f/{CODE}/questions", json={"text": text}, timeout=5)
    assert response.status_code == 201, response.text
    qid = hall.arrived(text)

    actions = server_actions(session, base, qid)
    assert "approve" in actions and "topics" in actions
    assert buttons(hall, "new", qid) == expected_buttons(actions)

    hall.approve(qid)
    actions = server_actions(session, base, qid)
    drawn = buttons(hall, "queued", qid)
    assert drawn == expected_buttons(actions)
    assert {"show", "answer", "defer", "reject"} <= set(drawn)
    assert "approve" not in drawn and "topics" not in drawn  # the forum has no topics

    # A key for a move the server does not offer says why and sends nothing.
    hall.card("queued", qid=qid).locator(".qcard__meta").click()
    console.evaluate("() => document.activeElement && document.activeElement.blur()")
    console.keyboard.press("a")
    expect(console.locator("#banner")).to_contain_text("không thể duyệt")
    assert server_actions(session, base, qid) == actions

    # Deferred, then its written reply recorded: answered, and the server now offers "publish".
    headers = {"X-CSRFToken": csrf}
    unit = session.get(f"{base}/api/f/{CODE}/assignees", timeout=5).json()[0]["id"]
    for action, body in (("defer", {"assignee_id": unit, "due": "2018-10-15"}),
                         ("answer", {"note": "Phòng Giáo dục đã bố trí kinh phí sửa chữa."})):
        response = session.post(f"{base}/api/f/{CODE}/questions/{qid}/{action}", json=body,
                                headers=headers, timeout=5)
        assert response.ok, response.text
    console.evaluate("() => document.getElementById('list-answered').closest('details').open = true")
    card = hall.card("answered", qid=qid)
    expect(card.locator("[data-action=publish]")).to_have_text("Công bố")
    assert buttons(hall, "answered", qid) == expected_buttons(server_actions(session, base, qid))
    # the reply to publish is in sight, not folded away with the card's other details
    expect(card.locator(":scope > .qcard__note")).to_have_text(
        "Phòng Giáo dục đã bố trí kinh phí sửa chữa.")

    card.locator("[data-action=publish]").click()
    expect(console.locator("#banner")).to_contain_text(f"Đã công bố trả lời bằng văn bản của câu "
                                                       f"hỏi #{qid}")
    expect(hall.card("answered", qid=qid).locator("[data-action=publish]")).to_have_count(0)
    actions = server_actions(session, base, qid)
    assert "publish" not in actions
    assert buttons(hall, "answered", qid) == expected_buttons(actions) == ["edit", "assign"]
    published = session.get(f"{base}/api/f/{CODE}/questions", timeout=5).json()
    assert next(q for q in published if q["id"] == qid)["reply_published_at"]
    hall.watch.assert_clean()
