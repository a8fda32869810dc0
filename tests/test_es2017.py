"""The browser scripts run on phones from 2017: no syntax newer than ES2017 in static/js/ and its
folders (static/js/console/ ...), each a plain script, not a module (the vendored socket.io
client under static/vendor/ is not ours).

A real parser decides: acorn (npm, pinned in tests/js/package-lock.json) with ecmaVersion 2017,
run by node. Install it with `(cd tests/js && npm ci)`; without node or acorn this skips and
says why."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "tests" / "js"
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed: the ES2017 check needs it"),
    pytest.mark.skipif(not (CHECKS / "node_modules" / "acorn").is_dir(),
                       reason="acorn is not installed: run `(cd tests/js && npm ci)`"),
]


def parse(*files: Path) -> dict[str, str | None]:
    done = subprocess.run([NODE, str(CHECKS / "es2017.js"), *map(str, files)], cwd=CHECKS,
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_every_script_is_es2017():
    names = {p.relative_to(ROOT / "static" / "js").as_posix() for p in SCRIPTS}
    assert names >= {"phone/ask.js", "live.js", "console/common.js", "console/start.js",
                     "projector.js"}
    errors = {Path(f).name: e for f, e in parse(*SCRIPTS).items() if e}
    assert not errors, f"syntax newer than ES2017 (or broken): {errors}"


@pytest.mark.parametrize("newer", [
    "var a = b?.c;",                      # optional chaining, ES2020
    "var a = b ?? c;",                    # nullish coalescing, ES2020
    "var a = {...b};",                    # object spread, ES2018
    "try { f(); } catch { g(); }",        # optional catch binding, ES2019
    "var n = 1_000;",                     # numeric separators, ES2021
])
def test_the_check_refuses_newer_syntax(tmp_path, newer):
    script = tmp_path / "newer.js"
    script.write_text(newer, encoding="utf-8")
    assert parse(script)[str(script)], f"{newer!r} was accepted as ES2017"


def test_the_check_accepts_es2017(tmp_path):
    script = tmp_path / "ok.js"
    script.write_text("async function f() { await g(); } var h = (a, b,) => a ** b;",
                      encoding="utf-8")
    assert parse(script) == {str(script): None}
