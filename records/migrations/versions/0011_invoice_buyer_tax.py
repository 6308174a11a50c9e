"""The rest of an e-invoice's facts on records (issue 14): its buyer (购买方 名称 and 纳税人识别号), its tax (合计税额,
exact cents), and for a 红字 credit note that it is one and the number of the invoice it reverses.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from records.schema import Money

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("record_extras") as table:
        table.add_column(sa.Column("invoice_buyer", sa.String(128)))
        table.add_column(sa.Column("invoice_buyer_tax_id", sa.String(20)))
        table.add_column(sa.Column("invoice_tax", Money))
        table.add_column(sa.Column("invoice_credit_note", sa.Boolean))
        table.add_column(sa.Column("invoice_reverses", sa.String(20)))


def downgrade():
    with op.batch_alter_table("record_extras") as table:
        table.drop_column("invoice_reverses")
        table.drop_column("invoice_credit_note")
        table.drop_column("invoice_tax")
        table.drop_column("invoice_buyer_tax_id")
        table.drop_column("invoice_buyer")
