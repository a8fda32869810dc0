"""Hostile text is inert everywhere (docs/security.md): every payload of tests/hostile_corpus.py
is sent from phones as a question's text, name and affiliation, approved, put on screen, used as
an answer, a deferral, an edit and an explanation; then each page, JSON and export is read
once for all of them.

Two halls are built the same way, one with the payloads and one with harmless text of the same
shape (each visible character an "a"): a page shows hostile text as text when the HTML parser
finds exactly the same elements and attributes on both, and finds the payload, as typed, among
the page's text. A payload that became markup would add an element or an attribute, and its
text would be gone. Refused input (blank, too long, malformed, too large) gets a 4xx with a
message instead."""
import csv
import io
import json
import re
import shutil
import unicodedata
import zipfile
from collections import Counter
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from hostile_corpus import (
    BLANK, LONGEST, MALFORMED_JSON, STORED, WRONG_TYPES, XSS,
)
from live import create_app, intake, questions
from live.exports import neutralize
from live.extensions import db
from live.text import clean
from models import Forum, Question
from tests.conftest import IsolatedClient, Moderator, _config
from tests.factories import FORUM

CODE = FORUM["code"]  #: the forum of the `forum` fixture
#: what a template would make of {{7*'7'}}; never on any page
EVALUATED = "7777777"
#: attributes whose value the browser loads or runs as a URL
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcset", "srcdoc", "ping", "manifest", "codebase"}


# -- the two halls -------------------------------------------------------------------------

def shaped(text: str | None, letter: str = "a") -> str | None:
    """Text of the same shape: what the app would store, each visible character a letter."""
    if text is None:
        return None
    return re.sub(r"\S", letter, clean(text, multiline=True))


def as_typed(text: str | None, letter: str = "a") -> str | None:
    return text


def _fits(text: str, limit: int) -> str | None:
    return text if len(clean(text)) <= limit else None


