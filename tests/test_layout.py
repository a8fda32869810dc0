"""The shelving a newcomer relies on (docs/architecture.md): few loose modules, no import
loops, files short enough to read whole."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
LIVE = ROOT / "live"
#: the importer and the two office documents read better whole (issue 14)
LONGER = {"live/questions/importing.py", "live/record/exports/office.py",
          "live/record/exports/report.py"}


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in LIVE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: pathlib.Path, modules) -> set[str]:
    """The app's modules `path` imports, at module level or inside a function."""
    def known(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("live"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else known(node.module))
        elif isinstance(node, ast.Import):
            found |= {known(a.name) for a in node.names if a.name.startswith("live")}
    return found - {""}


def test_at_most_fifteen_loose_modules():
    loose = sorted(p.name for p in LIVE.glob("*.py"))
    assert len(loose) <= 15, loose


def test_no_import_loops():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    done, path = set(), []

    def visit(name):
        if name in path:
            raise AssertionError("import loop: " + " -> ".join(path[path.index(name):] + [name]))
        if name in done:
            return
        path.append(name)
        for other in sorted(graph[name]):
            visit(other)
        path.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_the_loop_finder_finds_a_loop(tmp_path):
    """The check above can fail: two modules that import each other are a loop."""
    (tmp_path / "a.py").write_text("from live.b import x\n")
    (tmp_path / "b.py").write_text("def f():\n    from live.a import y\n")
    modules = {"live.a": tmp_path / "a.py", "live.b": tmp_path / "b.py"}
    assert _imports(tmp_path / "a.py", modules) == {"live.b"}
    assert _imports(tmp_path / "b.py", modules) == {"live.a"}


def test_python_modules_stay_under_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules().values()
            if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert set(long) <= LONGER, long
    assert all(n <= 500 for n in long.values()), long
