"""Weekly commitments and week notes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("week", sa.String, nullable=False),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goal.id", ondelete="SET NULL")),
        sa.Column("strategy_id", sa.Integer, sa.ForeignKey("strategy.id", ondelete="SET NULL")),
        sa.Column("status", sa.String, nullable=False, server_default="open"),
        sa.Column("note", sa.String),
        sa.Column("carried_from", sa.Integer, sa.ForeignKey("commitment.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_commitment_week", "commitment", ["week"])
    op.create_index("ix_commitment_goal_id", "commitment", ["goal_id"])
    op.create_index("ix_commitment_strategy_id", "commitment", ["strategy_id"])
    op.create_index("ix_commitment_status", "commitment", ["status"])
    op.create_table(
        "week_note",
        sa.Column("week", sa.String, primary_key=True),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("week_note")
    op.drop_table("commitment")
