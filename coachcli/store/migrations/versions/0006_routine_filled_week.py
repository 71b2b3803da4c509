"""Routines remember the last week that got its copy, so a copy the person deleted is not made again.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: SQLite adds it in place, without copying the table.
    op.add_column("routine", sa.Column("filled_week", sa.String))
    op.execute(
        "UPDATE routine SET filled_week = (SELECT max(commitment.week) FROM commitment"
        " WHERE commitment.routine_id = routine.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("routine") as batch:
        batch.drop_column("filled_week")
