"""Two moderators acting on one question at once on the real server (`python -m live`): one
wins, the other gets 409, and two `show`s at once never put two questions on screen; on SQLite
and on PostgreSQL. The helpers are in tests/resilience.py."""
import threading
from collections import Counter

import pytest
import requests

from resilience import (  # noqa: F401 (database_url and start_server are fixtures)
    Staff, database_url, hall_state, on_screen_id, start_server,
)


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
