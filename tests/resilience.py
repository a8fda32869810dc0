"""The real server for the resilience tests (tests/test_resilience_*.py): `python -m live`
(eventlet) in a subprocess on a free loopback port, killed with SIGKILL and started again on the
same port and database; a moderator on its staff API; Socket.IO listeners that reconnect as the
projector's script does. Its first start seeds the demo forum, which the tests use (CODE).

Everything talks to 127.0.0.1 only; every process started here is stopped by a finalizer
(SIGTERM, then SIGKILL)."""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from realserver import CODE, scratch_postgres  # CODE: the demo forum its first start seeds

socketio = pytest.importorskip("socketio", reason="python-socketio[client] is a test extra")

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "resilience-admin-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`python -m live` in a subprocess; `kill()` is SIGKILL, `start()` again restarts it on
    the same port and database."""

    def __init__(self, where: Path, database_url: str | None = None):
        where.mkdir(parents=True, exist_ok=True)
        self.where = where
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.sqlite_file = None if database_url else where / "forum.db"
        self.database_url = database_url or f"sqlite:///{self.sqlite_file}"
        self.env = dict(os.environ, DATABASE_URL=self.database_url, SECRET_KEY="resilience",
                        ADMIN_PASSWORD=ADMIN_PASSWORD, HOST="127.0.0.1", PORT=str(self.port),
                        ASYNC_MODE="eventlet", PYTHONUNBUFFERED="1", FORUM_SEED="1")
        for name in [*("PUBLIC_URL", "MESSAGE_QUEUE", "ACCESS_LOG", "PROXY_FIX"),
                     *(name for name in self.env if name.startswith("RATELIMIT_"))]:
            self.env.pop(name, None)  # the app's own defaults, rate limits included
        self.log_path = where / "server.log"
        self.log = open(self.log_path, "ab")
        self.process = None

    def start(self, timeout: float = 30) -> float:
        """Start and wait until it answers; returns the monotonic time it first answered."""
        self.process = subprocess.Popen([sys.executable, "-m", "live"], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited:\n{self.log_tail()}"
            try:
                with requests.get(f"{self.base}/api/f/{CODE}/state", timeout=1) as response:
                    if response.ok:
                        return time.monotonic()
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError(f"the server did not answer within {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if not self.log.closed:
            self.log.close()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def tracebacks(self) -> list[str]:
        text = self.log_path.read_text(errors="replace")
        return [chunk[:2000] for chunk in text.split("Traceback (most recent call last)")[1:]]

    def cli(self, *args: str) -> str:
        """`flask --app live ...` on the same database; returns its output."""
        env = dict(self.env, ASYNC_MODE="threading")
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "live", *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"flask {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout.strip()


@pytest.fixture
def start_server(tmp_path):
    """Start real servers; the finalizer stops each (SIGTERM, SIGKILL fallback)."""
    started: list[LiveServer] = []

    def start(database_url: str | None = None) -> LiveServer:
        server = LiveServer(tmp_path / f"server-{len(started)}", database_url)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """None (the server's SQLite file) or a fresh PostgreSQL database, dropped afterwards."""
    if request.param == "sqlite":
        yield None
        return
    # the server fixture (started after this one) has been stopped when the database is dropped
    with scratch_postgres("resilience") as url:
        yield url


class Staff:
    """A moderator on the staff API: a logged-in browser session with its CSRF token, or a
    bearer token issued by the CLI."""

    def __init__(self, base: str, *, token: str | None = None, username: str = "admin",
                 password: str = ADMIN_PASSWORD):
        self.base, self.session = base, requests.Session()
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
            return
        login = self.session.get(f"{base}/login", timeout=5).text
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        response = self.session.post(f"{base}/login", timeout=5, data={
            "username": username, "password": password, "csrf_token": csrf})
        assert response.ok, response.text
        console = self.session.get(f"{base}/f/{CODE}/moderate", timeout=5).text
        self.headers["X-CSRFToken"] = re.search(
            r'<meta name="csrf-token" content="([^"]+)"', console).group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)

    def post(self, path: str, json=None) -> requests.Response:
        return self.session.post(f"{self.base}/api/f/{CODE}{path}", json=json or {},
                                 headers=self.headers, timeout=10)

    def do(self, path: str, json=None) -> dict:
        response = self.post(path, json)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()

    def queue(self, status: str | None = None) -> list[dict]:
        response = self.session.get(f"{self.base}/api/f/{CODE}/questions", timeout=10,
                                    headers=self.headers,
                                    params={"status": status} if status else None)
        assert response.status_code == 200, response.text
        return response.json()

    def close(self) -> None:
        self.session.close()


def ask(base: str, text: str, key: str | None = None) -> int:
    body = {"text": text, **({"client_key": key} if key else {})}
    with requests.post(f"{base}/api/f/{CODE}/questions", json=body, timeout=10) as response:
        assert response.status_code == 201, response.text
        return response.json()["id"]


def hall_state(base: str) -> dict:
    with requests.get(f"{base}/api/f/{CODE}/state", timeout=10) as response:
        assert response.ok, response.text
        return response.json()


class Listener:
    """A python-socketio client as the projector (or, with a staff cookie, the console) would
    connect, with reconnection on and the backoff of static/js/live.js (1 s doubling to 5 s).
    Keeps every `state` and `queue` with the time it came."""

    def __init__(self, base: str, *, cookie: str | None = None, delay: float = 1.0,
                 delay_max: float = 5.0):
        self.base, self.cookie = base, cookie
        self.events: list[tuple[float, str, dict]] = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=True, reconnection_delay=delay,
                                      reconnection_delay_max=delay_max,
                                      randomization_factor=0.5)
        self.client.on("state", lambda data: self._add("state", data))
        self.client.on("queue", lambda data: self._add("queue", data))
        self.refusals: list = []
        self.client.on("connect_error", lambda data: self.refusals.append(data))

    def _add(self, kind: str, data: dict) -> None:
        with self.changed:
            self.events.append((time.monotonic(), kind, data))
            self.changed.notify_all()

    def connect(self) -> None:
        query = f"forum={CODE}" + ("&role=staff" if self.cookie else "")
        # A function, not a dict: python-engineio deletes the Cookie header from the dict it
        # is given when it upgrades to WebSocket, so a reconnection would go without it.
        cookie = self.cookie
        headers = (lambda: {"Cookie": cookie}) if cookie else {}
        self.client.connect(f"{self.base}?{query}", headers=headers, wait_timeout=10)

    def mark(self) -> int:
        with self.changed:
            return len(self.events)

    def wait_for(self, kind: str, predicate, *, after: int = 0, timeout: float = 10.0):
        """(time, data) of the first `kind` event after the first `after` events that
        satisfies predicate."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for at, got, data in self.events[after:]:
                    if got == kind and predicate(data):
                        return at, data
                left = deadline - time.monotonic()
                if left <= 0:
                    last = [data for _, got, data in self.events if got == kind][-1:]
                    raise AssertionError(f"no matching {kind} within {timeout} s; last: {last}; "
                                         f"refused: {self.refusals}")
                self.changed.wait(left)

    def close(self) -> None:
        self.client.shutdown()


@pytest.fixture
def listeners():
    made: list[Listener] = []

    def make(base: str, **options) -> Listener:
        listener = Listener(base, **options)
        made.append(listener)
        listener.connect()
        return listener

    yield make
    for listener in made:
        listener.close()


def on_screen_id(state: dict):
    return (state["on_screen"] or {}).get("id")
