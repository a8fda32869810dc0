"""receipts and published written replies: every question gets a receipt code the asker keeps
to look it up (`/f/<code>/r/<receipt>`), unique; a written reply carries the time a moderator
checked it and let the public read it

Questions made before this revision get a receipt each (no one holds them yet, but staff can
read them out to a caller). Written replies recorded before it were shown on the results page
as soon as they were recorded: they are taken as published then (`answered_at`), so what the
public could read stays readable.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 09:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

#: as models.question.RECEIPT_ALPHABET (a migration does not import the models, which change)
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('reply_published_at', sa.DateTime(timezone=True),
                                      nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.text("SELECT id FROM questions ORDER BY id")).scalars().all()
    given = set()
    for question_id in ids:
        receipt = None
        while receipt is None or receipt in given:
            receipt = "".join(secrets.choice(ALPHABET) for _ in range(10))
        given.add(receipt)
        connection.execute(sa.text("UPDATE questions SET receipt = :r WHERE id = :id"),
                           {"r": receipt, "id": question_id})
    op.execute("UPDATE questions SET reply_published_at = answered_at "
               "WHERE status = 'answered' AND outcome IN ('in_writing', 'referred')")
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index('ix_questions_receipt', ['receipt'], unique=True)


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_receipt')
        batch_op.drop_column('reply_published_at')
        batch_op.drop_column('receipt')
