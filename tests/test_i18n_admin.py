"""The admin pages, the login page and the staff's messages in English (the `lang=en` cookie):
every visible word translated, the forum's own data (made ASCII here) left as it is, and the
language switch once on each page, where a person finds it."""
import html
import re
from html.parser import HTMLParser

import pytest
from flask import get_flashed_messages
from sqlalchemy import select

from live.core.extensions import login_manager
from models import Forum, Question, Topic, User, db
from tests.conftest import Moderator
from tests.factories import FORUM

#: a letter only Vietnamese uses (with its diacritics) or đ: English text has none
VIETNAMESE = re.compile("[À-ỹĐđ]")


class Visible(HTMLParser):
    """The words a person meets: text, and the attributes a screen reader or a hover reads.
    Scripts and styles are skipped (but a `strings` block is words); so is anything marked
    lang="vi" (the switch's "Tiếng Việt" names itself in its own language)."""

    SPOKEN = ("aria-label", "placeholder", "title", "alt", "data-empty")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the open tags whose content is skipped

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping:
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        if attrs.get("lang") == "vi" or (tag in ("script", "style")
                                         and attrs.get("id") != "strings"):
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        self.parts.extend(attrs[name] for name in self.SPOKEN if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data)


def vietnamese_words(page: str) -> list[str]:
    parser = Visible()
    parser.feed(page)
    return [" ".join(part.split()) for part in parser.parts if VIETNAMESE.search(part)]


def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def ascii_forum(app) -> Forum:
    """The test's forum with its data in plain ASCII (so a Vietnamese letter on a page can only
    be an untranslated word), a topic in use and an answerer a question and an account hold."""
    forum = db.session.scalar(select(Forum).where(Forum.code == FORUM["code"]))
    forum.title, forum.venue, forum.place = "Town forum 2018", "Town hall", "Thuan An"
    forum.period, forum.plan_number, forum.description = "September 2018", "02-KH", "Plan"
    forum.organizers, forum.chairs, forum.invited = ["Town office"], ["Chair"], ["Parents"]
    forum.signers = [{"title": "Head", "name": "Truong Van Kiet"}]
    forum.recipient, forum.copies = "Provincial Department", ["Provincial board"]
    for item in forum.agenda:
        item.title = f"Item number {item.position}"
    for n, assignee in enumerate(forum.assignees, 1):
        assignee.name, assignee.title = f"Answerer {n}", f"Head of office {n}"
    fees = Topic(name="fees", position=1)
    forum.topics = [fees, Topic(name="buildings", position=2)]
    db.session.flush()
    question = Question(forum_id=forum.id, text="Will fees rise?", original_text="Will fees rise?",
                        assignee_id=forum.assignees[0].id)
    question.topics.append(fees)
    unit = User(username="unit-one", role="unit", forum_id=forum.id,
                assignee_id=forum.assignees[0].id)
    unit.set_password("unit-password-1")
    db.session.add_all([question, unit])
    db.session.commit()
    return forum


@pytest.fixture
def admin(app, client, ascii_forum) -> Moderator:
    """The admin's browser, in English."""
    return Moderator(english(client), ascii_forum)


def page(staff, path) -> str:
    response = staff.client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def follow(staff, path, **data) -> str:
    response = staff.client.post(path, data={"csrf_token": staff.csrf, **data},
                                 follow_redirects=True)
    return response.get_data(as_text=True)


def post(staff, path, **data):
    return staff.client.post(path, data={"csrf_token": staff.csrf, **data})


def messages(text: str) -> list[str]:
    found = re.findall(r'<(?:p|div) class="(?:notice|field-error)[^"]*"[^>]*>(.*?)</(?:p|div)>',
                       text, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in found]


# --- the pages -------------------------------------------------------------------------------

