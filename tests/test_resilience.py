"""Resilience of the real server (`python -m live`, eventlet, on a free loopback port).

1. A burst of phones submitting while the server is killed with SIGKILL and started again:
   nothing a phone saw acknowledged is lost or doubled, and every phone gets every question in;
   a question and its record entry go in together; a phone resending a question whose reply
   was lost gets its id back, whatever the rate limits.
2. Two moderators acting on one question at once (one wins, the other gets 409), and two
   `show`s at once (never two questions on screen), on SQLite and on PostgreSQL.
3. Socket.IO clients get the right state back by themselves after a kill and restart (also
   after a backup was restored), and a client back from a long disconnection is shown the
   current state on connect.

Everything talks to 127.0.0.1 only; every process started here is stopped by a finalizer
(SIGTERM, then SIGKILL). The tests that start servers are marked `server`."""
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests

from realserver import CODE, scratch_postgres  # CODE: the demo forum its first start seeds

socketio = pytest.importorskip("socketio", reason="python-socketio[client] is a test extra")

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "resilience-admin-1"


# --- the real server ---------------------------------------------------------------------


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


# --- 1. nothing acknowledged is lost or doubled -------------------------------------------

#: 60 phones x 5 questions: each phone stays within the app's own per-device limit
#: (RATELIMIT_SUBMIT_DEVICE, 6 a minute), so every refusal would be a fault, not a limit.
PHONES, PER_PHONE = 60, 5
KEY_IN_TEXT = re.compile(r"\[(res-[0-9a-f]{8}-\d{2}-\d{2})\]")


