"""The stage view (/f/<code>/stage): the chairs and the leaders who answer read, on the stage
table, what the hall is on now, which question is next and, in the running order, the
questions waiting for each of them. It only reads, for staff who may see the queue."""
import json
import re
from pathlib import Path

import pytest

from models import db
from tests.conftest import Moderator, Phone, make_user
from tests.factories import FORUM, make_forum
from tests.visible import VIETNAMESE, untranslated

ROOT = Path(__file__).resolve().parent.parent
STAGE = f"/f/{FORUM['code']}/stage"


def login(app, username: str, password: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client


def json_block(page: str, block: str):
    found = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', page,
                      re.S)
    assert found, block
    return json.loads(found.group(1))


def part(page: str, start: str, end: str) -> str:
    """The HTML from the element with id `start` to the element with id `end`."""
    return page.split(f'id="{start}"', 1)[1].split(f'id="{end}"', 1)[0]


def running_order(page: str) -> list[tuple[str, str]]:
    """The running order as the page lists it: (place, text) of each item, top first."""
    groups = part(page, "qlist", "then-empty")
    return re.findall(r'<span class="qitem__place"><span class="visually-hidden">[^<]*</span>'
                      r'(\d+)</span>\s*<div class="qitem__body">(?:<p class="qitem__tag">'
                      r'[^<]*</p>)?\s*<p class="qitem__text">([^<]*)</p>', groups)


# --- who may see it ----------------------------------------------------------------------------

def test_anonymous_callers_are_sent_to_the_login(client, forum):
    response = client.get(STAGE + "?assignee=1")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/login?next=/f/{forum.code}/stage")


def test_a_unit_account_is_refused(app, forum):
    user = make_user("truong-an-phu", "unit", "unit-password-1")
    user.forum_id, user.assignee_id = forum.id, forum.assignees[-1].id
    db.session.commit()
    assert login(app, "truong-an-phu", "unit-password-1").get(STAGE).status_code == 403


def test_a_secretary_sees_it_and_the_route_names_its_permission(app, forum):
    make_user("thuky", "secretary", "thuky-password-1").forum_id = forum.id
    db.session.commit()
    response = login(app, "thuky", "thuky-password-1").get(STAGE)
    assert response.status_code == 200
    assert app.view_functions["stage.page"].permission == "queue.view"


def test_staff_of_another_forum_are_refused(app, forum):
    from tests.conftest import make_forum

    elsewhere = make_forum("noi-khac")
    make_user("thuky-khac", "secretary", "thuky-password-1").forum_id = elsewhere.id
    db.session.commit()
    assert login(app, "thuky-khac", "thuky-password-1").get(STAGE).status_code == 403


