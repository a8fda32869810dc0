"""A push never shows a state that never existed (issue 13.7): the hall's state and the staff
queue of one push are read in one transaction, so a commit that lands while the push is going
out (another moderator putting another question on screen) shows in the next push, not half in
this one; the queue (whole, or the delta of what changed) carries the state's seq.

The push runs against the real database and the real Socket.IO server; the only thing added is
a hook on the server's `sleep(0)` (the moment between the two emits, where under eventlet other
requests run), through which the second moderator commits."""
from live.core.extensions import socketio
from live.screens import broadcast
from models import db


class Hall:
    """The real Socket.IO server, with what it was asked to send written down, and the other
    moderator's action run at the pause between the state and the queue."""

    def __init__(self, meanwhile):
        self.sent, self.meanwhile = [], meanwhile

    def emit(self, event, data, to=None):
        self.sent.append((event, data))
        socketio.emit(event, data, to=to)

    def sleep(self, seconds):
        if self.meanwhile:
            action, self.meanwhile = self.meanwhile, None
            action()

    def start_background_task(self, *args, **kwargs):
        return None  # the follow-up push is not this test's business


def test_the_state_and_the_queue_of_one_push_agree(app, forum, phone, moderator):
    first, second = phone.question("Câu thứ nhất"), phone.question("Câu thứ hai")
    moderator.approve(first)
    moderator.approve(second)
    moderator.show(first)
    other = type(moderator)(app.test_client(), forum)  # a second moderator, own session
    hall = Hall(lambda: other.show(second))
    db.session.expire_all()
    broadcast._push(forum, hall)
    (_, state), (_, queue) = [sent for sent in hall.sent if sent[0] in ("state", "queue")]
    on_screen = [q["id"] for q in queue["questions"] if q["status"] == "on_screen"]
    assert state["on_screen"]["id"] == first.id
    assert on_screen == [first.id], "the queue shows what the state beside it does not"
    assert queue["seq"] == state["seq"]
    # the other moderator's change did land, and the next push shows it whole
    later = Hall(None)
    broadcast._push(forum, later)
    (_, state), (_, queue), (_, delta) = later.sent
    assert state["on_screen"]["id"] == second.id and queue["seq"] == state["seq"] > 0
    assert [q["id"] for q in queue["questions"] if q["status"] == "on_screen"] == [second.id]
    # the consoles that take deltas get the running order read with the same state
    assert delta["seq"] == state["seq"] and delta["order"] == queue["order"]
