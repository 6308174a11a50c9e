"""Owners compare byte for byte on MySQL: 'ALICE', 'alicé' and 'alice' are three people.

MySQL's default collations are case- and accent-insensitive, which would let principals whose ids differ only
in case share data. SQLite already compares text exactly.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OWNER_TABLES = ("drafts", "records", "categories", "imports", "record_extras", "budgets", "category_rules")


def upgrade():
    if op.get_bind().dialect.name != "mysql":
        return
    for table in OWNER_TABLES:
        op.execute(f"ALTER TABLE {table} MODIFY owner VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL")


def downgrade():
    if op.get_bind().dialect.name != "mysql":
        return
    for table in OWNER_TABLES:
        op.execute(f"ALTER TABLE {table} MODIFY owner VARCHAR(128) CHARACTER SET utf8mb4 NOT NULL")