class Hall:
    """One app with the demo forum, filled by `build`; `say` turns what a phone types into
    what this hall sends (the payload itself, or harmless text of its shape)."""

    def __init__(self, app, say):
        self.app, self.say = app, say
        self.phone = app.test_client()
        self.keys: dict[int, str] = {}  # question id -> the phone's client_key
        self.roles: dict[str, int] = {}  # "on_screen", "deferred", ... -> question id
        self.corpus: dict[int, str] = {}  # question id -> the payload it carries

    def ask(self, n: int, text: str, name=None, affiliation=None, *, form: bool) -> int:
        """A phone sends a question, through the plain form or the API in turn. The
        harmless hall takes it in-process: only what it stores matters there."""
        key = f"hostile-{n:04d}-{'f' if form else 'j'}-key"
        data = {"text": self.say(text), "name": self.say(name),
                "affiliation": self.say(affiliation), "client_key": key}
        if self.say is not as_typed:
            with self.app.app_context():
                forum = db.session.scalar(select(Forum).where(Forum.code == CODE))
                qid = intake.submit(forum, data)[0].id
                db.session.commit()
        elif form:
            data = {k: v for k, v in data.items() if v is not None}
            response = self.phone.post(f"/f/{CODE}", data=data)
            assert response.status_code == 303, response.get_data(as_text=True)
            with self.app.app_context():
                qid = db.session.scalar(select(Question.id).where(Question.client_key == key))
        else:
            response = self.phone.post(f"/api/f/{CODE}/questions", json=data)
            assert response.status_code == 201, response.get_json()
            qid = response.get_json()["id"]
        self.keys[qid] = key
        return qid

    def move(self, qid: int, operation) -> None:
        """A move the test only needs made (approve, show): in-process, without the API."""
        with self.app.app_context():
            operation(db.session.get(Question, qid))
            db.session.commit()

    def build(self) -> "Hall":
        with self.app.app_context():
            forum = db.session.scalar(select(Forum).where(Forum.code == CODE))
            forum.phones_see_queue = True  # the phone page lists approved questions too
            db.session.commit()
            assignee = forum.assignees[0].id
            staff = Moderator(self.app.test_client(), forum)
            staff.start_item(7)
            for n, (_, payload) in enumerate(STORED):
                qid = self.ask(n, payload, _fits(payload, 120), _fits(payload, 200),
                               form=n % 2 == 1)  # the plain form and the API, in turn
                self.corpus[qid] = payload
                self.move(qid, questions.approve)
            longest = self.ask(900, LONGEST, form=False)
            self.move(longest, questions.approve)
            # Answers whose notes carry every payload, a few at a time.
            for n, chunk in enumerate(_chunks([p for _, p in XSS], 900)):
                qid = self.ask(910 + n, "\n".join(chunk), form=False)
                self.move(qid, questions.approve)
                staff.answer(qid, self.say("\n".join(reversed(chunk))))
                self.roles.setdefault("answered", qid)
            deferred = self.ask(950, "<svg onload=alert('hạn')>", "<b>Phụ huynh</b>",
                                form=False)
            self.move(deferred, questions.approve)
            staff.defer(deferred, assignee, "2018-10-15",
                        referred_to=self.say("<script>alert('Sở GD')</script> & Sở Tài chính"))
            edited = self.ask(951, "<i>Bản gốc</i> <img src=x onerror=alert(1)>", form=True)
            self.move(edited, questions.approve)
            staff.edit(edited, self.say("Đã sửa: {{7*7}} <script>alert(1)</script>", "b"))
            explained = self.ask(952, "<marquee>giải trình</marquee>", form=False)
            self.move(explained, questions.approve)
            staff.assign(explained, assignee)
            staff.explain(explained,
                          self.say("<iframe src=javascript:alert(1)></iframe>\n{{ config }}"))
            rejected = self.ask(953, "<script>alert('loại')</script>", form=True)
            staff.reject(rejected)
            unscreened = self.ask(954, "<img src=x onerror=alert('mới')>", form=False)
            on_screen = next(iter(self.corpus))
            staff.show(on_screen)
            self.showing = on_screen
            self.roles.update(deferred=deferred, edited=edited, explained=explained,
                              rejected=rejected, unscreened=unscreened, on_screen=on_screen,
                              longest=longest)
            self.staff = staff
            db.session.refresh(forum)
            db.session.expunge(forum)  # the staff helper reads its code later
            db.session.remove()
        return self

    def show(self, qid: int) -> None:
        if qid != self.showing:
            self.move(qid, questions.show)
            self.showing = qid

    def stored(self) -> list[Question]:
        """Every question as stored, detached from the database."""
        with self.app.app_context():
            found = db.session.scalars(select(Question).order_by(Question.id)).all()
            for q in found:
                db.session.expunge(q)
            return found


def _chunks(texts: list[str], limit: int) -> list[list[str]]:
    chunks, chunk = [], []
    for text in texts:
        if chunk and len("\n".join(chunk + [text])) > limit:
            chunks.append(chunk)
            chunk = []
        chunk.append(text)
    return chunks + [chunk]


def _app(template_db, postgres, tmp_path_factory, name):
    if postgres is not None:
        where = postgres.create(f"forum_{name}_{id(tmp_path_factory)}", template=template_db)
    else:
        where = tmp_path_factory.mktemp(name) / "forum.db"
        shutil.copy(template_db, where)
    app = create_app(_config(where))
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="module")
def halls(template_db, postgres, tmp_path_factory):
    """(hostile, harmless): the same forum day, with the payloads and with harmless text."""
    built = [Hall(_app(template_db, postgres, tmp_path_factory, name), say).build()
             for name, say in (("hostile", as_typed), ("harmless", shaped))]
    yield built
    for hall in built:
        with hall.app.app_context():
            db.engine.dispose()
    if postgres is not None:
        for name in ("hostile", "harmless"):
            postgres.drop(f"forum_{name}_{id(tmp_path_factory)}")


