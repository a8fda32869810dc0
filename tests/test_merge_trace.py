"""A merge leaves its trace (issue 12.6): the question merged into says how many asked the same
and who. Staff get the ids and the names (`merged_from`, `co_askers` on the queue entry); the
hall gets a number only (`on_screen.also_asked`), which the projector and the stage show as
"và N người khác cùng hỏi"; the record page and the minutes list them.

Everything goes through the real API and a real Socket.IO test client; the last test drives
Chromium at 1920x1080 against the real server (slow and browser markers)."""
import io
import json
import os
import re

import pytest
import requests
from docx import Document

from realserver import CODE, Server, staff_session

KEPT = "Học phí năm học mới có tăng không?"
AN = {"name": "Nguyễn Văn An", "affiliation": "phường An Phú"}
BINH = {"name": "Trần Thị Bình"}


def received(client, name):
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


def entry(moderator, question_id):
    queue = moderator.queue()
    return next(q for q in queue if q["id"] == question_id)


@pytest.fixture
def merged(phone, moderator):
    """A question kept, asked by Lê Văn Cường; one by Nguyễn Văn An and one without a name
    merged into it."""
    kept = phone.question(KEPT, name="Lê Văn Cường")
    named = phone.question("Năm nay học phí có tăng không ạ?", **AN)
    anonymous = phone.question("Xin hỏi học phí có tăng?")
    for duplicate in (named, anonymous):
        moderator.merge(duplicate, kept)
    return kept, named, anonymous


def test_the_question_kept_carries_who_asked_the_same(moderator, merged, socket_client):
    kept, named, anonymous = merged
    got = entry(moderator, kept.id)
    assert got["merged_from"] == [named.id, anonymous.id]
    assert got["co_askers"] == [{"id": named.id, **AN}]
    assert entry(moderator, named.id)["merged_from"] == []
    # the console's push carries the same entry
    console = socket_client(role="staff", flask_client=moderator.client)
    (queue,) = received(console, "queue")
    pushed = next(q for q in queue["questions"] if q["id"] == kept.id)
    assert (pushed["merged_from"], pushed["co_askers"]) == (got["merged_from"], got["co_askers"])
    # so does the answer to the merge itself, and to any later move
    assert moderator.approve(kept)["merged_from"] == [named.id, anonymous.id]


def test_a_chain_of_merges_counts_whole(phone, moderator):
    first = phone.question("Câu thứ nhất về học phí", **BINH)
    second = phone.question("Câu thứ hai về học phí", **AN)
    last = phone.question("Câu cuối về học phí")
    moderator.merge(first, second)
    moderator.merge(second, last)
    got = entry(moderator, last.id)
    assert got["merged_from"] == [first.id, second.id]
    assert [a["name"] for a in got["co_askers"]] == [BINH["name"], AN["name"]]
    assert entry(moderator, second.id)["merged_from"] == [first.id]


def test_the_hall_gets_a_number_and_no_names(client, moderator, merged, socket_client, phone):
    kept, named, anonymous = merged
    other = phone.question("Trường có bán trú không?")
    moderator.approve(other)
    moderator.show(other)
    assert client.get(f"/api/f/{moderator.forum.code}/state").get_json()["on_screen"]["also_asked"] == 0
    projector = socket_client()
    projector.get_received()
    moderator.approve(kept)
    moderator.show(kept)
    state = received(projector, "state")[-1]
    assert state["on_screen"]["id"] == kept.id
    assert state["on_screen"]["also_asked"] == 2
    assert state == client.get(f"/api/f/{moderator.forum.code}/state").get_json()
    public = json.dumps(state, ensure_ascii=False)
    assert AN["name"] not in public and AN["affiliation"] not in public
    assert "co_askers" not in public and "merged_from" not in public


def test_the_projector_and_the_stage_say_how_many_others_asked(client, moderator, merged,
                                                                phone):
    kept, named, anonymous = merged
    moderator.approve(kept)
    moderator.show(kept)
    screen = client.get(f"/f/{moderator.forum.code}/screen").get_data(as_text=True)
    assert re.search(r'id="stage-also">\s*và 2 người khác cùng hỏi\s*</p>', screen)
    assert AN["name"] not in screen
    stage = moderator.client.get(f"/f/{moderator.forum.code}/stage").get_data(as_text=True)
    assert re.search(r'id="now-also">\s*và 2 người khác cùng hỏi\s*</p>', stage)
    client.set_cookie("lang", "en")
    english = client.get(f"/f/{moderator.forum.code}/screen").get_data(as_text=True)
    assert re.search(r'id="stage-also">\s*and 2 other people asked the same\s*</p>', english)
    assert "and {n} other person asked the same" in english  # the script's singular


def test_a_question_without_a_name_says_it_without_and(client, moderator, phone):
    kept = phone.question(KEPT)
    moderator.merge(phone.question("Học phí có tăng không ạ?"), kept)
    moderator.approve(kept)
    moderator.show(kept)
    screen = client.get(f"/f/{moderator.forum.code}/screen").get_data(as_text=True)
    assert re.search(r'id="stage-also">\s*Cùng câu hỏi với 1 người khác\s*</p>', screen)
    client.set_cookie("lang", "en")
    english = client.get(f"/f/{moderator.forum.code}/screen").get_data(as_text=True)
    assert re.search(r'id="stage-also">\s*1 other person asked the same\s*</p>', english)


def test_nothing_is_said_when_nobody_else_asked(client, moderator, phone):
    alone = phone.question(KEPT, **AN)
    moderator.approve(alone)
    moderator.show(alone)
    screen = client.get(f"/f/{moderator.forum.code}/screen").get_data(as_text=True)
    assert re.search(r'<p class="stage__also" id="stage-also" hidden></p>', screen)


