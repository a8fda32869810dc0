"""Several server processes (CONTRACT.md, "Start": MESSAGE_QUEUE): two real `python -m live`
processes on two loopback ports, one PostgreSQL database (created here and dropped after) and
Redis as the message queue between them. A moderator acts on process A; the phones on process
B get each change, and a question sent through B reaches the consoles on A (as a whole queue,
and as a delta that B pushed).

Skipped, saying why, when Redis or PostgreSQL does not answer. Every process started here is
stopped by the fixtures (SIGTERM, then SIGKILL)."""
import os
import threading
import time

import pytest
import requests

from realserver import CODE, Server, scratch_postgres, staff_session

socketio = pytest.importorskip("socketio", reason="python-socketio[client] is a test extra")

pytestmark = [pytest.mark.server, pytest.mark.slow]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis", reason="Flask-SocketIO's Redis queue needs `redis`")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def postgres_url():
    with scratch_postgres("scaleout") as url:
        yield url


@pytest.fixture
def servers(tmp_path, redis_url, postgres_url):
    """Processes A and B on one database and one message queue."""
    started = []
    try:
        for name in ("a", "b"):
            directory = tmp_path / name
            directory.mkdir()
            server = Server(directory, DATABASE_URL=postgres_url, MESSAGE_QUEUE=redis_url)
            started.append(server)
            server.start()  # one after the other: A migrates and seeds, B finds it done
        yield started
    finally:
        for server in started:
            server.stop()


class Client:
    """A python-socketio client as a phone (or, with a staff cookie, the console) connects;
    keeps every `state`, `queue` and `queue_delta` it gets (`queue="delta"`: the console's)."""

    def __init__(self, base: str, cookie: str | None = None, role: str | None = None,
                 queue: str | None = None):
        self.events: list[tuple[str, dict]] = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        for kind in ("state", "queue", "queue_delta"):
            self.client.on(kind, lambda data, kind=kind: self._add(kind, data))
        role = role or ("staff" if cookie else None)
        query = (f"forum={CODE}" + (f"&role={role}" if role else "")
                 + (f"&queue={queue}" if queue else ""))
        # a function, not a dict: python-engineio drops a Cookie header given in a dict when it
        # upgrades to WebSocket
        headers = (lambda: {"Cookie": cookie}) if cookie else {}
        self.client.connect(f"{base}?{query}", headers=headers, wait_timeout=10)

    def _add(self, kind: str, data: dict) -> None:
        with self.changed:
            self.events.append((kind, data))
            self.changed.notify_all()

    def wait_for(self, kind: str, predicate, timeout: float = 10.0) -> dict:
        """The newest `kind` event so far that satisfies predicate, waiting for one."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for got, data in reversed(self.events):
                    if got == kind and predicate(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    last = [data for got, data in self.events if got == kind][-1:]
                    raise AssertionError(f"no matching {kind} within {timeout} s; last: {last}")
                self.changed.wait(left)

    def close(self) -> None:
        self.client.disconnect()


def on_screen(state: dict) -> int | None:
    return (state["on_screen"] or {}).get("id")


def hall(base: str) -> dict:
    with requests.get(f"{base}/api/f/{CODE}/state", timeout=10) as response:
        assert response.ok, response.text
        return response.json()


def test_a_change_on_one_process_reaches_phones_on_the_other(servers):
    a, b = servers
    session, csrf = staff_session(a.base)

    def act(base: str, path: str) -> None:
        response = session.post(f"{base}/api/f/{CODE}{path}", json={}, timeout=10,
                                headers={"X-CSRFToken": csrf})
        assert response.status_code == 200, (path, response.status_code, response.text)

    clients = []
    try:
        phone_b = Client(b.base)
        phone_a = Client(a.base)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        console_a = Client(a.base, cookie=cookie)
        deltas_a = Client(a.base, cookie=cookie, queue="delta")
        clients += [phone_b, phone_a, console_a, deltas_a]
        for client in (phone_b, phone_a):
            assert client.wait_for("state", lambda s: True) == hall(a.base)

        # A question sent through B: the console on A has it, the phones on both count it.
        sent = requests.post(f"{b.base}/api/f/{CODE}/questions", timeout=10, json={
            "text": "Trường có tổ chức bán trú cho học sinh lớp 1 không?",
            "client_key": "scaleout-key-1"})
        assert sent.status_code == 201, sent.text
        qid = sent.json()["id"]
        console_a.wait_for("queue", lambda q: qid in [x["id"] for x in q["questions"]])
        # B pushed the delta of its own commit; it reached the console on A through Redis
        delta = deltas_a.wait_for("queue_delta", lambda d: qid in [x["id"] for x in d["questions"]])
        assert [x["id"] for x in delta["questions"]] == [qid]
        for client in (phone_a, phone_b):
            client.wait_for("state", lambda s: s["counts"]["new"] == 1)

        # The moderator acts on A; the phone on B follows each change.
        act(a.base, f"/questions/{qid}/approve")
        act(a.base, "/agenda/7/start")
        asked = time.monotonic()
        act(a.base, f"/questions/{qid}/show")
        state = phone_b.wait_for("state", lambda s: on_screen(s) == qid
                                 and s["current_item"] == 7)
        across = time.monotonic() - asked
        assert state["on_screen"]["text"].startswith("Trường có tổ chức bán trú")
        assert state == hall(a.base) == hall(b.base)
        phone_a.wait_for("state", lambda s: s == state)

        # ... and the other way round: the same session acts through B, the phone on A sees it.
        act(b.base, f"/questions/{qid}/hide")
        hidden = phone_a.wait_for("state", lambda s: on_screen(s) is None and s["seq"] >
                                  state["seq"])
        assert hidden == hall(a.base) == hall(b.base)
        phone_b.wait_for("state", lambda s: s == hidden)
        console_a.wait_for("queue", lambda q: {x["id"]: x["status"] for x in q["questions"]}
                           == {qid: "queued"})
        deltas_a.wait_for("queue_delta", lambda d: {x["id"]: x["status"] for x in d["questions"]}
                          == {qid: "queued"})
        assert [kind for kind, _ in deltas_a.events if kind.startswith("queue")].count(
            "queue") == 1, "the delta console got the whole queue on connect only"
    finally:
        for client in clients:
            client.close()
        session.close()
    for server in (a, b):
        log = server.log_path.read_text(errors="replace")
        assert "Traceback" not in log, log[-3000:]
    print(f"\n[scaleout] shown on A, on the screen of a phone on B after {across * 1000:.0f} ms")


def phone(base: str) -> Client:
    """A phone that opened the attendee page (its device cookie), then its live connection."""
    with requests.get(f"{base}/f/{CODE}", timeout=10) as page:
        assert page.ok
        device = page.cookies["device"]
    return Client(base, cookie=f"device={device}", role="phone")


def test_the_peak_of_phones_counts_both_processes(servers):
    """Two phones on A, three on B: the forum's peak is five (Redis sums the processes)."""
    a, b = servers
    session, _ = staff_session(a.base)
    phones = []
    try:
        phones = [phone(a.base) for _ in range(2)] + [phone(b.base) for _ in range(3)]
        deadline = time.monotonic() + 15
        while True:
            with session.get(f"{a.base}/f/{CODE}/record.json", timeout=10) as response:
                record = response.json()
            if record["peak_phones"] == 5 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert record["peak_phones"] == 5, record["peak_phones"]
        assert record["peak_at"]
    finally:
        for client in phones:
            client.close()
        session.close()
