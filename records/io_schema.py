"""Tables added by migration 0002: pending imports, extra facts about imported records, budgets, category rules."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from records.schema import Money, Owner, metadata

LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("filename", sa.String(255)),
    sa.Column("rows", LONG_TEXT, nullable=False),
    sa.Column("skipped", LONG_TEXT, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("committed_at", sa.DateTime),
    sa.Column("result", sa.Text),
    sa.Index("ix_imports_owner_created", "owner", "created_at"),
)

record_extras = sa.Table(
    "record_extras",
    metadata,
    sa.Column("record_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("merchant_order_no", sa.String(64)),
    sa.Column("refund_of", sa.BigInteger().with_variant(sa.Integer, "sqlite")),
    sa.Column("import_id", sa.String(36)),
    sa.Index("ix_record_extras_owner_merchant_order", "owner", "merchant_order_no"),
    sa.Index("ix_record_extras_import", "import_id"),
)

budgets = sa.Table(
    "budgets",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    # '' is the overall budget; a category name budgets that category.
    sa.Column("category", sa.String(32), primary_key=True),
    # '' applies every month; 'YYYY-MM' overrides it for one month.
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("amount", Money, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

category_rules = sa.Table(
    "category_rules",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    sa.Column("merchant", sa.String(128), primary_key=True),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
