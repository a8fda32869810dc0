"""running order: the queued questions' order and the next question, kept on the forum

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_order', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('next_question_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('next_question_id')
        batch_op.drop_column('queue_order')
