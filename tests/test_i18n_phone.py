"""The public side in English: the phone's pages (question form, confirmation, results,
poster), the big screen, the forum list and the error page, with the `lang=en` cookie.

The forum's data here is ASCII (titles, agenda, names, questions), so a Vietnamese letter left
on a page is a string not yet translated. The scripts' words come from each page's `strings`
block, which is checked too. Without the cookie the pages stay Vietnamese, word for word."""
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from live.core.extensions import db
from models import Forum
from tests.conftest import Moderator, Phone, rate_limited_app
from tests.factories import FORUM, make_forum
from tests.visible import VIETNAMESE, untranslated

ROOT = Path(__file__).resolve().parent.parent
CODE = "town-hall"


def english(client):
    client.set_cookie("lang", "en")
    return client


def ascii_forums() -> Forum:
    """A live forum whose data is all ASCII, and the test's forum renamed in ASCII (the forum
    list shows it too)."""
    seed = db.session.scalar(select(Forum).where(Forum.code == FORUM["code"]))
    seed.title, seed.venue, seed.period = "Seed forum", "Seed hall", "September 2018"
    seed.organizers = ["Seed committee"]
    db.session.commit()
    return make_forum(CODE, ["Opening", "Dialogue"], title="Education listens",
                      venue="Town Hall", period="May 2018",
                      organizers=["District Committee", "Education Office"],
                      phones_see_queue=True,
                      assignees=[("Tran Van B", "Head of Education", "leader")])


def vietnamese_left(page: str) -> list[str]:
    """What is still Vietnamese on a page, but for the switch's own link ("Tiếng Việt", in
    Vietnamese on purpose: lang="vi")."""
    page = re.sub(r'<a [^>]*\blang="vi"[^>]*>.*?</a>', "", page, flags=re.S)
    return untranslated(page, [])


def strings(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="strings">(.*?)</script>', page,
                      re.S)
    assert found, "no strings block"
    return json.loads(found.group(1))


def text(page: str) -> str:
    """The page's words, tags out, spaces folded."""
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace("&#39;", "'")


@pytest.fixture
def hall(app, client):
    """The live forum during item 2, with an approved question on screen (asker, answerer,
    explanation), another approved one backed by two phones, and one just sent."""
    forum = ascii_forums()
    phone = Phone(english(client), forum)
    staff = Moderator(english(app.test_client()), forum)
    shown = phone.question("When do fees change?", name="Nguyen Van A", affiliation="parent")
    backed = phone.question("Will the school get a gym?")
    sent = phone.question("Is the bus free?", client_key="busfree0001")
    staff.approve(shown)
    staff.approve(backed)
    for device in (client, english(app.test_client())):
        device.get(f"/f/{CODE}")
        assert device.post(f"/api/f/{CODE}/questions/{backed.id}/upvote").status_code == 201
    staff.start_item(2)
    staff.assign(shown, forum.assignees[0])
    staff.explain(shown, "The plan is ready.")
    staff.show(shown)
    return {"forum": forum, "staff": staff, "shown": shown, "backed": backed, "sent": sent}


def set_status(status: str) -> None:
    db.session.scalar(select(Forum).where(Forum.code == CODE)).status = status
    db.session.commit()


# --- the phone ------------------------------------------------------------------------------

def test_the_question_page_in_english(client, hall):
    page = client.get(f"/f/{CODE}").get_data(as_text=True)
    assert '<html lang="en">' in page
    words = text(page)
    for phrase in ("Now", "Item 2: Dialogue", "On screen now", "See more",
                   "Send a question to the forum",
                   "Your question or comment", "At most 1000 characters.", "Full name (optional)",
                   "My questions", "Approved questions",
                   "2 people also want to ask this", "Answers to questions and comments"):
        assert phrase in words, phrase
    assert "<title>Send a question · Education listens</title>" in page
    assert 'placeholder="e.g. parent, An Phu ward"' in page
    assert vietnamese_left(page) == []
    # the switch back to Vietnamese, in the phone's foot
    foot = page[page.index('<footer class="phone-foot">'):]
    assert f'href="/lang/vi?next=/f/{CODE}"' in foot[:foot.index("</footer>")]
    assert page.count('class="language-switch"') == 1


def test_one_backer_is_one_person(client, hall):
    hall["staff"].approve(hall["sent"])
    client.post(f"/api/f/{CODE}/questions/{hall['sent'].id}/upvote")
    page = client.get(f"/f/{CODE}").get_data(as_text=True)
    assert "1 person also wants to ask this" in text(page)


