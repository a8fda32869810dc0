"""preparation due date, apart from the written reply's due date

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 08:45:36.538478

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prepare_by', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('prepare_by')

