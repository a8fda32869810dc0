"""Fixtures: a fresh migrated database per test, the app, clients, the forum, and the people
who act in it (a `Phone`, a `Moderator` that speaks every verb of the API).

Migrations run once per session into a template database, which also gets the staff user
`admin` (as on a first start) and the default forum, built by `make_forum(**FORUM)`
(tests/factories.py); each test gets its own copy, so every test starts from the real schema
(migrations, triggers, partial indexes) and its own forum without paying for Alembic or the
inserts each time. The seeded demo forum is not in it: tests/test_seed.py asks for a first
start with the seed (`demo_db_path`). SQLite by default; with TEST_DATABASE_URL pointing at a
PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test) every test gets its own
database there, created from a migrated template database."""
import contextvars
from contextlib import contextmanager
import itertools
import os
import re
import shutil

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from live import create_app
from live.core import database
from live.core.config import normalize_url
from live.core.extensions import db, socketio
from models import Assignee, Forum, Question
from tests.factories import FORUM, make_forum, make_token, make_user, unit_of  # noqa: F401

ADMIN_PASSWORD = "admin-password-1"


PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")


def _config(where) -> dict:
    """App config for a test database: a SQLite file path or a database URL."""
    url = normalize_url(str(where)) if "://" in str(where) else f"sqlite:///{where}"
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "ASYNC_MODE": "threading",
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "FORUM_SEED": True,
        "PUBLIC_URL": None,
        "MESSAGE_QUEUE": None,
        "RATELIMIT_ENABLED": False,  # tests/test_limits.py turns them on
    }


class Postgres:
    """Create and drop databases on the PostgreSQL server of TEST_DATABASE_URL."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(normalize_url(url))
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.names = (f"forum_test_{os.getpid()}_{n}" for n in itertools.count())

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'
                                    + (f' TEMPLATE "{template}"' if template else "")))
        return self.url(name)

    def drop(self, name: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres():
    if not ON_POSTGRES:
        yield None
        return
    server = Postgres(PG_URL)
    yield server
    server.admin.dispose()


#: the hash tests give passwords: the real one (werkzeug's scrypt, ~70 ms a hash and a check)
#: paid for every login of every test was a third of the suite's time. The real server the
#: server/browser tests start, and production, hash with werkzeug's default.
CHEAP_HASH = "pbkdf2:sha256:1000"


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes():
    import functools

    import models.user
    from werkzeug.security import generate_password_hash

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(models.user, "generate_password_hash",
                      functools.partial(generate_password_hash, method=CHEAP_HASH))
        yield


def _first_start(postgres, tmp_path_factory, name: str, *, seed: bool):
    """A database as the first start leaves it (migrated, the `admin` user, the demo forum if
    `seed`): its PostgreSQL database name, or its SQLite file."""
    if postgres is not None:
        name = f"{name}_{os.getpid()}"
        where = postgres.create(name)
    else:
        where = tmp_path_factory.mktemp(name) / "forum.db"
    app = create_app(dict(_config(where), FORUM_SEED=seed))
    database.prepare(app, quiet=True)
    with app.app_context():
        if not seed:
            make_forum(**FORUM)
        db.session.remove()
        db.engine.dispose()
    return name if postgres is not None else where


@pytest.fixture(scope="session")
def template_db(tmp_path_factory, postgres, cheap_password_hashes):
    """The migrated database every test copies: `admin` and the default forum (FORUM)."""
    where = _first_start(postgres, tmp_path_factory, "forum_template", seed=False)
    yield where
    if postgres is not None:
        postgres.drop(where)


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory, postgres, cheap_password_hashes):
    """A first start with the seed (FORUM_SEED): `admin` and the demo forum, nothing else.
    Built only for the tests that ask for it (those about the seed itself)."""
    where = _first_start(postgres, tmp_path_factory, "demo_template", seed=True)
    yield where
    if postgres is not None:
        postgres.drop(where)


def _copy(template, tmp_path, postgres):
    if postgres is not None:
        name = next(postgres.names)
        yield postgres.create(name, template=template)
        postgres.drop(name)
        return
    path = tmp_path / "forum.db"
    shutil.copy(template, path)
    yield path


@pytest.fixture
def db_path(template_db, tmp_path, postgres):
    """Where this test's own database is: a SQLite file, or a PostgreSQL URL."""
    yield from _copy(template_db, tmp_path, postgres)


