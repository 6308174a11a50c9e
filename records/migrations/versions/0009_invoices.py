"""E-invoices on records (issue 14): the invoice number a record carries (the duplicate key of invoices), the draft
whose file is the invoice (a payment's record may carry an invoice uploaded apart from it), and where the invoice
stands in a reimbursement (报销: reimbursable, submitted, reimbursed), and which kind of invoice it is (数电票 or the
older 增值税 kind, 普票 or 专票); and on drafts, the PNG of a PDF's or OFD's
first page that the review screen shows.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("record_extras") as table:
        table.add_column(sa.Column("invoice_no", sa.String(20)))
        table.add_column(sa.Column("invoice_draft", sa.String(36)))
        table.add_column(sa.Column("reimbursement", sa.String(12)))
        table.add_column(sa.Column("invoice_kind", sa.String(16)))
    op.create_index("ix_record_extras_owner_invoice", "record_extras", ["owner", "invoice_no"])
    with op.batch_alter_table("drafts") as table:
        table.add_column(sa.Column("preview_blob", sa.String(300)))


def downgrade():
    with op.batch_alter_table("drafts") as table:
        table.drop_column("preview_blob")
    op.drop_index("ix_record_extras_owner_invoice", table_name="record_extras")
    with op.batch_alter_table("record_extras") as table:
        table.drop_column("invoice_kind")
        table.drop_column("reimbursement")
        table.drop_column("invoice_draft")
        table.drop_column("invoice_no")
