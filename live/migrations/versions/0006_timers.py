"""timers: the speaker's countdown started from the console, kept on the forum

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:03:30.314851

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speaker_timer_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('speaker_timer_seconds', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('speaker_timer_seconds')
        batch_op.drop_column('speaker_timer_started_at')
