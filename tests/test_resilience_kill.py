"""Resilience of the real server (`python -m live`) to a power cut: a burst of phones submitting
while the server is killed with SIGKILL and started again loses or doubles nothing a phone saw
acknowledged, and every phone gets every question in; a question and its record entry go in
together; a phone resending a question whose reply was lost gets its id back, whatever the
rate limits. The helpers are in tests/resilience.py; the tests that start servers are marked
`server`."""
import random
import re
import sqlite3
import threading
import time
import uuid
from collections import Counter

import pytest
import requests

from resilience import (  # noqa: F401 (start_server and listeners are fixtures)
    CODE, Staff, hall_state, listeners, start_server,
)


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
    from live.core.extensions import db
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
    the limit on new questions must not refuse it (static/js/phone/ask.js takes any 4xx as a
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
