"""The console's queue deltas, in node (no browser): static/js/console/queue.js puts the
questions of a `queue_delta` into the list it holds by id, adds new ones in id order and never
lets an older version of a question (a push that arrived late, from another server process)
undo a newer one. Needs node (as tests/test_es2017.py); skipped without it."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

#: loads queue.js on a window.Console holding only what it reads when it loads (its drawing
#: functions are not called), then merges each case
RUN = """
const fs = require('fs'), vm = require('vm');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const C = {$: function () { return {}; }, openCards: {}, busy: {}};
vm.runInNewContext(fs.readFileSync(input.script, 'utf8'),
                   {window: {Console: C}, document: {title: ''}});
process.stdout.write(JSON.stringify(input.cases.map(function (c) {
  const held = JSON.parse(JSON.stringify(c.held));
  const merged = C.mergeQuestions(held, c.incoming);
  return {merged: merged, untouched: JSON.stringify(held) === JSON.stringify(c.held)};
})));
"""


def merge(*cases: tuple[list[dict], list[dict]]) -> list[list[dict]]:
    done = subprocess.run([NODE, "-e", RUN], input=json.dumps({
        "script": str(ROOT / "static" / "js" / "console" / "queue.js"),
        "cases": [{"held": held, "incoming": incoming} for held, incoming in cases]}),
        capture_output=True, text=True, timeout=60, check=True)
    results = json.loads(done.stdout)
    assert all(r["untouched"] for r in results), "the list held was changed in place"
    return [r["merged"] for r in results]


def q(id, version, status="new", **fields):
    return {"id": id, "version": version, "status": status, **fields}


def test_a_delta_replaces_by_id_and_keeps_the_newer_version():
    held = [q(1, 1), q(2, 3, "queued"), q(3, 1)]
    newer, older, same, added = merge(
        (held, [q(1, 2, "queued")]),
        (held, [q(2, 2, "new")]),                 # late: approved since, this is before
        (held, [q(3, 1, upvotes=4)]),             # the same version: a count that changed
        (held, [q(5, 1), q(4, 1)]),
    )
    assert newer == [q(1, 2, "queued"), q(2, 3, "queued"), q(3, 1)]
    assert older == held
    assert same == [q(1, 1), q(2, 3, "queued"), q(3, 1, upvotes=4)]
    assert [x["id"] for x in added] == [1, 2, 3, 4, 5]


def test_a_delta_on_an_empty_console_and_an_empty_delta():
    first, nothing = merge(([], [q(7, 1), q(6, 2)]), ([q(1, 1)], []))
    assert [x["id"] for x in first] == [6, 7]
    assert nothing == [q(1, 1)]