# -- reading a page ------------------------------------------------------------------------

class Page(HTMLParser):
    """What the browser's parser would build from the HTML: elements with their attribute
    names, attribute values, comments and the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.attributes, self.texts = Counter(), [], []
        self.others = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.others[f"/{tag}"] += 1

    def handle_data(self, data):
        self.texts.append(data)

    def handle_comment(self, data):
        self.others["comment"] += 1

    def handle_decl(self, decl):
        self.others["declaration"] += 1

    def handle_pi(self, data):
        self.others["processing instruction"] += 1

    def unknown_decl(self, data):
        self.others["cdata"] += 1

    @property
    def text(self) -> str:
        return "".join(self.texts)


def _json_script(html: str, element_id: str):
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>',
                      html, re.S)
    assert match, f"no <script id={element_id}>"
    return json.loads(match.group(1))


def assert_inert(html: str, harmless_html: str, shown: list[str]) -> None:
    """The hostile page has the harmless page's elements and attributes, no event handler, no
    URL that runs code, and each text in `shown` among its text as typed."""
    page, same = Page(html), Page(harmless_html)
    assert page.elements == same.elements, _difference(page.elements, same.elements)
    assert page.others == same.others, _difference(page.others, same.others)
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
        if name in URL_ATTRIBUTES or name == "style":
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not squeezed.startswith(("javascript:", "vbscript:", "data:text")), \
                f"<{tag} {name}={value!r}>"
            assert "expression(" not in squeezed, f"<{tag} {name}={value!r}>"
    for raw in ("<script", "<img", "<svg", "<iframe", "<object", "<embed", "<style", "<math",
                "<base", "<meta", "<link", "<form", "<a ", "<body", "<input", "<!--"):
        ours, theirs = html.lower().count(raw), harmless_html.lower().count(raw)
        assert ours == theirs, f"{raw}: {ours} with the payloads, {theirs} without"
    text = page.text
    missing = [s for s in shown if s not in text]
    assert not missing, f"not shown as text: {missing[:3]}"
    assert EVALUATED not in text, "a template evaluated a question"


def _difference(a: Counter, b: Counter) -> str:
    return f"only with the payloads: {a - b}; only without: {b - a}"


# -- what each surface must show -----------------------------------------------------------

def _asker(q: Question) -> list[str]:
    return [v for v in (q.asker_name, q.asker_affiliation) if v]


def _by_status(questions, *states) -> list[Question]:
    return [q for q in questions if q.status in states]


def _get(hall: Hall, url: str, *, staff: bool = False) -> str:
    client = hall.staff.client if staff else hall.phone
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_the_payloads_are_stored_as_typed_and_cleaned(halls):
    hostile, _ = halls
    stored = {q.id: q for q in hostile.stored()}
    assert len(hostile.corpus) == len(STORED) >= 80 and len(XSS) >= 50
    for qid, payload in hostile.corpus.items():
        q = stored[qid]
        assert q.text == q.original_text == clean(payload, multiline=True)
        assert q.asker_name == (clean(payload) if len(clean(payload)) <= 120 else None)
        assert unicodedata.is_normalized("NFC", q.text)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                             r"\u2060-\u2069\ufeff]", q.text + (q.asker_name or ""))
    assert stored[hostile.roles["longest"]].text == LONGEST


#: the projector last: putting every question on screen in turn adds to the record
SURFACES = ["phone page", "confirmation pages", "phone page with a refused question",
            "console", "stage", "queue json", "state json", "record", "results", "followups", "docx",
            "xlsx", "csv", "json export", "projector"]


@pytest.mark.parametrize("surface", SURFACES)
def test_hostile_text_is_inert_on(halls, surface):
    CHECKS[surface](*halls)


def _phone_page(hostile: Hall, harmless: Hall):
    questions = hostile.stored()
    shown = [q.text for q in _by_status(questions, "queued", "on_screen")]
    assert len(shown) > len(STORED)
    assert_inert(_get(hostile, f"/f/{CODE}"), _get(harmless, f"/f/{CODE}"), shown)


def _confirmation_pages(hostile: Hall, harmless: Hall):
    stored = {q.id: q for q in hostile.stored()}
    theirs = dict(zip(hostile.keys, harmless.keys.values()))
    same: dict[tuple, str] = {}  # a harmless page of each kind: the page depends on these
    for qid, key in hostile.keys.items():
        q = stored[qid]
        kind = (q.status, bool(q.asker_name), bool(q.asker_affiliation))
        if kind not in same:
            same[kind] = _get(harmless, f"/f/{CODE}/sent/{theirs[qid]}")
        assert_inert(_get(hostile, f"/f/{CODE}/sent/{key}"), same[kind], [q.text])


def _refused_question(hostile: Hall, harmless: Hall):
    """A question too long comes back in the form, with what was typed, as text."""
    typed = {"text": LONGEST + "</textarea><script>alert(1)</script>",
             "name": '"><script>alert(1)</script>', "affiliation": "'><img src=x onerror=alert(1)>"}
    pages = []
    for hall, say in ((hostile, as_typed), (harmless, shaped)):
        response = hall.phone.post(f"/f/{CODE}", data={k: say(v) for k, v in typed.items()})
        assert response.status_code == 400
        pages.append(response.get_data(as_text=True))
    assert "tối đa 1000" in pages[0]
    assert_inert(*pages, [typed["text"]])
    values = [value for _, name, value in Page(pages[0]).attributes if name == "value"]
    assert typed["name"] in values and typed["affiliation"] in values


def _projector(hostile: Hall, harmless: Hall):
    """Every payload on the big screen in turn, with the asker's name and affiliation, and a
    unit's explanation under its question."""
    stored = {q.id: q for q in hostile.stored()}
    theirs = dict(zip(hostile.corpus, harmless.corpus))
    explained = hostile.roles["explained"]
    theirs[explained] = harmless.roles["explained"]
    same: dict[tuple, str] = {}  # a harmless screen of each kind: the screen depends on these
    try:
        for qid in [explained, *hostile.corpus]:
            q = stored[qid]
            kind = (bool(q.asker_name), bool(q.asker_affiliation), bool(q.explanation))
            if kind not in same:
                harmless.show(theirs[qid])
                same[kind] = _get(harmless, f"/f/{CODE}/screen")
            hostile.show(qid)
            assert_inert(_get(hostile, f"/f/{CODE}/screen"), same[kind],
                         [q.text, *_asker(q), *([q.explanation] if q.explanation else [])])
    finally:
        for hall in (hostile, harmless):
            hall.show(hall.roles["on_screen"])


