"""Load benchmark of the push: N phones on the real server (`python -m live`), all on 127.0.0.1.

    .venv/bin/python bench/bench_live.py                      # 1,000 phones, eventlet, SQLite
    .venv/bin/python bench/bench_live.py --phones 200 --mode threading
    .venv/bin/python bench/bench_live.py --processes 2        # Redis + a fresh PostgreSQL db

What it does, in one run, bounded in time, stopping every process it started:
1. Starts the server (rate limits off, `ulimit -n` raised) on a fresh database, issues a bearer
   token with `flask --app live token issue admin`, logs a staff console in (session cookie)
   and connects it with `role=staff`, so it receives every `queue`.
2. Connects N phones at once (python-socketio AsyncClient, WebSocket transport only):
   the time until each has its first `state`, and the server's RSS per idle connection.
3. Fan-out: the moderator acts over HTTP (agenda item started, question put on screen),
   ACTIONS times; for each, the time from sending the request to the last phone's `state`.
4. Burst: every phone sends one question at once (HTTP POST, resent with the same client_key
   on an error): accepted per second, the time until the staff console's `queue` shows each,
   and, from the database through the staff API, how many were lost or stored twice.
5. Fan-out again, now with the burst's thousand questions in the queue every change sends to
   the console.
6. The floor: bench/bare_server.py (a bare python-socketio server in the same async mode, no
   database, no Flask) with the same N clients and a payload the size of our snapshot; our
   figures are printed as ratios to it.
With --processes 2, the phones are split across two server processes sharing Redis
(MESSAGE_QUEUE) and PostgreSQL; the moderator and the staff console use the first.
--app DIR serves another checkout (e.g. `git archive OLD | tar -x -C DIR`) to compare;
--profile DIR samples the server with py-spy during each phase (collapsed stacks).

Not part of the test suite. Figures go to docs/benchmarks.md."""
import argparse
import asyncio
import contextlib
import ctypes
import gc
import itertools
import json
import logging
import math
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from realserver import CODE, Server, free_port, staff_session  # noqa: E402

#: the checkout whose `live` is served (--app: another one, e.g. an older commit, to compare)
APP = ROOT
NOFILE = 65536
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def raise_nofile() -> None:
    """As `ulimit -n`: NOFILE open files (each phone is one), or as many as the hard limit
    allows when it cannot be raised (only root may)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < NOFILE:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))
            return
        except (ValueError, OSError):
            pass
    want = NOFILE if hard == resource.RLIM_INFINITY else min(NOFILE, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def child_setup() -> None:
    """In each server started here: the raised open-file limit, and SIGTERM when this
    benchmark dies, however it dies (Linux's PR_SET_PDEATHSIG). Safe as a preexec_fn here:
    the benchmark starts no thread of its own (its clients use 127.0.0.1, so aiohttp resolves
    no name in a thread)."""
    raise_nofile()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds each process has used so far (/proc/PID/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return seconds


@contextlib.contextmanager
def cpu_spent(servers, into: dict, phase: str):
    """The servers' CPU seconds during the block, in total and per process, into `into`."""
    pids = [s.process.pid for s in servers]
    before = cpu_seconds(pids)
    yield
    after = cpu_seconds(pids)
    into[phase] = {"total_s": round(sum(after[p] - before[p] for p in pids), 2),
                   "per_process_s": [round(after[p] - before[p], 2) for p in pids]}


def listen_overflows() -> int:
    """The kernel's count of connections dropped because a listen backlog was full."""
    with open("/proc/net/netstat") as f:
        lines = [line.split() for line in f if line.startswith("TcpExt:")]
    return int(dict(zip(lines[0][1:], lines[1][1:]))["ListenOverflows"])


def pct(values, p):
    """The p-th percentile (nearest rank) of values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


# --- processes -----------------------------------------------------------------------------


class LiveServer(Server):
    """tests/realserver.py's Server, started with the open-file limit raised."""

    def start(self, timeout: float = 60):
        self.process = subprocess.Popen([sys.executable, "-m", "live"], cwd=APP, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL,
                                        preexec_fn=child_setup)  # noqa: PLW1509 - see child_setup
        wait_http(f"{self.base}/api/f/{CODE}/state", self.process, timeout, self.log_path)

    def cli(self, *args: str) -> str:
        env = dict(self.env, ASYNC_MODE="threading")
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "live", *args], cwd=APP,
                              env=env, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout.strip()