def test_the_record_and_the_minutes_list_the_merged_ones(moderator, merged, forum):
    kept, named, anonymous = merged
    moderator.next_item()
    moderator.approve(kept)
    moderator.show(kept)
    moderator.answer(kept, "Học phí giữ nguyên như năm trước.")
    page = moderator.client.get(f"/f/{moderator.forum.code}/record").get_data(as_text=True)
    said = (f"Cùng nội dung với câu hỏi của: {AN['name']} — {AN['affiliation']} (#{named.id}); "
            f"1 người không ghi tên (#{anonymous.id})")
    assert page.count(said) == 2  # under its agenda item, and in the list of every question
    minutes = Document(io.BytesIO(moderator.client.get(f"/f/{moderator.forum.code}/record.docx").data))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert (f"Cùng nội dung với ý kiến của: {AN['name']}, {AN['affiliation']} "
            f"(ý kiến số {named.id}); 1 người không nêu tên (ý kiến số {anonymous.id}).") in text
    # the line sits with the answered question, before its outcome
    block = text.split(f"Ý kiến số {kept.id}", 1)[1].split("Ý kiến số", 1)[0]
    assert block.index("Cùng nội dung") < block.index("Kết quả: Đã trả lời")


def test_the_console_has_the_words_for_it(moderator):
    page = moderator.client.get(f"/f/{moderator.forum.code}/moderate").get_data(as_text=True)
    strings = json.loads(re.search(r'<script type="application/json" id="strings">(.*?)'
                                   r'</script>', page, re.S).group(1))
    assert strings["mergedFrom"] == ["+{n} cùng hỏi", "+{n} cùng hỏi"]
    assert strings["mergedFromTitle"]


# ---- the real thing: Chromium at the projector's size, and the console ----

@pytest.fixture(scope="module")
def merge_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("merge-trace"), PUBLIC_URL="http://192.168.1.10:5000")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.server
def test_the_projector_and_the_console_show_it_in_chromium(merge_server):
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    from browser_hall import ADMIN_PASSWORD, CHROMIUM, CHROMIUM_ARGS, SCREENS
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    expect = sync_api.expect
    base = merge_server.base
    staff, token = staff_session(base)

    def ask(text, **who):
        response = requests.post(f"{base}/api/f/{CODE}/questions", json={"text": text, **who},
                                 timeout=5)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def act(qid, action, **body):
        staff.post(f"{base}/api/f/{CODE}/questions/{qid}/{action}", json=body,
                   headers={"X-CSRFToken": token}, timeout=5).raise_for_status()

    kept = ask("Xin cho biết lộ trình giảm sĩ số học sinh trong các lớp tiểu học ở phường An "
               "Phú? Hiện nay có lớp tới 55 em.", name="Nguyễn Thị Lan",
               affiliation="phụ huynh, phường An Phú")
    act(ask("Lớp tiểu học ở An Phú đông quá, bao giờ giảm sĩ số?", **AN), "merge", into=kept)
    act(ask("Sĩ số lớp tiểu học An Phú bao giờ giảm?"), "merge", into=kept)
    act(kept, "approve")
    act(kept, "show")
    shots = os.environ.get("MERGE_SHOTS", "/tmp")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        errors = []
        screen = browser.new_context(locale="vi-VN", **SCREENS["projector"]).new_page()
        screen.on("pageerror", lambda e: errors.append(str(e)))
        screen.goto(f"{base}/f/{CODE}/screen")
        also = screen.locator("#stage-also")
        expect(also).to_have_text("và 2 người khác cùng hỏi")
        # a third merged while the screen is up: the push redraws the line (projector.js)
        act(ask("Có kế hoạch xây thêm phòng học ở An Phú để giảm sĩ số không?", **BINH),
            "merge", into=kept)
        expect(also).to_have_text("và 3 người khác cùng hỏi", timeout=10_000)
        below = screen.evaluate("""() => {
            const asker = document.getElementById('stage-asker').getBoundingClientRect();
            const also = document.getElementById('stage-also').getBoundingClientRect();
            return [also.top >= asker.bottom - 1, also.bottom <= innerHeight,
                    parseFloat(getComputedStyle(document.getElementById('stage-also')).fontSize)];
        }""")
        screen.screenshot(path=f"{shots}/merge-projector.png")

        console = browser.new_context(locale="vi-VN", **SCREENS["console"]).new_page()
        console.on("pageerror", lambda e: errors.append(str(e)))
        console.goto(f"{base}/login")
        console.fill("#username", "admin")
        console.fill("#password", ADMIN_PASSWORD)
        with console.expect_navigation():
            console.click("button[type=submit]")
        console.goto(f"{base}/f/{CODE}/moderate")
        card = console.locator(f".qcard[data-id='{kept}']")
        summary = card.locator(".qcard__merged summary")
        expect(summary).to_have_text("+3 cùng hỏi")
        names = card.locator(".qcard__merged-list")
        expect(names).to_be_hidden()  # on demand
        summary.click()
        expect(names).to_contain_text(f"{AN['name']} — {AN['affiliation']}")
        expect(names).to_contain_text(BINH["name"])
        expect(names).to_contain_text("Không ghi tên")
        card.screenshot(path=f"{shots}/merge-console-card.png")
        browser.close()
    assert below[0] and below[1], f"the line is not under who asked, on the screen: {below}"
    assert below[2] >= 28, f"the line is set at {below[2]} px"
    assert not errors, errors
