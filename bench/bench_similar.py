"""How well and how fast the assistant finds duplicates.

    python bench/bench_similar.py [labelled.jsonl ...]
    python bench/bench_similar.py --http     # and over HTTP, on the real server

Each file holds one JSON object a line, {"group": ..., "text": ...}; questions of one group are
the same question. Prints, for each file in a forum of its own and for all of them in one forum
(by default ../shared/data/duplicates-dev.jsonl and tests/data/duplicates-extra.jsonl and
duplicates-heldout2.jsonl): the share of questions with a duplicate whose duplicate is among the
top 3; precision and recall of the pairs marked `likely`; then the time of `similar` in a forum of
2,000 questions (in process): repeated, after a new question, and the first call. With --http,
also `GET /api/f/<code>/questions/<id>/similar` on the real server (`python -m live`, eventlet,
SQLite, 127.0.0.1) with the same 2,000 questions sent through the API: the first call and 200
more, one at a time on one keep-alive connection, as a console asks.
"""
import itertools
import json
import pathlib
import random
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from live.assistant.similar import Index  # noqa: E402

DEFAULT = [ROOT.parent / "shared" / "data" / "duplicates-dev.jsonl",
           ROOT / "tests" / "data" / "duplicates-extra.jsonl",
           ROOT / "tests" / "data" / "duplicates-heldout2.jsonl"]


def load(paths):
    rows = []
    for path in paths:
        path = pathlib.Path(path)
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
    return rows


def quality(rows):
    index = Index()
    for i, row in enumerate(rows):
        index.add(i, row["text"])
    groups = [row["group"] for row in rows]
    hits = with_duplicate = 0
    likely = set()
    for i, row in enumerate(rows):
        found = index.similar(i, row["text"])
        if groups.count(groups[i]) > 1:
            with_duplicate += 1
            hits += any(groups[f["id"]] == groups[i] for f in found[:3])
        likely |= {frozenset((i, f["id"])) for f in found if f["likely"]}
    true = {frozenset(p) for p in itertools.combinations(range(len(rows)), 2)
            if groups[min(p)] == groups[max(p)]}
    correct = len(likely & true)
    return {
        "questions": len(rows),
        "top3": hits / max(with_duplicate, 1),
        "precision": correct / max(len(likely), 1),
        "recall": correct / max(len(true), 1),
        "likely_pairs": len(likely),
    }


def speed(rows, size=2000, calls=200):
    """The time of `similar` in a forum of `size` questions: the first call (which weighs every
    question's neighbourhood, as after a restart), then `calls` calls, then `calls` new questions
    each followed by its own `similar` (as the console asks for each new card)."""
    random.seed(7)
    texts = [row["text"] for row in rows]
    index = Index()

    def shuffled(i):
        base = random.choice(texts).split()
        random.shuffle(base)
        return " ".join(base) + f" {i}"

    started = time.perf_counter()
    for i in range(size):
        index.add(i, shuffled(i))
    add_ms = (time.perf_counter() - started) * 1000 / size
    started = time.perf_counter()
    index.similar(0, texts[0])
    first_ms = (time.perf_counter() - started) * 1000
    times, arriving = [], []
    for i in range(calls):
        started = time.perf_counter()
        index.similar(i, texts[i % len(texts)])
        times.append((time.perf_counter() - started) * 1000)
    for i in range(size, size + calls):
        text = shuffled(i)
        started = time.perf_counter()
        index.add(i, text)
        index.similar(i, text)
        arriving.append((time.perf_counter() - started) * 1000)
    times.sort()
    arriving.sort()
    return {"size": size, "add_ms": add_ms, "first_ms": first_ms,
            "p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * len(times)) - 1],
            "new_p50_ms": statistics.median(arriving),
            "new_p95_ms": arriving[int(0.95 * len(arriving)) - 1]}


def over_http(rows, size=2000, calls=200):
    import subprocess
    import tempfile

    import requests

    sys.path.insert(0, str(ROOT / "tests"))
    from realserver import CODE, Server

    random.seed(7)
    texts = [row["text"] for row in rows]
    with tempfile.TemporaryDirectory(prefix="bench-similar-") as tmp:
        server = Server(pathlib.Path(tmp), RATELIMIT_ENABLED="0", LOG_LEVEL="WARNING")
        server.start()
        try:
            token = subprocess.run(
                [sys.executable, "-m", "flask", "--app", "live", "token", "issue", "admin",
                 "--name", "bench"], cwd=ROOT, env=dict(server.env, ASYNC_MODE="threading"),
                capture_output=True, text=True, check=True, timeout=120).stdout.strip()
            http = requests.Session()
            http.headers["Authorization"] = f"Bearer {token}"
            ids = []
            for i in range(size):
                base = random.choice(texts).split()
                random.shuffle(base)
                answer = http.post(f"{server.base}/api/f/{CODE}/questions", timeout=10,
                                   json={"text": " ".join(base) + f" {i}", "channel": "floor"})
                answer.raise_for_status()
                ids.append(answer.json()["id"])
            times = []
            for n in range(calls + 1):
                started = time.perf_counter()
                answer = http.get(f"{server.base}/api/f/{CODE}/questions/"
                                  f"{ids[(n * 7) % size]}/similar", timeout=30)
                answer.raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
        finally:
            server.stop()
    first, rest = times[0], sorted(times[1:])
    return {"size": size, "first_ms": first, "p50_ms": statistics.median(rest),
            "p95_ms": rest[int(0.95 * len(rest)) - 1], "max_ms": rest[-1]}


def _print(name, q):
    print(f"{name}: {q['questions']} questions: top3 {q['top3']:.2f}, likely precision "
          f"{q['precision']:.2f}, recall {q['recall']:.2f} ({q['likely_pairs']} pairs)")


if __name__ == "__main__":
    http_too = "--http" in sys.argv
    args = [arg for arg in sys.argv[1:] if arg != "--http"]
    paths = [pathlib.Path(path) for path in args or DEFAULT if pathlib.Path(path).exists()]
    sets = {path.name: load([path]) for path in paths}
    for name, rows in sets.items():
        _print(name, quality(rows))
    together = [dict(row, group=f"{name}:{row['group']}") for name, rows in sets.items()
                for row in rows]
    if len(sets) > 1:
        _print("all in one forum", quality(together))
    s = speed(together)
    print(f"similar with {s['size']} questions: p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms;"
          f" a new question then its similar: p50 {s['new_p50_ms']:.1f} ms,"
          f" p95 {s['new_p95_ms']:.1f} ms; the first call {s['first_ms']:.0f} ms;"
          f" add {s['add_ms']:.2f} ms each")
    if http_too:
        h = over_http(together)
        print(f"over HTTP with {h['size']} questions: p50 {h['p50_ms']:.1f} ms, p95 "
              f"{h['p95_ms']:.1f} ms, max {h['max_ms']:.1f} ms; the first call "
              f"{h['first_ms']:.0f} ms")
