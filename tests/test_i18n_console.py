"""The moderator's console in English: the page, the words its script shows (the `strings`
block), the help overlay, the empty lists, and the refusals of the domain (questions, agenda,
timers, phases). The forum's data here is ASCII, so any Vietnamese letter left on the page is a
string that was not translated. Vietnamese stays the default, word for word."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from models import Forum
from tests.conftest import Moderator, Phone
from tests.factories import make_forum
from tests.visible import VIETNAMESE, untranslated

ROOT = Path(__file__).resolve().parent.parent
CODE = "ward-forum"
#: the other language's name, written in that language, on the switch: not a page's word
SWITCH = ["Tiếng Việt"]


@pytest.fixture
def ascii_forum(app) -> Forum:
    return make_forum(CODE, [{"title": f"Agenda point {i}", "planned_minutes": 10}
                             for i in range(1, 4)], title="Ward forum on schools",
                      assignees=[("Head of office", "Education office", "leader")],
                      topics=["Fees"])


@pytest.fixture
def staff(app, ascii_forum) -> Moderator:
    return Moderator(app.test_client(), ascii_forum)


def english(staff: Moderator) -> Moderator:
    staff.client.set_cookie("lang", "en")
    return staff


def busy_console(app, staff: Moderator) -> None:
    """A console with something in it: a question on screen, one item done, one running."""
    question = Phone(app.test_client(), staff.forum).question("How much are the fees?",
                                                               name="Alice")
    staff.approve(question)
    staff.start_item(1)
    staff.next_item()
    staff.show(question)


def console(staff: Moderator) -> str:
    response = staff.client.get(f"/f/{CODE}/moderate")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def json_block(page: str, block: str):
    found = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', page,
                      re.S)
    assert found, block
    return json.loads(found.group(1))


def leaves(value):
    """Every string in a nested JSON value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    elif isinstance(value, str):
        yield value


