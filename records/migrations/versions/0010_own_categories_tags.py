"""A book's own categories and tags on records (issue 17): the categories table (owner, name, position, from 0001,
unused until now) gains a parent (one level of sub-categories), an icon, a colour and whether a default is hidden;
record_tags holds a record's tags, 0..10 short words, with the book (owner) the record is in.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

RECORD_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
# Owners compare byte for byte on MySQL, as since 0003.
OWNER = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")


def upgrade():
    with op.batch_alter_table("categories") as table:
        table.add_column(sa.Column("parent", sa.String(32)))
        table.add_column(sa.Column("icon", sa.String(8)))
        table.add_column(sa.Column("colour", sa.String(7)))
        table.add_column(sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "record_tags",
        sa.Column("record_id", RECORD_ID, primary_key=True, autoincrement=False),
        sa.Column("tag", sa.String(16), primary_key=True),
        sa.Column("owner", OWNER, nullable=False),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_record_tags_tag", "record_tags", ["tag", "record_id"])


def downgrade():
    op.drop_index("ix_record_tags_tag", table_name="record_tags")
    op.drop_table("record_tags")
    with op.batch_alter_table("categories") as table:
        table.drop_column("hidden")
        table.drop_column("colour")
        table.drop_column("icon")
        table.drop_column("parent")