def test_the_scripts_words_are_english(client, hall):
    words = strings(client.get(f"/f/{CODE}").get_data(as_text=True))
    assert words["left"] == "{n} characters left"
    assert words["item"] == "Item {n}: {title}"
    assert words["upvote"] == "I want to ask this too ({n})"
    assert words["sending"] == "Sending…"
    assert words["news"] == "Question “{text}”: {status}."
    assert not [value for value in words.values() if VIETNAMESE.search(value)]
    # the labels of a question's status, for the script, are English too
    labels = re.search(r'id="phone-labels">(.*?)</script>', client.get(
        f"/f/{CODE}").get_data(as_text=True), re.S)
    assert not [v for v in json.loads(labels.group(1)).values() if VIETNAMESE.search(v)]


@pytest.mark.parametrize("script, url", [("phone/ask.js", f"/f/{CODE}"),
                                         ("phone/ask.js", None),
                                         ("phone/hall.js", f"/f/{CODE}"),
                                         ("projector.js", f"/f/{CODE}/screen")])
def test_every_word_a_script_reads_is_in_its_page(client, hall, script, url):
    """The question page and the sent page both load phone/ask.js: both carry its words."""
    url = url or f"/f/{CODE}/sent/{hall['sent'].client_key}"
    used = set(re.findall(r"\bT\.(\w+)", (ROOT / "static" / "js" / script).read_text()))
    assert used
    assert used <= set(strings(client.get(url).get_data(as_text=True))), url


@pytest.mark.parametrize("status, phrases", [
    ("draft", ["The forum is not taking questions yet.",
               "Please come back to this page when the forum begins.", "Not started yet"]),
    ("collecting", ["The forum is taking comments ahead of the day it is held (May 2018)."]),
    ("closed", ["The forum has ended and takes no more questions.", "Thank you for taking part.",
                "See the answers to questions and comments"]),
])
def test_the_question_page_in_each_phase(app, client, status, phrases):
    ascii_forums()
    set_status(status)
    page = english(client).get(f"/f/{CODE}").get_data(as_text=True)
    for phrase in phrases:
        assert phrase in text(page), phrase
    assert vietnamese_left(page) == []


def test_the_form_without_javascript_answers_in_english(app, client):
    ascii_forums()
    english(client)
    empty = client.post(f"/f/{CODE}", data={"text": "  ", "name": "A"})
    assert empty.status_code == 400
    page = empty.get_data(as_text=True)
    assert "Please enter your question." in page and vietnamese_left(page) == []
    long = client.post(f"/f/{CODE}", data={"text": "a" * 1001})
    assert "The question is 1001 characters long; please shorten it to at most 1000 " \
           "characters." in long.get_data(as_text=True)
    sent = client.post(f"/f/{CODE}", data={"text": "Is the library open?",
                                           "client_key": "plainform01"})
    assert sent.status_code == 303
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    for phrase in ("We have received your question", "What you sent", "Status:",
                   "Reload the page to see the latest status", "Send another question"):
        assert phrase in text(page), phrase
    assert vietnamese_left(page) == []


def test_the_sent_page_and_a_missing_question_in_english(client, hall):
    page = client.get(f"/f/{CODE}/sent/{hall['sent'].client_key}").get_data(as_text=True)
    assert "<title>Question received · Education listens</title>" in page
    assert vietnamese_left(page) == []
    assert strings(page)["news"] == "Question “{text}”: {status}."
    missing = client.get(f"/f/{CODE}/sent/nosuchkey1")
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert "Question not found" in page and "Back to the question page" in page
    assert vietnamese_left(page) == []


def test_the_api_refuses_in_english(app, client, hall):
    def error(response, status):
        assert response.status_code == status
        return response.get_json()["error"]

    api = f"/api/f/{CODE}/questions"
    assert error(client.post(api, json={"text": ""}), 400) == "Please enter your question."
    assert error(client.post(api, json={"text": "x", "name": 5}), 400) == \
        "Name must be a string of characters."
    assert error(client.post(api, json={"text": "x", "affiliation": "y" * 201}), 400) == \
        "Organization / place of residence: at most 200 characters."
    # a question the hall cannot see takes no upvote
    assert error(client.post(f"{api}/{hall['sent'].id}/upvote"), 409) == \
        "This question cannot be backed right now."
    set_status("closed")
    assert error(client.post(api, json={"text": "x"}), 409) == \
        "The forum has ended and takes no more questions. Thank you."
    set_status("draft")
    assert error(client.post(api, json={"text": "x"}), 409) == \
        "The forum is not taking questions yet."


