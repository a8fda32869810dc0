"""Real browsers, real hands: Debian's Chromium driven by Playwright against the real server
(`python -m live`, eventlet, on a free loopback port).

Three screens share one module-scoped server: a phone (360x640, touch), the moderator's laptop
(1366x768) and the hall's projector (1920x1080), opened by tests/browser_hall.py. The tests run in order, as the day does:
a question's whole life; hostile text; a SIGKILL of the server and the pages recovering by
themselves. Every page is watched throughout: nothing may be loaded from outside the app, and
no console error, page error or CSP violation may happen (except the connection errors of the
minutes the server is down).

Screenshots of the four screens are taken on the way; with SCREENSHOTS=1 they are written to
docs/screenshots/ (the README's images), otherwise to a temporary directory.

Needs the `playwright` package (never `playwright install`: Debian's /usr/bin/chromium is used,
or the browser that CHROMIUM names) and Chromium (`apt-get install chromium`); without either
the tests are skipped. Marked `browser` and `server` (they start `python -m live`)."""
import os
import re
from pathlib import Path

import pytest
import requests

from browser_hall import (  # noqa: F401 (server, browser and hall are fixtures)
    CHROMIUM, EARLIER, INJECTION_PROBE, LEADER, browser, expect, hall, server,
)
from realserver import CODE, ROOT
from visible import data_variants, untranslated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def test_a_question_from_a_phone_to_the_screen_and_answered(hall):
    phone, console, projector = hall.phone, hall.console, hall.projector
    console.evaluate("window.__marker = 'console-1'")
    text = "Xin hỏi bao giờ trường Tiểu học An Phú có nhà thi đấu đa năng cho học sinh?"

    hall.ask(text, "Lê Văn Minh", "phụ huynh, phường An Phú")
    qid = hall.arrived(text)
    assert console.evaluate("window.__marker") == "console-1", "the console was reloaded"
    expect(hall.card("new", qid=qid)).to_contain_text("Lê Văn Minh — phụ huynh, phường An Phú")

    hall.approve(qid)
    hall.assign(qid)
    hall.start_item(7)
    expect(projector.locator("#agenda-no")).to_have_text("Mục 7")
    expect(projector.locator("#agenda-title")).to_contain_text("Đối thoại trực tiếp")

    hall.show(qid, text)
    expect(projector.locator("#stage-asker")).to_have_text(
        "Người hỏi: Lê Văn Minh — phụ huynh, phường An Phú")
    expect(projector.locator("#stage-answerer")).to_contain_text(LEADER)
    expect(projector.locator("#corner-qr")).to_be_visible()
    expect(hall.mine(text).locator(".badge")).to_have_text("Đang được đưa lên màn hình")
    expect(phone.locator("#now-screen-text")).to_have_text(text)
    expect(phone.locator("#now-item")).to_contain_text("Mục 7")
    expect(console.locator("#preview-text")).to_have_text(f"#{qid} · {text}")
    fits = projector.evaluate("""() => { const e = document.documentElement;
        return e.scrollHeight <= innerHeight && e.scrollWidth <= innerWidth; }""")
    assert fits, "the projector scrolls"

    hall.screenshot(phone, "phone.png", full_page=True)
    hall.screenshot(console, "console.png")
    hall.screenshot(projector, "projector.png")

    hall.answer(qid, "Phòng Giáo dục và Đào tạo đã đề xuất UBND thị xã, dự kiến khởi công "
                     "nhà thi đấu trong năm 2019.")
    expect(projector.locator("#waiting-total")).to_have_text(str(len(EARLIER) + 1))
    expect(hall.mine(text).locator(".badge")).to_have_text("Đã được trả lời")
    expect(phone.locator("#now-screen")).to_be_hidden()
    hall.screenshot(projector, "projector-waiting.png")

    expect(hall.record.locator("#record")).to_contain_text("nhà thi đấu trong năm 2019")
    hall.screenshot(hall.record, "record.png", full_page=True,
                    clip={"x": 0, "y": 0, "width": 1366, "height": 1200})

    assert console.evaluate("window.__marker") == "console-1"
    hall.watch.assert_clean()


HOSTILE = ('<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> '
           '{{7*7}} ${7*7} </textarea></script>')
HOSTILE_NAME = '"><svg onload="window.__xss=3">'
HOSTILE_PLACE = "{{ config }} <b>phường</b>"


