"""How long the exports take for a big forum: 2,000 questions and 20,000 record entries.

Not a test: run it by hand on the machine the forum runs on, and read the figures.

    .venv/bin/python bench/bench_exports.py [--questions 2000] [--events 20000] [--runs 3]

It builds the forum in a throwaway SQLite database (the real schema, via migrations), inserting
the rows in bulk, then times each step (median of --runs runs, each with a fresh session so
nothing comes from the identity map). Targets on the 2-core machine: DOCX < 3 s, JSON < 1 s.
"""
import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from live import create_app  # noqa: E402
from live.core import database  # noqa: E402
from live.core.extensions import db  # noqa: E402
from models import Forum, Question, RecordEntry, utcnow  # noqa: E402

TARGETS = {"docx (build_record + render)": 3.0, "report docx (build_record + render)": 3.0,
           "json archive (record.json route)": 1.0}

WORDS = ("học phí năm học mới trường lớp giáo viên phụ huynh học sinh bán trú tuyển sinh "
         "đồng phục sách giáo khoa dạy thêm cơ sở vật chất nhà vệ sinh sân chơi an toàn giao "
         "thông thư viện bồi dưỡng ngoại khóa thi cử điểm số chương trình lớp Một đường ngập "
         "quỹ phụ huynh thu chi minh bạch đề nghị xin hỏi vì sao khi nào ạ").split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "?"


def build(questions: int, events: int, seed: int = 2018) -> Forum:
    """Fill the demo forum: the agenda run, `questions` questions in every state, and record
    entries up to `events`. Bulk inserts, one commit."""
    rng = random.Random(seed)
    forum = db.session.scalar(select(Forum).where(Forum.code == "thuan-an-2018"))
    start = utcnow().replace(hour=0, minute=30, second=0, microsecond=0)
    for i, item in enumerate(forum.agenda):
        item.started_at = start + timedelta(minutes=20 * i)
        item.ended_at = start + timedelta(minutes=20 * i + 18)
    db.session.flush()
    units = [a.id for a in forum.assignees]
    items = [item.id for item in forum.agenda]
    states = (["answered"] * 40 + ["deferred"] * 15 + ["rejected"] * 10 + ["merged"] * 10
              + ["queued"] * 15 + ["new"] * 10)
    channels = ["venue"] * 6 + ["online", "suggestion_box", "hotline", "floor"]
    first = (db.session.scalar(select(db.func.max(Question.id))) or 0) + 1
    rows, log = [], []
    for n in range(questions):
        qid = first + n
        status = rng.choice(states)
        at = start - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 600))
        text = sentence(rng, rng.randint(12, 40))
        outcome = {"answered": "on_spot", "deferred": "in_writing"}.get(status)
        rows.append({
            "id": qid, "forum_id": forum.id, "channel": rng.choice(channels), "status": status,
            "original_text": text, "text": text, "search_text": text.lower(),
            "asker_name": rng.choice([None, "Nguyễn Văn An", "Trần Thị Bích Ngọc"]),
            "asker_affiliation": rng.choice([None, "phường An Phú", "phường Lái Thiêu"]),
            "assignee_id": rng.choice(units) if status in ("answered", "deferred", "queued")
            else None,
            "merged_into_id": first if status == "merged" and n else None,
            "answer_note": sentence(rng, 60) if status == "answered" else None,
            "outcome": outcome,
            "due_on": date(2018, 10, 15) if status == "deferred" else None,
            "answered_at": at + timedelta(hours=2) if status == "answered" else None,
            "agenda_item_id": rng.choice(items[5:8]) if status == "answered" else None,
            "created_at": at, "updated_at": at + timedelta(hours=2), "version": 3,
        })
        log.append({"action": "question.submit", "question_id": qid, "at": at,
                    "data": {"channel": "venue", "text": text, "name": None}})
        then = at + timedelta(minutes=30)
        follow = {"rejected": ["question.reject"], "merged": ["question.merge"],
                  "queued": ["question.approve", "question.assign"],
                  "deferred": ["question.approve", "question.assign", "question.defer"],
                  "answered": ["question.approve", "question.assign", "question.show",
                               "question.answer"], "new": []}[status]
        for action in follow:
            log.append({"action": action, "question_id": qid, "at": then,
                        "data": {"from": "queued", "to": status}})
    while len(log) < events:  # the rest: edits and shows that were taken down, say
        qid = first + rng.randrange(questions)
        log.append({"action": rng.choice(["question.edit", "question.show", "question.hide"]),
                    "question_id": qid, "at": start, "data": {"before": "…", "after": "…"}})
    db.session.execute(insert(Question.__table__), rows)
    db.session.execute(insert(RecordEntry.__table__), [
        {"forum_id": forum.id, "actor": "admin", "agenda_item_id": None, **entry}
        for entry in sorted(log[:events], key=lambda e: e["at"])
    ])
    db.session.commit()
    return forum


def timed(step, runs: int) -> float:
    times = []
    for _ in range(runs):
        db.session.remove()  # a fresh session: everything is read from the database again
        forum = db.session.scalar(select(Forum).where(Forum.code == "thuan-an-2018"))
        began = time.perf_counter()
        step(forum)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from live.record import archive
    from live.record.exports import charts, csv, docx, report, xlsx
    from live.record.view import build_record

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "ASYNC_MODE": "threading",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
            "ADMIN_PASSWORD": "bench-password", "FORUM_SEED": True, "PUBLIC_URL": None,
            "MESSAGE_QUEUE": None,
        })
        database.prepare(app, quiet=True)
        with app.app_context():
            began = time.perf_counter()
            build(args.questions, args.events)
            print(f"built {args.questions} questions, {args.events} record entries "
                  f"in {time.perf_counter() - began:.1f} s")
            sizes = {}

            def keep(name, data):
                sizes[name] = len(data)

            steps = {
                "build_record": lambda f: build_record(f),
                "json archive (record.json route)":
                    lambda f: keep("archive", json.dumps(archive.dump(f), ensure_ascii=False,
                                                         indent=1).encode()),
                "charts (3 PNG)": lambda f: charts.charts(build_record(f)),
                "docx (build_record + render)":
                    lambda f: keep("docx", docx.render(f, build_record(f))),
                "report docx (build_record + render)":
                    lambda f: keep("report", report.render(f, build_record(f))),
                "xlsx (build_record + render)":
                    lambda f: keep("xlsx", xlsx.render(f, build_record(f))),
                "csv (build_record + render)":
                    lambda f: keep("csv", csv.render(f, build_record(f))),
            }
            missed = []
            print(f"median of {args.runs} runs:")
            for name, step in steps.items():
                seconds = timed(step, args.runs)
                target = TARGETS.get(name)
                verdict = ""
                if target:
                    verdict = "ok" if seconds < target else "MISSED"
                    verdict = f"  (target < {target:.0f} s: {verdict})"
                    if seconds >= target:
                        missed.append(name)
                print(f"  {name:40s} {seconds:6.2f} s{verdict}")
            print("sizes: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()))
            db.session.remove()
            db.engine.dispose()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
