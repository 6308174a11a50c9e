"""A person's Beancount account mapping: payment methods and categories to the accounts of their own ledger.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OWNER = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")
# Names of payment methods and categories compare byte for byte, like owners: '招行' and '招行 ' are two names.
NAME = sa.String(64).with_variant(sa.String(64, collation="utf8mb4_bin"), "mysql", "mariadb")


def upgrade():
    op.create_table(
        "beancount_accounts",
        sa.Column("owner", OWNER, primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("name", NAME, primary_key=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("beancount_accounts")