def test_the_console_links_to_it(moderator, forum):
    console = moderator.client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
    nav = console.split('<nav class="console-head__nav"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{STAGE}" target="_blank" rel="noopener">Sân khấu</a>' in nav


def test_it_only_reads(moderator, forum):
    """No button that changes anything: the one form is the answerer filter, a GET."""
    page = moderator.client.get(STAGE).get_data(as_text=True)
    assert re.findall(r"<form[^>]*>", page) == [
        f'<form class="then__filter" id="filter" method="get" action="/f/{forum.code}/stage">']
    assert 'name="csrf-token"' not in page and 'name="csrf_token"' not in page
    script = (ROOT / "static" / "js" / "stage.js").read_text(encoding="utf-8")
    assert "XMLHttpRequest" not in script and "fetch(" not in script and ".emit(" not in script


# --- what it shows -----------------------------------------------------------------------------

@pytest.fixture
def day(phone, moderator, forum):
    """Item 7 running; one question on screen; three waiting, arranged (c, a, b) with a next;
    a answered by the first leader, b by the second, c not assigned yet."""
    leader, deputy = forum.assignees[0], forum.assignees[1]
    on_screen = phone.question("Trường có xe đưa đón học sinh không?", name="Trần Thị Bích",
                               affiliation="phụ huynh phường Bình Hòa")
    a = phone.question("Học phí năm học mới có tăng không?", name="Nguyễn Văn An")
    b = phone.question("Đề nghị thêm đèn chiếu sáng ở cổng trường.")
    c = phone.question("Khi nào có thêm phòng học ở trường An Phú?",
                       affiliation="phường An Phú")
    for question in (on_screen, a, b, c):
        moderator.approve(question)
    moderator.assign(on_screen, leader)
    moderator.assign(a, leader)
    moderator.assign(b, deputy)
    moderator.start_item(7)
    moderator.show(on_screen)
    moderator.order([c, a, b])
    moderator.make_next(a)
    return {"on_screen": on_screen, "a": a, "b": b, "c": c, "leader": leader, "deputy": deputy}


def test_now_next_and_the_running_order(moderator, day, forum):
    leader, deputy = day["leader"].label, day["deputy"].label
    page = moderator.client.get(STAGE).get_data(as_text=True)
    now = part(page, "now-title", "next-title")
    assert '<span class="now__no" id="now-no">Mục 7</span>' in now
    assert forum.agenda[6].title in now
    assert '<p class="now__text" id="now-text">Trường có xe đưa đón học sinh không?</p>' in now
    assert "Người hỏi: Trần Thị Bích — phụ huynh phường Bình Hòa" in now
    assert f"Người trả lời: {leader}" in now
    assert '<p class="now__none" id="now-none" hidden>' in now

    following = part(page, "next-title", "then-title")
    assert '<p class="next__text" id="next-text">Học phí năm học mới có tăng không?</p>' in following
    assert "Người hỏi: Nguyễn Văn An" in following
    assert f"Người trả lời: {leader}" in following
    assert '<p class="next__none" id="next-none" hidden>' in following

    # everyone's: the whole running order, each question with its place and who answers it
    assert running_order(page) == [("1", day["c"].text), ("2", day["a"].text),
                                   ("3", day["b"].text)]
    listed = part(page, "list", "then-empty")
    assert re.findall(r'<p class="qitem__answerer">([^<]*)</p>', listed) == [
        "Người trả lời: Chưa giao", f"Người trả lời: {leader}", f"Người trả lời: {deputy}"]
    assert '<span class="then__count">3 câu hỏi</span>' in listed
    assert f'<li class="qitem is-next" data-id="{day["a"].id}">' in listed
    assert '<p class="qitem__tag">Câu tiếp theo</p>' in listed
    assert "Người hỏi: phường An Phú" in listed and "Người hỏi: Nguyễn Văn An" in listed
    assert day["on_screen"].text not in listed  # on screen: no longer waiting
    # what the script starts from is the same running order
    queue = json_block(page, "stage-queue")
    assert queue["order"] == [day["c"].id, day["a"].id, day["b"].id]
    assert queue["next"] == day["a"].id
    assert "contact_phone" not in json.dumps(queue)  # the stage needs no phone numbers


def test_the_running_order_follows_the_moderator(moderator, day):
    moderator.post("/queue/order", json={"order": [day["b"].id, day["c"].id, day["a"].id]})
    moderator.post("/queue/next", json={"question_id": None})
    page = moderator.client.get(STAGE).get_data(as_text=True)
    assert running_order(page) == [("1", day["b"].text), ("2", day["c"].text),
                                   ("3", day["a"].text)]
    assert '<p class="next__none" id="next-none">Chưa chọn câu tiếp theo.</p>' in page
    assert "is-next" not in page


def test_one_answerers_questions_by_the_address(moderator, day):
    deputy = moderator.client.get(f"{STAGE}?assignee={day['deputy'].id}").get_data(as_text=True)
    assert running_order(deputy) == [("3", day["b"].text)]  # its place in the whole order
    assert f'<option value="{day["deputy"].id}" selected>' in deputy
    listed = part(deputy, "list", "then-empty")
    assert f'<span class="then__name">{day["deputy"].label}</span>' in listed
    assert "qitem__answerer" not in listed  # the heading says whose they are
    # now and next stay the hall's, whoever's they are
    assert day["on_screen"].text in deputy and "Học phí năm học mới có tăng không?" in deputy

    leader = moderator.client.get(f"{STAGE}?assignee={day['leader'].id}").get_data(as_text=True)
    assert running_order(leader) == [("2", day["a"].text)]

    unassigned = moderator.client.get(f"{STAGE}?assignee=none").get_data(as_text=True)
    assert running_order(unassigned) == [("1", day["c"].text)]
    assert '<option value="none" selected>Chưa giao</option>' in unassigned
    assert '<span class="then__name">Chưa giao</span>' in unassigned

    # an answerer with nothing waiting says so; an unknown one is everyone's view
    school = day["leader"].forum.assignees[-1]
    idle = moderator.client.get(f"{STAGE}?assignee={school.id}").get_data(as_text=True)
    assert running_order(idle) == []
    assert ('<p class="then__empty" id="then-empty">Không có câu hỏi nào đang chờ cho người '
            'trả lời này.</p>') in idle
    for odd in ("999999", "abc", "", "1 OR 1=1"):
        page = moderator.client.get(STAGE, query_string={"assignee": odd}).get_data(as_text=True)
        assert len(running_order(page)) == 3, odd
        assert '<option value="" selected>Tất cả</option>' in page


def test_an_empty_forum_day(moderator):
    page = moderator.client.get(STAGE).get_data(as_text=True)
    assert "Chưa bắt đầu mục nào" in page
    assert '<p class="now__none" id="now-none">Không có câu hỏi nào trên màn hình.</p>' in page
    assert '<p class="next__none" id="next-none">Chưa chọn câu tiếp theo.</p>' in page
    assert '<p class="then__empty" id="then-empty">Không có câu hỏi nào đang chờ.</p>' in page
    assert running_order(page) == []


def test_the_page_updates_from_the_staff_rooms_pushes(app, forum, phone, moderator,
                                                      socket_client):
    """stage.js listens as the console does: a secretary's tablet gets the queue with its
    running order, and the hall's state, after every change."""
    make_user("thuky", "secretary", "thuky-password-1").forum_id = forum.id
    db.session.commit()
    tablet = socket_client(role="staff", flask_client=login(app, "thuky", "thuky-password-1"))
    assert tablet.is_connected()
    tablet.get_received()
    a, b = phone.question("Câu một?"), phone.question("Câu hai?")
    moderator.approve(a)
    moderator.approve(b)
    moderator.order([b, a])
    moderator.make_next(b)
    moderator.show(a)
    received = tablet.get_received()
    queues = [p["args"][0] for p in received if p["name"] == "queue"]
    states = [p["args"][0] for p in received if p["name"] == "state"]
    assert queues[-1]["order"] == [b.id] and queues[-1]["next"] == b.id
    assert states[-1]["on_screen"]["id"] == a.id


# --- hostile text ------------------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }}"


def test_hostile_text_is_shown_as_text(phone, moderator, forum):
    shown = phone.question(HOSTILE, name="<b onmouseover=alert(3)>Kẻ xấu</b>")
    waiting = phone.question(HOSTILE + " lần hai", affiliation="<svg onload=alert(4)>")
    for question in (shown, waiting):
        moderator.approve(question)
    moderator.show(shown)
    moderator.make_next(waiting)
    page = moderator.client.get(STAGE).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;b onmouseover=alert(3)&gt;Kẻ xấu&lt;/b&gt;" in page
    assert "&lt;svg onload=alert(4)&gt;" in page
    assert "{{ 7*7 }}" in page
    for raw in ("<img", "<b ", "<svg", "alert(1)</script>"):
        assert raw not in page, raw
    # the JSON the script starts from cannot close its <script> element
    assert page.count("<script") == page.count("</script>") == 7
    assert json_block(page, "stage-queue")["questions"][0]["text"] == HOSTILE + " lần hai"
    script = (ROOT / "static" / "js" / "stage.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


# --- two languages -----------------------------------------------------------------------------

CODE = "ward-forum"
#: the other language's name, written in that language, on the switch: not a page's word
SWITCH = ["Tiếng Việt"]


@pytest.fixture
def ascii_day(app):
    forum = make_forum(CODE, [f"Agenda point {i}" for i in range(1, 4)],
                       title="Ward forum on schools",
                       assignees=[("Jane Doe", "Head of office", "leader"),
                                  ("School board", "School board", "unit")])
    staff = Moderator(app.test_client(), forum)
    hall = Phone(app.test_client(), forum)
    shown = hall.question("How much are the fees?", name="Alice", affiliation="parent")
    first = hall.question("Is there a school bus?", name="Bob")
    second = hall.question("When is the new wing open?")
    for question in (shown, first, second):
        staff.approve(question)
    staff.assign(first, forum.assignees[0])
    staff.start_item(2)
    staff.show(shown)
    staff.order([second, first])
    staff.make_next(first)
    staff.speaker_timer(120)
    return staff


def test_the_stage_in_english_has_no_vietnamese_word(ascii_day):
    ascii_day.client.set_cookie("lang", "en")
    page = ascii_day.client.get(f"/f/{CODE}/stage").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert untranslated(page, SWITCH) == []
    for words in ("<title>Stage · Ward forum on schools</title>", "Item 2", "Asked by: Alice",
                  "Answerer: Head of office Jane Doe", "Next question", "Not assigned",
                  'href="/lang/vi?next=/f/ward-forum/stage"'):
        assert words in page, words
    words = json_block(page, "strings")
    assert not VIETNAMESE.search(json.dumps(words, ensure_ascii=False))
    assert words["count"] == ["{n} question", "{n} questions"]
    empty = ascii_day.client.get(f"/f/{CODE}/stage?assignee={ascii_day.forum.assignees[1].id}")
    assert untranslated(empty.get_data(as_text=True), SWITCH) == []


def test_the_stage_is_vietnamese_by_default(ascii_day):
    page = ascii_day.client.get(f"/f/{CODE}/stage").get_data(as_text=True)
    assert '<html lang="vi">' in page
    for words in ("<title>Sân khấu · Ward forum on schools</title>", "Mục 2",
                  "Người hỏi: Alice — parent", "Người trả lời: Head of office Jane Doe",
                  "Câu tiếp theo", "Chưa giao", "Người trả lời</label>", ">Tất cả</option>",
                  'href="/lang/en?next=/f/ward-forum/stage"'):
        assert words in page, words
    assert json_block(page, "strings")["count"] == ["{n} câu hỏi", "{n} câu hỏi"]
    header = page.split('<header class="stage-head">', 1)[1].split("</header>", 1)[0]
    assert 'class="language-switch"' in header and "page-foot" not in page


# --- the script --------------------------------------------------------------------------------

def test_every_word_the_script_asks_for_is_in_the_block(moderator):
    script = (ROOT / "static" / "js" / "stage.js").read_text(encoding="utf-8")
    assert not VIETNAMESE.search(script)
    page = moderator.client.get(STAGE).get_data(as_text=True)
    words = json_block(page, "strings")
    asked = set(re.findall(r"\bT\.(\w+)", script))
    assert asked and asked <= set(words), asked - set(words)
    assert isinstance(words["count"], list) and len(words["count"]) == 2
    # and every element it looks up by id is on the page
    for element in set(re.findall(r"\$\('([\w-]+)'\)", script)):
        assert f'id="{element}"' in page, element
    for block in re.findall(r"Live\.data\('([\w-]+)'\)", script):
        json_block(page, block)


def test_every_control_has_a_name_and_the_news_is_said(moderator, day):
    """As tests/test_accessibility.py checks the other pages."""
    from tests.test_accessibility import check_named, live

    page = check_named(moderator.client.get(STAGE).get_data(as_text=True))
    assert {c["attrs"].get("id") for c in page.controls} == {"assignee", "filter-go"}
    assert live(page, "conn") == "status"
    assert live(page, "alert") == "alert" and "hidden" not in page.ids["alert"]["attrs"]
    assert live(page, "now-question") == "polite" and live(page, "next-body") == "polite"