def test_the_results_in_english(client, hall):
    staff = hall["staff"]
    staff.answer(hall["shown"], "Fees stay the same.")
    staff.defer(hall["backed"], hall["forum"].assignees[0], "2018-10-01",
                referred_to="Province office")
    page = client.get(f"/f/{CODE}/results").get_data(as_text=True)
    words = text(page)
    for phrase in ("How questions and comments were taken up and answered",
                   "Answered at the forum (1)", "By channel", "By outcome",
                   "Answerer: Head of Education Tran Van B", "Answer Fees stay the same.",
                   "Written replies after the forum (1)", "Referred to: Province office",
                   "Answering unit: Head of Education Tran Van B", "Answer due: 1 Oct 2018",
                   "Back to the forum page"):
        assert phrase in words, phrase
    assert "Asked by" not in words and "Nguyen Van A" not in words  # the results name nobody
    assert vietnamese_left(page) == []


def test_empty_results_in_english(app, client):
    ascii_forums()
    page = english(client).get(f"/f/{CODE}/results").get_data(as_text=True)
    assert "No question has been answered yet." in page
    assert "Nothing is to be answered in writing." in page
    assert vietnamese_left(page) == []


def test_the_poster_in_english(app, client):
    ascii_forums()
    page = english(client).get(f"/f/{CODE}/poster").get_data(as_text=True)
    for phrase in ("Print the poster (A4)", "Open the question page",
                   "Scan the QR code with your phone to send a question to the forum",
                   "or open a browser and type the address:",
                   "No app to install. Name and organization are optional."):
        assert phrase in page, phrase
    assert f'alt="QR code that opens the question page: 127.0.0.1:5000/f/{CODE}"' in page
    # the switch sits with the tools, which are not printed
    tools = page[page.index('<div class="poster-tools">'):page.index('<main class="poster">')]
    assert 'class="language-switch"' in tools and page.count('class="language-switch"') == 1
    assert vietnamese_left(page) == []


# --- the big screen -------------------------------------------------------------------------

def test_the_big_screen_in_english_shows_no_switch(client, hall):
    page = client.get(f"/f/{CODE}/screen").get_data(as_text=True)
    assert '<html lang="en">' in page
    words = text(page)
    for phrase in ("A question from the public", "When do fees change?",
                   "Asked by: Nguyen Van A — parent", "Explanation by Head of Education Tran Van B",
                   "Send a question:", "Item 2 Dialogue", "Answerer: Head of Education Tran Van B",
                   "Item time", "Speaking", "Connection lost, reconnecting…"):
        assert phrase in words, phrase
    assert 'alt="QR code for sending questions"' in page
    assert "language-switch" not in page and "/lang/" not in page
    assert vietnamese_left(page) == []
    words = strings(page)
    assert words["item"] == "Item {n}" and words["asker"] == "Asked by: {name}"
    assert words["answerer"] == "Answerer: {name}"
    assert words["explainOf"] == "Explanation by {name}"
    assert words["open"] == "Scan the code to send a question"
    assert words["thanks"] == "Thank you for attending"


def test_the_big_screen_waiting_and_closed_in_english(client, hall):
    hall["staff"].do(hall["shown"], "hide")
    page = client.get(f"/f/{CODE}/screen").get_data(as_text=True)
    words = text(page)
    assert "Scan the code to send a question" in words
    assert "or open a browser and type the address" in words
    assert "Questions and comments received: 3" in words
    assert vietnamese_left(page) == []
    set_status("closed")
    page = client.get(f"/f/{CODE}/screen").get_data(as_text=True)
    assert "Thank you for attending" in text(page)
    assert vietnamese_left(page) == []


def test_the_big_screen_before_the_first_item(app, client):
    ascii_forums()
    page = english(client).get(f"/f/{CODE}/screen").get_data(as_text=True)
    assert "The forum will begin shortly" in text(page)
    assert vietnamese_left(page) == []


# --- the forum list and the error pages -----------------------------------------------------

def test_the_forum_list_in_english(app, client):
    ascii_forums()
    page = english(client).get("/").get_data(as_text=True)
    for phrase in ("Forums that listen to the public", "Forums", "Send a question", "Results",
                   "Projector screen", "Moderation", "Minutes", "QR poster", "Staff login"):
        assert phrase in text(page), phrase
    assert 'href="/lang/vi?next=/"' in page
    assert vietnamese_left(page) == []


