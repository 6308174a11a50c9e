"""Books a family shares: books, their members with a role, one-time invites, and who recorded each record.

A person's personal book is keyed by their person id, which is what every `owner` column already holds: the
upgrade moves no row. It makes the personal book of every existing person and fills `records.recorded_by` from
`owner`.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OWNER = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")
PERSONAL_NAME = "个人账本"


def upgrade():
    op.create_table(
        "books",
        sa.Column("id", OWNER, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("personal", sa.Boolean, nullable=False),
        sa.Column("created_by", OWNER, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        mysql_charset="utf8mb4",
    )
    op.create_table(
        "book_members",
        sa.Column("book_id", OWNER, primary_key=True),
        sa.Column("person_id", OWNER, primary_key=True),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("display_name", sa.String(128)),
        sa.Column("joined_at", sa.DateTime, nullable=False),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_book_members_person", "book_members", ["person_id"])
    op.create_table(
        "book_invites",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("book_id", OWNER, nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("created_by", OWNER, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
        sa.Column("used_by", OWNER),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_book_invites_book", "book_invites", ["book_id"])
    with op.batch_alter_table("records") as table:
        table.add_column(sa.Column("recorded_by", OWNER))
    op.execute("UPDATE records SET recorded_by = owner")
    conn = op.get_bind()
    people = conn.execute(sa.text("SELECT id, username, created_at FROM people")).fetchall()
    for person_id, username, created_at in people:
        conn.execute(
            sa.text(
                "INSERT INTO books (id, name, personal, created_by, created_at) VALUES (:id, :name, :yes, :id, :at)"
            ),
            {"id": person_id, "name": PERSONAL_NAME, "yes": True, "at": created_at},
        )
        conn.execute(
            sa.text(
                "INSERT INTO book_members (book_id, person_id, role, display_name, joined_at)"
                " VALUES (:id, :id, 'owner', :name, :at)"
            ),
            {"id": person_id, "name": username, "at": created_at},
        )


def downgrade():
    with op.batch_alter_table("records") as table:
        table.drop_column("recorded_by")
    op.drop_index("ix_book_invites_book", "book_invites")
    op.drop_table("book_invites")
    op.drop_index("ix_book_members_person", "book_members")
    op.drop_table("book_members")
    op.drop_table("books")
