"""The weekly rhythm and the session: carrying closes the original, when/confidence, routines, sessions and their
steps, private reflections, and the change history behind `coach undo`.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routine",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.String, nullable=False),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("goal.id", ondelete="SET NULL")),
        sa.Column("strategy_id", sa.Integer, sa.ForeignKey("strategy.id", ondelete="SET NULL")),
        sa.Column("first_week", sa.String, nullable=False),
        sa.Column("until", sa.Date),
        sa.Column("stopped_week", sa.String),
        sa.Column("when_where", sa.String),
        sa.Column("confidence", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_routine_goal_id", "routine", ["goal_id"])
    # Plain ALTER TABLE ADD COLUMN: SQLite adds these in place, without copying the table.
    op.add_column("commitment", sa.Column("carried_to", sa.String))
    op.add_column("commitment", sa.Column("when_where", sa.String))
    op.add_column("commitment", sa.Column("confidence", sa.Integer))
    # Alembic's add_column cannot carry a foreign key on SQLite; SQLite itself can, when the default is NULL.
    op.execute(
        "ALTER TABLE commitment ADD COLUMN routine_id INTEGER REFERENCES routine (id) ON DELETE SET NULL"
    )
    op.create_index("ix_commitment_routine_id", "commitment", ["routine_id"])
    op.create_index("ix_commitment_carried_from", "commitment", ["carried_from"])
    # A commitment carried before this revision pointed only backwards: its carry now also closes the original.
    op.execute(
        "UPDATE commitment SET carried_to = (SELECT min(later.week) FROM commitment AS later"
        " WHERE later.carried_from = commitment.id)"
        " WHERE EXISTS (SELECT 1 FROM commitment AS later WHERE later.carried_from = commitment.id)"
    )
    op.add_column("reflection", sa.Column("private", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "coaching_session",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", sa.DateTime, nullable=False),
        sa.Column("finished", sa.DateTime),
        sa.Column("closed_week", sa.String, nullable=False),
        sa.Column("planned_week", sa.String, nullable=False),
        sa.Column("stage", sa.String),
        sa.Column("questions", sa.String),
    )
    op.create_index("ix_coaching_session_closed_week", "coaching_session", ["closed_week"])
    op.create_table(
        "session_step",
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("coaching_session.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("stage", sa.String, primary_key=True),
        sa.Column("item", sa.String, primary_key=True),
        sa.Column("answer", sa.String),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("command", sa.String, nullable=False),
        sa.Column("summary", sa.String),
    )
    op.create_table(
        "history_row",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("history_id", sa.Integer, sa.ForeignKey("history.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("table_name", sa.String, nullable=False),
        sa.Column("row_key", sa.String, nullable=False),
        sa.Column("before", sa.String),
        sa.Column("after", sa.String),
    )
    op.create_index("ix_history_row_history_id", "history_row", ["history_id"])


def downgrade() -> None:
    op.drop_table("history_row")
    op.drop_table("history")
    op.drop_table("session_step")
    op.drop_table("coaching_session")
    with op.batch_alter_table("reflection") as batch:
        batch.drop_column("private")
    with op.batch_alter_table("commitment") as batch:
        batch.drop_index("ix_commitment_carried_from")
        batch.drop_index("ix_commitment_routine_id")
        batch.drop_column("routine_id")
        batch.drop_column("confidence")
        batch.drop_column("when_where")
        batch.drop_column("carried_to")
    op.drop_table("routine")
