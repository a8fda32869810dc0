"""Fixtures: a fresh migrated database per test, the app, clients, and forum factories.

Migrations run once per session into a template database; each test gets its own copy, so
every test starts from the real schema (migrations, triggers, partial indexes) without
paying for Alembic each time. SQLite by default; with TEST_DATABASE_URL pointing at a
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
from models import ApiToken, AgendaItem, Assignee, Forum, Question, User

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


@pytest.fixture(scope="session")
def template_db(tmp_path_factory, postgres, cheap_password_hashes):
    if postgres is not None:
        name = f"forum_template_{os.getpid()}"
        where = postgres.create(name)
    else:
        name = None
        where = tmp_path_factory.mktemp("template") / "forum.db"
    app = create_app(_config(where))
    database.prepare(app, quiet=True)
    with app.app_context():
        db.engine.dispose()
    yield name or where
    if postgres is not None:
        postgres.drop(name)


@pytest.fixture
def db_path(template_db, tmp_path, postgres):
    """Where this test's own database is: a SQLite file, or a PostgreSQL URL."""
    if postgres is not None:
        name = next(postgres.names)
        yield postgres.create(name, template=template_db)
        postgres.drop(name)
        return
    path = tmp_path / "forum.db"
    shutil.copy(template_db, path)
    yield path


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
    app = create_app({**_config(db_path), **config})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


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
    return db.session.scalar(select(Forum).where(Forum.code == "thuan-an-2018"))


def make_forum(code: str = "other-forum", items: int = 3, **fields) -> Forum:
    """A small forum of its own, for isolation tests."""
    forum = Forum(code=code, title=fields.pop("title", f"Diễn đàn {code}"), **fields)
    forum.agenda = [AgendaItem(position=i, title=f"Mục {i}") for i in range(1, items + 1)]
    forum.assignees = [Assignee(name="Trưởng phòng", title="Phòng GDĐT")]
    db.session.add(forum)
    db.session.commit()
    return forum


def make_user(username: str = "moderator", role: str = "moderator",
              password: str = "moderator-pass-1") -> User:
    user = User(username=username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def make_token(user: User) -> str:
    token, secret = ApiToken.issue(user, "test")
    db.session.add(token)
    db.session.commit()
    return secret


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


class Moderator:
    """A staff member acting through the API with a logged-in browser session and CSRF."""

    def __init__(self, client, forum: Forum, username="admin", password=ADMIN_PASSWORD):
        self.client, self.forum = client, forum
        login_page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
        response = client.post("/login", data={"username": username, "password": password,
                                               "csrf_token": token.group(1)})
        assert response.status_code == 302, response.get_data(as_text=True)
        page = client.get(f"/f/{forum.code}/moderate").get_data(as_text=True)
        self.csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)

    def post(self, path: str, json=None):
        return self.client.post(f"/api/f/{self.forum.code}{path}", json=json or {},
                                headers={"X-CSRFToken": self.csrf})

    def act(self, question, action: str, **body):
        qid = question if isinstance(question, int) else question.id
        return self.post(f"/questions/{qid}/{action}", json=body)

    def do(self, question, action: str, **body) -> dict:
        response = self.act(question, action, **body)
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        return response.get_json()

    def approve(self, q):
        return self.do(q, "approve")

    def show(self, q):
        return self.do(q, "show")

    def next_item(self):
        response = self.post("/agenda/next")
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        return response.get_json()

    def start_item(self, position: int):
        response = self.post(f"/agenda/{position}/start")
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        return response.get_json()


@pytest.fixture
def phone(client, forum) -> Phone:
    return Phone(client, forum)


@pytest.fixture
def moderator(app, forum) -> Moderator:
    return Moderator(app.test_client(), forum)


@pytest.fixture
def socket_client(app):
    """Make Flask-SocketIO test clients for the hall or for staff."""
    made = []

    def connect(code="thuan-an-2018", *, flask_client=None, role=None):
        query = f"forum={code}" + (f"&role={role}" if role else "")
        client = IsolatedSocketClient(app, query_string=query, flask_test_client=flask_client)
        made.append(client)
        return client

    yield connect
    for client in made:
        if client.is_connected():
            client.disconnect()
