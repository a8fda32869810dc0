"""Database setup: SQLite pragmas, migrations on start, the first admin and the demo forum."""
import secrets

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from models import Role, User, db


def _sqlite_pragmas(dbapi_connection, connection_record):
    # WAL lets readers go on while one writer commits; busy_timeout waits out a short lock
    # instead of failing; NORMAL sync is safe with WAL (a power cut loses at most the last
    # commits not yet checkpointed, never corrupts).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_savepoint(connection, name):
    """pysqlite opens a transaction only before a data change, so a SAVEPOINT that comes first
    would open one of its own, and its RELEASE would commit what it holds at once, apart from
    the rest of the unit of work. Open the real transaction first."""
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


def init_app(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "savepoint", _sqlite_savepoint)


def prepare(app: Flask, *, quiet: bool = False) -> None:
    """Bring the database to the newest schema; on an empty database create the staff user
    `admin` and, unless FORUM_SEED=0, the demo forum.

    Called by `python -m live` on every start; safe to repeat."""
    say = (lambda *a: None) if quiet else click.echo
    with app.app_context():
        upgrade(directory=current_app.extensions["migrate"].directory)
        fresh = db.session.scalar(select(User).limit(1)) is None
        if fresh:
            password = app.config["ADMIN_PASSWORD"]
            admin = User(username="admin", role=Role.ADMIN.value)
            admin.set_password(password or (generated := secrets.token_urlsafe(12)))
            db.session.add(admin)
            db.session.commit()
            if not password:
                say(f"Created staff user 'admin' with password: {generated}  (shown once)")
        if fresh and app.config["FORUM_SEED"]:
            from live.seed import seed_demo_forum

            seed_demo_forum()
            db.session.commit()
            say("Seeded the demo forum 'thuan-an-2018'.")
