"""Push over Socket.IO: the whole state on connect and after every change, rooms per forum."""
from tests.conftest import Moderator, Phone, make_forum


def last(client, name):
    events = [e for e in client.get_received() if e["name"] == name]
    return events[-1]["args"][0] if events else None


def test_a_client_gets_the_state_on_connect(socket_client, client, forum):
    projector = socket_client()
    assert projector.is_connected()
    assert last(projector, "state") == client.get(f"/api/f/{forum.code}/state").get_json()


def test_an_unknown_forum_is_refused(socket_client):
    assert not socket_client("no-such-forum").is_connected()


def test_a_moderator_acts_and_the_projector_and_phones_see_it(socket_client, phone, moderator,
                                                              client, forum):
    projector, hall_phone = socket_client(), socket_client()
    question = phone.question("Có tổ chức bán trú cho học sinh tiểu học không?",
                              name="Lê Văn C", client_key="phone-key-1")
    projector.get_received()
    moderator.approve(question)
    moderator.next_item()
    moderator.show(question)
    state = last(projector, "state")
    assert state == client.get(f"/api/f/{forum.code}/state").get_json()
    assert state["on_screen"]["text"] == "Có tổ chức bán trú cho học sinh tiểu học không?"
    assert state["on_screen"]["asker"] == {"name": "Lê Văn C", "affiliation": None}
    assert state["current_item"] == 1
    assert last(hall_phone, "state") == state


def test_states_carry_a_growing_sequence(socket_client, phone, moderator):
    projector = socket_client()
    question = phone.question()
    moderator.approve(question)
    moderator.show(question)
    seqs = [e["args"][0]["seq"] for e in projector.get_received() if e["name"] == "state"]
    assert len(seqs) == 4 and seqs == sorted(seqs) and len(set(seqs)) == 4


def test_a_phone_follows_its_own_question(socket_client, phone, moderator):
    mine = socket_client()
    question = phone.question(client_key="my-own-key-1")
    mine.emit("questions.watch", {"keys": ["my-own-key-1"]})
    assert last(mine, "mine") == [{"client_key": "my-own-key-1", "id": question.id,
                                   "status": "new", "receipt": question.receipt}]
    moderator.approve(question)
    moderator.show(question)
    assert last(mine, "mine") == [{"client_key": "my-own-key-1", "id": question.id,
                                   "status": "on_screen", "receipt": question.receipt}]
    bystander = socket_client()
    bystander.get_received()
    moderator.answer(question, "Đã trả lời")
    assert last(bystander, "mine") is None
    assert last(mine, "mine")[0]["status"] == "answered"


def test_watch_refuses_garbage(socket_client):
    phone = socket_client()
    assert phone.emit("questions.watch", "nonsense", callback=True) == {
        "error": "keys must be a list"}
    assert phone.emit("questions.watch", {"keys": [1, None, "x" * 100]},
                      callback=True) == {"watching": 0}


def test_staff_get_the_queue(app, socket_client, phone, moderator, forum):
    console = socket_client(role="staff", flask_client=moderator.client)
    assert console.is_connected()
    assert last(console, "queue") == {"forum": forum.code, "questions": [], "order": [],
                                      "next": None}
    question = phone.question("Câu hỏi mới")
    queue = last(console, "queue")
    assert [q["text"] for q in queue["questions"]] == ["Câu hỏi mới"]
    hall = socket_client()
    phone.question("Câu hỏi thứ hai")
    assert last(hall, "queue") is None, "the hall never gets the queue"
    assert question.id


def test_two_moderators_see_each_others_actions(app, socket_client, phone, moderator, forum):
    other = Moderator(app.test_client(), forum)
    mine = socket_client(role="staff", flask_client=moderator.client)
    theirs = socket_client(role="staff", flask_client=other.client)
    question = phone.question()
    mine.get_received()
    other.approve(question)
    assert last(mine, "queue")["questions"][0]["status"] == "queued"
    assert last(theirs, "queue")["questions"][0]["status"] == "queued"


def test_rooms_of_two_forums_stay_apart(app, socket_client, client, moderator, forum):
    other = make_forum("dien-dan-khac")
    here, there = socket_client(), socket_client("dien-dan-khac")
    here.get_received()
    there.get_received()
    question = Phone(client, forum).question()
    moderator.approve(question)
    assert last(here, "state") is not None
    assert last(there, "state") is None
    assert other.code == "dien-dan-khac"


def test_a_reconnecting_client_needs_nothing_else(socket_client, phone, moderator):
    question = phone.question()
    moderator.approve(question)
    moderator.next_item()
    moderator.show(question)
    first = socket_client()
    first.disconnect()
    again = socket_client()
    state = last(again, "state")
    assert state["on_screen"]["id"] == question.id and state["current_item"] == 1


def test_socket_handlers_stay_short():
    """A Socket.IO handler reads its arguments and calls the domain (at most 6 lines besides
    its docstring); what it does is in functions of their own, which tests and other callers
    reach without a socket."""
    import ast
    import pathlib

    source = pathlib.Path(__file__).parents[1] / "live" / "screens" / "events.py"
    handlers = [node for node in ast.walk(ast.parse(source.read_text("utf-8")))
                if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "on"
                    for d in node.decorator_list)]
    assert {h.name for h in handlers} >= {"connect", "disconnected", "watch"}
    for handler in handlers:
        body = handler.body[1:] if ast.get_docstring(handler) else handler.body
        lines = body[-1].end_lineno - body[0].lineno + 1
        assert lines <= 6, f"{handler.name}: {lines} lines"
