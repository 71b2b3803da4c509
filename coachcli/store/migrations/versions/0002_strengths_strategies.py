"""Strengths, strategies, and the strengths each strategy plays to.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "strength",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False, unique=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "strategy",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goal.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False, server_default="active"),
        sa.Column("created", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_strategy_goal_id", "strategy", ["goal_id"])
    op.create_table(
        "strategy_strength",
        sa.Column(
            "strategy_id", sa.Integer, sa.ForeignKey("strategy.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("strength", sa.String, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_strategy_strength_strength", "strategy_strength", ["strength"])


def downgrade() -> None:
    op.drop_table("strategy_strength")
    op.drop_table("strategy")
    op.drop_table("strength")