class BareServer:
    def __init__(self, directory: Path, mode: str, payload: dict, to: str = "room",
                 served: str = "as-live"):
        self.to, self.served = to, served
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.payload_path = directory / "payload.json"
        self.payload_path.write_text(json.dumps(payload, ensure_ascii=False))
        self.mode = mode
        self.log_path = directory / "bare.log"
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - the server's, closed in stop()
        self.process = None

    def start(self, timeout: float = 30):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "bare_server.py"), str(self.port), self.mode,
             str(self.payload_path), "--to", self.to, "--served", self.served], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=child_setup)  # noqa: PLW1509 - see child_setup
        wait_http(f"{self.base}/", self.process, timeout, self.log_path)

    def stop(self):
        stop_process(self.process)
        self.log.close()


def wait_http(url, process, timeout, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited; see {log_path}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s; see {log_path}")


def stop_process(process):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


class ScratchPostgres:
    """A fresh PostgreSQL database for the run, dropped at the end."""

    def __init__(self):
        import psycopg
        from sqlalchemy.engine import make_url

        self.admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
        self.name = f"bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin.execute(f'CREATE DATABASE "{self.name}"')
        self.url = make_url(PG_ADMIN_URL).set(database=self.name).render_as_string(
            hide_password=False)

    def drop(self):
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.close()


# --- clients -------------------------------------------------------------------------------


class Fleet:
    """N Socket.IO clients as phones; each notes when a `state` newer than `after` comes."""

    def __init__(self, bases: list[str], query: str, count: int, client: str = "light"):
        self.bases, self.query, self.count = bases, query, count
        self.kind = LightPhone if client == "light" else Phone
        self.http = None  # the light phones' one aiohttp session
        self.phones: list[Phone] = []
        self.after = None  # seq a state must pass to count for the current wait
        self.reached = self.expected = 0
        self.all_reached = asyncio.Event()
        self.disconnects = 0

    def arm(self, after_seq: int) -> None:
        """Wait for a state newer than `after_seq` on every phone still connected (one that
        lost its connection is counted in `disconnects`, not waited for)."""
        self.after, self.reached = after_seq, 0
        self.expected = sum(p.connected for p in self.phones)
        self.all_reached = asyncio.Event()
        for phone in self.phones:
            phone.reached_at = None
            if phone.last_seq is not None and phone.last_seq > after_seq and phone.connected:
                phone.reached_at = phone.last_at  # already there
                self.reached += 1
        if self.reached >= self.expected:
            self.all_reached.set()

    async def connect(self, timeout: float) -> dict:
        if self.kind is LightPhone:
            self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self.phones = [self.kind(self, n) for n in range(self.count)]
        overflows = listen_overflows()
        started = time.perf_counter()
        results = await asyncio.gather(
            *(phone.connect(f"{self.bases[n % len(self.bases)]}?{self.query}", timeout)
              for n, phone in enumerate(self.phones)), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        # The load generator's own full garbage collections (a thousand clients' objects) would
        # stall every phone at once and pass for server latency: keep them out of those passes.
        gc.collect()
        gc.freeze()
        times = [p.first_state_at - p.connect_started for p in self.phones
                 if p.first_state_at is not None]
        done = max((p.first_state_at for p in self.phones if p.first_state_at), default=started)
        return {"phones": self.count, "connected": len(times), "failed": len(failures),
                "errors": sorted({repr(f)[:120] for f in failures})[:5],
                "listen_overflows": listen_overflows() - overflows,
                "all_s": round(done - started, 2), "p50_ms": ms(pct(times, 50)),
                "p95_ms": ms(pct(times, 95)), "max_ms": ms(max(times, default=None))}

    async def wait_all(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.all_reached.wait(), timeout)
            return True
        except TimeoutError:
            return False

    async def disconnect(self):
        await asyncio.wait_for(asyncio.gather(*(p.client.disconnect() for p in self.phones),
                                              return_exceptions=True), 60)
        if self.http is not None:
            await self.http.close()


class Phone:
    def __init__(self, fleet: Fleet, n: int):
        self.fleet, self.n = fleet, n
        self.client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        self.client.on("state", self.on_state)
        self.client.on("disconnect", self.on_disconnect)
        self.first = asyncio.Event()
        self.connect_started = self.first_state_at = None
        self.last_seq = self.last_at = self.reached_at = None
        self.last_total = None
        self.connected = False

    async def connect(self, url: str, timeout: float):
        self.connect_started = time.perf_counter()
        await self.client.connect(url, transports=["websocket"], wait_timeout=timeout)
        self.connected = True
        await asyncio.wait_for(self.first.wait(), timeout)

    def on_state(self, data):
        now = time.perf_counter()
        seq = data.get("seq", 0)
        if self.first_state_at is None:
            self.first_state_at = now
            self.first.set()
        if self.last_seq is None or seq >= self.last_seq:
            self.last_seq, self.last_at = seq, now
            self.last_total = (data.get("counts") or {}).get("total")
        fleet = self.fleet
        if fleet.after is not None and self.reached_at is None and seq > fleet.after:
            self.reached_at = now
            fleet.reached += 1
            if fleet.reached >= fleet.expected:
                fleet.all_reached.set()

    def on_disconnect(self, *args):
        if self.connected:
            self.connected = False
            self.fleet.disconnects += 1


class LightPhone(Phone):
    """A phone that speaks Engine.IO 4 / Socket.IO 5 over one aiohttp WebSocket itself: the
    handshake, the namespace's connect, pong for each ping, and each `state` decoded from its
    JSON as the page's script does; none of python-socketio's client machinery (a task per
    event, packet objects, its reconnection bookkeeping). The same for the app and for the
    bare floor, and cheap enough that the load generator, sharing the server's two cores,
    measures the server rather than itself (docs/benchmarks.md, issue 17)."""

    def __init__(self, fleet: Fleet, n: int):
        self.fleet, self.n = fleet, n
        self.client = self
        self.first = asyncio.Event()
        self.connect_started = self.first_state_at = None
        self.last_seq = self.last_at = self.reached_at = None
        self.last_total = None
        self.connected = False
        self.ws = self.reader = None

    async def connect(self, url: str, timeout: float):
        self.connect_started = time.perf_counter()
        base, _, query = url.partition("?")
        ws_url = (base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
                  + (f"&{query}" if query else ""))
        self.ws = await asyncio.wait_for(self.fleet.http.ws_connect(
            ws_url, autoping=False, max_msg_size=0, compress=0), timeout)
        opened = await asyncio.wait_for(self.ws.receive_str(), timeout)
        if not opened.startswith("0"):
            raise RuntimeError(f"no Engine.IO open packet: {opened[:80]}")
        await self.ws.send_str("40")
        self.connected = True
        self.reader = asyncio.create_task(self.read())
        await asyncio.wait_for(self.first.wait(), timeout)

    async def read(self):
        ws = self.ws
        async for message in ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = message.data
            if data == "2":
                await ws.send_str("3")
            elif data.startswith('42["state",'):
                self.on_state(json.loads(data[11:-1]))
            elif data.startswith("44"):
                raise RuntimeError(f"connect refused: {data[:120]}")
        self.on_disconnect()

    async def disconnect(self):
        self.connected = False
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()


class Console:
    """The staff console: a Socket.IO client with the session cookie and role=staff, taking
    the queue in deltas as the console page does (`queue=delta`), or whole."""

    def __init__(self, whole: bool = False):
        self.whole = whole
        self.seen: dict[int, float] = {}  # question id -> when a `queue` first showed it
        self.events = 0
        self.largest = 0
        self.client = socketio.AsyncClient(
            reconnection=False, handle_sigint=False,
            # aiohttp keeps no cookie for an IP address host unless its jar is "unsafe"; the
            # Cookie header given below goes into this jar (python-engineio moves it there)
            http_session=lambda: aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(
                unsafe=True)))
        self.client.on("queue", self.on_queue)
        self.client.on("queue_delta", self.on_queue)  # the changed questions only
        self.client.on("disconnect", self.on_disconnect)
        self.lost = None  # why and when (perf_counter) the console lost its connection

    def on_disconnect(self, reason=None):
        self.lost = (str(reason), time.perf_counter())

    def on_queue(self, data):
        now = time.perf_counter()
        self.events += 1
        self.largest = max(self.largest, len(data["questions"]))
        for question in data["questions"]:
            self.seen.setdefault(question["id"], now)

    async def connect(self, base: str, cookie: str):
        # as the console connects (--whole-queue: as the stage view, every push whole)
        queue = "" if self.whole else "&queue=delta"
        await self.client.connect(f"{base}?forum={CODE}&role=staff{queue}",
                                  headers={"Cookie": cookie},
                                  transports=["websocket"], wait_timeout=20)


# --- phases --------------------------------------------------------------------------------


async def fan_out(fleet: Fleet, act, actions: int, timeout: float) -> dict:
    """`act(i)` makes the i-th change and returns; the time from calling it to each phone's
    first newer `state`. Percentiles over actions of the last phone's time, and over every
    delivery."""
    lasts, every, missed, errors = [], [], 0, []
    for i in range(actions):
        before = max(p.last_seq or 0 for p in fleet.phones)
        fleet.arm(before)
        started = time.perf_counter()
        try:
            await act(i)
        except Exception as error:  # noqa: BLE001 - counted, the run goes on
            errors.append(repr(error)[:200])
            continue
        if not await fleet.wait_all(timeout):
            missed += fleet.expected - fleet.reached
        times = [p.reached_at - started for p in fleet.phones if p.reached_at is not None]
        if times:
            lasts.append(max(times))
            every.extend(times)
        await asyncio.sleep(0.3)
    return {"actions": actions, "p50_ms": ms(pct(lasts, 50)), "p95_ms": ms(pct(lasts, 95)),
            "p99_ms": ms(pct(lasts, 99)), "max_ms": ms(max(lasts, default=None)),
            "every_p50_ms": ms(pct(every, 50)), "every_p99_ms": ms(pct(every, 99)),
            "lasts_ms": [ms(t) for t in lasts],
            "missed": missed, "errors": errors[:3]}


async def burst(fleet: Fleet, console: Console, http: aiohttp.ClientSession, bases: list[str],
                token: str, timeout: float) -> dict:
    """Every phone sends one question at once (resending with the same key on an error)."""
    run = uuid.uuid4().hex[:6]
    n = len(fleet.phones)
    sent_at, acked_at, ids, errors, resent = {}, {}, {}, [], 0
    total_before = max(p.last_total or 0 for p in fleet.phones)
    fleet.arm(max(p.last_seq or 0 for p in fleet.phones))

    async def send(i: int):
        nonlocal resent
        key = f"bench-{run}-{i:05d}"
        body = {"text": f"Câu hỏi thử tải số {i} ({key}): học phí năm nay thế nào?",
                "name": f"Phụ huynh {i}", "client_key": key}
        url = f"{bases[i % len(bases)]}/api/f/{CODE}/questions"
        sent_at[key] = time.perf_counter()
        for attempt in range(5):
            try:
                async with http.post(url, json=body,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                    data = await response.json(content_type=None)
                    if response.status in (200, 201) and data.get("client_key") == key:
                        acked_at[key], ids[key] = time.perf_counter(), data["id"]
                        return
                    errors.append(f"{response.status} {str(data)[:80]}")
            except Exception as error:  # noqa: BLE001 - resent as a phone would
                errors.append(repr(error)[:120])
            resent += 1
            await asyncio.sleep(0.2 * (attempt + 1))

    started = time.perf_counter()
    await asyncio.gather(*(send(i) for i in range(n)))
    last_ack = max(acked_at.values(), default=started)
    # the console must show every acknowledged question
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and not all(q in console.seen for q in ids.values()):
        await asyncio.sleep(0.05)
    # and every phone must end on a state that counts them all
    want = total_before + n
    while time.perf_counter() < deadline and any((p.last_total or 0) < want and p.connected
                                                 for p in fleet.phones):
        await asyncio.sleep(0.05)
    phones_behind = sum((p.last_total or 0) < want and p.connected for p in fleet.phones)
    hall_done = max((p.last_at for p in fleet.phones), default=started) - started
    to_queue = [console.seen[qid] - sent_at[key] for key, qid in ids.items()
                if qid in console.seen]
    acks = [acked_at[key] - sent_at[key] for key in acked_at]

    # what the database holds, through the staff API
    async with http.get(f"{bases[0]}/api/f/{CODE}/questions",
                        headers={"Authorization": f"Bearer {token}"}) as response:
        stored = await response.json()
    found: dict[str, list[int]] = {}
    for question in stored:
        match = re.search(rf"\((bench-{run}-\d+)\)", question["original_text"])
        if match:
            found.setdefault(match.group(1), []).append(question["id"])
    lost = sum(1 for key in ids if key not in found)
    never_acked = n - len(ids)
    duplicated = sum(len(v) - 1 for v in found.values())
    return {"sent": n, "acknowledged": len(ids), "never_acknowledged": never_acked,
            "lost": lost, "duplicated": duplicated,
            "not_in_console": sum(1 for qid in ids.values() if qid not in console.seen),
            "resent": resent, "errors": sorted(set(errors))[:5],
            "seconds": round(last_ack - started, 2),
            "accepted_per_s": round(len(ids) / max(last_ack - started, 1e-9), 1),
            "ack_p50_ms": ms(pct(acks, 50)), "ack_p99_ms": ms(pct(acks, 99)),
            "to_console_p50_ms": ms(pct(to_queue, 50)),
            "to_console_p99_ms": ms(pct(to_queue, 99)),
            "to_console_max_ms": ms(max(to_queue, default=None)),
            "console_queue_events": console.events,
            "console_lost": (None if console.lost is None else
                             f"{console.lost[0]} at {console.lost[1] - started:.1f} s"),
            "phones_showing_all_s": round(hall_done, 2), "phones_behind": phones_behind}


@contextlib.contextmanager
def profiled(folder, phase, server):
    """With --profile DIR: py-spy samples the (first) server during a phase, into
    DIR/<phase>.txt (collapsed stacks: one line per stack, with its sample count)."""
    if not folder:
        yield
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    spy = subprocess.Popen(["py-spy", "record", "--pid", str(server.process.pid), "--format",
                            "raw", "--rate", "200", "-o", str(Path(folder) / f"{phase}.txt")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           executable=str(Path(sys.executable).parent / "py-spy"))
    time.sleep(1)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(30)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait(10)


# --- the two runs --------------------------------------------------------------------------


async def measure_live(args, work: Path) -> tuple[dict, dict]:
    """Our server(s); returns (figures, the snapshot as served, for the bare payload)."""
    env = {"ASYNC_MODE": args.mode, "RATELIMIT_ENABLED": "0", "LOG_LEVEL": "WARNING"}
    pg = None
    if args.processes > 1 or args.backend == "postgresql":
        pg = ScratchPostgres()
        env.update(DATABASE_URL=pg.url, MESSAGE_QUEUE=REDIS_URL)
    servers = []
    try:
        for i in range(args.processes):
            directory = work / f"live-{i}"
            directory.mkdir()
            server = LiveServer(directory, **env)
            servers.append(server)
            server.start()  # one after the other: the first migrates and seeds
        first = servers[0]
        bases = [s.base for s in servers]
        token = first.cli("token", "issue", "admin", "--name", "bench")
        session, _ = staff_session(first.base)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        auth = {"Authorization": f"Bearer {token}"}
        async with aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0, force_close=False)) as http:
            # questions to put on screen during the fan-out
            pool = []
            for i in range(3):
                async with http.post(f"{first.base}/api/f/{CODE}/questions", headers=auth,
                                     json={"text": f"Câu hỏi tại chỗ số {i} về bán trú?",
                                           "channel": "floor"}) as response:
                    qid = (await response.json())["id"]
                async with http.post(f"{first.base}/api/f/{CODE}/questions/{qid}/approve",
                                     headers=auth, json={}) as response:
                    assert response.status == 200, await response.text()
                pool.append(qid)
            async with http.get(f"{first.base}/api/f/{CODE}/state") as response:
                snapshot = await response.json()

            console = Console(whole=args.whole_queue)
            await console.connect(first.base, cookie)
            await asyncio.sleep(1)
            rss_before = sum(rss_kib(s.process.pid) for s in servers)
            fleet = Fleet(bases, f"forum={CODE}", args.phones, args.client)
            cpu = {}
            with profiled(args.profile, "connect", first), cpu_spent(servers, cpu, "connect"):
                connect = await fleet.connect(args.timeout)
            await asyncio.sleep(3)  # idle
            rss_after = sum(rss_kib(s.process.pid) for s in servers)
            memory = {"rss_before_mib": round(rss_before / 1024, 1),
                      "rss_after_mib": round(rss_after / 1024, 1),
                      "kib_per_connection": round((rss_after - rss_before) / args.phones, 1)}

            made = itertools.count()  # one sequence of actions across both fan-outs

            async def act(_):
                i = next(made)
                path = (f"/agenda/{(i // 2) % 11 + 1}/start" if i % 2 == 0
                        else f"/questions/{pool[(i // 2) % len(pool)]}/show")
                async with http.post(f"{first.base}/api/f/{CODE}{path}", headers=auth,
                                     json={}) as response:
                    if response.status != 200:
                        raise RuntimeError(f"{path}: {response.status} {await response.text()}")
                    await response.read()

            with profiled(args.profile, "fan-out", first), cpu_spent(servers, cpu, "fan_out"):
                fan = await fan_out(fleet, act, args.actions, args.timeout)
            with profiled(args.profile, "burst", first), cpu_spent(servers, cpu, "burst"):
                submissions = await burst(fleet, console, http, bases, token, args.timeout)
            submissions["phone_disconnects"] = fleet.disconnects
            # the same moderator actions again, now with the burst's questions in the queue
            # that every change sends to the console
            with profiled(args.profile, "fan-out-full", first), \
                    cpu_spent(servers, cpu, "fan_out_full"):
                fan_full = await fan_out(fleet, act, max(4, args.actions // 2), args.timeout)
            await fleet.disconnect()
            await console.client.disconnect()
        errors = [s.log_path for s in servers if "Traceback" in s.log_path.read_text(
            errors="replace")]
        # per unit of work: a phone's connect, one action's fan-out (the 0.3 s pause after each
        # included: an idle hall's pings), 1,000 accepted questions
        cpu["per_1000_connects_s"] = round(cpu["connect"]["total_s"] / args.phones * 1000, 2)
        cpu["per_action_s"] = round(cpu["fan_out"]["total_s"] / args.actions, 3)
        cpu["per_1000_questions_s"] = round(
            cpu["burst"]["total_s"] / max(submissions["acknowledged"], 1) * 1000, 2)
        return ({"connect": connect, "memory": memory, "fan_out": fan, "burst": submissions,
                 "cpu": cpu,
                 "fan_out_full_queue": fan_full,
                 "snapshot_bytes": len(json.dumps(snapshot, ensure_ascii=False).encode()),
                 "server_errors": [str(e) for e in errors]}, snapshot)
    finally:
        for server in servers:
            server.stop()
        if pg is not None:
            pg.drop()


#: the ways the floor is measured (--floors): to the room every phone joined or to all, served
#: with eventlet.wsgi's defaults or as `python -m live` serves (TCP_NODELAY, gc.freeze)
FLOORS = ("room-plain", "room-as-live", "all-as-live")


async def measure_floors(args, work: Path, payload: dict) -> dict:
    """Each way of the bare broadcast, one after the other with the same clients' code; the
    floor is the fastest at p99."""
    floors = {}
    for name in args.floors:
        to, served = name.split("-", 1)
        floors[name] = await measure_bare(args, work, payload, to, served)
    fastest = min(floors, key=lambda n: floors[n]["fan_out"]["p99_ms"] or math.inf)
    return dict(floors[fastest], name=fastest, all=floors)


async def measure_bare(args, work: Path, payload: dict, to: str, served: str) -> dict:
    directory = work / f"bare-{to}-{served}"
    directory.mkdir()
    bare = BareServer(directory, args.mode, payload, to, served)
    try:
        bare.start()
        await asyncio.sleep(1)
        rss_before = rss_kib(bare.process.pid)
        fleet = Fleet([bare.base], "", args.phones, args.client)
        connect = await fleet.connect(args.timeout)
        await asyncio.sleep(3)
        rss_after = rss_kib(bare.process.pid)
        async with aiohttp.ClientSession() as http:
            async def act(i: int):
                async with http.post(f"{bare.base}/go") as response:
                    await response.read()

            fan = await fan_out(fleet, act, args.actions, args.timeout)
        await fleet.disconnect()
        return {"connect": connect, "fan_out": fan,
                "memory": {"kib_per_connection": round((rss_after - rss_before) / args.phones,
                                                       1)}}
    finally:
        bare.stop()


def ratio(ours, floor):
    if ours is None or not floor:
        return None
    return round(ours / floor, 2)


def report(args, live: dict, bare: dict | None) -> None:
    c, m, f, b = live["connect"], live["memory"], live["fan_out"], live["burst"]
    backend = ("PostgreSQL + Redis" if args.processes > 1 or args.backend == "postgresql"
               else "SQLite")
    print(f"\n== {args.phones} phones, {args.mode}, {args.processes} process(es), {backend}; "
          f"snapshot {live['snapshot_bytes']} bytes; phones: {args.client} client")
    print(f"connect: {c['connected']}/{c['phones']} in {c['all_s']} s "
          f"(p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms, max {c['max_ms']} ms; "
          f"failed {c['failed']}; {c['listen_overflows']} dropped by a full listen backlog) "
          f"{c['errors'] or ''}")
    print(f"memory: {m['rss_before_mib']} -> {m['rss_after_mib']} MiB, "
          f"{m['kib_per_connection']} KiB per idle connection")
    print(f"fan-out over {f['actions']} actions, last phone: p50 {f['p50_ms']} ms, "
          f"p95 {f['p95_ms']} ms, p99 {f['p99_ms']} ms, max {f['max_ms']} ms; every delivery "
          f"p50 {f['every_p50_ms']} ms, p99 {f['every_p99_ms']} ms; missed {f['missed']} "
          f"{f['errors'] or ''}")
    print(f"burst: {b['acknowledged']}/{b['sent']} accepted in {b['seconds']} s = "
          f"{b['accepted_per_s']}/s (ack p50 {b['ack_p50_ms']} ms, p99 {b['ack_p99_ms']} ms); "
          f"in the console p50 {b['to_console_p50_ms']} ms, p99 {b['to_console_p99_ms']} ms, "
          f"max {b['to_console_max_ms']} ms ({b['console_queue_events']} queue events"
          f"{'; the console lost its connection: ' + b['console_lost'] if b['console_lost'] else ''}"
          f"); "
          f"lost {b['lost']}, duplicated {b['duplicated']}, never acknowledged "
          f"{b['never_acknowledged']}, resent {b['resent']}, not in console "
          f"{b['not_in_console']}; every phone showed all after {b['phones_showing_all_s']} s "
          f"({b['phones_behind']} behind; {b['phone_disconnects']} phones lost their connection) "
          f"{b['errors'] or ''}")
    ff = live["fan_out_full_queue"]
    print(f"fan-out again with {b['acknowledged'] + 3} questions in the queue, over "
          f"{ff['actions']} actions: p50 {ff['p50_ms']} ms, p99 {ff['p99_ms']} ms, max "
          f"{ff['max_ms']} ms; missed {ff['missed']} {ff['errors'] or ''}")
    cpu = live["cpu"]
    print(f"server CPU (all processes): {cpu['per_1000_connects_s']} s per 1,000 connects, "
          f"{cpu['per_action_s']} s per action's fan-out, {cpu['per_1000_questions_s']} s per "
          f"1,000 accepted questions; burst per process {cpu['burst']['per_process_s']} s, "
          f"fan-out per process {cpu['fan_out']['per_process_s']} s")
    if live["server_errors"]:
        print(f"server logged tracebacks: {live['server_errors']}")
    if bare:
        for name, floor in bare["all"].items():
            fl = floor["fan_out"]
            print(f"floor {name}: fan-out last phone p50 {fl['p50_ms']} ms, p99 {fl['p99_ms']} "
                  f"ms, max {fl['max_ms']} ms; every delivery p50 {fl['every_p50_ms']} ms, "
                  f"p99 {fl['every_p99_ms']} ms; missed {fl['missed']}; "
                  f"{floor['memory']['kib_per_connection']} KiB per connection")
        bc, bf = bare["connect"], bare["fan_out"]
        print(f"the floor, fastest at p99: {bare['name']}")
        print(f"bare python-socketio ({args.mode}): connect all {bc['all_s']} s "
              f"(p95 {bc['p95_ms']} ms, failed {bc['failed']}, backlog drops "
              f"{bc['listen_overflows']}); fan-out p50 {bf['p50_ms']} ms, "
              f"p95 {bf['p95_ms']} ms, p99 {bf['p99_ms']} ms, max {bf['max_ms']} ms, missed "
              f"{bf['missed']}; {bare['memory']['kib_per_connection']} KiB per connection")
        print(f"ours / bare: connect all x{ratio(c['all_s'], bc['all_s'])}, fan-out p50 "
              f"x{ratio(f['p50_ms'], bf['p50_ms'])}, p99 x{ratio(f['p99_ms'], bf['p99_ms'])}, "
              f"memory per connection "
              f"x{ratio(m['kib_per_connection'], bare['memory']['kib_per_connection'])}")


async def main_async(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        work = Path(tmp)
        live, snapshot = await measure_live(args, work)
        bare = None if args.no_bare else await measure_floors(args, work, snapshot)
        if args.keep_logs:
            for log in work.glob("*/*.log"):
                target = Path(args.keep_logs) / f"{log.parent.name}-{log.name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(log.read_bytes())
    return {"phones": args.phones, "mode": args.mode, "processes": args.processes,
            "backend": "postgresql" if args.processes > 1 else args.backend,
            "live": live, "bare": bare}


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--mode", choices=["eventlet", "gevent", "threading"], default="eventlet")
    parser.add_argument("--processes", type=int, default=1, choices=[1, 2])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: a fresh database and Redis as MESSAGE_QUEUE "
                             "(always so with --processes 2)")
    parser.add_argument("--client", choices=["light", "socketio"], default="light",
                        help="the phones' client: Engine.IO spoken over aiohttp (light), or "
                             "python-socketio's AsyncClient; the same for the app and the floor")
    parser.add_argument("--whole-queue", action="store_true",
                        help="the staff console takes every push's whole queue (as before "
                             "queue=delta, and as the stage view does)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare floor")
    parser.add_argument("--floors", type=lambda v: v.split(","), default=list(FLOORS),
                        help=f"the ways of the bare broadcast to measure, comma-separated "
                             f"(default: {','.join(FLOORS)}); the fastest at p99 is the floor")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds any one wait may take")
    parser.add_argument("--deadline", type=float, default=900,
                        help="seconds the whole run may take; then it stops everything")
    parser.add_argument("--profile", help="py-spy the server during the fan-out and the burst, "
                        "writing collapsed stacks into this folder")
    parser.add_argument("--app", help="serve the `live` of this other checkout (the same venv), "
                        "e.g. `git archive` of an older commit, to compare")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep-logs", help="copy the servers' logs into this folder")
    args = parser.parse_args()
    if args.app:
        global APP
        APP = Path(args.app).resolve()
    raise_nofile()
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)  # noise at disconnect
    # SIGTERM ends the run like Ctrl+C, so the finally blocks stop the servers
    signal.signal(signal.SIGTERM, _interrupt)
    # the whole run is bounded: past the deadline it stops like Ctrl+C, servers included
    signal.signal(signal.SIGALRM, _interrupt)
    signal.alarm(int(args.deadline))
    started = time.monotonic()
    figures = asyncio.run(main_async(args))
    figures["seconds"] = round(time.monotonic() - started, 1)
    report(args, figures["live"], figures["bare"])
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
