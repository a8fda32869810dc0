"""A burst seen as it comes, on the real server (`python -m live`, eventlet): 300 phones send
at the same moment while the moderator's console (`queue=delta`) watches. Under eventlet every
request of a burst starts in one pass of the scheduler; unless they take turns
(live/web/__init__.py), each runs to its end before any socket is written to, and the console
got every question of the burst after the last one was acknowledged."""
import threading
import time
import uuid

import pytest
import requests

from realserver import CODE, Server, staff_session

socketio = pytest.importorskip("socketio", reason="python-socketio[client] is a test extra")

pytestmark = [pytest.mark.server, pytest.mark.slow]

PHONES = 300


def test_the_console_sees_a_burst_while_it_comes(tmp_path):
    server = Server(tmp_path, RATELIMIT_ENABLED="0")
    server.start()
    try:
        session, _ = staff_session(server.base)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        seen: dict[int, float] = {}  # question id -> when a queue_delta first carried it
        console = socketio.Client(reconnection=False)
        console.on("queue_delta", lambda data: [seen.setdefault(q["id"], time.monotonic())
                                                for q in data["questions"]])
        console.connect(f"{server.base}?forum={CODE}&role=staff&queue=delta",
                        headers=lambda: {"Cookie": cookie}, wait_timeout=10)

        at_once = threading.Barrier(PHONES)
        acked: dict[int, float] = {}

        def phone(n: int) -> None:
            at_once.wait(timeout=30)
            answer = requests.post(f"{server.base}/api/f/{CODE}/questions", timeout=60, json={
                "text": f"Câu hỏi số {n} gửi cùng lúc: lịch học thêm năm nay ra sao?",
                "client_key": uuid.uuid4().hex})
            assert answer.status_code == 201, answer.text
            acked[answer.json()["id"]] = time.monotonic()

        phones = [threading.Thread(target=phone, args=(n,)) for n in range(PHONES)]
        for each in phones:
            each.start()
        for each in phones:
            each.join(90)
        assert len(acked) == PHONES
        last_ack = max(acked.values())
        deadline = time.monotonic() + 10
        while len(set(acked) & set(seen)) < PHONES and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(acked) <= set(seen), "the console missed questions of the burst"
        # most of the burst reached the console before its last question was acknowledged
        early = sum(seen[qid] < last_ack for qid in acked)
        assert early >= PHONES // 2, f"only {early} of {PHONES} seen before the burst ended"
        console.disconnect()
    finally:
        server.stop()
