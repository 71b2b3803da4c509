"""Ids are never given twice: every table whose ids a person sees counts them with SQLite's AUTOINCREMENT.

Without it SQLite gives a new row the largest id + 1, so deleting the newest commitment and adding another gave
the new one the old one's id (an old brief's "commitment 28" then named another entry, and undo to the delete
named the wrong command). SQLite can only give AUTOINCREMENT to a new table, so each table is rebuilt from its
own CREATE statement (every column, default and foreign key exactly as it was; Alembic's batch mode loses the
ON DELETE of a foreign key added by ALTER TABLE) with every row and id, and its indexes are made again.
sqlite_sequence then starts at each table's largest id. coach backs the journal up first and migrates with
foreign keys off (store/db.Journal.migrating), as SQLite's procedure for rebuilding a table asks.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import re
from collections.abc import Callable

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The tables whose ids a person types or reads (in output, briefs, `coach undo --list`).
COUNTED_TABLES = (
    "goal",
    "checkin",
    "strength",
    "strategy",
    "commitment",
    "reflection",
    "routine",
    "coaching_session",
    "history",
)
KEY_COLUMN = re.compile(r"\bid INTEGER NOT NULL,")
KEY_CONSTRAINT = re.compile(r",\s*PRIMARY KEY \(id\)")


def counted(create: str) -> str:
    """A table's CREATE statement with its id counted by AUTOINCREMENT."""
    create, columns = KEY_COLUMN.subn("id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", create, count=1)
    create, constraints = KEY_CONSTRAINT.subn("", create, count=1)
    if columns != 1 or constraints != 1:
        raise RuntimeError(f"unexpected table definition: {create}")
    return create


def rebuild(table: str, change: Callable[[str], str]) -> None:
    """Rebuild one table from its own CREATE statement changed by `change`, keeping rows, ids and indexes."""
    connection = op.get_bind()
    create = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    indexes = [
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
    ]
    new = f"{table}_0008"
    definition = change(create)
    definition = re.sub(rf'^CREATE TABLE (IF NOT EXISTS )?"?{table}"?', f'CREATE TABLE "{new}"', definition)
    op.execute(definition)
    op.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    op.execute(f'DROP TABLE "{table}"')
    op.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for index in indexes:
        op.execute(index)


def upgrade() -> None:
    connection = op.get_bind()
    for table in COUNTED_TABLES:
        create = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        if "AUTOINCREMENT" not in create:
            rebuild(table, counted)


def downgrade() -> None:
    def uncounted(create: str) -> str:
        return create.replace(
            "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", "id INTEGER NOT NULL,"
        ).replace("\n)", ", \n\tPRIMARY KEY (id)\n)", 1)

    for table in COUNTED_TABLES:
        rebuild(table, uncounted)
