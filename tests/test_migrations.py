"""Migrations carry a database that holds data from every earlier schema to the newest one,
on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from live import create_app
from live.core.extensions import db
from tests.conftest import ON_POSTGRES, _config


@pytest.fixture
def bare(tmp_path, postgres):
    if postgres is not None:
        name = next(postgres.names)
        where = postgres.create(name)
    else:
        where = tmp_path / "old.db"
    app = create_app(dict(_config(where), FORUM_SEED=False))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if postgres is not None:
        postgres.drop(name)


def test_every_migration_keeps_the_data(bare):
    folder = bare.extensions["migrate"].directory
    upgrade(directory=folder, revision="0003")
    rows = [
        "INSERT INTO forums (id, code, title, status, organizers, chairs, signers, created_at) "
        "VALUES (1, 'cu', 'Diễn đàn cũ', 'live', '[]', '[]', '[]', '2018-09-01 08:00:00')",
        "INSERT INTO users (id, username, password_hash, role, active, created_at) "
        "VALUES (1, 'admin', 'x', 'admin', TRUE, '2018-09-01 08:00:00')",
        "INSERT INTO api_tokens (id, user_id, token_hash, name, created_at) "
        "VALUES (1, 1, 'hash', 'script', '2018-09-01 08:00:00')",
        "INSERT INTO questions (id, forum_id, channel, status, original_text, text, search_text,"
        " created_at, updated_at, version) VALUES (1, 1, 'venue', 'new', 'Học phí?', 'Học phí?',"
        " 'hoc phi?', '2018-09-01 08:00:00', '2018-09-01 08:00:00', 1)",
        "INSERT INTO record_entries (id, forum_id, at, actor, action, question_id, data) "
        "VALUES (1, 1, '2018-09-01 08:00:00', 'attendee', 'question.submit', 1, '{}')",
    ]
    for row in rows:
        db.session.execute(text(row))
    db.session.commit()
    upgrade(directory=folder)
    get = lambda sql: db.session.execute(text(sql)).one()  # noqa: E731
    assert get("SELECT username, session_version FROM users") == ("admin", 1)
    assert get("SELECT token_hash FROM api_tokens") == ("hash",)
    assert get("SELECT text, upvotes FROM questions") == ("Học phí?", 0)
    assert get("SELECT phones_see_queue FROM forums")[0] in (False, 0)
    # a forum from before 0010 printed the Party's header: it keeps it, with no copies
    assert get("SELECT header_kind, header_superior, recipient, secretary FROM forums") == (
        "party", None, None, None)
    assert get("SELECT copies FROM forums")[0] in ("[]", [])
    # a question from before 0012 got a receipt of the alphabet, and nothing was published
    receipt, published = get("SELECT receipt, reply_published_at FROM questions")
    assert len(receipt) == 10 and set(receipt) <= set("23456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert published is None
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("DELETE FROM record_entries"))
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):  # the update trigger is back after 0008
        db.session.execute(text("UPDATE record_entries SET actor = 'x'"))
    db.session.rollback()
    # the entry written before the chain got its hash in 0008, and the chain holds
    from models.record import verify
    assert get("SELECT prev_hash FROM record_entries") == (None,)
    assert len(get("SELECT hash FROM record_entries")[0]) == 64
    assert verify(db.session.connection(), 1) is None


@pytest.mark.skipif(ON_POSTGRES, reason="the down-and-up run is the same on both; once is enough")
def test_down_to_nothing_and_up_again(bare):
    folder = bare.extensions["migrate"].directory
    upgrade(directory=folder)
    downgrade(directory=folder, revision="base")
    upgrade(directory=folder)
    assert db.session.execute(text("SELECT COUNT(*) FROM forums")).scalar() == 0
