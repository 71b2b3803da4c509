"""What would make a commitment's confidence higher (`support`), kept apart from its `note` (how it went); and what
the person wants from a session (`wanted`), kept with the session.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: SQLite adds them in place, without copying the tables.
    op.add_column("commitment", sa.Column("support", sa.String))
    op.add_column("coaching_session", sa.Column("wanted", sa.String))


def downgrade() -> None:
    with op.batch_alter_table("coaching_session") as batch:
        batch.drop_column("wanted")
    with op.batch_alter_table("commitment") as batch:
        batch.drop_column("support")
