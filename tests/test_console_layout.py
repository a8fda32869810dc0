"""The console at 1366x768 with the hall's questions pouring in, in Chromium against the real
server (the screens and watch of tests/browser_hall.py): compact cards, several picked and
approved in one step, the speaker's countdown in reach while a long question is on screen, and
a message that never covers an open dialog."""
import os

import pytest
import requests

from realserver import CODE
from browser_hall import CHROMIUM, browser, expect, hall, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]

#: how many cards begin within the console's first screen, and the rows of each new card's
#: action buttons (their distinct tops)
FIRST_SCREEN = """() => {
  const cards = Array.from(document.querySelectorAll('#list-new .qcard'));
  const begun = cards.filter(c => { const r = c.getBoundingClientRect();
                                    return r.top >= 0 && r.top < innerHeight; });
  const rows = cards.slice(0, 10).map(c => new Set(Array.from(
      c.querySelectorAll('.qcard__actions .button')).map(b => Math.round(b.getBoundingClientRect().top))).size);
  return {begun: begun.length, rows: rows, tops: cards.slice(0, 7).map(c => Math.round(c.getBoundingClientRect().top))};
}"""


def send(hall, texts: list[str]) -> list[int]:
    ids = []
    for i, text in enumerate(texts):
        response = requests.post(f"{hall.base}/api/f/{CODE}/questions", timeout=5, json={
            "text": text, "name": f"Người dự {i + 1}", "client_key": f"layout-{len(text)}-{i:04d}"})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    # every card drawn before anything is clicked (a push arriving mid-click redraws the list)
    expect(hall.console.locator(f"#queue .qcard[data-id='{ids[-1]}']")).to_have_count(1)
    return ids


def state_of(hall, qid: int) -> str:
    card = hall.console.locator(f"#queue .qcard[data-id='{qid}']")
    expect(card).to_have_count(1)
    return card.get_attribute("class")