def test_hostile_text_stays_text_on_every_screen(hall):
    phone, console, projector = hall.phone, hall.console, hall.projector
    hall.ask(HOSTILE, HOSTILE_NAME, HOSTILE_PLACE)
    expect(hall.mine(HOSTILE).locator(".mine__text")).to_have_text(HOSTILE)
    qid = hall.arrived(HOSTILE)
    card = hall.card("new", qid=qid)
    expect(card.locator(".qcard__text")).to_have_text(HOSTILE)
    expect(card).to_contain_text(f"{HOSTILE_NAME} — {HOSTILE_PLACE}")

    hall.approve(qid)
    hall.show(qid, HOSTILE)
    asker = f"Người hỏi: {HOSTILE_NAME} — {HOSTILE_PLACE}"
    expect(projector.locator("#stage-asker")).to_have_text(asker)
    expect(phone.locator("#now-screen-text")).to_have_text(HOSTILE)
    expect(console.locator("#preview-text")).to_have_text(f"#{qid} · {HOSTILE}")
    expect(hall.record.locator("#record")).to_contain_text(HOSTILE)  # swapped in by record.js

    # The same screens loaded afresh: the server renders the text into the HTML this time.
    fresh = {name: hall.window(name, like=getattr(hall, name))
             for name in ("phone", "console", "projector")}
    fresh["phone"].goto(f"{hall.base}/f/{CODE}")
    fresh["console"].goto(f"{hall.base}/f/{CODE}/moderate")
    fresh["projector"].goto(f"{hall.base}/f/{CODE}/screen")
    expect(fresh["phone"].locator("#now-screen-text")).to_have_text(HOSTILE)
    expect(fresh["phone"].locator("#mine-list")).to_contain_text(HOSTILE)
    expect(fresh["console"].locator(f"#list-on_screen .qcard[data-id='{qid}'] .qcard__text")
           ).to_have_text(HOSTILE)
    expect(fresh["projector"].locator("#stage-text")).to_have_text(HOSTILE)
    expect(fresh["projector"].locator("#stage-asker")).to_have_text(asker)

    pages = {"phone": phone, "console": console, "projector": projector,
             "record": hall.record, **{f"fresh {n}": p for n, p in fresh.items()}}
    for name, page in pages.items():
        page.wait_for_load_state("load")
        found = page.evaluate(INJECTION_PROBE)
        assert found == {"xss": "undefined", "handlers": 0, "inlineScripts": 0,
                         "strayImages": 0, "csp": []}, (name, found)
        assert "{{7*7}}" in page.locator("body").inner_text(), name
    for page in fresh.values():
        page.context.close()
    hall.watch.assert_clean()


def test_the_projector_recovers_by_itself_after_kill_9(hall):
    phone, console, projector, server = hall.phone, hall.console, hall.projector, hall.server
    second = ("Đề nghị Phòng cho biết kế hoạch tuyển sinh lớp 6 năm học 2018-2019 "
              "ở phường Bình Hòa.")
    state = requests.get(f"{hall.base}/api/f/{CODE}/state", timeout=5).json()
    item_8 = next(item["title"] for item in state["agenda"] if item["position"] == 8)
    hall.start_item(8)
    expect(projector.locator("#agenda-no")).to_have_text("Mục 8")
    hall.ask(second, "Trần Thị Thu", "phường Bình Hòa")
    qid = hall.arrived(second)
    hall.approve(qid)
    hall.assign(qid)
    hall.show(qid, second)

    for page in (phone, console, projector, hall.record):
        page.evaluate("window.__marker = 'before the restart'")
    # Scribble over what the projector shows: only the server's state can put it right again.
    projector.evaluate("""() => {
        document.getElementById('agenda-no').textContent = 'stale';
        document.getElementById('agenda-title').textContent = 'stale';
        document.getElementById('stage-text').textContent = 'stale'; }""")
    # The same for a phone that slept through it: it must be told the current item again.
    phone.evaluate("document.getElementById('now-item').textContent = 'stale'")

    hall.watch.server_down = True
    server.kill()
    # The hall is told. projector.js means "after 2 s down", but each failed reconnection
    # attempt restarts that 2 s, so it shows 2 to ~6.5 s after the drop (socket.io backoff).
    expect(projector.locator("#conn")).to_be_visible(timeout=10_000)
    expect(console.locator("#conn")).to_have_class(re.compile("conn-pill--wait"))
    server.start()

    expect(projector.locator("#conn")).to_be_hidden(timeout=15_000)
    expect(console.locator("#conn")).to_have_class(re.compile("conn-pill--ok"), timeout=15_000)
    expect(projector.locator("#agenda-no")).to_have_text("Mục 8")
    expect(projector.locator("#agenda-title")).to_have_text(item_8)
    expect(projector.locator("#stage-text")).to_have_text(second)
    expect(projector.locator("#stage-answerer")).to_contain_text(LEADER)
    expect(phone.locator("#now-item")).to_have_text(f"Mục 8: {item_8}", timeout=5_000)
    for page in (phone, console, projector):
        assert page.evaluate("window.__marker") == "before the restart", page.url

    # Everything said before the kill is still there, and every socket joined its room again:
    # a new question from the phone reaches the console, then the screen within a second.
    third = "Xin hỏi chế độ hỗ trợ giáo viên mầm non ngoài công lập năm học tới thế nào?"
    hall.ask(third, "Phạm Văn Nam", "giáo viên, phường Lái Thiêu")
    hall.watch.server_down = False  # from here on every page must be clean again
    third_id = hall.arrived(third)
    expect(console.locator("#queue-total")).to_have_text(f"Tổng cộng {len(EARLIER) + 4} câu hỏi")
    expect(console.locator("#list-answered .qcard")).to_have_count(1)
    hall.approve(third_id)
    hall.show(third_id, third)
    expect(hall.mine(third).locator(".badge")).to_have_text("Đang được đưa lên màn hình")
    expect(hall.mine(second).locator(".badge")).to_have_text("Đã tiếp nhận")  # taken down
    expect(hall.card("queued", qid=qid)).to_have_count(1)
    expect(hall.record.locator("#record")).to_contain_text(third)
    for page in (phone, console, projector, hall.record):
        assert page.evaluate("window.__marker") == "before the restart", page.url
    hall.watch.assert_clean()


