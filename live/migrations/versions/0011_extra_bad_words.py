"""extra bad words: the forum's own list of words for the assistant to flag as rude, beside
its built-in list, typed one a line in the forum's setup

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra_bad_words', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('extra_bad_words')
