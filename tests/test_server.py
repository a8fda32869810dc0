"""The real server: `python -m live` (eventlet) on a free loopback port, driven with requests
and a python-socketio client, killed with SIGKILL and started again."""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

socketio = pytest.importorskip("socketio", reason="python-socketio[client] is a test extra")

pytestmark = pytest.mark.server
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODE = "thuan-an-2018"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'forum.db'}",
                        SECRET_KEY="server-test", ADMIN_PASSWORD="server-admin-1",
                        HOST="127.0.0.1", PORT=str(self.port), ASYNC_MODE="eventlet",
                        PYTHONUNBUFFERED="1")
        self.env.pop("PUBLIC_URL", None)
        self.env.pop("MESSAGE_QUEUE", None)
        self.log = open(tmp_path / "server.log", "ab")
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, "-m", "live"], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited; see server.log"
            try:
                if requests.get(f"{self.base}/api/f/{CODE}/state", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError("the server did not answer within 30 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def server(tmp_path):
    server = Server(tmp_path)
    server.start()
    yield server
    server.stop()


class Hall:
    """A python-socketio client, as the projector would connect."""

    def __init__(self, base):
        self.states, self.changed = [], threading.Condition()
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                      reconnection_delay_max=1)
        self.client.on("state", self._on_state)
        self.client.connect(f"{base}?forum={CODE}", wait_timeout=10)

    def _on_state(self, state):
        with self.changed:
            self.states.append(state)
            self.changed.notify_all()

    def wait_for(self, predicate, timeout=10.0, after=0):
        """The newest state received after the first `after` ones that satisfies predicate."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for state in reversed(self.states[after:]):
                    if predicate(state):
                        return state
                left = deadline - time.monotonic()
                assert left > 0, f"no matching state; last: {self.states[-1:]}"
                self.changed.wait(left)


def staff_session(base) -> tuple[requests.Session, str]:
    session = requests.Session()
    login = session.get(f"{base}/login", timeout=5).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    response = session.post(f"{base}/login", data={
        "username": "admin", "password": "server-admin-1", "csrf_token": token}, timeout=5)
    assert response.ok
    console = session.get(f"{base}/f/{CODE}/moderate", timeout=5).text
    return session, re.search(r'<meta name="csrf-token" content="([^"]+)"', console).group(1)


def test_the_real_server_end_to_end_and_after_kill_9(server):
    base = server.base
    hall = Hall(base)
    try:
        first = hall.wait_for(lambda s: True)
        assert first["forum"]["code"] == CODE and first["on_screen"] is None

        sent = requests.post(f"{base}/api/f/{CODE}/questions", timeout=5, json={
            "text": "Năm học tới có tăng học phí không?", "name": "Nguyễn Thị H",
            "client_key": "server-key-1"})
        assert sent.status_code == 201
        qid = sent.json()["id"]
        hall.wait_for(lambda s: s["counts"]["new"] == 1)

        staff, csrf = staff_session(base)

        def act(path):
            response = staff.post(f"{base}/api/f/{CODE}{path}", json={}, timeout=5,
                                  headers={"X-CSRFToken": csrf})
            assert response.ok, response.text
            return response

        act("/agenda/7/start")
        act(f"/questions/{qid}/approve")
        started = time.monotonic()
        act(f"/questions/{qid}/show")
        state = hall.wait_for(lambda s: (s["on_screen"] or {}).get("id") == qid, timeout=1.0)
        assert time.monotonic() - started < 1.0
        assert state["current_item"] == 7
        assert state["on_screen"]["asker"]["name"] == "Nguyễn Thị H"

        received = len(hall.states)
        server.kill()
        server.start()
        state = hall.wait_for(lambda s: True, timeout=15, after=received)
        assert state["on_screen"]["id"] == qid and state["current_item"] == 7

        again = requests.post(f"{base}/api/f/{CODE}/questions", timeout=5, json={
            "text": "Năm học tới có tăng học phí không?", "client_key": "server-key-1"})
        assert again.status_code == 200 and again.json()["id"] == qid
    finally:
        hall.client.disconnect()
