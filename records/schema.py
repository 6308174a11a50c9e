"""Table definitions (SQLAlchemy Core); the migrations under records/migrations create them."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


class Money(TypeDecorator):
    """DECIMAL(12,2) on MySQL; integer cents on SQLite, which has no exact decimal type."""

    impl = sa.Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        """Pick the storage type per database."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.BigInteger())
        return dialect.type_descriptor(sa.Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value, dialect):
        """Decimal in; cents on SQLite."""
        if value is None:
            return None
        value = Decimal(value).quantize(CENT)
        return int(value * 100) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        """Always a Decimal with two places out."""
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)
        return Decimal(value).quantize(CENT)


# Owners compare byte for byte (migration 0003): MySQL's default collations would make 'ALICE' equal 'alice'.
Owner = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")

metadata = sa.MetaData()

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("blob_name", sa.String(300), nullable=False),
    sa.Column("filename", sa.String(255)),
    sa.Column("content_type", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("image_sha256", sa.String(64)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("items", sa.Text),
    sa.Column("raw_text", sa.Text),
    sa.Column("engine", sa.String(16)),
    sa.Column("error_code", sa.String(32)),
    sa.Column("error_detail", sa.String(500)),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("recognized_at", sa.DateTime),
    sa.Index("ix_drafts_owner_status", "owner", "status"),
    sa.Index("ix_drafts_owner_sha", "owner", "image_sha256"),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("owner", Owner, nullable=False),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("amount", Money, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False, default="CNY"),
    sa.Column("occurred_at", sa.DateTime, nullable=False),
    sa.Column("tz", sa.String(64), nullable=False, default="Asia/Shanghai"),
    sa.Column("merchant", sa.String(128)),
    sa.Column("platform", sa.String(32)),
    sa.Column("payment_method", sa.String(64)),
    sa.Column("category", sa.String(32)),
    sa.Column("memo", sa.Text),
    sa.Column("order_no", sa.String(64)),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("draft_id", sa.String(36)),
    sa.Column("draft_item", sa.Integer),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("deleted_at", sa.DateTime),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.UniqueConstraint("draft_id", "draft_item", name="uq_records_draft_item"),
    sa.Index("ix_records_owner_time", "owner", "occurred_at", "id"),
    sa.Index("ix_records_owner_order", "owner", "platform", "order_no"),
)

categories = sa.Table(
    "categories",
    metadata,
    sa.Column("owner", Owner, primary_key=True),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
)
