"""Pushing under load (live/screens/broadcast.py): changes committed while a push of the same forum is
going out are pushed together, by one push read after the last of them; phones joining the
hall at the same moment share one first state. (The real server under a thousand phones:
bench/bench_live.py.)"""
from live.core.extensions import socketio
from live.screens import broadcast


def received(client, name):
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


def test_an_isolated_change_is_pushed_before_the_request_returns(socket_client, phone,
                                                                 moderator, client, forum):
    projector = socket_client()
    projector.get_received()
    question = phone.question()
    moderator.approve(question)
    moderator.show(question)
    states = received(projector, "state")
    assert len(states) == 3  # one per change, nothing left for later
    assert states[-1] == client.get(f"/api/f/{forum.code}/state").get_json()
    assert not broadcast._pushing and not broadcast._again


def test_changes_during_a_push_go_out_once_after_the_last(app, socket_client, phone, moderator,
                                                          client, forum, monkeypatch):
    projector = socket_client()
    console = socket_client(role="staff", flask_client=moderator.client)
    first, second = phone.question("Câu hỏi thứ nhất?"), phone.question("Câu hỏi thứ hai?")
    projector.get_received(), console.get_received()
    follow_ups = []
    monkeypatch.setattr(socketio, "start_background_task",
                        lambda task, *args: follow_ups.append((task, args)))
    sleep, meanwhile = socketio.sleep, []

    def two_more_changes(seconds):
        # while the first change's push is going out, two more requests commit
        if not meanwhile:
            meanwhile.append(moderator.approve(second))
            meanwhile.append(moderator.show(first))
        return sleep(seconds)

    monkeypatch.setattr(socketio, "sleep", two_more_changes)
    moderator.approve(first)
    assert len(meanwhile) == 2
    (pushed,) = received(projector, "state")  # the first change's own push, nothing more yet
    assert pushed["counts"]["queued"] == 1 and pushed["on_screen"] is None
    assert [task for task, _ in follow_ups] == [broadcast._follow_up]
    assert forum.id in broadcast._pushing

    task, args = follow_ups.pop()
    task(*args)  # the follow-up: one push, read after the last commit
    (state,) = received(projector, "state")
    assert state == client.get(f"/api/f/{forum.code}/state").get_json()
    assert state["on_screen"]["id"] == first.id and state["counts"]["queued"] == 1
    queue = received(console, "queue")[-1]
    assert {q["id"]: q["status"] for q in queue["questions"]} == {
        first.id: "on_screen", second.id: "queued"}
    assert not broadcast._pushing and not broadcast._again and not follow_ups


def test_phones_joining_together_share_one_first_state(socket_client, client, monkeypatch,
                                                       forum):
    built = []
    snapshot = broadcast.snapshot
    monkeypatch.setattr(broadcast, "snapshot", lambda forum: built.append(1) or snapshot(forum))
    others = []
    sleep = socketio.sleep

    def others_arrive(seconds):
        # while the first phone's handler yields, two more phones connect
        if not others:
            others.extend([socket_client(), socket_client()])
        return sleep(seconds)

    monkeypatch.setattr(socketio, "sleep", others_arrive)
    first = socket_client()
    assert len(others) == 2 and len(built) == 1
    state = client.get(f"/api/f/{forum.code}/state").get_json()
    for phone in (first, *others):
        assert phone.is_connected()
        assert received(phone, "state") == [state]
    assert not broadcast._arriving

