"""The staff CLI: users, API tokens, backups."""
import sqlite3

import pytest
from sqlalchemy import select

from models import User, db
from tests.conftest import ON_POSTGRES


def test_create_a_user_and_log_in(runner, app):
    result = runner.invoke(args=["user", "create", "thuky", "--password", "mat-khau-123"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "thuky"))
    assert user.role == "moderator" and user.check_password("mat-khau-123")
    again = runner.invoke(args=["user", "create", "thuky", "--password", "mat-khau-123"])
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["user", "create", "x", "--password", "short"])
    assert short.exit_code != 0 and "8 characters" in short.output


def test_generated_password_is_printed_once(runner):
    result = runner.invoke(args=["user", "create", "quantri", "--role", "admin", "--generate"])
    assert result.exit_code == 0
    password = result.output.rsplit("Password: ", 1)[1].strip()
    user = db.session.scalar(select(User).where(User.username == "quantri"))
    assert user.role == "admin" and user.check_password(password)


def test_issue_a_token_that_the_api_accepts(runner, client, phone, forum):
    result = runner.invoke(args=["token", "issue", "admin", "--name", "intake script"])
    assert result.exit_code == 0
    token = result.output.strip()
    question = phone.question()
    response = client.post(f"/api/f/{forum.code}/questions/{question.id}/approve",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    missing = runner.invoke(args=["token", "issue", "nobody"])
    assert missing.exit_code != 0 and "No user" in missing.output


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's online backup; PostgreSQL uses pg_dump")
def test_backup_is_a_consistent_copy(runner, phone, tmp_path):
    for i in range(5):
        phone.question(f"Câu hỏi số {i}")
    target = tmp_path / "backup.db"
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    texts = [row[0] for row in copy.execute("SELECT text FROM questions ORDER BY id")]
    copy.close()
    assert texts == [f"Câu hỏi số {i}" for i in range(5)]
    refused = runner.invoke(args=["db", "backup", str(target)])
    assert refused.exit_code != 0 and "exists" in refused.output


@pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL on PostgreSQL")
def test_backup_points_postgres_users_to_pg_dump(runner, tmp_path):
    result = runner.invoke(args=["db", "backup", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "pg_dump" in result.output
