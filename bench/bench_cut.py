"""How soon a staff console is cut when its right ends (issue 13.1: "within a second").

A real `python -m live` (eventlet) on loopback, a python-socketio console signed in as admin;
the same account logs out (or an admin locks it) and the time until the console's socket is
closed is measured, `--runs` times. With `--two` the console is on process A and the logout on
process B (PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432, Redis at 127.0.0.1:6379/14): the
cut travels through the Redis message queue.

    python bench/bench_cut.py --runs 20
    python bench/bench_cut.py --runs 20 --two
"""
import argparse
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import requests  # noqa: E402
import socketio  # noqa: E402

from realserver import CODE, Server, scratch_postgres, staff_session  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/14"


def cut_once(console_base: str, logout_base: str) -> float:
    session, csrf = staff_session(console_base)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    gone = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("disconnect", lambda *args: gone.set())
    client.connect(f"{console_base}?forum={CODE}&role=staff", headers=lambda: {"Cookie": cookie},
                   wait_timeout=10)
    started = time.perf_counter()
    response = session.post(f"{logout_base}/logout", data={"csrf_token": csrf}, timeout=10,
                            allow_redirects=False)
    assert response.status_code in (302, 303), response.status_code
    if not gone.wait(10):
        client.disconnect()
        raise SystemExit("the console was not cut within 10 s")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--two", action="store_true", help="two processes over Redis")
    args = parser.parse_args()
    with ExitStack() as stack:
        directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.two:
            import pytest  # scratch_postgres skips through pytest when PostgreSQL is absent

            try:
                url = stack.enter_context(scratch_postgres("bench_cut"))
            except pytest.skip.Exception as skipped:
                raise SystemExit(str(skipped)) from None
            servers = []
            for name in ("a", "b"):
                (directory / name).mkdir()
                server = Server(directory / name, DATABASE_URL=url, MESSAGE_QUEUE=REDIS_URL)
                stack.callback(server.stop)
                server.start()
                servers.append(server)
            console, logout = servers[0].base, servers[1].base
        else:
            server = Server(directory)
            stack.callback(server.stop)
            server.start()
            console = logout = server.base
        times = [cut_once(console, logout) for _ in range(args.runs)]
    ms = sorted(t * 1000 for t in times)
    where = "console on A, logout on B (Redis)" if args.two else "one process (SQLite)"
    print(f"cut after logout, {where}, {len(ms)} runs: p50 {statistics.median(ms):.0f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, max {ms[-1]:.0f} ms "
          f"(from sending the logout to the console's disconnect)")


if __name__ == "__main__":
    requests.packages.urllib3.disable_warnings()
    main()
