"""`flask --app live db backup` copies a live SQLite database while questions keep coming in,
and the copy, restored as the README says, serves again."""
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import pytest
import requests

from tests.realserver import CODE, ROOT, Server

pytestmark = pytest.mark.server


def test_a_backup_while_submissions_go_on_is_consistent_and_restores(tmp_path):
    server = Server(tmp_path, RATELIMIT_ENABLED="0")
    server.start()
    acknowledged, stop = [], threading.Event()

    def phone(n):
        session = requests.Session()
        i = 0
        while not stop.is_set() and i < 400:
            key = f"backup-{n}-{i:04d}"
            response = session.post(f"{server.base}/api/f/{CODE}/questions", timeout=5,
                                    json={"text": f"Câu hỏi {n}-{i}", "client_key": key})
            if response.status_code in (200, 201):
                acknowledged.append(key)
            i += 1

    phones = [threading.Thread(target=phone, args=(n,)) for n in range(4)]
    try:
        for thread in phones:
            thread.start()
        while len(acknowledged) < 40:
            threading.Event().wait(0.05)
        before = set(acknowledged)
        backup = tmp_path / "backup.db"
        env = dict(server.env)
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "live", "db", "backup",
                                 str(backup)], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=60)
        after = set(acknowledged)
        assert result.returncode == 0, result.stderr
        stop.set()
        for thread in phones:
            thread.join(30)
    finally:
        stop.set()
        server.stop()

    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    keys = {row[0] for row in copy.execute("SELECT client_key FROM questions")}
    submitted = copy.execute("SELECT COUNT(*) FROM record_entries "
                             "WHERE action = 'question.submit'").fetchone()[0]
    copy.close()
    assert before <= keys <= set(acknowledged), "the copy holds a moment of the live database"
    assert len(keys) == submitted, "every question in the copy has its record entry"
    assert len(after) > len(before), "submissions went on during the backup"

    # Restore as the README says: stop, copy over the database, drop -wal and -shm, start.
    database = tmp_path / "forum.db"
    shutil.copyfile(backup, database)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{database}{suffix}"):
            os.remove(f"{database}{suffix}")
    restored = Server(tmp_path, RATELIMIT_ENABLED="0")
    restored.env["DATABASE_URL"] = server.env["DATABASE_URL"]
    restored.start()
    try:
        state = requests.get(f"{restored.base}/api/f/{CODE}/state", timeout=5).json()
        assert state["counts"]["total"] == len(keys)
    finally:
        restored.stop()
