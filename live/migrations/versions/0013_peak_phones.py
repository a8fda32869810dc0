"""peak phones: the most phones that followed the forum at once, and when

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('peak_phones', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('peak_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('peak_at')
        batch_op.drop_column('peak_phones')
