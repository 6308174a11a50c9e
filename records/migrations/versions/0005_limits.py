"""Bounds per person: per-minute budgets for imports, retries and exports, and one running import at a time.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RECORD_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
OWNER = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")


def upgrade():
    op.create_table(
        "rate_events",
        sa.Column("id", RECORD_ID, primary_key=True, autoincrement=True),
        sa.Column("owner", OWNER, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_rate_events_owner_kind_at", "rate_events", ["owner", "kind", "at"])
    op.create_table(
        "running_imports",
        sa.Column("owner", OWNER, primary_key=True),
        sa.Column("token", sa.String(36), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("running_imports")
    op.drop_index("ix_rate_events_owner_kind_at", "rate_events")
    op.drop_table("rate_events")
