"""The record cannot be rewritten (issue 13.6): the database refuses an insert over an existing
entry (SQLite's INSERT OR REPLACE would otherwise overwrite it without a delete trigger firing),
and a hash chain finds a rewrite made by any other means, such as an editor on the database file
that lifts the triggers first: `flask --app live record verify` names the first broken entry.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (the same tests, each its own SQL)."""
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from live import create_app
from live.core import database
from tests.conftest import _config
from models import RecordEntry, db
from models.record import verify


@pytest.fixture
def day(app, forum, phone, moderator):
    question = phone.question("Học phí năm học mới có tăng không?")
    moderator.approve(question)
    moderator.show(question)
    db.session.expire_all()
    return db.session.scalars(select(RecordEntry).where(RecordEntry.forum_id == forum.id)
                              .order_by(RecordEntry.id)).all()


def _raw(sql, **params):
    """SQL as someone with the database file (or a superuser's psql) would send it."""
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


def _lift_triggers():
    if db.engine.dialect.name == "sqlite":
        _raw("DROP TRIGGER record_entries_no_update")
        _raw("DROP TRIGGER record_entries_no_delete")
        _raw("DROP TRIGGER record_entries_no_overwrite")
    else:
        _raw("ALTER TABLE record_entries DISABLE TRIGGER USER")


def test_each_entry_names_the_one_before(day):
    assert day[0].prev_hash is None and len(day) >= 4
    for before, entry in zip(day, day[1:]):
        assert entry.prev_hash == before.hash and len(entry.hash) == 64
    assert verify(db.session.connection(), day[0].forum_id) is None


def test_an_insert_over_an_existing_entry_is_refused(day):
    entry = day[1]
    if db.engine.dialect.name == "sqlite":
        sql = ("INSERT OR REPLACE INTO record_entries (id, forum_id, at, actor, action, data) "
               "VALUES (:id, :forum, '2026-01-01 00:00:00', 'admin', 'question.show', '{}')")
    else:
        sql = ("INSERT INTO record_entries (id, forum_id, at, actor, action, data) "
               "VALUES (:id, :forum, now(), 'admin', 'question.show', '{}') "
               "ON CONFLICT (id) DO UPDATE SET actor = 'admin'")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql, id=entry.id, forum=entry.forum_id)
    db.session.expire_all()
    assert db.session.get(RecordEntry, entry.id).actor == entry.actor


def test_verify_names_the_entry_rewritten_with_the_triggers_lifted(day, runner, forum):
    assert runner.invoke(args=["record", "verify", forum.code]).exit_code == 0
    _lift_triggers()
    target = day[2]
    _raw("UPDATE record_entries SET actor = 'someone-else' WHERE id = :id", id=target.id)
    result = runner.invoke(args=["record", "verify", forum.code])
    assert result.exit_code == 1
    assert f"entry {target.id} " in result.output and "changed" in result.output


def test_verify_names_the_entry_after_one_deleted(day, runner, forum):
    _lift_triggers()
    _raw("DELETE FROM record_entries WHERE id = :id", id=day[1].id)
    result = runner.invoke(args=["record", "verify"])
    assert result.exit_code == 1
    assert f"entry {day[2].id} " in result.output and "does not name" in result.output


def test_a_rewrite_with_a_fresh_hash_still_breaks_the_next_link(day, runner, forum):
    """Recomputing the rewritten entry's own hash is not enough: the next entry names the old
    one. (Rewriting the whole tail is not caught by the chain alone; docs/security.md.)"""
    from models.record import hash_of
    _lift_triggers()
    target = day[1]
    _raw("UPDATE record_entries SET actor = 'someone-else' WHERE id = :id", id=target.id)
    db.session.expire_all()
    rewritten = db.session.get(RecordEntry, target.id)
    _raw("UPDATE record_entries SET hash = :h WHERE id = :id", h=hash_of(rewritten), id=target.id)
    result = runner.invoke(args=["record", "verify", forum.code])
    assert result.exit_code == 1 and f"entry {day[2].id} " in result.output


def test_an_archived_record_keeps_its_chain_and_an_old_one_gets_one(day, forum, runner,
                                                                     tmp_path):
    exported = tmp_path / "record.json"
    assert runner.invoke(args=["record", "export", forum.code, "--format", "json",
                               "-o", str(exported)]).exit_code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert [event["hash"] for event in data["events"]] == [entry.hash for entry in day]
    for event in data["events"]:  # as a file from before the chain
        del event["hash"], event["prev_hash"]
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    other = create_app(dict(_config(tmp_path / "empty.db"), FORUM_SEED=False))
    database.prepare(other, quiet=True)
    with other.app_context():
        imported = other.test_cli_runner().invoke(args=["record", "import", str(exported)])
        assert imported.exit_code == 0, imported.output
        checked = other.test_cli_runner().invoke(args=["record", "verify", forum.code])
        assert checked.exit_code == 0 and "the chain holds" in checked.output
        db.session.remove()
        db.engine.dispose()
