"""staff sockets and login sessions: the staff Socket.IO connections open now, to cut them
when rights end; each staff login kept on the server, so that a logout ends it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa

from models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_sockets',
        sa.Column('sid', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('session_version', sa.Integer(), nullable=False),
        sa.Column('login_id', sa.String(length=32), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'],
                                name=op.f('fk_staff_sockets_forum_id_forums')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_staff_sockets_user_id_users')),
        sa.PrimaryKeyConstraint('sid', name=op.f('pk_staff_sockets')),
    )
    with op.batch_alter_table('staff_sockets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sockets_user_id'), ['user_id'], unique=False)
    op.create_table(
        'login_sessions',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('ended_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_login_sessions_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
    with op.batch_alter_table('staff_sockets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sockets_user_id'))
    op.drop_table('staff_sockets')