def test_forty_new_questions_six_cards_on_the_first_screen_and_one_step_for_many(hall):
    console = hall.console
    long = ("Xin hỏi về việc sắp xếp lại các điểm trường lẻ ở các xã vùng sâu: " * 6).strip()
    ids = send(hall, [f"Câu hỏi thứ {n} của hội trường về học phí, sĩ số và bữa ăn bán trú?"
                      if n % 5 else long for n in range(1, 41)])
    expect(console.locator(f"#list-new .qcard[data-id='{ids[-1]}']")).to_have_count(1)
    console.evaluate("() => document.getElementById('list-new').parentNode.parentNode.scrollTo(0, 0)")
    seen = console.evaluate(FIRST_SCREEN)
    hall.screenshot(console, "console-40-new.png")
    assert seen["begun"] >= 6, seen
    assert set(seen["rows"]) == {1}, f"a new card's actions broke over rows: {seen['rows']}"

    # a long question folds to two lines; "Xem thêm" unfolds it, and says so to a screen reader
    folded = console.locator(f"#list-new .qcard[data-id='{ids[4]}']")
    height = folded.locator(".qcard__text").bounding_box()["height"]
    toggle = folded.locator("[data-action=toggle]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    unfolded = console.locator(f"#list-new .qcard[data-id='{ids[4]}']")
    expect(unfolded.locator("[data-action=toggle]")).to_have_attribute("aria-expanded", "true")
    assert unfolded.locator(".qcard__text").bounding_box()["height"] > 2 * height

    # pick #1, Shift+click #4: four picked; the bar approves them in one step, all in the record
    console.locator(f"#list-new .qcard[data-id='{ids[0]}'] .qcard__meta").click()
    console.locator(f"#list-new .qcard[data-id='{ids[0]}'] .qcard__pick").check()
    console.locator(f"#list-new .qcard[data-id='{ids[3]}'] .qcard__meta").click(modifiers=["Shift"])
    expect(console.locator("#bulk-count")).to_have_text("Đã chọn 4 câu hỏi")
    expect(console.locator("#bulk-approve")).to_have_text("Duyệt 4 câu")
    # X on the selected card picks one more; Esc would drop them all
    console.locator(f"#list-new .qcard[data-id='{ids[5]}'] .qcard__meta").click()
    console.keyboard.press("x")
    expect(console.locator("#bulk-count")).to_have_text("Đã chọn 5 câu hỏi")
    console.locator("#bulk-approve").click()
    expect(console.locator(".banner")).to_contain_text("Đã duyệt 5 câu hỏi")
    for qid in ids[:4] + ids[5:6]:
        expect(console.locator(f"#list-queued .qcard[data-id='{qid}']")).to_have_count(1)
    expect(console.locator("#bulk")).to_be_hidden()
    cookies = {c["name"]: c["value"] for c in console.context.cookies()}
    record = requests.get(f"{hall.base}/f/{CODE}/record.json", timeout=5, cookies=cookies)
    assert record.ok, record.status_code
    entries = record.json()["events"]
    approved = {e["question_id"] for e in entries if e["action"] == "question.approve"}
    assert set(ids[:4] + ids[5:6]) <= approved

    # Shift+J from a picked new card picks the next ones; R rejects all picked at once
    console.locator(f"#list-new .qcard[data-id='{ids[6]}'] .qcard__meta").click()
    console.keyboard.press("x")
    console.keyboard.press("Shift+j")
    expect(console.locator("#bulk-count")).to_have_text("Đã chọn 2 câu hỏi")
    console.keyboard.press("r")
    for qid in ids[6:8]:
        expect(console.locator(f"#list-rejected .qcard[data-id='{qid}']")).to_have_count(1)


def test_the_countdown_stays_in_reach_with_a_long_question_on_screen(hall):
    console = hall.console
    (qid,) = send(hall, ["Kính gửi lãnh đạo ngành, " + "xin trình bày hoàn cảnh của các cháu "
                         "học sinh ở khu phố, đường xa, nước ngập mỗi mùa mưa; " * 8])
    hall.approve(qid)
    response = console.evaluate("""async ([qid]) => {
        const csrf = document.querySelector('meta[name=csrf-token]').content;
        const api = document.getElementById('console').dataset.api;
        const r = await fetch(api + '/questions/' + qid + '/show', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf}, body: '{}'});
        return r.status; }""", [qid])
    assert response == 200
    expect(console.locator("#preview-text")).to_contain_text(f"#{qid}")
    three = console.locator("#timer [data-timer='180']")
    box = three.bounding_box()
    hall.screenshot(console, "console-on-screen-long.png", clip={"x": 0, "y": 0, "width": 420, "height": 768})
    assert box and box["y"] + box["height"] <= 768, box
    three.click()
    expect(console.locator("#timer-clock")).to_be_visible()
    console.locator("#timer-stop").click()


def test_a_message_never_covers_an_open_dialog(hall):
    console = hall.console
    (qid,) = send(hall, ["Đề nghị công khai danh sách học sinh được hỗ trợ tiền ăn trưa."])
    card = console.locator(f"#list-new .qcard[data-id='{qid}']")
    card.locator("[data-action=edit]").click()
    expect(console.locator("#modal")).to_be_visible()
    console.context.set_offline(True)
    try:
        console.locator("#modal-submit").click()
        expect(console.locator("#modal-error")).to_contain_text("Không kết nối được máy chủ")
        expect(console.locator("#banner")).to_be_hidden()
    finally:
        console.context.set_offline(False)
    console.locator("#modal-cancel").click()
    expect(console.locator("#modal")).to_be_hidden()


def staff_post(page, path: str, body: dict) -> int:
    """A staff action from inside the console's page (its session and CSRF token)."""
    return page.evaluate("""async ([path, body]) => {
        const csrf = document.querySelector('meta[name=csrf-token]').content;
        const api = document.getElementById('console').dataset.api;
        const r = await fetch(api + path, {method: 'POST', body: JSON.stringify(body),
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf}});
        return r.status; }""", [path, body])


def test_the_stage_tablet_keeps_the_next_question_on_its_first_screen(hall):
    """1024x768, the longest question (1,000 characters) on screen: "Câu tiếp theo" and the
    next question's first line are still on the first screen; the long one scrolls in its box."""
    console = hall.console
    long, following = send(hall, [("Kính gửi lãnh đạo ngành, xin trình bày hoàn cảnh của các "
                                   "cháu học sinh ở khu phố xa trường. " * 12)[:1000],
                                  "Câu hỏi tiếp theo: học phí năm học mới có tăng không?"])
    for qid in (long, following):
        hall.approve(qid)
    assert staff_post(console, f"/questions/{long}/show", {}) == 200
    assert staff_post(console, "/queue/next", {"question_id": following}) == 200
    stage = hall.browser.new_context(viewport={"width": 1024, "height": 768},
                                     storage_state=console.context.storage_state()).new_page()
    try:
        stage.goto(f"{hall.base}/f/{CODE}/stage")
        expect(stage.locator("#next-text")).to_contain_text("học phí năm học mới")
        expect(stage.locator("#now-text")).to_contain_text("Kính gửi lãnh đạo ngành")
        heading = stage.locator("#next-title").bounding_box()
        first_line = stage.locator("#next-text").bounding_box()
        hall.screenshot(stage, "stage-tablet-long.png")
        assert heading["y"] + heading["height"] <= 768, heading
        assert first_line["y"] + 30 <= 768, first_line
    finally:
        stage.context.close()


def test_closing_closes_on_every_screen(hall):
    """Last in this module (the forum stays closed): with a question on screen and the
    speaker's countdown running, the phase moves to closed from the console; the phone shows
    no item, no question on screen and the forum's end, the projector thanks the hall, the
    console's preview is empty and its countdown gone, without a reload."""
    console, phone, projector = hall.console, hall.phone, hall.projector
    (qid,) = send(hall, ["Câu hỏi cuối cùng trước khi bế mạc diễn đàn?"])
    hall.approve(qid)
    assert staff_post(console, "/agenda/11/start", {}) == 200
    assert staff_post(console, f"/questions/{qid}/show", {}) == 200
    assert staff_post(console, "/timers/speaker", {"seconds": 120}) == 200
    expect(phone.locator("#now-screen")).to_be_visible()
    expect(projector.locator("#speaker-clock")).to_be_visible()

    console.once("dialog", lambda dialog: dialog.accept())  # "Kết thúc diễn đàn?"
    console.select_option("#phase-select", "closed")
    console.locator("#phase-form button[type=submit]").click()

    expect(phone.locator("#now-item")).to_have_text("Diễn đàn đã kết thúc")
    expect(phone.locator("#now-screen")).to_be_hidden()
    expect(phone.locator("[data-when=closed]")).to_be_visible()
    expect(phone.locator("#ask-form")).to_be_hidden()
    expect(projector.locator("#waiting-call")).to_have_text("Trân trọng cảm ơn quý vị đã tham dự")
    expect(projector.locator("#speaker-clock")).to_be_hidden()
    expect(console.locator("#preview-question")).to_be_hidden()
    expect(console.locator("#timer-clock")).to_be_hidden()
    hall.screenshot(phone, "phone-closed.png")
    hall.screenshot(projector, "projector-closed.png")