@pytest.mark.server
@pytest.mark.slow
def test_nothing_acknowledged_is_lost_or_doubled_across_a_kill_9(start_server, listeners):
    server = start_server()
    run = uuid.uuid4().hex[:8]
    url = f"{server.base}/api/f/{CODE}/questions"
    total = PHONES * PER_PHONE
    baseline = hall_state(server.base)["counts"]["total"]
    projector = listeners(server.base)

    lock = threading.Lock()
    acks: dict[str, dict] = {}  # client_key -> {"id", "status", "attempts", "before_kill"}
    in_flight: set[str] = set()
    problems: list[str] = []  # anything a phone should never see
    retried = Counter()  # why phones had to send again
    killed = threading.Event()
    deadline = time.monotonic() + 45

    def phone(n: int, session: requests.Session) -> None:
        try:
            for i in range(PER_PHONE):
                key = f"res-{run}-{n:02d}-{i:02d}"
                body = {"text": f"Phụ huynh {n + 1} hỏi lần {i + 1}: học phí năm tới? [{key}]",
                        "name": f"Phụ huynh {n + 1}", "affiliation": "Phường Lái Thiêu",
                        "client_key": key}
                attempts = 0
                while True:
                    if time.monotonic() > deadline:
                        problems.append(f"{key}: never acknowledged")
                        return
                    attempts += 1
                    with lock:
                        in_flight.add(key)
                    try:
                        response = session.post(url, json=body, timeout=(1, 5))
                    except requests.RequestException as error:
                        response = None
                        with lock:
                            retried[type(error).__name__] += 1
                    finally:
                        with lock:
                            in_flight.discard(key)
                    if response is not None:
                        status = response.status_code
                        data = response.json() if response.headers.get(
                            "Content-Type", "").startswith("application/json") else {}
                        response.close()
                        if status in (200, 201) and isinstance(data.get("id"), int):
                            if data.get("client_key") != key:
                                problems.append(f"{key}: acknowledged with {data}")
                            if status == 200 and attempts == 1:
                                problems.append(f"{key}: 200 (a copy) on the first send")
                            with lock:
                                acks[key] = {"id": data["id"], "status": status,
                                             "attempts": attempts,
                                             "before_kill": not killed.is_set()}
                            break
                        with lock:
                            retried[status] += 1
                        if status == 429:  # limited: wait as told, then send the same again
                            pause = float(response.headers.get("Retry-After") or 1)
                            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
                        else:
                            problems.append(f"{key}: {status} {data}")
                    time.sleep(0.05 + random.random() * 0.1)
        except Exception as error:  # noqa: BLE001 - reported by the test, not the thread
            problems.append(f"phone {n}: {error!r}")
        finally:
            session.close()

    sessions = [requests.Session() for _ in range(PHONES)]
    try:
        for session in sessions:  # a phone opens the page first, which gives it its device id
            with session.get(f"{server.base}/f/{CODE}", timeout=5) as page:
                assert page.ok and "device" in session.cookies
    except BaseException:
        for session in sessions:
            session.close()
        raise
    threads = [threading.Thread(target=phone, args=(n, session), daemon=True)
               for n, session in enumerate(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()

    # SIGKILL in the middle of the burst, then start again on the same database.
    while len(acks) < total * 0.4 and time.monotonic() < started + 20:
        time.sleep(0.002)
    with lock:
        killed.set()
        acked_before_kill, flying_at_kill = len(acks), len(in_flight)
    server.kill()
    killed_at = time.monotonic()
    back_at = server.start()

    for thread in threads:
        thread.join(max(1.0, deadline + 5 - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "a phone is still sending"
    burst = time.monotonic() - started

    assert problems == [], problems[:20]
    assert len(acks) == total, f"{total - len(acks)} questions never acknowledged"
    ids = [ack["id"] for ack in acks.values()]
    assert len(set(ids)) == total, "two client_keys were acknowledged with the same id"
    assert 0 < acked_before_kill < total, "the kill did not land in the middle of the burst"

    # The server's view, through the staff API (a token issued by the CLI).
    secretary = Staff(server.base, token=server.cli("token", "issue", "admin",
                                                    "--name", "resilience check"))
    try:
        stored = {}
        for question in secretary.queue():
            found = KEY_IN_TEXT.search(question["original_text"])
            if found and found.group(1).startswith(f"res-{run}-"):
                assert found.group(1) not in stored, f"{found.group(1)} stored twice"
                stored[found.group(1)] = question["id"]
        assert stored == {key: ack["id"] for key, ack in acks.items()}

        # Every question sent again with its key makes no copy (sent with the staff token,
        # which the per-phone rate limits leave alone; see the replay test below).
        for key, ack in acks.items():
            with secretary.session.post(url, json={"text": "lại lần nữa", "client_key": key},
                                        headers=secretary.headers, timeout=5) as response:
                assert (response.status_code, response.json()["id"]) == (200, ack["id"]), key
    finally:
        secretary.close()

    # The projector, connected through it all, came back by itself and counts them all.
    projector.wait_for("state", lambda s: s["counts"]["total"] == baseline + total,
                       after=0, timeout=10)

    # And the database itself, read directly once the server is stopped.
    server.stop()
    with sqlite3.connect(server.sqlite_file) as database:
        rows = database.execute(
            "SELECT client_key, id, original_text FROM questions WHERE client_key LIKE ?",
            (f"res-{run}-%",)).fetchall()
        submits = Counter(question_id for (question_id,) in database.execute(
            "SELECT question_id FROM record_entries WHERE action = 'question.submit'"))
    database.close()
    keys = Counter(key for key, _, _ in rows)
    duplicates = {key: n for key, n in keys.items() if n > 1}
    lost = set(acks) - set(keys)
    assert duplicates == {} and lost == set()
    assert {key: qid for key, qid, _ in rows} == {key: ack["id"] for key, ack in acks.items()}
    assert all(f"[{key}]" in text for key, _, text in rows)
    # The record has each submission exactly once.
    wrong = {ack["id"]: submits[ack["id"]] for ack in acks.values() if submits[ack["id"]] != 1}
    assert wrong == {}, "question id -> how many times the record has its submission"

    statuses = Counter(ack["status"] for ack in acks.values())
    after_lost_reply = sum(1 for ack in acks.values() if ack["status"] == 200)
    print(f"\n[resilience] {PHONES} phones x {PER_PHONE} questions = {total} submissions; "
          f"{acked_before_kill} acknowledged before SIGKILL, {flying_at_kill} in flight at the "
          f"kill; server back after {back_at - killed_at:.2f} s; all {len(acks)} acknowledged "
          f"in {burst:.1f} s (201: {statuses[201]}, 200 for a copy whose reply was lost: "
          f"{after_lost_reply}); resends: {dict(retried)}; duplicates={len(duplicates)} "
          f"lost={len(lost)}")


def test_a_question_and_its_record_entry_are_stored_together(client, forum, monkeypatch):
    """What the kill in the test above can hit, made certain: the server stops after the
    question is written and before its record entry is. Nothing was acknowledged, so nothing
    may be stored; on the next start the phone sends it again. (On SQLite a savepoint that
    opens the transaction commits on its RELEASE: pysqlite begins transactions only before
    INSERT/UPDATE/DELETE.)"""
    from sqlalchemy import select

    from live import record
    from live.extensions import db
    from models import Question

    def power_cut(*args, **kwargs):
        raise RuntimeError("the server stops here")

    monkeypatch.setattr(record, "log", power_cut)
    with pytest.raises(RuntimeError):
        client.post(f"/api/f/{forum.code}/questions",
                    json={"text": "Học phí năm nay bao nhiêu?", "client_key": "power-cut-01"})
    db.session.remove()
    assert db.session.scalar(select(Question).where(Question.client_key == "power-cut-01")) \
        is None, "a question was stored without its record entry"


@pytest.mark.server
@pytest.mark.slow
def test_a_phone_resending_a_question_whose_reply_was_lost_gets_its_id_not_429(start_server):
    """The contract: the same client_key again -> 200 with the same id. A phone whose reply
    was lost on the hall Wi-Fi sends the same question again; it is not a new question, so
    the limit on new questions must not refuse it (static/js/attendee.js takes any 4xx as a
    refusal: it would drop the question and the person would type it again, as a copy)."""
    server = start_server()
    url = f"{server.base}/api/f/{CODE}/questions"
    with requests.Session() as phone:
        phone.get(f"{server.base}/f/{CODE}", timeout=5).close()  # the device cookie
        acknowledged = []
        for i in range(100):  # new questions until the phone reaches its limit
            key = f"replay-{uuid.uuid4().hex[:12]}"
            with phone.post(url, json={"text": f"Câu hỏi số {i + 1}?", "client_key": key},
                            timeout=5) as response:
                if response.status_code == 429:
                    break
                assert response.status_code == 201, response.text
                acknowledged.append((key, response.json()["id"]))
        assert acknowledged and response.status_code == 429, "no limit was reached"
        # The reply to the last one was lost on the way back: the phone sends it again.
        key, qid = acknowledged[-1]
        with phone.post(url, json={"text": f"Câu hỏi số {len(acknowledged)}?",
                                   "client_key": key}, timeout=5) as again:
            assert (again.status_code, again.json().get("id")) == (200, qid), again.text


# --- 2. two moderators at once ------------------------------------------------------------

ROUNDS = 20


def at_once(*calls):
    """Run the calls in threads released together by a barrier; return their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - the test looks at it
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, call), daemon=True)
               for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def reply(response: requests.Response) -> tuple[int, dict]:
    with response:
        return response.status_code, response.json()


def conflict_kind(message: str) -> str:
    """Which guard refused: the version the moderator sent, the ORM's version check at
    UPDATE time, or the database's constraints."""
    if "Màn hình đã được cập nhật" in message:
        return "version sent was stale"
    if "vừa được người khác thay đổi" in message:
        return "stale at UPDATE"
    if "trùng với thao tác" in message:
        return "database constraint / concurrent update"
    return message


def floor_question(staff: Staff, text: str) -> int:
    """A question spoken at the microphone, typed by staff (no phone rate limit applies)."""
    with staff.post("/questions", {"text": text, "channel": "floor"}) as response:
        assert response.status_code == 201, response.text
        return response.json()["id"]


def race_approve_against_reject(base: str, one: Staff, two: Staff, tally: Counter) -> None:
    """One approves while the other rejects the same new question, both sending the version
    they saw: exactly one wins (200), the other gets 409, and only one change goes in."""
    fresh = [floor_question(one, f"Câu hỏi {i} về bán trú và học phí?") for i in range(ROUNDS)]
    versions = {q["id"]: q["version"] for q in one.queue("new")}
    for r, qid in enumerate(fresh):
        version = versions[qid]
        approver, rejecter = (one, two) if r % 2 == 0 else (two, one)
        results = at_once(
            lambda: reply(approver.post(f"/questions/{qid}/approve", {"version": version})),
            lambda: reply(rejecter.post(f"/questions/{qid}/reject", {"version": version})))
        assert sorted(code for code, _ in results) == [200, 409], (r, results)
        (won, body), = [(action, body) for action, (code, body)
                        in zip(("approve", "reject"), results) if code == 200]
        (refused,) = [body for code, body in results if code == 409]
        tally[f"{won} won"] += 1
        tally[f"409: {conflict_kind(refused['error'])}"] += 1
        assert body["status"] == {"approve": "queued", "reject": "rejected"}[won]
        assert body["version"] == version + 1
    after = {q["id"]: q for q in one.queue()}
    assert all(after[q]["status"] in ("queued", "rejected") for q in fresh)
    assert all(after[q]["version"] == versions[q] + 1 for q in fresh), "two changes went in"


def race_show_against_show(base: str, one: Staff, two: Staff, tally: Counter) -> None:
    """Both put a different queued question on screen at once: never two on screen."""
    queued = [floor_question(one, f"Câu hỏi {i} cho màn hình lớn?") for i in range(2 * ROUNDS)]
    for qid in queued:
        one.do(f"/questions/{qid}/approve")
    for r in range(ROUNDS):
        qa, qb = queued[2 * r], queued[2 * r + 1]
        shown = on_screen_id(hall_state(base))
        if r % 2 == 1 and shown is not None:
            one.do(f"/questions/{shown}/hide")  # half the rounds start from a blank screen
        results = at_once(lambda: reply(one.post(f"/questions/{qa}/show")),
                          lambda: reply(two.post(f"/questions/{qb}/show")))
        codes = [code for code, _ in results]
        assert set(codes) <= {200, 409} and 200 in codes, (r, results)
        tally["both 200 (one replaced the other)" if codes == [200, 200]
              else "one 200, one 409"] += 1
        for code, body in results:
            if code == 409:
                tally[f"409: {conflict_kind(body['error'])}"] += 1
        on_screen = one.queue("on_screen")
        assert len(on_screen) == 1, (r, results, on_screen)
        winner = on_screen[0]["id"]
        assert on_screen_id(hall_state(base)) == winner
        assert winner in {qid for qid, (code, _) in zip((qa, qb), results) if code == 200}
        statuses = {q["id"]: q["status"] for q in one.queue()}
        assert statuses[({qa, qb} - {winner}).pop()] == "queued"


@pytest.mark.server
@pytest.mark.slow
def test_two_moderators_at_once_one_wins_and_one_question_on_screen(database_url,
                                                                     start_server):
    """On one server (how the venue runs it), then with each moderator on a server process of
    its own on the same database (how a deployment with several processes runs it: there
    the two requests really overlap in the database)."""
    server = start_server(database_url)
    twin = start_server(database_url or f"sqlite:///{server.sqlite_file}")
    server.cli("user", "create", "thu-ky", "--role", "moderator", "--password", "thu-ky-pass-1")
    token = server.cli("token", "issue", "thu-ky")
    admin = Staff(server.base)  # the chair's secretary, in the browser console
    helper = Staff(server.base, token=token)  # a second moderator, with a script's token
    helper_on_twin = Staff(twin.base, token=token)
    tallies = {}
    try:
        for setup, other in (("one server", helper), ("two servers", helper_on_twin)):
            tallies[setup] = (Counter(), Counter())
            race_approve_against_reject(server.base, admin, other, tallies[setup][0])
            race_show_against_show(server.base, admin, other, tallies[setup][1])
    finally:
        for staff in (admin, helper, helper_on_twin):
            staff.close()
    assert server.tracebacks() == [] and twin.tracebacks() == [], "the server logged an error"
    kind = "postgresql" if database_url else "sqlite"
    for setup, (approve_reject, show_show) in tallies.items():
        print(f"\n[resilience:{kind}, {setup}] approve vs reject x{ROUNDS}: "
              f"{dict(approve_reject)}; show vs show x{ROUNDS}: {dict(show_show)}; no 500")


# --- 3. reconnection ----------------------------------------------------------------------


@pytest.mark.server
@pytest.mark.slow
def test_clients_get_the_right_state_back_after_kill_restart_and_long_disconnection(
        start_server, listeners, tmp_path):
    server = start_server()
    base = server.base
    admin = Staff(base)
    try:
        projector = listeners(base)
        console = listeners(base, cookie=admin.cookie_header())
        first = ask(base, "Trường có tổ chức bán trú cho học sinh tiểu học không?")
        admin.do(f"/questions/{first}/approve")
        admin.do("/agenda/7/start")
        admin.do(f"/questions/{first}/show")
        projector.wait_for("state", lambda s: on_screen_id(s) == first and s["current_item"] == 7)
        backup = tmp_path / "backup.db"
        server.cli("db", "backup", str(backup))

        second = ask(base, "Khoản thu đầu năm có được công khai không?")
        admin.do(f"/questions/{second}/approve")
        admin.do("/agenda/next")
        admin.do(f"/questions/{second}/show")
        before = projector.wait_for("state", lambda s: on_screen_id(s) == second
                                    and s["current_item"] == 8)[1]
        assert before == hall_state(base)
        statuses = {first: "queued", second: "on_screen"}
        console.wait_for("queue", lambda q: {x["id"]: x["status"] for x in q["questions"]}
                         == statuses)

        # (a) SIGKILL and start again: both clients are right again without doing anything.
        marks = projector.mark(), console.mark()
        server.kill()
        killed_at = time.monotonic()
        ready = server.start()
        now = hall_state(base)
        assert now == before
        at, state = projector.wait_for("state", lambda s: s == now, after=marks[0], timeout=5)
        projector_back = at - ready
        assert projector_back < 5
        at, queue = console.wait_for("queue", lambda q: True, after=marks[1], timeout=5)
        console_back = at - ready
        assert console_back < 5
        down = ready - killed_at
        assert {q["id"]: q["status"] for q in queue["questions"]} == statuses

        # (b) SIGKILL, the backup restored (README: copy it over, delete -wal and -shm), start:
        # the clients show the restored state even though it is older than what they had.
        marks = projector.mark(), console.mark()
        server.kill()
        for suffix in ("-wal", "-shm"):
            Path(f"{server.sqlite_file}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(backup, server.sqlite_file)
        ready = server.start()
        restored = hall_state(base)
        assert on_screen_id(restored) == first and restored["current_item"] == 7
        assert restored["seq"] < before["seq"]
        at, _ = projector.wait_for("state", lambda s: s == restored, after=marks[0], timeout=5)
        restored_back = at - ready
        assert restored_back < 5
        _, queue = console.wait_for("queue", lambda q: True, after=marks[1], timeout=5)
        assert {q["id"]: q["status"] for q in queue["questions"]} == {first: "on_screen"}

        # (c) A long disconnection: the moderator moves on meanwhile; on connecting again the
        # client is shown the current item and question at once.
        phone = listeners(base)
        phone.wait_for("state", lambda s: s == restored)
        phone.client.disconnect()
        deadline = time.monotonic() + 5
        while phone.client.connected and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not phone.client.connected
        third = ask(base, "Học sinh khuyết tật có được hỗ trợ học hòa nhập không?")
        admin.do(f"/questions/{third}/approve")
        admin.do("/agenda/next")  # 7 -> 8
        admin.do("/agenda/next")  # 8 -> 9
        admin.do(f"/questions/{third}/show")
        current = hall_state(base)
        assert current["current_item"] == 9 and on_screen_id(current) == third
        projector.wait_for("state", lambda s: s == current)
        time.sleep(0.5)  # nothing reaches a disconnected client
        missed = phone.mark()
        assert all(s["current_item"] != 9 for _, kind, s in phone.events if kind == "state")

        asked = time.monotonic()
        phone.connect()
        at, state = phone.wait_for("state", lambda s: True, after=missed, timeout=2)
        assert state == current, "the first state after connecting is not the current one"
        phone_back = at - asked
        assert phone_back < 2
    finally:
        admin.close()
    assert server.tracebacks() == [], "the server logged an error"
    # (Times are from the moment the restarted server first answered this test's request; a
    # client can be back a little before that.)
    print(f"\n[resilience] SIGKILL, {down:.2f} s down, restarted: projector right again "
          f"{projector_back:+.2f} s after the server answered, console {console_back:+.2f} s; "
          f"after a restored backup {restored_back:+.2f} s; after a long disconnection the "
          f"current state came {phone_back * 1000:.0f} ms after connect() was called")
