"""The real server for tests: `python -m live` (eventlet) in a subprocess on a free loopback
port, with its own SQLite database, killed with SIGKILL and started again on the same port.
Used by test_server.py (requests and python-socketio) and test_browser.py (Chromium)."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: the demo forum: the real server is `python -m live` on an empty database, whose first start
#: seeds it (FORUM_SEED), as on the venue laptop; the in-process tests have their own forum
CODE = "thuan-an-2018"
ADMIN_PASSWORD = "server-admin-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `python -m live` process at a time, on 127.0.0.1:<port>, logging to server.log
    in `directory` (where its database lives too)."""

    def __init__(self, directory, **env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, DATABASE_URL=f"sqlite:///{directory / 'forum.db'}",
                        SECRET_KEY="server-test", ADMIN_PASSWORD=ADMIN_PASSWORD,
                        HOST="127.0.0.1", PORT=str(self.port), ASYNC_MODE="eventlet",
                        PYTHONUNBUFFERED="1")
        for name in ("PUBLIC_URL", "MESSAGE_QUEUE", "FORUM_SEED", "ACCESS_LOG"):
            self.env.pop(name, None)
        self.env.update(env)
        self.log_path = directory / "server.log"
        self.log = open(self.log_path, "ab")
        self.process = None

    def start(self, timeout: float = 30):
        patcher = sys.modules.get("eventlet.patcher")
        assert not (patcher and patcher.is_monkey_patched("thread")), (
            "this test process was patched by eventlet (a test imported live.__main__?): "
            "its clients' threads are green threads now, and closing a socket would hang")
        self.process = subprocess.Popen([sys.executable, "-m", "live"], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited; see {self.log_path}"
            try:
                if requests.get(f"{self.base}/api/f/{CODE}/state", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
            except requests.Timeout:
                pass
        raise AssertionError(f"the server did not answer within {timeout:.0f} s")

    def kill(self):
        """SIGKILL: no chance to close sockets or finish writes, as a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process:
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if not self.log.closed:
            self.log.close()


def staff_session(base) -> tuple[requests.Session, str]:
    """A requests session logged in as admin through the login form, and its CSRF token."""
    session = requests.Session()
    login = session.get(f"{base}/login", timeout=5).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    response = session.post(f"{base}/login", data={
        "username": "admin", "password": ADMIN_PASSWORD, "csrf_token": token}, timeout=5)
    assert response.ok
    console = session.get(f"{base}/f/{CODE}/moderate", timeout=5).text
    return session, re.search(r'<meta name="csrf-token" content="([^"]+)"', console).group(1)


#: where to create (and drop) scratch databases for the PostgreSQL variants
PG_ADMIN_URL = (os.environ.get("TEST_DATABASE_URL", "")
                if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
                else "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def scratch_postgres(prefix: str):
    """A fresh PostgreSQL database's URL, dropped afterwards (with FORCE: a server killed with
    SIGKILL may leave connections behind); the test is skipped when no server answers."""
    import pytest

    psycopg = pytest.importorskip("psycopg")
    from sqlalchemy.engine import make_url

    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {error}".strip())
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
