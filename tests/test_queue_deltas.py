"""Staff consoles that connect with `queue=delta` (issue 17.3): the whole queue on connect, then
after each change a `queue_delta` of the questions committed since the push before (and those
they are merged into), the running order whole; a whole `queue` again when something every
card reads changed. Consoles without it get the whole queue as before; phones get neither.
Real Socket.IO test clients on the real server and database (live/screens/broadcast.py,
live/screens/changes.py)."""
import pytest

from live.core.extensions import socketio
from live.questions import queue as queue_module
from live.questions.queue import queue_payload
from live.screens import broadcast, changes
from models import Question, Topic, db
from tests.conftest import Phone
from tests.test_setup import follow
from tests.test_sessions import _lock, _logout, admin, staffer  # noqa: F401


def received(client, name):
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


def events(client):
    return [(e["name"], e["args"][0]) for e in client.get_received()]


def ids(payload):
    return [q["id"] for q in payload["questions"]]


@pytest.fixture
def console(socket_client, moderator):
    """The moderator's console, taking deltas, its first events read."""
    made = socket_client(role="staff", queue="delta", flask_client=moderator.client)
    assert made.is_connected()
    return made


def test_a_delta_console_gets_the_whole_queue_then_only_what_changed(
        socket_client, phone, moderator, forum):
    first, second = phone.question("Câu hỏi thứ nhất?"), phone.question("Câu hỏi thứ hai?")
    console = socket_client(role="staff", queue="delta", flask_client=moderator.client)
    ((name, whole),) = [e for e in events(console) if e[0] in ("queue", "queue_delta")]
    assert name == "queue" and ids(whole) == [first.id, second.id]

    moderator.approve(first)
    got = events(console)
    assert [n for n, _ in got if n in ("queue", "queue_delta")] == ["queue_delta"]
    delta = dict(got)["queue_delta"]
    state = dict(got)["state"]
    assert ids(delta) == [first.id]
    assert delta["forum"] == forum.code and delta["seq"] == state["seq"]
    assert delta["order"] == [first.id] and delta["next"] is None
    db.session.expire_all()
    # the same card, key for key, as the whole queue carries it
    assert delta["questions"] == [q for q in queue_payload(forum)["questions"]
                                  if q["id"] == first.id]


def test_a_new_phone_question_arrives_as_a_delta(console, phone):
    console.get_received()
    question = phone.question("Trường có tổ chức bán trú không?")
    (delta,) = received(console, "queue_delta")
    assert ids(delta) == [question.id]
    assert delta["questions"][0]["text"] == "Trường có tổ chức bán trú không?"
    assert delta["questions"][0]["status"] == "new"


def test_a_merge_sends_both_questions(console, phone, moderator):
    kept, copy = phone.question("Học phí có tăng không?"), phone.question("Học phí tăng ạ?")
    console.get_received()
    moderator.merge(copy, into=kept)
    (delta,) = received(console, "queue_delta")
    cards = {q["id"]: q for q in delta["questions"]}
    assert set(cards) == {kept.id, copy.id}
    assert cards[copy.id]["status"] == "merged" and cards[copy.id]["merged_into"] == kept.id
    assert cards[kept.id]["merged_from"] == [copy.id]


def test_a_chain_of_merges_sends_every_question_it_reaches(console, phone, moderator, forum):
    a, b, c = (phone.question(f"Câu hỏi về học phí số {n}?") for n in range(3))
    moderator.merge(a, into=b)
    console.get_received()
    moderator.merge(b, into=c)
    (delta,) = received(console, "queue_delta")
    assert ids(delta) == [b.id, c.id]
    assert {q["id"]: q["merged_from"] for q in delta["questions"]}[c.id] == [a.id, b.id]
    # a change to the first of the chain (the asker's name, as a data fix would make it)
    # reaches every card that names it among those who asked the same
    db.session.get(Question, a.id).asker_name = "Lê Thị A"
    db.session.commit()
    broadcast.announce(forum)
    (delta,) = received(console, "queue_delta")
    assert ids(delta) == [a.id, b.id, c.id]
    assert {q["id"]: q["co_askers"] for q in delta["questions"]}[c.id] == [
        {"id": a.id, "name": "Lê Thị A", "affiliation": None}]