def english_of(message: str, context: str | None = None) -> str:
    """The English the catalog gives `message` (so the test follows the translators)."""
    from babel.messages.pofile import read_po

    with open(Path(ROOT) / "live/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        entry = read_po(handle).get(message, context=context)
    assert entry is not None and entry.string, f"no English for {message!r}"
    return entry.string


def server_data(server) -> list[str]:
    """Every text in the running server's database: data, which stays as it was typed."""
    import json
    import sqlite3

    values = set()

    def collect(value):
        if isinstance(value, str):
            values.add(value)
            if value[:1] in "[{":  # a JSON column (organizers, signers, a record entry's data)
                try:
                    collect(json.loads(value))
                except ValueError:
                    pass
        elif isinstance(value, dict):
            collect(list(value.values()))
        elif isinstance(value, list):
            for item in value:
                collect(item)

    path = server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                collect(list(row))
    return data_variants(values)


def test_in_english_on_every_screen(hall):
    """The switch on the phone page, remembered; then the phone, the console, the projector, the
    record and the stage view in English as Chromium shows them after their scripts ran (what the scripts
    wrote included): no Vietnamese word anywhere but data."""
    phone = hall.window("phone")
    phone.goto(f"{hall.base}/f/{CODE}")
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    with phone.expect_navigation():
        phone.locator(".language-switch a[hreflang=en]").tap()
    assert phone.url == f"{hall.base}/f/{CODE}"
    phone.reload()
    expect(phone.locator("html")).to_have_attribute("lang", "en")  # remembered

    console = hall.window("console", like=hall.console)
    console.goto(f"{hall.base}/lang/en?next=/f/{CODE}/moderate")
    expect(console.locator("#conn")).to_have_class(re.compile("conn-pill--ok"))
    projector = hall.window("projector")
    projector.goto(f"{hall.base}/lang/en?next=/f/{CODE}/screen")
    expect(projector.locator("html")).to_have_attribute("lang", "en")
    record = hall.window("console", like=hall.console)
    record.goto(f"{hall.base}/lang/en?next=/f/{CODE}/record")
    stage = hall.window("console", like=hall.console)
    stage.goto(f"{hall.base}/lang/en?next=/f/{CODE}/stage")

    text = "When will the new primary school in An Phu open its doors?"
    phone.locator("#q-text").fill(text)
    phone.locator("#q-name").fill("Tran Van Binh")
    phone.locator("#ask-submit").tap()
    mine = phone.locator("#mine-list .mine__item").filter(has_text=text)
    expect(mine.locator(".badge")).to_have_text(english_of("Đã tiếp nhận", "phone status"))

    card = console.locator("#list-new .qcard").filter(has_text=text)
    expect(card).to_have_count(1)
    qid = card.get_attribute("data-id")
    approve = card.locator("[data-action=approve]")
    expect(approve).to_have_text(re.compile(english_of("Duyệt")))
    approve.click()
    shown = console.locator(f"#list-queued .qcard[data-id='{qid}']:not(.is-busy)")
    shown.locator("[data-action=show]").click()
    expect(projector.locator("#stage-text")).to_have_text(text)
    expect(mine.locator(".badge")).to_have_text(
        english_of("Đang được đưa lên màn hình", "phone status"))
    expect(record.locator("#record")).to_contain_text(text)
    expect(stage.locator("#now-text")).to_have_text(text)  # the stage view follows too
    console.keyboard.press("?")  # the help overlay with every shortcut, in English too

    data = server_data(hall.server)
    for name, page in (("phone", phone), ("console", console), ("projector", projector),
                       ("record", record), ("stage", stage)):
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert untranslated(page.content(), data) == [], name
    console.keyboard.press("Escape")
    hall.screenshot(phone, "phone-en.png", full_page=True)
    hall.screenshot(console, "console-en.png")
    for page in (phone, console, projector, record, stage):
        page.context.close()
    hall.watch.assert_clean()