def _console(hostile: Hall, harmless: Hall):
    html = _get(hostile, f"/f/{CODE}/moderate", staff=True)
    assert_inert(html, _get(harmless, f"/f/{CODE}/moderate", staff=True), [])
    _same_questions(_json_script(html, "console-queue")["questions"], hostile.stored())
    state = _json_script(html, "console-state")
    on_screen = next(q for q in hostile.stored() if q.status == "on_screen")
    assert state["on_screen"]["text"] == on_screen.text


def _stage(hostile: Hall, harmless: Hall):
    """The stage view lists the waiting questions in the running order, as text."""
    html = _get(hostile, f"/f/{CODE}/stage", staff=True)
    waiting = _by_status(hostile.stored(), "queued")
    assert waiting
    assert_inert(html, _get(harmless, f"/f/{CODE}/stage", staff=True), [q.text for q in waiting])
    listed = _json_script(html, "stage-queue")["questions"]
    assert {item["id"] for item in listed} == {q.id for q in waiting}
    by_id = {q.id: q for q in waiting}
    assert all(item["text"] == by_id[item["id"]].text for item in listed)


def _same_questions(listed: list[dict], questions: list[Question]) -> None:
    """The JSON the console renders holds each text exactly as stored."""
    by_id = {q.id: q for q in questions}
    assert {item["id"] for item in listed} == set(by_id)
    for item in listed:
        q = by_id[item["id"]]
        assert item["text"] == q.text and item["original_text"] == q.original_text
        assert item["asker"] in (None, {"name": q.asker_name,
                                        "affiliation": q.asker_affiliation}), item["asker"]
        assert item["answer_note"] == q.answer_note
        assert item["referred_to"] == q.referred_to
        assert item["explanation"] == q.explanation