def test_an_assignee_renamed_in_the_setup_sends_the_whole_queue(console, phone, moderator,
                                                                forum):
    question = phone.question()
    leader = forum.assignees[0]
    moderator.assign(question, leader)
    console.get_received()
    follow(moderator, f"/f/{forum.code}/setup/assignees/{leader.id}",
           name="Nguyễn Văn Mới", title=leader.title, kind=leader.kind)
    got = [(n, p) for n, p in events(console) if n in ("queue", "queue_delta")]
    assert [n for n, _ in got] == ["queue"]
    assert got[0][1]["questions"][0]["assignee"]["name"] == "Nguyễn Văn Mới"
    phone.question("Câu hỏi sau đó")  # and deltas again after it
    assert [n for n, _ in events(console) if n in ("queue", "queue_delta")] == ["queue_delta"]


def test_a_legacy_console_still_gets_whole_queues(socket_client, console, moderator, phone):
    legacy = socket_client(role="staff", flask_client=moderator.client)
    first = phone.question("Câu hỏi thứ nhất?")
    phone.question("Câu hỏi thứ hai?")
    legacy.get_received(), console.get_received()
    moderator.approve(first)
    got = events(legacy)
    assert [n for n, _ in got if n in ("queue", "queue_delta")] == ["queue"]
    queue = dict(got)["queue"]
    assert len(queue["questions"]) == 2 and queue["seq"] == dict(got)["state"]["seq"]
    assert [n for n, _ in events(console) if n in ("queue", "queue_delta")] == ["queue_delta"]


@pytest.mark.parametrize("query", [{}, {"role": "phone"}, {"role": "phone", "queue": "delta"},
                                   {"queue": "delta"}])
def test_a_phone_never_gets_the_queue(socket_client, console, moderator, phone, query):
    hall = socket_client(**query)
    assert hall.is_connected()
    question = phone.question()
    moderator.approve(question)
    names = {n for n, _ in events(hall)}
    assert "state" in names and not names & {"queue", "queue_delta"}


def test_a_delta_console_gets_deltas_after_a_reconnect(socket_client, console, moderator, phone):
    phone.question()
    console.disconnect()
    again = socket_client(role="staff", queue="delta", flask_client=moderator.client)
    assert [n for n, _ in events(again) if n in ("queue", "queue_delta")] == ["queue"]
    phone.question("Một câu hỏi nữa")
    assert [n for n, _ in events(again) if n in ("queue", "queue_delta")] == ["queue_delta"]


def test_the_whole_queue_is_built_only_for_someone_who_takes_it(socket_client, console, phone,
                                                                 moderator, monkeypatch):
    built = []
    whole = queue_module.queue_payload
    monkeypatch.setattr(broadcast, "queue_payload", lambda forum: built.append(1) or whole(forum))
    question = phone.question()
    moderator.approve(question)
    assert built == [], "no console here takes the whole queue"
    stage = socket_client(role="staff", flask_client=moderator.client)
    moderator.make_next(question)
    assert len(built) == 1 and received(stage, "queue")[-1]["next"] == question.id


