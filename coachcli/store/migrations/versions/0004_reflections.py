"""Reflections and their tags.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goal.id", ondelete="SET NULL")),
        sa.Column("week", sa.String),
        sa.Column("reframe", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_reflection_day", "reflection", ["day"])
    op.create_index("ix_reflection_goal_id", "reflection", ["goal_id"])
    op.create_index("ix_reflection_week", "reflection", ["week"])
    op.create_table(
        "reflection_tag",
        sa.Column(
            "reflection_id", sa.Integer, sa.ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("tag", sa.String, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_reflection_tag_tag", "reflection_tag", ["tag"])


def downgrade() -> None:
    op.drop_table("reflection_tag")
    op.drop_table("reflection")
