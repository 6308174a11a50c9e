"""Initial schema: drafts, records, categories.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from records.schema import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False),
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
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("recognized_at", sa.DateTime),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_drafts_owner_status", "drafts", ["owner", "status"])
    op.create_index("ix_drafts_owner_sha", "drafts", ["owner", "image_sha256"])
    op.create_table(
        "records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("amount", Money, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False, server_default="CNY"),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("tz", sa.String(64), nullable=False, server_default="Asia/Shanghai"),
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
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.UniqueConstraint("draft_id", "draft_item", name="uq_records_draft_item"),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_records_owner_time", "records", ["owner", "occurred_at", "id"])
    op.create_index("ix_records_owner_order", "records", ["owner", "platform", "order_no"])
    op.create_table(
        "categories",
        sa.Column("owner", sa.String(128), primary_key=True),
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        mysql_charset="utf8mb4",
    )


def downgrade():
    op.drop_table("categories")
    op.drop_table("records")
    op.drop_table("drafts")
