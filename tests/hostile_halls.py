"""The two halls of tests/test_hostile.py, built the same way: one whose questions, names,
affiliations, answers, deferrals, edits and explanations are the payloads of
tests/hostile_corpus.py, one with harmless text of the same shape (each visible character an
"a"); and the reading of a page (`Page`, the browser parser's view) that tells them apart
(`assert_inert`). Also used by tests/test_hostile_refusals.py (`Page`, `CODE`)."""
import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from hostile_corpus import LONGEST, STORED, XSS
from live import create_app
from live.questions import moves as questions
from live.questions import intake
from live.core.extensions import db
from live.core.text import clean
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
    """One app with the test forum (FORUM), filled by `build`; `say` turns what a phone
    types into what this hall sends (the payload itself, or harmless text of its shape)."""

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