@pytest.fixture
def demo_db_path(demo_template_db, tmp_path, postgres):
    """This test's own copy of a first start with the demo forum; a module that is about the
    seed overrides `db_path` with it."""
    yield from _copy(demo_template_db, tmp_path, postgres)


class IsolatedClient(FlaskClient):
    """Each request in a fresh context, as in a real server: its own app context, `g` and
    database session, not the test's (Flask would otherwise reuse the test's app context)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


class IsolatedSocketClient:
    """Flask-SocketIO's test client, with each call in a fresh context (see IsolatedClient)."""

    def __init__(self, app, **kwargs):
        self._client = contextvars.Context().run(socketio.test_client, app, **kwargs)

    def emit(self, *args, **kwargs):
        return contextvars.Context().run(self._client.emit, *args, **kwargs)

    def disconnect(self, *args, **kwargs):
        return contextvars.Context().run(self._client.disconnect, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._client, name)


@contextmanager
def running_app(db_path, **config):
    """The app on this test's database, its context pushed; its connections closed after."""
    from live.screens import broadcast

    broadcast.reset()
    app = create_app({**_config(db_path), **config})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    broadcast.reset()  # the next test's database has the same ids


@contextmanager
def rate_limited_app(db_path, **limits):
    """The app with its rate limits on (RATELIMIT_* settings as given), counting from zero."""
    from live.core.limits import limiter

    with running_app(db_path, RATELIMIT_ENABLED=True, **limits) as app:
        limiter.reset()
        yield app
    limiter.reset()


@pytest.fixture
def app(db_path) -> Flask:
    with running_app(db_path) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def forum(app) -> Forum:
    """The test's forum: FORUM (tests/factories.py), live, with its day's 11 items and the
    leaders and units who answer; built once into the template, so each test has its own."""
    return db.session.scalar(select(Forum).where(Forum.code == FORUM["code"]))


@pytest.fixture
def demo_forum(app) -> Forum:
    """The seeded demo forum, for the tests about the seed (their module's `db_path` is the
    `demo_db_path` of a first start with FORUM_SEED)."""
    from live.seed import DEMO_CODE

    return db.session.scalar(select(Forum).where(Forum.code == DEMO_CODE))


class Phone:
    """An attendee's phone talking to the public API."""

    def __init__(self, client, forum: Forum):
        self.client, self.code = client, forum.code

    def ask(self, text: str, **fields):
        response = self.client.post(f"/api/f/{self.code}/questions", json={"text": text, **fields})
        return response

    def question(self, text: str = "Học phí năm học mới có tăng không?", **fields) -> Question:
        response = self.ask(text, **fields)
        assert response.status_code in (200, 201), response.get_json()
        return db.session.get(Question, response.get_json()["id"])


def _id(thing) -> int | None:
    """The id of a question, assignee or topic, or the id itself (None stays None)."""
    return thing if thing is None or isinstance(thing, int) else thing.id


