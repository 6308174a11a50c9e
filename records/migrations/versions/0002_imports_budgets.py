"""Bill imports, budgets, category learning, and an index the statistics read from.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from records.schema import Money

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RECORD_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
# A large bill file preview is megabytes of JSON: more than MySQL's TEXT (64 KB) holds.
LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")


def upgrade():
    op.create_table(
        "imports",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255)),
        sa.Column("rows", LONG_TEXT, nullable=False),
        sa.Column("skipped", LONG_TEXT, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("committed_at", sa.DateTime),
        sa.Column("result", sa.Text),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_imports_owner_created", "imports", ["owner", "created_at"])
    op.create_table(
        "record_extras",
        sa.Column("record_id", RECORD_ID, primary_key=True, autoincrement=False),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("merchant_order_no", sa.String(64)),
        sa.Column("refund_of", RECORD_ID),
        sa.Column("import_id", sa.String(36)),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_record_extras_owner_merchant_order", "record_extras", ["owner", "merchant_order_no"])
    op.create_index("ix_record_extras_import", "record_extras", ["import_id"])
    op.create_table(
        "budgets",
        sa.Column("owner", sa.String(128), primary_key=True),
        sa.Column("category", sa.String(32), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("amount", Money, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        mysql_charset="utf8mb4",
    )
    op.create_table(
        "category_rules",
        sa.Column("owner", sa.String(128), primary_key=True),
        sa.Column("merchant", sa.String(128), primary_key=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        mysql_charset="utf8mb4",
    )
    # The statistics read only these columns of a time range: a covering index answers them without the table.
    op.create_index(
        "ix_records_owner_stats",
        "records",
        ["owner", "occurred_at", "direction", "amount", "category", "platform", "merchant", "deleted_at"],
    )
    # Anomalies read the past year of a few merchants: seek to each instead of scanning the year.
    op.create_index(
        "ix_records_owner_merchant",
        "records",
        ["owner", "merchant", "direction", "occurred_at", "amount", "category", "deleted_at"],
    )


def downgrade():
    op.drop_index("ix_records_owner_merchant", table_name="records")
    op.drop_index("ix_records_owner_stats", table_name="records")
    op.drop_table("category_rules")
    op.drop_table("budgets")
    op.drop_table("record_extras")
    op.drop_table("imports")
