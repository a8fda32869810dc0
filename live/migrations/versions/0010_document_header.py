"""document header: which header block the minutes and the report open with (the state's
national motto or the Party's name), the organiser's names in it, the report's recipient and
copies, and the secretary who signs the minutes

Forums made before this revision printed "ĐẢNG CỘNG SẢN VIỆT NAM" over their organizers: they
are set to "party", so the papers they have already filed come out the same. New forums take
the state's header unless their setup says otherwise.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('header_kind', sa.String(length=10), nullable=False,
                                      server_default='state'))
        batch_op.add_column(sa.Column('header_superior', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('header_organizer', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('recipient', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('copies', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('secretary', sa.String(length=100), nullable=True))
    op.execute("UPDATE forums SET header_kind = 'party'")


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('secretary')
        batch_op.drop_column('copies')
        batch_op.drop_column('recipient')
        batch_op.drop_column('header_organizer')
        batch_op.drop_column('header_superior')
        batch_op.drop_column('header_kind')