class Moderator:
    """A staff member acting through the API with a logged-in browser session and CSRF.

    Every verb of the forum is a method that expects success (200) and returns the JSON,
    after which the test's session reads the database afresh: the question's moves (approve,
    reject, restore, assign, topics, edit, merge, merge_many, show, hide, answer, publish,
    defer, explain, bulk), the queue's (order, make_next), the agenda's (next_item,
    start_item), the forum's (phase, hall_only, speaker_timer), and the staff intake
    (`type_in`). To look at a refusal, `act` (a question's action) and `post` (any path under
    /api/f/<code>) return the raw response. Any staff account logs in (`username`,
    `password`): a unit account's verb is `explain`."""

    def __init__(self, client, forum: Forum, username="admin", password=ADMIN_PASSWORD):
        self.client, self.forum = client, forum
        login_page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
        response = client.post("/login", data={"username": username, "password": password,
                                               "csrf_token": token.group(1)})
        assert response.status_code == 302, response.get_data(as_text=True)
        page = client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
        if found is None:  # a unit account has no console: its page's forms carry the token
            page = client.get(f"/f/{forum.code}/unit").get_data(as_text=True)
            found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        self.csrf = found.group(1)

    def on(self, forum: Forum) -> "Moderator":
        """The same person, logged in already, acting on another forum."""
        other = object.__new__(Moderator)
        other.client, other.forum, other.csrf = self.client, forum, self.csrf
        return other

    # -- the raw calls --------------------------------------------------------------------

    def post(self, path: str, json=None):
        return self.client.post(f"/api/f/{self.forum.code}{path}", json=json or {},
                                headers={"X-CSRFToken": self.csrf})

    def get(self, path: str, **query):
        return self.client.get(f"/api/f/{self.forum.code}{path}", query_string=query)

    def act(self, question, action: str, **body):
        return self.post(f"/questions/{_id(question)}/{action}", json=body)

    def ok(self, response) -> dict:
        """A call that must succeed: its JSON, the test's session then reading afresh."""
        assert response.status_code == 200, (response.status_code, response.get_json())
        db.session.expire_all()
        return response.get_json()

    def do(self, question, action: str, **body) -> dict:
        return self.ok(self.act(question, action, **body))

    def _do(self, question, action: str, **body) -> dict:
        """`do` without the fields left out (None): the API reads a missing one as None."""
        return self.do(question, action, **{k: v for k, v in body.items() if v is not None})

    # -- a question's moves -----------------------------------------------------------------

    def approve(self, q, **body):
        return self.do(q, "approve", **body)

    def reject(self, q, reason: str | None = None, **body):
        return self._do(q, "reject", reason=reason, **body)

    def restore(self, q, **body):
        return self.do(q, "restore", **body)

    def assign(self, q, assignee, prepare_by: str | None = None, **body):
        """Give the question to a leader or unit (an Assignee or its id; None takes it back)."""
        return self.do(q, "assign", assignee_id=_id(assignee),
                       **({"prepare_by": prepare_by} if prepare_by else {}), **body)

    def topics(self, q, topics: list, **body):
        return self.do(q, "topics", topic_ids=[_id(t) for t in topics], **body)

    def edit(self, q, text: str, **body):
        return self.do(q, "edit", text=text, **body)

    def merge(self, q, into, **body):
        """Merge `q` (the duplicate) into `into` (the question that stays)."""
        return self.do(q, "merge", into=_id(into), **body)

    def merge_many(self, into, questions: list):
        return self.ok(self.post(f"/questions/{_id(into)}/merge-many",
                                 json={"ids": [_id(q) for q in questions]}))

    def show(self, q, **body):
        return self.do(q, "show", **body)

    def hide(self, q, **body):
        return self.do(q, "hide", **body)

    def answer(self, q, note: str | None = None, **body):
        return self._do(q, "answer", note=note, **body)

    def publish(self, q, **body):
        return self.do(q, "publish", **body)

    def defer(self, q, assignee=None, due: str | None = None, referred_to: str | None = None,
              **body):
        """To a unit with a due date for the written reply, or referred elsewhere."""
        return self._do(q, "defer", assignee_id=_id(assignee), due=due, referred_to=referred_to,
                        **body)

    def explain(self, q, text: str, **body):
        """A unit's explanation (giải trình) of a question assigned to it."""
        return self.do(q, "explain", text=text, **body)

    def bulk(self, action: str, questions: list):
        return self.ok(self.post("/questions/bulk",
                                 json={"action": action, "ids": [_id(q) for q in questions]}))

    # -- the queue, the agenda, the forum ------------------------------------------------

    def order(self, questions: list):
        """The running order of the approved questions, first first."""
        return self.ok(self.post("/queue/order", json={"order": [_id(q) for q in questions]}))

    def make_next(self, question):
        """Make an approved question the next to show; None clears the slot."""
        return self.ok(self.post("/queue/next", json={"question_id": _id(question)}))

    def next_item(self):
        return self.ok(self.post("/agenda/next"))

    def start_item(self, position: int):
        return self.ok(self.post(f"/agenda/{position}/start"))

    def phase(self, phase: str):
        """Move the forum to `phase` (draft, collecting, live, closed)."""
        return self.ok(self.post("/phase", json={"phase": phase}))

    def hall_only(self, on: bool = True):
        return self.ok(self.post("/settings", json={"hall_only": on}))

    def speaker_timer(self, seconds: int):
        """Start the speaker's countdown; 0 stops it."""
        return self.ok(self.post("/timers/speaker", json={"seconds": seconds}))

    # -- the staff intake and the reads ----------------------------------------------------

    def type_in(self, text: str, channel: str = "suggestion_box", **fields) -> Question:
        """A letter, call or floor question typed by staff (`POST .../questions` with a
        channel; `received_on`, name, ... as fields); the stored question."""
        response = self.post("/questions", json={"text": text, "channel": channel, **fields})
        assert response.status_code == 201, response.get_json()
        return db.session.get(Question, response.get_json()["id"])

    def queue(self, **query) -> list[dict]:
        """The staff queue (`GET .../questions`, filtered by status, q, topic, ...)."""
        response = self.get("/questions", **query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()


#: how `make_question` brings a new question to each state, through the moderator's verbs
_TO_STATE = {
    "new": lambda m, q, f: None,
    "queued": lambda m, q, f: m.approve(q),
    "rejected": lambda m, q, f: m.reject(q),
    "on_screen": lambda m, q, f: (m.approve(q), m.show(q)),
    "answered": lambda m, q, f: (m.approve(q), m.answer(q, "Đã trả lời tại Diễn đàn.")),
    "deferred": lambda m, q, f: (m.approve(q), m.defer(q, unit_of(f), "2024-10-15")),
    "merged": lambda m, q, f: m.merge(q, Phone(m.client, f).question("Câu hỏi giữ lại")),
}


def make_question(moderator: Moderator, state: str = "new",
                  text: str = "Học phí năm học mới có tăng không?", **fields) -> Question:
    """A question asked from a phone and brought to `state` by the moderator's verbs, as on
    the day (so the state machine and the record see every move): new, queued, rejected,
    on_screen, answered, deferred (to the forum's last unit, due 15/10/2024), merged (into a
    new queued-to-be question). `fields` go with the question (name, affiliation, ...)."""
    forum = moderator.forum
    phone = Phone(moderator.client.application.test_client(), forum)
    question = phone.question(text, **fields)
    _TO_STATE[state](moderator, question, forum)
    db.session.refresh(question)
    assert question.status == state, (question.status, state)
    return question


def login(app, forum: Forum, role: str, username: str | None = None, *,
          password: str = "staff-password-1", assignee: Assignee | None = None,
          forum_only: bool = False) -> Moderator:
    """A new staff account of `role` logged in on its own browser: a unit account belongs
    to `assignee` (by default the forum's last unit); `forum_only` ties it to this forum."""
    if role == "unit" and assignee is None:
        assignee = unit_of(forum)
    make_user(username or f"{role}-{forum.code}", role, password,
              forum=forum if forum_only else None, assignee=assignee)
    return Moderator(app.test_client(), forum, username or f"{role}-{forum.code}", password)


@pytest.fixture
def phone(client, forum) -> Phone:
    return Phone(client, forum)


@pytest.fixture
def moderator(app, forum) -> Moderator:
    """The `admin` account's browser on the forum's console."""
    return Moderator(app.test_client(), forum)


@pytest.fixture
def staff(app, forum):
    """Log in a new account of a role on the forum: `staff("secretary")`, `staff("unit")`."""
    return lambda role, **kwargs: login(app, forum, role, **kwargs)


@pytest.fixture
def socket_client(app, forum):
    """Make Flask-SocketIO test clients for the hall or for staff (of the test's forum unless
    another code is given; `queue="delta"` for a console that takes the queue's changes)."""
    made = []

    def connect(code=None, *, flask_client=None, role=None, queue=None):
        query = (f"forum={code or forum.code}" + (f"&role={role}" if role else "")
                 + (f"&queue={queue}" if queue else ""))
        client = IsolatedSocketClient(app, query_string=query, flask_test_client=flask_client)
        made.append(client)
        return client

    yield connect
    for client in made:
        if client.is_connected():
            client.disconnect()