@pytest.mark.parametrize("path, phrases", [
    ("/admin/forums", ["Forums on this server", "New forum", "Setup", "Edit details",
                       "Projector screen", "QR poster", "11 agenda items", "2 topics"]),
    ("/admin/forums/new", ["New forum", "Name and code", "Forum name", "Forum code",
                           "Use the 11-item standard agenda", "Create forum", "Cancel"]),
    (f"/f/{FORUM['code']}/setup", ["Forum setup", "General information", "Forum agenda",
                                "Answering leaders and units", "Question topics", "Quick add:",
                                "Move item 2 up", "Remove topic fees", "1 question",
                                "Linked to 1 question and account unit-one", "Add topic"]),
    (f"/f/{FORUM['code']}/setup/forum", ["Forum details", "Setup of “Town forum 2018”",
                                      "Save details", "Signers of the minutes",
                                      "The code can change only while"]),
    ("/admin/users", ["Staff accounts", "Username", "Role", "Reset password", "(you)",
                      "Unit preparing answers", "All forums", "Active"]),
    ("/admin/users/new", ["New staff account", "Role", "Moderator", "Forum worked on",
                          "All forums (admins only)", "First password", "Create account"]),
    ("/admin/users/1", ["Account “admin”", "Save", "account list"]),
    ("/account/password", ["Change password", "Current password", "New password again",
                           "Account admin"]),
])
def test_every_admin_page_in_english(admin, path, phrases, forum):
    text = page(admin, path)
    assert '<html lang="en">' in text
    assert vietnamese_words(text) == []
    plain = html.unescape(text)
    for phrase in phrases:
        assert phrase in plain, phrase
    # the switch once, in the bar of admin links, back to this very page
    assert text.count('class="language-switch"') == 1
    bar = re.search(r'<nav class="record-tools[^>]*>(.*?)</nav>\s*\n\n', text, flags=re.S)
    assert bar and f'href="/lang/vi?next={path}"' in bar.group(1)
    assert "page-foot" not in text


def test_the_login_page_in_english(app):
    browser = english(app.test_client())
    text = browser.get("/login").get_data(as_text=True)
    assert vietnamese_words(text) == []
    for phrase in ("Staff login", "Username", "Password", "Log in",
                   "For the forum's secretaries, moderators and staff."):
        assert phrase in html.unescape(text), phrase
    # the switch once, at the top of the page (before the form), not in a footer as well
    assert text.count('class="language-switch"') == 1
    assert text.index('href="/lang/vi?next=/login"') < text.index("<form")
    assert "page-foot" not in text

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text).group(1)
    wrong = browser.post("/login", data={"username": "admin", "password": "not-it-at-all",
                                         "csrf_token": token})
    assert wrong.status_code == 400
    assert messages(wrong.get_data(as_text=True)) == ["Wrong username or password."]
    empty = browser.post("/login", data={"username": "", "password": "", "csrf_token": token})
    text = empty.get_data(as_text=True)
    assert messages(text)[1:] == ["Enter your username.", "Enter your password."]
    assert vietnamese_words(text) == []


def test_the_login_page_stays_vietnamese_by_default(client):
    text = client.get("/login").get_data(as_text=True)
    assert "<h1>Đăng nhập cán bộ</h1>" in text
    assert '<label for="username">Tên đăng nhập</label>' in text
    assert text.count('class="language-switch"') == 1 and 'href="/lang/en?next=/login"' in text


# --- what staff are told ---------------------------------------------------------------------

def test_setup_messages_in_english(admin, ascii_forum):
    code = ascii_forum.code
    first = ascii_forum.agenda[0]
    held = ascii_forum.assignees[0]
    fees = ascii_forum.topics[0]
    said = {
        "up": follow(admin, f"/f/{code}/setup/agenda/{first.id}/move", direction="up"),
        "template": follow(admin, f"/f/{code}/setup/agenda/template"),
        "minutes": follow(admin, f"/f/{code}/setup/agenda", title="New item",
                          planned_minutes="900"),
        "added": follow(admin, f"/f/{code}/setup/agenda", title="New item", planned_minutes="5"),
        "held": follow(admin, f"/f/{code}/setup/assignees/{held.id}/remove"),
        "topic": follow(admin, f"/f/{code}/setup/topics/{fees.id}/remove"),
        "twice": follow(admin, f"/f/{code}/setup/topics", name="FEES"),
        "quick": follow(admin, f"/f/{code}/setup/topics", name="tuition fees"),
        "same": follow(admin, f"/f/{code}/setup/assignees/{held.id}", name=held.name,
                       title=held.title, kind=held.kind),
    }
    assert messages(said["up"])[0] == "Item 1 is already at the top of the list."
    assert messages(said["template"])[0] == (
        "The agenda already has 11 items; the standard agenda is only for an empty agenda.")
    assert messages(said["minutes"])[0] == "The planned duration is 1 to 600 minutes."
    assert messages(said["added"])[0] == "Item 12 added: New item"
    assert messages(said["held"])[0] == (
        "“Answerer 1” cannot be removed: linked to 1 question and account unit-one. You can "
        "edit the name or position instead.")
    assert messages(said["topic"])[0] == (
        "Topic “fees” is on 1 question; it cannot be removed. You can rename it.")
    assert messages(said["twice"])[0] == "The topic “fees” already exists."
    assert messages(said["quick"])[0] == "Topic “tuition fees” added."
    assert messages(said["same"])[0] == "Nothing changed."
    for name, text in said.items():
        assert vietnamese_words(text) == [], name
    # a suggestion is offered in the reader's language, and not once the forum has it
    assert "+ tuition fees" not in said["quick"] and "+ school safety" in said["quick"]


