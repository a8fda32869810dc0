"""Socket.IO clients of the real server (`python -m live`) get the right state back by themselves
after a kill and restart (also after a backup was restored), and a client back from a long
disconnection is shown the current state on connect. The helpers are in tests/resilience.py."""
import shutil
import time
from pathlib import Path

import pytest

from resilience import (  # noqa: F401 (start_server and listeners are fixtures)
    Staff, ask, hall_state, listeners, on_screen_id, start_server,
)


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