def _queue_json(hostile: Hall, harmless: Hall):
    response = hostile.staff.client.get(f"/api/f/{CODE}/questions")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    _same_questions(response.get_json(), hostile.stored())


def _state_json(hostile: Hall, harmless: Hall):
    response = hostile.phone.get(f"/api/f/{CODE}/state")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    state = response.get_json()
    questions = hostile.stored()
    on_screen = next(q for q in questions if q.status == "on_screen")
    assert state["on_screen"]["text"] == on_screen.text
    assert state["on_screen"]["asker"] == {"name": on_screen.asker_name,
                                           "affiliation": on_screen.asker_affiliation}
    hall = {item["id"]: item["text"] for item in state["hall_questions"]}
    assert hall == {q.id: q.text for q in _by_status(questions, "queued", "on_screen")}


def _record(hostile: Hall, harmless: Hall):
    questions = hostile.stored()
    shown = [q.text for q in questions if q.status != "rejected"]
    shown += [v for q in questions for v in (*_asker(q), q.answer_note, q.referred_to) if v]
    shown.append(next(q.original_text for q in questions if q.edited))
    assert_inert(_get(hostile, f"/f/{CODE}/record", staff=True),
                 _get(harmless, f"/f/{CODE}/record", staff=True), shown)


def _results(hostile: Hall, harmless: Hall):
    public = _by_status(hostile.stored(), "answered", "deferred")
    shown = [v for q in public for v in (q.text, q.answer_note) if v]
    assert len(shown) > 5
    assert_inert(_get(hostile, f"/f/{CODE}/results"), _get(harmless, f"/f/{CODE}/results"),
                 shown)


def _followups(hostile: Hall, harmless: Hall):
    deferred = _by_status(hostile.stored(), "deferred")
    assert_inert(_get(hostile, f"/f/{CODE}/followups", staff=True),
                 _get(harmless, f"/f/{CODE}/followups", staff=True),
                 [v for q in deferred for v in (q.text, q.referred_to)])


def _export(hall: Hall, fmt: str) -> bytes:
    response = hall.staff.client.get(f"/f/{CODE}/record.{fmt}")
    assert response.status_code == 200, fmt
    return response.data


def _docx(hostile: Hall, harmless: Hall):
    """The minutes hold each screened question and answer as text (python-docx reads it), and
    the same Word elements as the minutes of the harmless hall."""
    from docx import Document

    data = _export(hostile, "docx")
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in _paragraphs(document))
    questions = hostile.stored()
    shown = [v for q in _by_status(questions, "answered", "deferred", "queued", "on_screen")
             for v in (q.text, q.answer_note) if v]
    missing = [s for s in shown if s not in text]
    assert not missing, f"not in the minutes: {missing[:3]}"
    assert EVALUATED not in text
    assert _word_elements(data) == _word_elements(_export(harmless, "docx"))


def _paragraphs(document):
    yield from document.paragraphs
    tables = list(document.tables)
    while tables:
        table = tables.pop()
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
                tables += cell.tables


def _word_elements(data: bytes) -> Counter:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return Counter(element.tag for element in root.iter())


