"""The moderator's assistant in the console (issue 15), in Chromium at 1366x768 against the real
server (the screens of tests/browser_hall.py): a new question that repeats another says "có thể
trùng với #..", M opens the merge dialog with that question chosen, the "Nhóm" view shows the
cluster and merges it in one step, and the words the assistant flags are marked in the text."""
import os
import re

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

FEES = [
    "Học phí năm học mới có tăng không, nếu tăng thì tăng bao nhiêu?",
    "hoc phi nam hoc moi co tang ko, tang bao nhieu vay?",
    "Xin hỏi năm học mới học phí tăng bao nhiêu ạ?",
]
RUDE = "Nhà vệ sinh của trường bẩn vcl, đề nghị nhà trường dọn ngay"
PHONE = "Xin gọi lại cho tôi số 0912 345 678 về việc chuyển trường cho con"


def send(hall, text: str, i: int) -> int:
    response = requests.post(f"{hall.base}/api/f/{CODE}/questions", timeout=5, json={
        "text": text, "name": f"Người dự {i}", "client_key": f"assistant-{i:04d}"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def card(console, qid: int):
    return console.locator(f"#queue .qcard[data-id='{qid}']")


def test_duplicates_merge_and_highlights_in_the_console(hall):
    console = hall.console
    fees = [send(hall, text, i) for i, text in enumerate(FEES)]
    rude, phone = send(hall, RUDE, 10), send(hall, PHONE, 11)
    for qid in fees + [rude, phone]:
        expect(card(console, qid)).to_have_count(1)

    # the later duplicates say which question they may repeat; the number selects it
    hint = card(console, fees[1]).locator(".qcard__similar")
    expect(hint).to_contain_text("có thể trùng với")
    expect(hint.locator(f"[data-target='{fees[0]}']")).to_have_text(f"#{fees[0]}")
    expect(card(console, fees[0]).locator(".qcard__similar")).to_contain_text(f"#{fees[1]}")
    expect(card(console, rude).locator(".qcard__similar")).to_have_count(0)
    hint.locator(f"[data-target='{fees[0]}']").click()
    expect(card(console, fees[0])).to_have_class(re.compile("is-selected"))

    # the flagged words are <mark>s of two kinds, named in the meta row
    marks = card(console, rude).locator("mark.flagged--profanity")
    expect(marks).to_have_text(["vcl"])
    expect(card(console, rude).locator(".qcard__meta")).to_contain_text("Từ ngữ không phù hợp")
    expect(card(console, phone).locator("mark.flagged--personal_data")).to_have_text(["0912 345 678"])
    expect(card(console, phone).locator(".qcard__meta")).to_contain_text("Thông tin cá nhân")
    expect(card(console, fees[0]).locator("mark")).to_have_count(0)
    card(console, phone).scroll_into_view_if_needed()
    hall.screenshot(console, "console-assistant.png")

    # M on a duplicate: the merge dialog opens with the likeliest target chosen, Save in focus
    card(console, fees[2]).locator(".qcard__meta").click()
    console.keyboard.press("m")
    expect(console.locator("#modal")).to_be_visible()
    expect(console.locator("#modal-into-hint")).to_be_visible()
    chosen = int(console.locator("#modal-into").input_value())
    assert chosen in fees[:2]
    expect(console.locator("#modal-into-hint")).to_contain_text(f"#{chosen}")
    expect(console.locator("#modal-submit")).to_be_focused()
    console.keyboard.press("Escape")
    expect(console.locator("#modal")).to_be_hidden()

    # the help overlay says the target is chosen
    console.keyboard.press("?")
    expect(console.locator("#help")).to_contain_text("đã được chọn sẵn")
    console.keyboard.press("Escape")

    # the Nhóm view: the three in one cluster with its words; one step merges it
    console.locator("#groups-toggle").click()
    expect(console.locator("#groups-toggle")).to_have_attribute("aria-pressed", "true")
    cluster = console.locator(f"#groups .cluster[data-into='{fees[0]}']")
    expect(cluster).to_have_count(1)
    expect(cluster.locator(".cluster__item")).to_have_count(3)
    expect(cluster.locator(".cluster__label")).to_contain_text("học phí")
    expect(cluster.locator(".count")).to_have_text("3 câu")
    merge = cluster.locator(".cluster__merge")
    expect(merge).to_have_text(f"Gộp 2 câu vào #{fees[0]}")
    hall.screenshot(console, "console-assistant-groups.png")
    merge.click()
    expect(console.locator("#banner-text")).to_have_text(f"Đã gộp 2 câu vào #{fees[0]}.")
    expect(cluster).to_have_count(0)
    console.locator("#groups-toggle").click()
    expect(console.locator("#queue-cols")).to_be_visible()
    expect(card(console, fees[0]).locator(".qcard__merged summary")).to_have_text("+2 cùng hỏi")
    for qid in fees[1:]:
        expect(console.locator(f"#list-merged .qcard[data-id='{qid}']")).to_have_count(1)
