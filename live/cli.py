"""Staff commands: `flask --app live user create`, `token issue`, `record export|import`,
`db backup`."""
import json
import secrets
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from live import archive, record_files
from models import ApiToken, Forum, Role, User, db

user_cli = AppGroup("user", help="Staff users.")
token_cli = AppGroup("token", help="API tokens for scripts.")
record_cli = AppGroup("record", help="A forum's record: export it, or rebuild a forum from it.")


def init_app(app: Flask) -> None:
    app.cli.add_command(user_cli)
    app.cli.add_command(token_cli)
    app.cli.add_command(record_cli)
    # Flask-Migrate owns the `db` group; the backup command joins it once the group exists.
    from flask_migrate.cli import db as db_group

    if "backup" not in db_group.commands:
        db_group.add_command(backup)


@user_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MODERATOR.value,
              show_default=True)
@click.option("--password", help="Omit to be asked (or to get a generated one with --generate).")
@click.option("--generate", is_flag=True, help="Generate a password and print it once.")
def create_user(username, role, password, generate):
    """Create a staff user."""
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"User {username!r} already exists.")
    if generate:
        password = secrets.token_urlsafe(12)
    elif not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    user = User(username=username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {username!r}." + (f" Password: {password}" if generate else ""))


@token_cli.command("issue")
@click.argument("username")
@click.option("--name", default="", help="What the token is for, e.g. 'intake script'.")
def issue_token(username, name):
    """Issue an API token for USERNAME; it is printed once and stored only as a hash."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    token, secret = ApiToken.issue(user, name)
    db.session.add(token)
    db.session.commit()
    click.echo(secret)


@record_cli.command("export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(sorted(record_files.FORMATS)), default="json",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
def export_record(code, fmt, output):
    """Export the record of the forum CODE (minutes as DOCX, XLSX, CSV or JSON)."""
    forum = db.session.scalar(select(Forum).where(Forum.code == code))
    if forum is None:
        raise click.ClickException(f"No forum with code {code!r}.")
    output.write_bytes(record_files.render(forum, fmt))
    click.echo(f"Wrote {output} ({fmt}).")


@record_cli.command("import")
@click.argument("source", type=click.File("rb"))
def import_record(source):
    """Rebuild a forum from its JSON record (from `record export --format json`) into a
    database that does not hold it yet."""
    try:
        data = json.load(source)
    except ValueError as error:
        raise click.ClickException(f"Not a JSON file: {error}") from None
    try:
        forum = archive.load(data)
    except archive.ArchiveError as error:
        raise click.ClickException(str(error)) from None
    except (KeyError, TypeError, ValueError) as error:
        raise click.ClickException(f"The file is not a complete forum record: {error!r}") from None
    db.session.commit()
    click.echo(f"Imported forum {forum.code!r}: {len(data.get('questions', []))} questions, "
               f"{len(data.get('events', []))} record entries.")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target):
    """Copy the live SQLite database to TARGET while the server runs (SQLite's online backup).
    For PostgreSQL use pg_dump."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise click.ClickException("This database is not SQLite: back it up with pg_dump.")
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file.")
    source = sqlite3.connect(engine.url.database)
    try:
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    click.echo(f"Backed up {engine.url.database} to {target}.")
    current_app.logger.info("backup written to %s", target)