def _xlsx(hostile: Hall, harmless: Hall):
    """Each text cell holds the stored text (with a leading ' where Excel would see a
    formula) as a string, never a formula."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(_export(hostile, "xlsx")))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    rows = workbook["Ý kiến"].iter_rows(values_only=True)
    _same_cells(next(rows), rows, hostile.stored())


def _same_cells(header, rows, questions) -> None:
    columns = {name: n for n, name in enumerate(header)}
    by_id = {q.id: q for q in questions}
    seen = set()
    for row in rows:
        q = by_id[int(row[columns["Số"]])]
        seen.add(q.id)
        for column, value in (("Nội dung", q.text), ("Nội dung gốc", q.original_text),
                              ("Người hỏi", q.asker_name),
                              ("Đơn vị / nơi ở", q.asker_affiliation),
                              ("Nội dung trả lời", q.answer_note),
                              ("Chuyển đến cơ quan", q.referred_to)):
            assert (row[columns[column]] or "") == (neutralize(value) or ""), (q.id, column)
            if value and value[0] not in "=+-@\t\r" and value.lstrip(" \n")[:1] not in "=+-@":
                assert row[columns[column]] == value  # only a formula gets the quote
    assert seen == set(by_id)


def _csv(hostile: Hall, harmless: Hall):
    data = _export(hostile, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    _same_cells(next(rows), rows, hostile.stored())


def _json_export(hostile: Hall, harmless: Hall):
    record = json.loads(_export(hostile, "json"))
    by_id = {q.id: q for q in hostile.stored()}
    assert {q["id"] for q in record["questions"]} == set(by_id)
    for item in record["questions"]:
        q = by_id[item["id"]]
        for field in ("text", "original_text", "asker_name", "asker_affiliation", "answer_note",
                      "referred_to", "explanation"):
            assert item[field] == getattr(q, field), (q.id, field)


CHECKS = {
    "phone page": _phone_page, "confirmation pages": _confirmation_pages,
    "phone page with a refused question": _refused_question, "projector": _projector,
    "console": _console, "stage": _stage, "queue json": _queue_json, "state json": _state_json,
    "record": _record, "results": _results, "followups": _followups, "docx": _docx,
    "xlsx": _xlsx, "csv": _csv, "json export": _json_export,
}


# -- what is refused, with a message ----------------------------------------------------------

@pytest.fixture
def limited(db_path):
    """A client of the app with its rate limits on, as in the hall: they read the body too."""
    from live.limits import limiter

    app = create_app(dict(_config(db_path), RATELIMIT_ENABLED=True))
    app.test_client_class = IsolatedClient
    limiter.reset()
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()
    limiter.reset()


def _refused(response, status: int = 400) -> str:
    """The API's refusal: the status and a message a person can read."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    message = response.get_json()["error"]
    assert isinstance(message, str) and len(message) > 10
    return message


def _form_error(response, status: int = 400) -> str:
    """The phone page's refusal: the status and the message in its alert region."""
    assert response.status_code == status
    html = response.get_data(as_text=True)
    match = re.search(r'<div id="ask-error"[^>]*role="alert">(.*?)</div>', html, re.S)
    message = match.group(1).strip() if match else ""
    assert len(message) > 10, html[:300]
    return message


def test_a_blank_question_is_refused_with_a_message(limited):
    for name, text in BLANK:
        api = limited.post(f"/api/f/{CODE}/questions", json={"text": text})
        assert "nội dung" in _refused(api), name
        assert _refused(api) and api.get_json()["field"] == "text", name
        form = limited.post(f"/f/{CODE}", data={"text": text, "name": "Phụ huynh"})
        assert "nội dung" in _form_error(form), name


def test_text_too_long_is_refused_with_a_message(limited):
    too_long = {"text": LONGEST + "<", "name": "x" * 121, "affiliation": "x" * 201}
    for field, limit in (("text", "1000"), ("name", "120"), ("affiliation", "200")):
        body = {"text": "Câu hỏi", field: too_long[field]}
        api = limited.post(f"/api/f/{CODE}/questions", json=body)
        assert limit in _refused(api) and api.get_json()["field"] == field
        assert limit in _form_error(limited.post(f"/f/{CODE}", data=body))


