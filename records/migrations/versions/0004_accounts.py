"""Accounts on every install: people, sessions, the sign-in audit list, recovery codes, the first-run link.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RECORD_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
# Owners and usernames compare byte for byte on MySQL, as in 0003.
OWNER = sa.String(128).with_variant(sa.String(128, collation="utf8mb4_bin"), "mysql", "mariadb")
USERNAME = sa.String(64).with_variant(sa.String(64, collation="utf8mb4_bin"), "mysql", "mariadb")


def upgrade():
    op.create_table(
        "people",
        sa.Column("id", OWNER, primary_key=True),
        sa.Column("username", USERNAME, nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("totp_secret", sa.String(64)),
        sa.Column("totp_pending", sa.String(64)),
        sa.Column("totp_last_step", sa.BigInteger),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("username", name="uq_people_username"),
        mysql_charset="utf8mb4",
    )
    op.create_table(
        "sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("person_id", OWNER, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("device", sa.String(200)),
        sa.Column("address", sa.String(64)),
        sa.UniqueConstraint("id", name="uq_sessions_id"),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_sessions_person", "sessions", ["person_id"])
    op.create_table(
        "sign_ins",
        sa.Column("id", RECORD_ID, primary_key=True, autoincrement=True),
        sa.Column("person_id", OWNER),
        sa.Column("username", USERNAME, nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("device", sa.String(200)),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        mysql_charset="utf8mb4",
    )
    op.create_index("ix_sign_ins_username_at", "sign_ins", ["username", "at"])
    op.create_index("ix_sign_ins_address_at", "sign_ins", ["address", "at"])
    op.create_index("ix_sign_ins_person_at", "sign_ins", ["person_id", "at"])
    op.create_table(
        "recovery_codes",
        sa.Column("person_id", OWNER, primary_key=True),
        sa.Column("code_sha256", sa.String(64), primary_key=True),
        sa.Column("used_at", sa.DateTime),
        mysql_charset="utf8mb4",
    )
    op.create_table(
        "setup_tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        mysql_charset="utf8mb4",
    )


def downgrade():
    for table in ("setup_tokens", "recovery_codes", "sign_ins", "sessions", "people"):
        op.drop_table(table)