def test_a_coalesced_burst_loses_no_question(app, socket_client, console, phone, moderator,
                                             forum, monkeypatch):
    """Commits made while a push is going out (the sleep between the state and the queue,
    where under eventlet other requests run) reach the delta consoles in the follow-up."""
    first, second, third = (phone.question(f"Câu hỏi số {n}?") for n in range(3))
    console.get_received()
    follow_ups = []
    monkeypatch.setattr(socketio, "start_background_task",
                        lambda task, *args: follow_ups.append((task, args)))
    sleep, meanwhile = socketio.sleep, []
    other_phone = Phone(app.test_client(), forum)

    def more_changes(seconds):
        if not meanwhile:
            meanwhile.append(moderator.approve(second))
            meanwhile.append(moderator.reject(third))
            meanwhile.append(other_phone.ask("Câu hỏi đến giữa chừng?").get_json())
        return sleep(seconds)

    monkeypatch.setattr(socketio, "sleep", more_changes)
    moderator.approve(first)
    assert len(meanwhile) == 3
    (pushed,) = received(console, "queue_delta")
    assert ids(pushed) == [first.id]  # the commits meanwhile were read after this push's read
    task, args = follow_ups.pop()
    task(*args)
    later = received(console, "queue_delta")
    newest = meanwhile[2]["id"]
    got = {q["id"]: q["status"] for delta in later for q in delta["questions"]}
    assert got == {second.id: "queued", third.id: "rejected", newest: "new"}
    assert later[-1]["order"] == [first.id, second.id]
    assert not follow_ups and not broadcast._pushing and not broadcast._again


def test_a_failed_push_gives_its_questions_back_whole(console, phone, forum, monkeypatch):
    question = phone.question()
    console.get_received()
    changes.touched(question)
    db.session.commit()
    monkeypatch.setattr(broadcast, "queue_delta", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        broadcast._push(forum, socketio)
    monkeypatch.undo()
    broadcast._push(forum, socketio)
    assert [n for n, _ in events(console) if n in ("queue", "queue_delta")] == ["queue"]


@pytest.mark.parametrize("revoke", ["lock", "logout"])
def test_a_delta_console_is_cut_when_its_right_ends(socket_client, phone, staffer,  # noqa: F811
                                                    admin, revoke):  # noqa: F811
    console = socket_client(role="staff", queue="delta", flask_client=staffer.client)
    assert console.is_connected()
    {"lock": lambda: _lock(admin), "logout": lambda: _logout(admin, staffer)}[revoke]()
    assert not console.is_connected()
    before = len(console.queue)
    phone.question("Số điện thoại của tôi là 0912345678")
    assert console.queue[before:] == []
    assert not socket_client(role="staff", queue="delta",
                             flask_client=staffer.client).is_connected()


# ---- what a transaction writes down (live/screens/changes.py) ----

def test_a_rollback_drops_what_it_flushed(forum):
    question = Question(forum_id=forum.id, text="Bỏ đi", original_text="Bỏ đi")
    db.session.add(question)
    db.session.flush()
    db.session.rollback()
    assert changes.take(forum.id) == (set(), False)


def test_a_savepoint_rolled_back_keeps_the_outer_transactions_questions(forum, phone):
    kept = phone.question()
    changes.take(forum.id)
    kept.text = "Sửa trong giao dịch ngoài"
    db.session.flush()
    with pytest.raises(RuntimeError):
        with db.session.begin_nested():
            db.session.add(Question(forum_id=forum.id, text="Trong", original_text="Trong"))
            db.session.flush()
            raise RuntimeError
    db.session.commit()
    taken, whole = changes.take(forum.id)
    assert kept.id in taken and not whole
    assert changes.take(forum.id) == (set(), False)


def test_an_assignee_a_topic_or_the_bad_words_changed_make_the_next_push_whole(forum):
    forum.assignees[0].name = "Tên mới"
    db.session.commit()
    assert changes.take(forum.id) == (set(), True)
    forum.queue_order = [1, 2]
    forum.speaker_timer_seconds = 120
    db.session.commit()
    assert changes.take(forum.id) == (set(), False)
    forum.extra_bad_words = "từ xấu"
    db.session.commit()
    assert changes.take(forum.id) == (set(), True)
    topic = Topic(forum_id=forum.id, name="Học phí")  # new: no card names it yet
    db.session.add(topic)
    db.session.commit()
    assert changes.take(forum.id) == (set(), False)
    topic.name = "Học phí, khoản thu"
    db.session.commit()
    assert changes.take(forum.id) == (set(), True)
