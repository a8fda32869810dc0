"""hall only: a forum may take phones' questions only from the hall (the pass of the
projector's QR), and the projector's secret link key

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hall_only', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('screen_key', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('screen_key')
        batch_op.drop_column('hall_only')
