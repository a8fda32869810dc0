"""forum attendance: the head count staff enter for the minutes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 08:20:54.698374

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('attendance')

