"""Sync (SPEC "Devices and sync"): a stable `uid` on every synced row, and the tables of the journal as a replica.

Every synced table gets a `uid` column with a unique index, filled for every existing row (store/replica.py's
rules: a UUIDv5 of the natural key where there is one, else a UUIDv7). The new tables: `sync_state` (this
device's id and name, its place, its clock, the last batch sent), `sync_outbox` (changes made here, not yet sent),
`sync_seen` (per other device: the last batch applied), `sync_row` / `sync_event` / `sync_version` (every row's
uid, creations and deletions, and field values with their clock stamps: what merging decides on), `sync_conflict`
(values that lost a merge) and `sync_waiting` (batches written by a newer coach, kept until an upgrade). No row
changes; coach backs the journal up first.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UID_TABLES = (
    "goal",
    "strength",
    "strategy",
    "routine",
    "commitment",
    "checkin",
    "goal_tag",
    "strategy_strength",
    "week_note",
    "reflection",
    "reflection_tag",
    "coaching_session",
    "session_step",
)


def upgrade() -> None:
    from coachcli.store.replica import assign_missing_uids

    for table in UID_TABLES:
        op.add_column(table, sa.Column("uid", sa.String))
        op.create_index(f"ix_{table}_uid", table, ["uid"], unique=True)
    op.create_table(
        "sync_state",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("op", sa.String, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sync_seen",
        sa.Column("device", sa.String, primary_key=True),
        sa.Column("name", sa.String),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "sync_row",
        sa.Column("uid", sa.String, primary_key=True),
        sa.Column("table_name", sa.String, nullable=False),
        sa.Column("born", sa.Integer),
        sa.Column("born_device", sa.String),
        sa.Column("wanted", sa.Integer),
    )
    op.create_table(
        "sync_event",
        sa.Column("uid", sa.String, primary_key=True),
        sa.Column("stamp", sa.Integer, primary_key=True),
        sa.Column("device", sa.String, primary_key=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("seen", sa.String),
    )
    op.create_table(
        "sync_version",
        sa.Column("uid", sa.String, primary_key=True),
        sa.Column("field", sa.String, primary_key=True),
        sa.Column("stamp", sa.Integer, primary_key=True),
        sa.Column("device", sa.String, primary_key=True),
        sa.Column("value", sa.String),
        sa.Column("prev", sa.String, nullable=False),
    )
    op.create_index("ix_sync_version_value", "sync_version", ["value"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String, nullable=False),
        sa.Column("field", sa.String, nullable=False),
        sa.Column("kept", sa.String),
        sa.Column("lost", sa.String),
        sa.Column("lost_stamp", sa.Integer, nullable=False),
        sa.Column("lost_device", sa.String, nullable=False),
        sa.UniqueConstraint("uid", "field", "lost_stamp", "lost_device"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sync_waiting",
        sa.Column("device", sa.String, primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("revision", sa.String, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
    )
    db: Any = op.get_bind().connection.driver_connection
    assign_missing_uids(db)
    history_with_uids(db)


def history_with_uids(db: Any) -> None:
    """The undo history's rows of synced tables hold the row's uid as the row does now (else `coach undo` would
    find every row changed since); a row no longer there gets none (and a new one when undo brings it back)."""
    for row_id, table, key, before, after in db.execute(
        "SELECT id, table_name, row_key, before, after FROM history_row"
    ).fetchall():
        if table not in UID_TABLES:
            continue
        values = json.loads(key)
        where = " AND ".join(f'"{name}" IS ?' for name in values)
        found = db.execute(f'SELECT uid FROM "{table}" WHERE {where}', tuple(values.values())).fetchone()
        uid = found[0] if found else None
        texts = [
            None
            if text is None
            else json.dumps({**json.loads(text), "uid": uid}, sort_keys=True, ensure_ascii=False)
            for text in (before, after)
        ]
        db.execute("UPDATE history_row SET before = ?, after = ? WHERE id = ?", (*texts, row_id))


def downgrade() -> None:
    for table in ("sync_waiting", "sync_conflict", "sync_version", "sync_event", "sync_row", "sync_seen"):
        op.drop_table(table)
    op.drop_table("sync_outbox")
    op.drop_table("sync_state")
    for table in UID_TABLES:
        op.drop_index(f"ix_{table}_uid", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("uid")
