"""Each commitment and goal counts its changes (`revision`, for the calendar's SEQUENCE) and a goal keeps when it
last changed; a routine repeats every week, every day or every weekday, and a daily routine's copy counts its days.

`revision` is kept by the journal itself: a trigger raises it by one on every UPDATE that does not raise it,
whoever writes (a command, `coach undo`, a sync), so a calendar that imported an item sees every later version
as newer. The history leaves it out (store/history.KEPT_BY_THE_JOURNAL). Rebuilding one of these tables
(`op.batch_alter_table`) drops its trigger: a later migration that rebuilds one must create it again
(REVISION_TRIGGER below).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COUNTED_TABLES = ("commitment", "goal")
REVISION_TRIGGER = (
    "CREATE TRIGGER {table}_revision AFTER UPDATE ON {table} WHEN NEW.revision <= OLD.revision"
    " BEGIN UPDATE {table} SET revision = OLD.revision + 1 WHERE id = NEW.id; END"
)


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: SQLite adds them in place, without copying the tables.
    op.add_column("goal", sa.Column("updated_at", sa.DateTime))
    op.execute("UPDATE goal SET updated_at = created_at")
    op.add_column("routine", sa.Column("every", sa.String, nullable=False, server_default="week"))
    op.add_column("commitment", sa.Column("days_planned", sa.Integer))
    op.add_column("commitment", sa.Column("days_checked", sa.String))
    for table in COUNTED_TABLES:  # every row starts at 0
        op.add_column(table, sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
        op.execute(REVISION_TRIGGER.format(table=table))


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.drop_column("days_checked")
        batch.drop_column("days_planned")
    with op.batch_alter_table("routine") as batch:
        batch.drop_column("every")
    for table in COUNTED_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_revision")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("revision")
    with op.batch_alter_table("goal") as batch:
        batch.drop_column("updated_at")