def test_forum_form_messages_in_english(admin, ascii_forum):
    response = post(admin, "/admin/forums/new", title="", code="Bad Code")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert messages(text) == ["Not saved. Please correct the marked field below.",
                              "Please enter the forum name."]
    assert vietnamese_words(text) == []
    text = post(admin, "/admin/forums/new", title="Another forum", code="Another Forum 2020"
                ).get_data(as_text=True)
    assert messages(text)[1] == (
        "A forum code has only lower-case letters without accents (a–z), digits and hyphens "
        "between words; no spaces, capitals or accents. Suggestion: another-forum-2020.")
    text = post(admin, "/admin/forums/new", title="Another forum", code="another-2020",
                held_on="31/02/2020").get_data(as_text=True)
    assert messages(text)[1] == (
        "Date held: not a valid date; enter it as day/month/year, e.g. 04/05/2018.")
    text = follow(admin, "/admin/forums/new", title="Another forum", code="another-2020")
    assert messages(text)[0] == (
        "Forum “Another forum” created (code another-2020); it is in the “not open yet” phase.")
    assert vietnamese_words(text) == []  # an empty agenda, a forum without answerers
    text = follow(admin, "/f/another-2020/setup/forum", title="Another forum", code="another-2020",
                  venue="Hall B")
    assert messages(text)[0] == "Forum details saved (changed: venue)."
    response = post(admin, f"/f/{ascii_forum.code}/setup/forum", title=ascii_forum.title,
                    code="new-code")
    assert response.status_code == 409
    assert messages(response.get_data(as_text=True)) == [
        "The forum has opened, so its link and QR code may already be printed and handed out; "
        "its code can no longer change."]


def test_account_messages_in_english(admin, ascii_forum):
    text = post(admin, "/admin/users/new", username="X", role="moderator").get_data(as_text=True)
    assert messages(text)[1].startswith("A username is 3–40 characters")
    text = post(admin, "/admin/users/new", username="mod-two", role="moderator"
                ).get_data(as_text=True)
    assert messages(text)[1] == ("A “Moderator” account needs a forum to work on; only an admin "
                                 "may leave it empty (working on every forum).")
    assert vietnamese_words(text) == []
    response = post(admin, "/admin/users/new", username="mod-two", role="moderator",
                    forum_id=str(ascii_forum.id))
    assert response.status_code == 201
    text = response.get_data(as_text=True)
    assert "New password of <strong>mod-two</strong> (shown only once" in text
    assert vietnamese_words(text) == []
    unit = db.session.scalar(select(User).where(User.username == "unit-one"))
    assert messages(follow(admin, f"/admin/users/{unit.id}/disable")) == [
        "Account “unit-one” disabled."]
    assert messages(follow(admin, f"/admin/users/{unit.id}/disable")) == [
        "The account “unit-one” is already disabled."]
    assert messages(follow(admin, "/admin/users/1/disable")) == [
        "You cannot disable the account you are logged in with."]
    text = post(admin, "/admin/users/1", role="moderator", forum_id=str(ascii_forum.id)
                ).get_data(as_text=True)
    assert messages(text) == ["You cannot change the role or forum of the account you are "
                              "logged in with; ask another admin."]
    text = post(admin, "/account/password", current="wrong", new="x", repeat="y"
                ).get_data(as_text=True)
    assert messages(text) == ["The current password is wrong."]
    text = follow(admin, "/account/password", current="admin-password-1",
                  new="a new long password", repeat="a new long password")
    assert messages(text) == ["Password changed. The account's other sessions have ended."]
    assert vietnamese_words(text) == []


def test_refusals_and_the_login_message_in_english(app, client, forum):
    response = english(client).get(f"/api/f/{forum.code}/questions")
    assert response.status_code == 401
    assert response.get_json()["error"] == "A staff login is required."
    assert client.get("/admin/forums").headers["Location"].startswith("/login")
    # Flask-Login's own message (for a view it guards itself) follows the reader too
    for cookie, expected in (("lang=en", "Please log in with a staff account."),
                             ("", "Vui lòng đăng nhập bằng tài khoản cán bộ.")):
        # each in an app context of its own, as a request has (the locale is kept in `g`)
        with app.app_context(), app.test_request_context("/admin/forums",
                                                         headers={"Cookie": cookie}):
            login_manager.unauthorized()
            assert get_flashed_messages() == [expected]

