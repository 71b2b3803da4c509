"""Goals, their tags and check-ins.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False, server_default="active"),
        sa.Column("measure", sa.String),
        sa.Column("unit", sa.String),
        sa.Column("baseline", sa.Float),
        sa.Column("target", sa.Float),
        sa.Column("deadline", sa.Date),
        sa.Column("why", sa.String),
        sa.Column("achievable", sa.String),
        sa.Column("created", sa.Date, nullable=False),
        sa.Column("closed", sa.Date),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_goal_status", "goal", ["status"])
    op.create_table(
        "goal_tag",
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tag", sa.String, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_goal_tag_tag", "goal_tag", ["tag"])
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goal.id", ondelete="CASCADE"), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("note", sa.String),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_checkin_goal_id", "checkin", ["goal_id"])
    op.create_index("ix_checkin_day", "checkin", ["day"])


def downgrade() -> None:
    op.drop_table("checkin")
    op.drop_table("goal_tag")
    op.drop_table("goal")