class Section(HTMLParser):
    """The text of the element with the given id (and of what is inside it)."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, wanted: str):
        super().__init__(convert_charrefs=True)
        self.wanted, self.depth, self.parts = wanted, 0, []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID and (self.depth or dict(attrs).get("id") == self.wanted):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def section(page: str, wanted: str) -> str:
    parser = Section(wanted)
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def without_switch(page: str) -> str:
    return re.sub(r'<nav class="language-switch".*?</nav>', "", page, flags=re.S)


# --- the page --------------------------------------------------------------------------------

def test_the_console_in_english_has_no_vietnamese_word(app, staff):
    busy_console(app, english(staff))
    page = console(staff)
    assert '<html lang="en">' in page
    assert untranslated(page, SWITCH) == []
    for words in ("<title>Moderation · Ward forum on schools</title>", "Agenda", "Next question",
                  "Speaker timer", "Search questions", "Log out admin",
                  "Enter a question", "Reopen", "Started ",
                  "Item 2: Agenda point 2", "Print the QR poster"):
        assert words in page, words


def test_the_secretarys_console_in_english(app, ascii_forum):
    from tests.conftest import make_user
    make_user("secretary", "secretary", "secretary-pass-1")
    secretary = english(Moderator(app.test_client(), ascii_forum, "secretary",
                                  "secretary-pass-1"))
    assert untranslated(console(secretary), SWITCH) == []


def test_the_scripts_words_are_english(app, staff):
    busy_console(app, english(staff))
    words = json_block(console(staff), "strings")
    left = [text for text in leaves(words) if VIETNAMESE.search(text)]
    assert left == []
    assert words["buttons"]["approve"] == "Approve"
    assert words["buttons"]["show"] == "Show on screen"
    assert words["upvotes"] == ["{n} person also wants to ask this",
                                "{n} people also want to ask this"]
    assert words["total"][1] == "{n} questions in all"
    assert words["cannot"]["approve"] == "#{id} is “{status}”, so it cannot be approved."
    assert words["confirmClose"].startswith("End the forum?")


def test_every_word_the_script_asks_for_is_in_the_block(staff):
    """The console's script (static/js/console/) reads T.name, B.name (T.buttons) and a few
    nested tables: each is there, in the one partial a translator reads."""
    templates = ROOT / "templates" / "questions" / "console"
    assert 'id="strings"' in (templates / "_strings.html").read_text(encoding="utf-8")
    assert 'id="strings"' not in (templates / "console.html").read_text(encoding="utf-8")
    files = sorted((ROOT / "static" / "js" / "console").glob("*.js"))
    assert len(files) > 5, files
    script = "\n".join(path.read_text(encoding="utf-8") for path in files)
    assert not VIETNAMESE.search(script)
    words = json_block(console(staff), "strings")
    for name in set(re.findall(r"\bT\.(\w+)", script)):
        assert name in words, name
    for name in set(re.findall(r"\bB\.(\w+)", script)):
        assert name in words["buttons"], name
    for table in ("actionNames", "cannot"):
        assert set(words[table]) == {"approve", "reject", "show", "hide", "answer", "defer",
                                     "edit", "merge", "assign", "topics"}, table
    for table in ("moveUp", "moveDown"):
        assert set(words[table]) == {"text", "label", "title"}
    for action in re.findall(r"titles\.(\w+)|titles\[(\w+)\]", script):
        assert (action[0] or "written") in words["dialogTitles"]
    for name in ("upvotes", "found", "total", "newCount", "newLive"):
        assert isinstance(words[name], list) and len(words[name]) == 2, name


def test_the_help_overlay_is_english(english_page):
    text = section(english_page, "help")
    for words in ("Moderator console shortcuts", "Select the next question", "Approve",
                  "Reject", "Show on screen", "Take down from the screen",
                  "Answered (note a summary)", "Answer in writing later", "Edit the text",
                  "Merge with another question", "Assign an answerer (leader or unit)",
                  "Pick as the “Next question”", "Show the next question",
                  "Go to the next agenda item", "Search questions",
                  "Open this list of shortcuts", "Close the dialog", "Close"):
        assert words in text, words
    assert not VIETNAMESE.search(text)
    assert "press <kbd>Esc</kbd> or click outside" in english_page


@pytest.fixture
def english_page(app, staff) -> str:
    busy_console(app, english(staff))
    return console(staff)


def test_empty_lists_and_the_language_switch(english_page):
    assert 'data-empty="No questions."' in english_page
    assert 'id="list-on_screen" data-empty="No question has been shown yet."' in english_page
    header = english_page.split('<header class="console-head">', 1)[1].split("</header>", 1)[0]
    assert f'href="/lang/vi?next=/f/{CODE}/moderate"' in header
    assert "page-foot" not in english_page  # the switch is in the header, not in a footer
    css = (ROOT / "static" / "css" / "moderator.css").read_text(encoding="utf-8")
    assert not VIETNAMESE.search(css)
    assert "content: attr(data-empty)" in css


def test_the_attributes_are_english(english_page):
    page = without_switch(english_page)
    for attribute in ("aria-label", "title", "placeholder", "alt", "data-empty"):
        for value in re.findall(rf'{attribute}="([^"]*)"', page):
            assert not VIETNAMESE.search(value), (attribute, value)
    assert 'aria-label="Start a 3-minute timer"' in page
    assert 'placeholder="Search questions (with or without accents)…"' in page


# --- the domain's refusals -------------------------------------------------------------------

def refusals(app, staff: Moderator) -> list[str]:
    question = Phone(app.test_client(), staff.forum).question("What about the bus?")
    staff.approve(question)
    staff.start_item(1)
    staff.show(question)
    answers = [
        staff.act(question, "show"),
        staff.act(question, "approve", version=999),
        staff.act(question, "reject", reason="nope"),
        staff.act(question, "edit", text=" "),
        staff.act(question, "defer", due="soon"),
        staff.act(question, "explain", text="Because."),
        staff.post("/agenda/1/start"),
        staff.post("/phase", json={"phase": "someday"}),
        staff.post("/phase", json={"phase": "live"}),
        staff.post("/phase", json={"phase": "draft"}),
        staff.post("/timers/speaker", json={"seconds": "three"}),
        staff.post("/timers/speaker", json={"seconds": 99999}),
        staff.post("/timers/speaker", json={}),
        staff.client.post(f"/api/f/{CODE}/timers/speaker", json={"seconds": 60}),
    ]
    assert [response.status_code for response in answers] == [409] * 2 + [400] * 3 + [409] * 2 \
        + [400, 409, 409] + [400] * 4
    return [response.get_json()["error"] for response in answers]


def test_the_refusals_are_english(app, staff):
    messages = refusals(app, english(staff))
    assert [m for m in messages if VIETNAMESE.search(m)] == []
    question = messages[0].split()[1]
    assert messages[:2] == [
        f"Question {question} is already on screen.",
        f"Question {question} was just changed by someone else. The screen has been updated: "
        "please check it and try again.",
    ]
    assert "Item 1 is already in progress." in messages
    assert "The forum is already in the phase “in progress”." in messages
    assert "The forum cannot move from “in progress” to “not open”." in messages
    assert "The speaking time is from 1 to 3600 seconds (0 to stop)." in messages
    assert messages[-1].startswith("Missing or wrong CSRF token")


def test_the_refusals_stay_vietnamese_by_default(app, staff):
    messages = refusals(app, staff)
    question = messages[0].split()[2]
    assert messages[0] == f"Câu hỏi {question} đang ở trên màn hình."
    assert messages[1] == (f"Câu hỏi {question} vừa được người khác thay đổi. Màn hình đã được "
                           "cập nhật, vui lòng xem lại rồi thao tác lại.")
    assert "Mục 1 đang diễn ra." in messages
    assert "Diễn đàn đang ở giai đoạn “đang diễn ra”." in messages
    assert "Không thể chuyển diễn đàn từ “đang diễn ra” sang “chưa mở”." in messages
    assert "Thời gian phát biểu từ 1 đến 3600 giây (0 để dừng)." in messages
    assert messages[-1] == "Thiếu hoặc sai mã CSRF (X-CSRFToken). Tải lại trang rồi thử lại."


def test_the_vietnamese_console_is_as_it_was(app, staff):
    busy_console(app, staff)
    page = console(staff)
    assert '<html lang="vi">' in page
    assert "<title>Điều hành · Ward forum on schools</title>" in page
    assert ('<p class="mini-screen__agenda" id="preview-agenda">Mục 2: Agenda point 2</p>'
            in page)
    assert 'aria-label="Bấm giờ 3 phút">3′</button>' in page
    assert ("Chưa chọn. Chọn một câu đang chờ chiếu rồi bấm phím <kbd>P</kbd> hoặc nút "
            "“Câu tiếp theo”.") in page
    assert re.search(r'<p class="agenda-item__time">\d\d:\d\d – \d\d:\d\d · \d+ phút</p>', page)
    words = json_block(page, "strings")
    assert words["buttons"]["edit"] == "Sửa…"
    assert words["cannot"]["answer"] == "Câu #{id} đang “{status}” nên không thể ghi là đã trả lời."
    assert words["newCount"] == ["{n} câu hỏi mới", "{n} câu hỏi mới"]
    assert words["titleNew"] == "({n} mới) "
