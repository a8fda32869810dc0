"""The console's moves against the server's table, in node (no browser): for every state of
models/question.py `ACTIONS` (and `publish`), static/js/console/actions.js draws each verb the
server allows with a label from the console's strings block, "out of scope" beside "reject",
topics only when the forum has some, the secretary only the answer; and several picked at once
take the bulk steps the server's list allows. A verb added to the server's table without a
look in the console fails here, before a moderator finds a card without its button.
Needs node (as tests/test_es2017.py); skipped without it."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from models.question import ACTIONS, State

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

#: runs actions.js on a window.Console holding only what it reads, for each case on stdin
RUN = """
const fs = require('fs'), vm = require('vm');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(input.cases.map(function (c) {
  const C = {T: input.strings, topics: c.topics, canModerate: c.moderate, canAnswer: c.answer};
  vm.runInNewContext(fs.readFileSync(input.script, 'utf8'), {window: {Console: C}});
  return {specs: C.actionsOf(c.q), bulk: C.bulkOf(c.q)};
})));
"""


def run(strings: dict, cases: list[dict]) -> list[dict]:
    script = ROOT / "static" / "js" / "console" / "actions.js"
    done = subprocess.run([NODE, "-e", RUN], input=json.dumps({
        "script": str(script), "strings": strings, "cases": cases}),
        capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.fixture
def strings(moderator) -> dict:
    page = moderator.client.get(f"/f/{moderator.forum.code}/moderate").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="strings">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def case(state: State, *, extra=(), topics=True, moderate=True, answer=True) -> dict:
    return {"q": {"id": 1, "status": state.value, "actions": [*ACTIONS[state], *extra]},
            "topics": [{"id": 1, "name": "Học phí"}] if topics else [],
            "moderate": moderate, "answer": answer}


def drawn(actions) -> list[str]:
    return [name for verb in actions
            for name in ([verb, "reject:out_of_scope"] if verb == "reject" else [verb])]


def test_every_move_the_server_allows_has_its_button(strings):
    cases = [case(state) for state in State] + [case(State.ANSWERED, extra=["publish"])]
    for given, got in zip(cases, run(strings, cases)):
        assert [spec[0] for spec in got["specs"]] == drawn(given["q"]["actions"]), given
        labels = [spec[1] for spec in got["specs"]]
        assert all(isinstance(label, str) and label for label in labels), (given, labels)
        assert all(spec[2] in {"ok", "danger", "quiet", "primary"} for spec in got["specs"])
    by_state = dict(zip([c["q"]["status"] for c in cases], run(strings, cases)))
    assert by_state["merged"]["specs"] == []
    assert [s[1] for s in by_state["deferred"]["specs"]][0] == "Trả lời bằng văn bản…"
    assert [s[1] for s in by_state["queued"]["specs"]][:2] == ["Đưa lên màn hình", "Đã trả lời…"]


def test_the_account_and_the_forum_narrow_what_is_drawn(strings):
    cases = [case(State.QUEUED, topics=False), case(State.QUEUED, moderate=False),
             case(State.ANSWERED, extra=["publish"], moderate=False),
             {"q": {"id": 2, "status": "queued", "actions": ["show", "a-verb-of-tomorrow"]},
              "topics": [], "moderate": True, "answer": True}]
    no_topics, secretary, secretary_reply, unknown = run(strings, cases)
    assert "topics" not in [s[0] for s in no_topics["specs"]]
    assert [s[0] for s in secretary["specs"]] == ["answer"]
    assert secretary_reply["specs"] == []  # publishing is the moderator's
    assert [s[0] for s in unknown["specs"]] == ["show"]


def test_several_at_once_take_the_bulk_steps_their_moves_allow(strings):
    cases = [case(state) for state in State] + [case(State.NEW, moderate=False)]
    got = [result["bulk"] for result in run(strings, cases)]
    assert dict(zip([s.value for s in State], got)) == {
        "new": ["approve", "reject"], "queued": ["reject"], "on_screen": [], "answered": [],
        "deferred": [], "rejected": [], "merged": []}
    assert got[-1] == []
