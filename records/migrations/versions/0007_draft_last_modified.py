"""When the phone says the picked file was last modified (File.lastModified): a capture-time hint for pictures
whose own metadata says nothing, anchoring dates printed without a year.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("drafts") as table:
        table.add_column(sa.Column("file_modified_at", sa.DateTime))


def downgrade():
    with op.batch_alter_table("drafts") as table:
        table.drop_column("file_modified_at")