def test_json_that_is_not_a_usable_object_is_refused_with_a_message(limited):
    for name, body in MALFORMED_JSON:
        for content_type in ("application/json", "application/json; charset=utf-8"):
            response = limited.post(f"/api/f/{CODE}/questions", data=body,
                                    content_type=content_type)
            assert response.status_code == 400, (name, response.status_code)
            _refused(response)


def test_json_of_the_wrong_type_is_refused_naming_the_field(limited):
    for name, body in WRONG_TYPES:
        response = limited.post(f"/api/f/{CODE}/questions", json=body)
        _refused(response)
        field = name.split("-")[0].replace("client", "client_key")
        assert response.get_json()["field"] in (field, None), name


def test_invalid_utf8_in_a_form_is_refused_or_kept_as_text(limited):
    raw = limited.post(f"/f/{CODE}", data=b"text=\xff\xfe\xc3\x28&client_key=" + b"r" * 32,
                       content_type="application/x-www-form-urlencoded")
    _form_error(raw)
    escaped = limited.post(f"/f/{CODE}", data=b"text=%ED%A0%80%FF+c%C3%A2u+h%E1%BB%8Fi"
                           b"&client_key=" + b"s" * 32,
                           content_type="application/x-www-form-urlencoded")
    assert escaped.status_code == 303  # the bytes that do not decode stay as typed, as text
    page = Page(limited.get(escaped.headers["Location"]).get_data(as_text=True))
    assert "%ED%A0%80%FF câu hỏi" in page.text or "\ufffd" in page.text


def test_a_10_mb_body_is_refused_with_413_and_a_message(limited):
    big = b'{"text": "' + b"<script>alert(1)</script>" * 420_000 + b'"}'
    assert len(big) > 10 * 1024 * 1024
    assert "quá lớn" in _refused(limited.post(f"/api/f/{CODE}/questions", data=big,
                                              content_type="application/json"), 413)
    form = limited.post(f"/f/{CODE}", data=b"text=" + b"a" * 10_500_000,
                        content_type="application/x-www-form-urlencoded")
    assert form.status_code == 413 and "quá lớn" in form.get_data(as_text=True)


def test_what_the_database_cannot_hold_is_refused_not_a_500(limited, phone, moderator):
    """NUL in a path (PostgreSQL text holds none), ids past 32 bits, a lone surrogate:
    each a 4xx with a message, never a database error."""
    assert limited.get("/api/f/thuan%00an/state").status_code == 404
    assert limited.get("/f/thuan%00an").status_code == 404
    assert limited.get(f"/f/{CODE}/sent/abc%00defghij").status_code == 404
    for url in (f"/questions/{2**31}/approve", f"/questions/{2**64}/answer",
                f"/agenda/{2**63}/start"):
        assert moderator.post(url).status_code == 404, url
    staff = moderator.client
    for query in (f"assignee={2**63}", f"topic={-2**63 - 1}"):
        response = staff.get(f"/api/f/{CODE}/questions?{query}")
        assert response.status_code == 200 and response.get_json() == [], query
    _refused(staff.get(f"/api/f/{CODE}/questions?q=h%00c"))
    question = phone.question("Câu hỏi để gộp")
    for action, body in (("merge", {"into": 2**40}), ("assign", {"assignee_id": 2**40}),
                         ("assign", {"assignee_id": True}), ("merge", {"into": True})):
        _refused(moderator.act(question, action, **body))
    surrogate = limited.post(f"/api/f/{CODE}/questions", data=b'{"text": "a", "client_key": '
                             b'"abcd\\udfffefgh"}', content_type="application/json")
    _refused(surrogate)