@pytest.mark.parametrize("url, phrases", [
    ("/nowhere", ["Page not found", "This page was not found. Please check the link."]),
    ("/f/no-such-forum", ["Page not found", "No forum has this code. Please check the link."]),
])
def test_error_pages_in_english(app, client, url, phrases):
    response = english(client).get(url)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<title>Error 404</title>" in page and "Back to the home page" in page
    for phrase in phrases:
        assert phrase in page, phrase
    assert vietnamese_left(page) == []
    api = client.get("/api/f/no-such-forum/state")
    assert api.get_json()["error"] == "No forum has this code. Please check the link."


def test_a_socket_for_an_unknown_forum_is_refused_in_english(app, client):
    from live.screens.events import connect

    with app.test_request_context("/socket.io/?forum=nope", headers={"Cookie": "lang=en"}):
        from flask_socketio import ConnectionRefusedError

        with pytest.raises(ConnectionRefusedError) as refused:
            connect()
    assert refused.value.error_args == {"message": "Forum not found.",
                                        "data": {"error": "Forum not found.", "code": 404}}


# --- a limited phone ------------------------------------------------------------------------

@pytest.fixture
def limited_app(db_path):
    with rate_limited_app(db_path, RATELIMIT_SUBMIT_DEVICE="2 per minute",
                          RATELIMIT_UPVOTE_DEVICE="1 per minute") as app:
        yield app


def test_a_limited_phone_is_told_in_english(limited_app):
    code = FORUM["code"]  # not the `forum` fixture: its unlimited `app` turns the limiter off
    phone = english(limited_app.test_client())
    phone.get(f"/f/{code}")
    codes = [phone.post(f"/api/f/{code}/questions", json={"text": f"Q {i}"})
             for i in range(3)]
    assert [r.status_code for r in codes] == [201, 201, 429]
    assert codes[-1].get_json()["error"].startswith("You have sent too many questions")
    # the plain form (no JavaScript) gets a page in English
    form = english(limited_app.test_client())
    form.get(f"/f/{code}")
    pages = [form.post(f"/f/{code}", data={"text": f"F {i}"}) for i in range(3)]
    assert [r.status_code for r in pages] == [303, 303, 429]
    assert "You have sent too many questions" in pages[-1].get_data(as_text=True)
    # and a Vietnamese phone, in Vietnamese
    other = limited_app.test_client()
    other.get(f"/f/{code}")
    for i in range(2):
        other.post(f"/api/f/{code}/questions", json={"text": f"C {i}"})
    refused = other.post(f"/api/f/{code}/questions", json={"text": "C 3"})
    assert "gửi quá nhiều câu hỏi" in refused.get_json()["error"]


# --- Vietnamese stays as it was -------------------------------------------------------------

def test_without_the_cookie_the_scripts_words_are_the_vietnamese_ones(app, client):
    ascii_forums()
    words = strings(client.get(f"/f/{CODE}").get_data(as_text=True))
    assert words["left"] == "Còn {n} ký tự"
    assert words["item"] == "Mục {n}: {title}"
    assert words["upvote"] == "Tôi cũng muốn hỏi ({n})"
    assert words["news"] == "Câu hỏi “{text}”: {status}."
    screen = strings(client.get(f"/f/{CODE}/screen").get_data(as_text=True))
    assert screen["item"] == "Mục {n}" and screen["asker"] == "Người hỏi: {name}"
    assert screen["answerer"] == "Người trả lời: {name}"
    assert screen["explainOf"] == "Giải trình của {name}"
    assert screen["open"] == "Quét mã để gửi câu hỏi"


def test_one_process_serves_vietnamese_then_english(app, client, hall):
    """The labels of a status (templates/_labels.html) are looked up for each page, not kept
    from the first page the process rendered."""
    sent = f"/f/{CODE}/sent/{hall['sent'].client_key}"
    status = re.compile(r'id="sent-status"[^>]*>([^<]*)<')
    vietnamese = app.test_client()
    for url in (sent, f"/f/{CODE}", "/"):
        vietnamese.get(url)
    for url in (sent, f"/f/{CODE}", "/"):
        assert vietnamese_left(client.get(url).get_data(as_text=True)) == [], url
    assert status.search(client.get(sent).get_data(as_text=True)).group(1) != \
        status.search(vietnamese.get(sent).get_data(as_text=True)).group(1) == "Đã tiếp nhận"
