"""question outcomes: how each question ended, the body it was referred to, when answered

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 08:03:41.579303

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('referred_to', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('answered_at')
        batch_op.drop_column('referred_to')
        batch_op.drop_column('outcome')


