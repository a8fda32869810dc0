"""before the forum: topics, roles per forum, explanations, upvotes

Columns added to tables that may hold rows get a server default.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 08:24:54.808645

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_topics_forum_id_forums')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
    sa.UniqueConstraint('forum_id', 'name', name=op.f('uq_topics_forum_id'))
    )
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topics_forum_id'), ['forum_id'], unique=False)

    op.create_table('question_topics',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_topics_question_id_questions')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_question_topics_topic_id_topics')),
    sa.PrimaryKeyConstraint('question_id', 'topic_id', name=op.f('pk_question_topics'))
    )
    op.create_table('upvotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_upvotes_question_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upvotes')),
    sa.UniqueConstraint('question_id', 'device', name=op.f('uq_upvotes_question_id'))
    )
    with op.batch_alter_table('upvotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upvotes_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('phones_see_queue', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('explanation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('explained_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('upvotes', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forum_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_index(batch_op.f('ix_users_forum_id'), ['forum_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_assignee_id_assignees'), 'assignees', ['assignee_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_users_forum_id_forums'), 'forums', ['forum_id'], ['id'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_forum_id_forums'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_users_assignee_id_assignees'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_forum_id'))
        batch_op.drop_column('session_version')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('forum_id')

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('upvotes')
        batch_op.drop_column('explained_at')
        batch_op.drop_column('explanation')
        batch_op.drop_column('contact_phone')

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('phones_see_queue')
        batch_op.drop_column('invited')

    with op.batch_alter_table('upvotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upvotes_question_id'))

    op.drop_table('upvotes')
    op.drop_table('question_topics')
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_topics_forum_id'))

    op.drop_table('topics')
