"""first schema: forums, agenda, assignees, questions, the record, staff

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 07:56:13.876695

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('forums',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('plan_number', sa.String(length=100), nullable=True),
    sa.Column('plan_date', sa.Date(), nullable=True),
    sa.Column('organizers', sa.JSON(), nullable=False),
    sa.Column('chairs', sa.JSON(), nullable=False),
    sa.Column('signers', sa.JSON(), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('place', sa.String(length=100), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('period', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forums')),
    sa.UniqueConstraint('code', name=op.f('uq_forums_code'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('planned_minutes', sa.Integer(), nullable=True),
    sa.Column('presenter', sa.String(length=300), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_agenda_items_forum_id_forums')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('forum_id', 'position', name=op.f('uq_agenda_items_forum_id'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index('uq_agenda_items_one_current', ['forum_id'], unique=True, sqlite_where=sa.text('started_at IS NOT NULL AND ended_at IS NULL'), postgresql_where=sa.text('started_at IS NOT NULL AND ended_at IS NULL'))

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('assignees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_assignees_forum_id_forums')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignees'))
    )
    with op.batch_alter_table('assignees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignees_forum_id'), ['forum_id'], unique=False)

    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('original_text', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('asker_name', sa.String(length=120), nullable=True),
    sa.Column('asker_affiliation', sa.String(length=200), nullable=True),
    sa.Column('client_key', sa.String(length=64), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_questions_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['assignee_id'], ['assignees.id'], name=op.f('fk_questions_assignee_id_assignees')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_questions_forum_id_forums')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['questions.id'], name=op.f('fk_questions_merged_into_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('forum_id', 'client_key', name=op.f('uq_questions_forum_id'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index('ix_questions_forum_status', ['forum_id', 'status'], unique=False)
        batch_op.create_index('uq_questions_one_on_screen', ['forum_id'], unique=True, sqlite_where=sa.text("status = 'on_screen'"), postgresql_where=sa.text("status = 'on_screen'"))

    op.create_table('record_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_record_entries_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_record_entries_forum_id_forums')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_record_entries_question_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_entries'))
    )
    with op.batch_alter_table('record_entries', schema=None) as batch_op:
        batch_op.create_index('ix_record_entries_forum_id_id', ['forum_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_entries_question_id'), ['question_id'], unique=False)



    _record_is_append_only()


# The record is never rewritten: the database itself refuses to change or delete an entry.
def _record_is_append_only():
    message = "the record is append-only"
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER record_entries_no_{event.lower()} BEFORE {event} ON record_entries "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION record_entries_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER record_entries_append_only BEFORE UPDATE OR DELETE ON record_entries "
            "FOR EACH ROW EXECUTE FUNCTION record_entries_append_only()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS record_entries_append_only ON record_entries")
        op.execute("DROP FUNCTION IF EXISTS record_entries_append_only()")
    
    with op.batch_alter_table('record_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_entries_question_id'))
        batch_op.drop_index('ix_record_entries_forum_id_id')

    op.drop_table('record_entries')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('uq_questions_one_on_screen', sqlite_where=sa.text("status = 'on_screen'"), postgresql_where=sa.text("status = 'on_screen'"))
        batch_op.drop_index('ix_questions_forum_status')

    op.drop_table('questions')
    with op.batch_alter_table('assignees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignees_forum_id'))

    op.drop_table('assignees')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index('uq_agenda_items_one_current', sqlite_where=sa.text('started_at IS NOT NULL AND ended_at IS NULL'), postgresql_where=sa.text('started_at IS NOT NULL AND ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_forum_id'))

    op.drop_table('agenda_items')
    op.drop_table('users')
    op.drop_table('forums')

