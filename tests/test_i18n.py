"""Two languages: Vietnamese by default, English by a switch that remembers; every visible
string translated; dates in the official Vietnamese form; no request context (CLI, background
tasks) never breaks the locale selector."""
import threading
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import JSON, String, Text, select

from live.core import catalog
from live.core import formatting
from live.core import i18n
from live.core import labels
from models import db
from tests.conftest import Moderator
from tests.factories import FORUM
from tests.visible import VIETNAMESE, data_variants, untranslated

ROOT = Path(__file__).resolve().parent.parent


def english(client):
    client.set_cookie("lang", "en")
    return client


# --- the switch ---------------------------------------------------------------------------

def test_vietnamese_is_the_default(client, forum):
    page = client.get(f"/f/{forum.code}").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert f'href="/lang/en?next=/f/{forum.code}"' in page


def test_the_switch_remembers_the_choice_and_comes_back(client, forum):
    response = client.get(f"/lang/en?next=/f/{forum.code}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/f/{forum.code}"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;") and "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # the client keeps the cookie: the next pages, and later ones, are in English
    for _ in range(2):
        page = client.get(f"/f/{forum.code}").get_data(as_text=True)
        assert '<html lang="en">' in page
        assert f'href="/lang/vi?next=/f/{forum.code}"' in page
    client.get("/lang/vi?next=/")
    assert '<html lang="vi">' in client.get(f"/f/{forum.code}").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", "evil"])
def test_the_switch_goes_back_only_to_this_site(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found_and_an_odd_cookie_is_ignored(client, forum):
    assert client.get("/lang/fr").status_code == 404
    client.set_cookie("lang", "fr")
    assert '<html lang="vi">' in client.get(f"/f/{forum.code}").get_data(as_text=True)


def test_the_query_string_survives_the_switch(client, forum):
    page = client.get(f"/f/{forum.code}?x=1").get_data(as_text=True)
    assert f'href="/lang/en?next=/f/{forum.code}?x%3D1"' in page
    assert client.get(f"/lang/en?next=/f/{forum.code}?x%3D1").headers["Location"] == \
        f"/f/{forum.code}?x=1"


# --- without a request ---------------------------------------------------------------------

def test_no_request_context_means_vietnamese(app):
    """The app context of a test, the CLI or a background push has no cookie to read."""
    assert i18n.select_locale() is None
    assert i18n.current() == "vi"
    assert labels.localized.STAFF_STATUS["queued"] == "Đã duyệt"
    assert formatting.long_date(date(2018, 5, 4)) == "ngày 04 tháng 5 năm 2018"


def test_a_background_thread_without_any_context_gets_vietnamese(app):
    seen, errors = [], []

    def work():
        try:
            seen.append(labels.localized.RECORD_ACTIONS["question.approve"])
            seen.append(labels.localize("Hòm thư góp ý"))
            with app.app_context():
                seen.append(labels.localized.OUTCOMES["on_spot"])
                seen.append(formatting.long_date(date(2018, 9, 14)))
        except Exception as error:  # the test fails below, with the error
            errors.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert not errors
    assert seen == ["Duyệt", "Hòm thư góp ý", "Trả lời tại Diễn đàn", "ngày 14 tháng 9 năm 2018"]


def test_the_cli_works_without_a_request_and_writes_vietnamese(app, runner, tmp_path, forum):
    target = tmp_path / "record.csv"
    result = runner.invoke(args=["record", "export", forum.code, "--format", "csv",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Kênh" in target.read_text(encoding="utf-8-sig")


def test_one_push_serves_both_languages(app, socket_client, moderator, phone):
    """Snapshots carry codes, not words (each page turns them into its own language), so the
    one push that goes to the whole hall is right for a phone in English too."""
    question = phone.question()
    in_english = socket_client(flask_client=english(app.test_client()))
    in_vietnamese = socket_client()
    in_english.get_received(), in_vietnamese.get_received()
    moderator.approve(question)
    moderator.show(question)
    last = {}
    for name, watcher in (("en", in_english), ("vi", in_vietnamese)):
        states = [p["args"][0] for p in watcher.get_received() if p["name"] == "state"]
        assert states and states[-1]["on_screen"]["id"] == question.id
        last[name] = states[-1]
    assert last["en"] == last["vi"]


# --- what is exported stays Vietnamese -------------------------------------------------------

def test_files_exported_from_an_english_page_are_vietnamese(app, client, phone, forum):
    phone.question()
    staff = Moderator(english(client), forum)
    response = staff.client.get(f"/f/{forum.code}/record.csv")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    assert "Kênh" in text and "Tại hội trường" in text and "Mới" in text


# --- dates and times ------------------------------------------------------------------------

def test_dates_in_the_official_vietnamese_form_and_times_in_vietnam(app, client):
    assert formatting.official_date(date(2018, 5, 4)) == "ngày 04 tháng 5 năm 2018"
    assert formatting.official_date(date(2018, 12, 14)) == "ngày 14 tháng 12 năm 2018"
    assert formatting.official_date(date(2018, 2, 1)) == "ngày 01 tháng 02 năm 2018"
    at = datetime(2018, 9, 14, 1, 30, tzinfo=timezone.utc)
    # each in an app context of its own, as each request has (the locale is kept in `g`)
    with app.app_context(), app.test_request_context():
        assert formatting.localtime(at) == "08:30 14/09/2018"
        assert formatting.localdate(at) == "14/09/2018"
    with app.app_context(), app.test_request_context(headers={"Cookie": "lang=en"}):
        assert formatting.long_date(date(2018, 5, 4)) == "4 May 2018"
        assert formatting.localtime(at) == "08:30 14 Sep 2018"
        assert formatting.localtime(at, "%H:%M %d/%m") == "08:30 14 Sep"
        assert formatting.localdate(at) == "14 Sep 2018"
        # the exports' own form does not follow the page
        assert formatting.official_date(date(2018, 5, 4)) == "ngày 04 tháng 5 năm 2018"


# --- the catalog ----------------------------------------------------------------------------

def test_every_string_in_the_sources_has_its_english():
    """`flask --app live translations update` then fill in the English: see docs/i18n.md."""
    assert catalog.problems() == []


def test_the_scripts_hold_no_words_of_their_own():
    """Every word a script shows comes from its page's `strings` block, rendered with
    gettext; a Vietnamese word in a .js file would stay Vietnamese on an English page."""
    for script in sorted((ROOT / "static" / "js").glob("*.js")):
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
            assert not VIETNAMESE.search(line), f"{script.name}:{number}: {line.strip()}"


def test_the_problems_are_found(monkeypatch, tmp_path):
    """The catalog check can fail: an id without English, and a stale compiled file."""
    po = tmp_path / "messages.po"
    po.write_bytes(catalog.PO.read_bytes().replace(b'msgstr "Language"', b'msgstr ""'))
    monkeypatch.setattr(catalog, "PO", po)
    monkeypatch.setattr(catalog, "MO", catalog.MO)
    found = catalog.problems()
    assert any("no English" in line and "Ngôn ngữ" in line for line in found)
    assert any("does not match" in line for line in found)


# --- every page, in English ----------------------------------------------------------------

def data_strings() -> list[str]:
    """Every text the database holds (forum titles, agenda items, names, questions, the JSON
    lists of organizers and signers): data, which stays in the language it was written in."""
    values = set()

    def collect(value):
        if isinstance(value, str):
            values.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))]
        if columns:
            for row in db.session.execute(select(*columns)):
                collect(tuple(row))
    return data_variants(values)


SKIP = {"static", "i18n.switch", "auth.logout"}
SAMPLE = {"code": FORUM["code"], "question_id": 1, "client_key": "abcdefgh12", "user_id": 1,
          "item_id": 1, "assignee_id": 1, "topic_id": 1, "position": 1}


def html_pages(app):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIP or rule.endpoint.startswith("api."):
            continue
        if set(rule.arguments) - set(SAMPLE):
            continue  # files (downloads, QR codes, charts): not pages
        yield rule.endpoint, rule.build({k: v for k, v in SAMPLE.items()
                                         if k in rule.arguments})[1]


def test_every_page_in_english_has_no_vietnamese_word_but_data(app, client, phone, forum):
    question = phone.question("Hoc phi nam hoc moi co tang khong?", name="Nguyen Van A")
    staff = Moderator(english(client), forum)
    staff.approve(question)
    data = data_strings()
    pages = list(html_pages(app))
    # Vietnamese first, in the same process: nothing rendered in one language may stick to a
    # page in the other (a template module cached with its words, say)
    client.set_cookie("lang", "vi")
    for _, url in pages:
        staff.client.get(url)
    english(client)
    seen = {}
    for endpoint, url in pages:
        response = staff.client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        assert '<html lang="en">' in page, url
        seen[endpoint] = untranslated(page, data)
    # logged out too: the login page and the pages of an attendee
    anonymous = english(app.test_client())
    for url in ("/login", f"/f/{forum.code}", f"/f/{forum.code}/sent/abcdefgh12",
                f"/f/{forum.code}/results", "/nowhere"):
        seen[url] = untranslated(anonymous.get(url).get_data(as_text=True), data)
    assert {"moderator.console", "projector.screen", "record.page", "attendee.page",
            "accounts.users", "intake.page"} <= set(seen), sorted(seen)
    assert {name: words for name, words in seen.items() if words} == {}


def test_pages_vary_on_the_cookie(client, forum):
    """No cache may hand the English page to a browser that asked in Vietnamese."""
    assert "Cookie" in client.get(f"/f/{forum.code}").headers.get("Vary", "")
    assert "Cookie" in client.get(f"/f/{forum.code}/nowhere").headers.get("Vary", "")


def test_an_illegal_move_is_explained_in_the_readers_language(app, client, phone, forum):
    question = phone.question()
    staff = Moderator(client, forum)
    staff.approve(question)
    staff.answer(question, "x")
    refused = staff.act(question, "show")
    assert refused.status_code == 409
    assert refused.get_json()["error"] == (f"Câu hỏi #{question.id} đã được trả lời nên không "
                                           "thể đưa lên màn hình.")
    english(client)
    refused = staff.act(question, "show")
    assert refused.get_json()["error"] == (f"Question #{question.id} has been answered, so it "
                                           "cannot be put on screen.")


def test_a_form_posted_from_a_stale_page_says_so_in_the_readers_language(client):
    """The CSRF check's refusal of a page's form: our words, not Flask-WTF's English."""
    refused = client.post("/login", data={"username": "admin", "password": "x"})
    assert refused.status_code == 400
    assert "Trang này đã mở quá lâu" in refused.get_data(as_text=True)
    refused = english(client).post("/login", data={"username": "admin", "password": "x"})
    assert "This page has been open too long" in refused.get_data(as_text=True)
