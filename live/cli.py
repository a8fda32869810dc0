"""Staff commands: `flask --app live user create|list|passwd|disable|enable`, `token issue`,
`record export|import|verify`, `intake import`, `db backup`, `translations update|check`."""
import json
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from live.accounts import users
from live.core.errors import Conflict, InputError
from live.questions import importing
from live.record import archive, files as record_files
from models import ApiToken, Forum, RecordEntry, Role, User, db

user_cli = AppGroup("user", help="Staff users.")
token_cli = AppGroup("token", help="API tokens for scripts.")
record_cli = AppGroup("record", help="A forum's record: export it, rebuild a forum from it, verify it.")
intake_cli = AppGroup("intake", help="Letters, calls and floor questions typed by staff.")
translations_cli = click.Group("translations",
                               help="The English catalog of the Vietnamese interface.")


def init_app(app: Flask) -> None:
    app.cli.add_command(user_cli)
    app.cli.add_command(token_cli)
    app.cli.add_command(record_cli)
    app.cli.add_command(intake_cli)
    app.cli.add_command(translations_cli)
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
@click.option("--forum", "forum_code", metavar="CODE",
              help="The forum the account works on (required for a unit account; without it a "
                   "moderator or secretary works on every forum).")
@click.option("--unit", "unit_name", metavar="ASSIGNEE NAME",
              help="For --role unit: the leader or unit of --forum whose questions it prepares.")
def create_user(username, role, password, generate, forum_code, unit_name):
    """Create a staff user."""
    if users.find(username):
        raise click.ClickException(f"User {username!r} already exists.")
    forum, assignee = _scope(role, forum_code, unit_name)
    if generate:
        password = users.generate_password()
    elif not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    try:
        users.create_user(username, role, forum=forum, assignee=assignee, password=password,
                          by="cli", forum_required=False, min_length=8)
    except InputError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    where = f" on forum {forum.code!r}" if forum else (
        " on every forum" if role != Role.ADMIN.value else "")
    click.echo(f"Created {role} {username!r}{where}."
               + (f" Password: {password}" if generate else ""))


def _scope(role: str, forum_code: str | None, unit_name: str | None):
    """--forum and --unit looked up and checked against the role."""
    forum = assignee = None
    if forum_code:
        forum = db.session.scalar(select(Forum).where(Forum.code == forum_code))
        if forum is None:
            raise click.ClickException(f"No forum with code {forum_code!r}.")
    if role == Role.UNIT.value and not (forum and unit_name):
        raise click.ClickException("A unit account needs --forum CODE and --unit \"NAME\".")
    if unit_name:
        if role != Role.UNIT.value:
            raise click.ClickException("--unit is only for --role unit.")
        assignee = next((a for a in forum.assignees if a.name == unit_name.strip()), None)
        if assignee is None:
            names = "; ".join(a.name for a in forum.assignees) or "none yet"
            raise click.ClickException(f"Forum {forum.code!r} has no leader or unit named "
                                       f"{unit_name!r}. Its assignees: {names}.")
    return forum, assignee


def _user(username: str) -> User:
    user = users.find(username)
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    return user


@user_cli.command("list")
def list_users():
    """List the staff users: role, forum, unit, and whether the account is active."""
    rows = [("USERNAME", "ROLE", "FORUM", "UNIT", "STATE")]
    for user in db.session.scalars(select(User).order_by(User.username)):
        forum = db.session.get(Forum, user.forum_id) if user.forum_id else None
        rows.append((user.username, user.role, forum.code if forum else "(every forum)",
                     user.assignee.name if user.assignee else "-",
                     "active" if user.active else "disabled"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  "
                   + row[-1])


@user_cli.command("passwd")
@click.argument("username")
@click.option("--generate", is_flag=True, help="Generate a password and print it once.")
def set_password(username, generate):
    """Set a new password for USERNAME (asked twice, or generated); the account's open sessions
    end."""
    user = _user(username)
    password = None if generate else click.prompt("New password", hide_input=True,
                                                  confirmation_prompt=True)
    try:
        password = users.reset_password(user, by="cli", password=password)
    except InputError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Password of {username!r} changed." + (f" Password: {password}" if generate
                                                         else ""))


@user_cli.command("disable")
@click.argument("username")
def disable_user(username):
    """Disable USERNAME: no more logins; its sessions and API tokens stop working."""
    _set_active(username, False)


@user_cli.command("enable")
@click.argument("username")
def enable_user(username):
    """Enable USERNAME again."""
    _set_active(username, True)


def _set_active(username: str, active: bool) -> None:
    user = _user(username)
    try:
        users.set_active(user, active, by="cli")
    except Conflict as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{'Enabled' if active else 'Disabled'} {username!r}.")


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
    """Export the record of the forum CODE: the minutes (docx), the report to the Department
    of Education (report, a DOCX), a workbook (xlsx), CSV or the whole record (json)."""
    forum = db.session.scalar(select(Forum).where(Forum.code == code))
    if forum is None:
        raise click.ClickException(f"No forum with code {code!r}.")
    output.write_bytes(record_files.render(forum, fmt))
    click.echo(f"Wrote {output} ({fmt}).")


@record_cli.command("verify")
@click.argument("code", required=False)
def verify_record(code):
    """Check each forum's record (or CODE's) against its hash chain; name the first entry that
    breaks it. Exit 1 when one does."""
    from models.record import verify

    query = select(Forum).order_by(Forum.id)
    if code:
        query = query.where(Forum.code == code)
    forums = db.session.scalars(query).all()
    if code and not forums:
        raise click.ClickException(f"No forum with code {code!r}.")
    broken = False
    for forum in forums:
        found = verify(db.session.connection(), forum.id)
        if found is None:
            count = db.session.scalar(select(func.count()).select_from(RecordEntry)
                                      .where(RecordEntry.forum_id == forum.id))
            click.echo(f"{forum.code}: {count} entries, the chain holds.")
        else:
            row, why = found
            broken = True
            click.echo(f"{forum.code}: entry {row.id} ({row.action}, {row.at.isoformat()}) "
                       f"{why}: the record was rewritten from there.", err=True)
    if broken:
        raise SystemExit(1)


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


@intake_cli.command("import")
@click.argument("code")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", default="cli", show_default=True,
              help="The staff username the record names as having typed the rows.")
def import_intake(code, source, by):
    """Add the letters and calls of a CSV or XLSX file to the forum CODE: good rows are added,
    bad rows are reported with the reason, rows already imported are not added again."""
    from live.screens.broadcast import announce

    forum = db.session.scalar(select(Forum).where(Forum.code == code))
    if forum is None:
        raise click.ClickException(f"No forum with code {code!r}.")
    try:
        report = importing.import_file(forum, source.read_bytes(), source.name, by=by)
    except importing.ImportFileError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    if report.added:
        announce(forum)  # reaches the hall only through MESSAGE_QUEUE
    click.echo("\n".join(report.lines()))


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


@translations_cli.command("update")
def update_translations():
    """Take new Vietnamese strings into live/translations/en (English left empty) and compile."""
    from live.core import catalog

    updated = catalog.update()
    missing = [m.id for m in updated if m.id and not catalog._translated(m)]
    click.echo(f"{catalog.PO}: {len(updated)} messages, {len(missing)} without English")


@translations_cli.command("check")
def check_translations():
    """Exit 1, listing each, if a string has no English or the compiled catalog is stale."""
    from live.core import catalog

    found = catalog.problems()
    for line in found:
        click.echo(line, err=True)
    if found:
        raise SystemExit(1)
    click.echo("every string has its English")
