"""record chain: each entry's hash and the previous entry's; no insert over an existing id

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa

from models.record import content_hash
from models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

MESSAGE = "the record is append-only"


def upgrade():
    with op.batch_alter_table('record_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_entries()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # SQLite's INSERT OR REPLACE deletes the old row without firing a delete trigger
        op.execute(
            "CREATE TRIGGER record_entries_no_overwrite BEFORE INSERT ON record_entries "
            "WHEN EXISTS (SELECT 1 FROM record_entries WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION record_entries_no_overwrite() RETURNS trigger AS $$ BEGIN "
            "IF EXISTS (SELECT 1 FROM record_entries WHERE id = NEW.id) THEN "
            f"RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
        op.execute(
            "CREATE TRIGGER record_entries_no_overwrite BEFORE INSERT ON record_entries "
            "FOR EACH ROW EXECUTE FUNCTION record_entries_no_overwrite()")


def _chain_existing_entries():
    """Hash the entries written before the chain, forum by forum in id order. The update
    trigger is lifted for this one change and put back."""
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS record_entries_no_update")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE record_entries DISABLE TRIGGER record_entries_append_only")
    table = sa.table("record_entries", sa.column("id"), sa.column("forum_id"),
                     sa.column("at", UTCDateTime()), sa.column("actor"), sa.column("action"),
                     sa.column("question_id"), sa.column("agenda_item_id"),
                     sa.column("data", sa.JSON()), sa.column("prev_hash"), sa.column("hash"))
    previous: dict = {}
    updates = []
    for row in bind.execute(sa.select(table).order_by(table.c.forum_id, table.c.id)):
        prev = previous.get(row.forum_id)
        digest = content_hash(row.forum_id, row.at, row.actor, row.action, row.question_id,
                              row.agenda_item_id, row.data, prev)
        updates.append({"entry": row.id, "prev": prev, "digest": digest})
        previous[row.forum_id] = digest
    if updates:
        bind.execute(table.update().where(table.c.id == sa.bindparam("entry"))
                     .values(prev_hash=sa.bindparam("prev"), hash=sa.bindparam("digest")),
                     updates)
    if dialect == "sqlite":
        op.execute("CREATE TRIGGER record_entries_no_update BEFORE UPDATE ON record_entries "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE record_entries ENABLE TRIGGER record_entries_append_only")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS record_entries_no_overwrite ON record_entries")
        op.execute("DROP FUNCTION IF EXISTS record_entries_no_overwrite()")
    else:
        op.execute("DROP TRIGGER IF EXISTS record_entries_no_overwrite")
    with op.batch_alter_table('record_entries', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
