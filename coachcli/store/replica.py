"""The journal as a replica: its changes as operations, and other devices' operations merged in (SPEC "Devices and
sync"). Only the standard library is imported here: every write passes through `capture`.

Rows. Every synced row has a `uid`, the same on every device (domain/clock.py: a UUIDv5 of its natural key, else a
UUIDv7), given by `assign_missing_uids` in the transaction that writes the row. Foreign keys travel as uids; ids
stay numbers a person types, per device.

Operations. In the write transaction that history.py records, `capture` turns each row's before/after into one
operation: create (every field), set (the fields that changed) or delete, stamped with one hybrid-logical-clock
tick (domain/clock.py) and this device's id, and puts it in `sync_outbox`. A field is a column, or a group of
columns that move together (a commitment's status with its note and carry; a goal's status with the day it
closed). Each field value is a *version*: its stamp, its device, and the versions it replaced on the device that
wrote it (`prev`). A delete records the creations and the field versions the deleting device had seen.

Merging (`integrate` then `settle`; the same for this device's operations and others'), in any order, any number
of times, with the same result:
- a field's value is its latest version (stamp, then device id); every version neither that one nor one it
  replaced (directly or through others) lost, and is listed in `sync_conflict` unless it holds the same value;
- a row is alive while one of its creations was seen by no delete (a delete wins over a concurrent edit, which
  is then listed as a conflict); a routine's copy made by the calendar turning never brings back a copy someone
  deleted; a row still alive with a parent that was deleted brings the parent back (nothing another device added
  is removed with a parent it never saw);
- ids: each row wants the id its device gave it; rows are taken in the order they were made (stamp, device), and a
  row whose id an earlier row holds gets the next number after the highest given: every device gives the same
  numbers, and a renumbered row is named with both of its numbers.
Remote operations are applied with the capture's changes thrown away, so they never reach the outbox nor this
device's undo history; a renumbering rewrites the history's ids so that undo still finds its rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from coachcli.domain import clock
from coachcli.domain.clock import natural_uid, uuid7
from coachcli.errors import NotFoundError
from coachcli.store.history import (
    KEPT_BY_THE_JOURNAL,
    RowChange,
    canonical,
    fold,
    install_capture,
    take_changes,
)

if TYPE_CHECKING:
    import sqlite3


class Synced(NamedTuple):
    """A synced table: its foreign keys (column -> parent table, whether the row goes with its parent), the columns
    of its natural key, and whether a person sees its ids."""

    name: str
    parents: dict[str, tuple[str, bool]]
    natural: tuple[str, ...] = ()
    counted: bool = True


GOAL = {"goal_id": ("goal", False)}
# Parents before children: the order rows are named, made and applied in.
SYNCED: tuple[Synced, ...] = (
    Synced("goal", {}),
    Synced("strength", {}, ("name",)),
    Synced("strategy", {"goal_id": ("goal", True)}),
    Synced("routine", {**GOAL, "strategy_id": ("strategy", False)}),
    Synced(
        "commitment",
        {
            **GOAL,
            "strategy_id": ("strategy", False),
            "carried_from": ("commitment", False),
            "routine_id": ("routine", False),
        },
    ),
    Synced("checkin", {"goal_id": ("goal", True)}),
    Synced("goal_tag", {"goal_id": ("goal", True)}, ("goal_id", "tag"), counted=False),
    Synced(
        "strategy_strength", {"strategy_id": ("strategy", True)}, ("strategy_id", "strength"), counted=False
    ),
    Synced("week_note", {}, ("week",), counted=False),
    Synced("reflection", GOAL),
    Synced(
        "reflection_tag", {"reflection_id": ("reflection", True)}, ("reflection_id", "tag"), counted=False
    ),
    Synced("coaching_session", {}),
    Synced(
        "session_step", {"session_id": ("coaching_session", True)}, ("session_id", "stage", "item"), False
    ),
)
BY_NAME = {table.name: table for table in SYNCED}
ORDER = {table.name: position for position, table in enumerate(SYNCED)}
# Columns that move together: one field, its value a dict of them.
GROUPS: dict[str, tuple[str, ...]] = {
    "commitment": ("status", "note", "carried_to"),
    "goal": ("status", "closed"),
}
QUIET = frozenset({"created_at", "updated_at"})  # bookkeeping: the latest wins, and losing is no conflict
NOT_FIELDS = frozenset({"id", "uid"}) | KEPT_BY_THE_JOURNAL  # per device: ids, and what the journal counts


def rows_as_dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def columns_of(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f'PRAGMA main.table_info("{table}")')]


# ----------------------------------------------------------------------------------------------------------
# Uids


def uid_of(db: sqlite3.Connection, table: str, row_id: Any) -> str | None:
    """The uid of the row `row_id` of `table` (None for none)."""
    if row_id is None:
        return None
    found = db.execute(f'SELECT uid FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
    return None if found is None else found[0]


def id_of(db: sqlite3.Connection, table: str, uid: str | None) -> int | None:
    if uid is None:
        return None
    found = db.execute(f'SELECT id FROM "{table}" WHERE uid = ?', (uid,)).fetchone()
    return None if found is None else found[0]


def new_uid(db: sqlite3.Connection, table: Synced, row: dict[str, Any]) -> str:
    """The uid a row gets: from its natural key when it has one (a routine's first copy in a week too)."""
    parts: tuple[str, ...] = table.natural
    if table.name == "commitment" and row.get("routine_id") is not None and row.get("carried_from") is None:
        parts = ("routine_id", "week")
    if not parts:
        return uuid7()
    values = [
        uid_of(db, table.parents[part][0], row[part]) if part in table.parents else row[part]
        for part in parts
    ]
    uid = natural_uid(table.name, *values)
    if db.execute(f'SELECT 1 FROM "{table.name}" WHERE uid = ?', (uid,)).fetchone():
        return (
            uuid7()
        )  # two rows of one natural key (two copies of a routine in a week): the second is its own
    return uid


def assign_missing_uids(db: sqlite3.Connection) -> int:
    """Give every synced row without a uid its uid, parents first; how many were given."""
    given = 0
    for table in SYNCED:
        for row in rows_as_dicts(
            db.execute(f'SELECT rowid AS "rowid", * FROM "{table.name}" WHERE uid IS NULL')
        ):
            db.execute(
                f'UPDATE "{table.name}" SET uid = ? WHERE rowid = ?', (new_uid(db, table, row), row["rowid"])
            )
            given += 1
    return given


# ----------------------------------------------------------------------------------------------------------
# This device's state


def state(db: sqlite3.Connection, name: str) -> str | None:
    found = db.execute("SELECT value FROM sync_state WHERE name = ?", (name,)).fetchone()
    return None if found is None else found[0]


def set_state(db: sqlite3.Connection, name: str, value: object) -> None:
    db.execute(
        "INSERT INTO sync_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, str(value)),
    )


def is_synced(db: sqlite3.Connection) -> bool:
    """Whether the journal has a sync identity (and so an outbox to fill)."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").fetchone()
    return bool(exists) and state(db, "device") is not None


def next_stamp(db: sqlite3.Connection) -> int:
    """One tick of this device's clock, kept."""
    stamp = clock.tick(int(state(db, "clock") or 0), clock.wall_ms())
    set_state(db, "clock", stamp)
    return stamp


def witness(db: sqlite3.Connection, stamp: int) -> None:
    """A stamp received: this device's next tick comes after it."""
    if stamp > int(state(db, "clock") or 0):
        set_state(db, "clock", stamp)


# ----------------------------------------------------------------------------------------------------------
# Fields: a row's columns as the fields that travel


def field_of(table: str, column: str) -> str:
    """The field a column belongs to (the first column of its group, or itself)."""
    group = GROUPS.get(table)
    return group[0] if group and column in group else column


def fields_of(
    db: sqlite3.Connection, table: str, row: dict[str, Any], columns: Iterable[str]
) -> dict[str, Any]:
    """The fields these columns of `row` belong to, with their values (a parent as its uid)."""
    spec = BY_NAME[table]
    fields: dict[str, Any] = {}
    for column in columns:
        if column in NOT_FIELDS or column not in row:
            continue
        field = field_of(table, column)
        group = GROUPS.get(table)
        if group and field == group[0]:
            fields[field] = {name: row.get(name) for name in group}
        elif column in spec.parents:
            fields[field] = uid_of(db, spec.parents[column][0], row[column])
        else:
            fields[field] = row[column]
    return fields


# ----------------------------------------------------------------------------------------------------------
# Capturing this device's changes

# Versions a command resolves besides the ones it replaces (`coach sync keep`): (uid, field) -> [[stamp, device]].
resolving: dict[tuple[str, str], list[list[Any]]] = {}


def capture(db: sqlite3.Connection, changes: list[RowChange], *, fill: bool = False) -> list[RowChange]:
    """The transaction's changes with every new row's uid given (and, once the journal syncs, its operations in
    the outbox and merged here). `fill`: the changes are routines' copies made by the calendar turning."""
    if any(change.table in BY_NAME for change in changes) and assign_missing_uids(db):
        changes = fold(changes + take_changes(db))
    if not is_synced(db):
        return changes
    device = state(db, "device") or ""
    stamp: int | None = None
    touched: set[str] = set()
    for change in sorted(changes, key=lambda change: ORDER.get(change.table, -1)):
        if change.table not in BY_NAME:
            continue
        if stamp is None:
            stamp = next_stamp(db)
        op = local_operation(db, change, stamp, device, fill=fill)
        if op is None:
            continue
        integrate(db, op)
        touched.add(op["u"])
        db.execute("INSERT INTO sync_outbox (op) VALUES (?)", (json.dumps(op, separators=(",", ":")),))
    resolving.clear()
    refresh_conflicts(db, touched)
    return changes


def local_operation(
    db: sqlite3.Connection, change: RowChange, stamp: int, device: str, *, fill: bool
) -> dict[str, Any] | None:
    """The operation a row's change is, with what this device had seen (None: nothing that travels)."""
    before, after = change.before, change.after
    uid = (after or before or {}).get("uid")
    if uid is None:
        return None
    op: dict[str, Any] = {"t": change.table, "u": uid, "s": stamp, "d": device}
    if after is None:
        op["k"] = "x"
        op["seen"] = {
            "creates": [list(event) for event in creations(db, uid)],
            "fields": {field: [list(version.id)] for field, version in winners(db, uid).items()},
        }
        return op
    if before is None or before.get("uid") != uid:
        op["k"] = "f" if fill else "c"
        op["w"] = after.get("id")
        changed: Iterable[str] = after
    else:
        op["k"] = "s"
        changed = [column for column in after if before.get(column) != after.get(column)]
    op["v"] = fields_of(db, change.table, after, changed)
    if not op["v"] and op["k"] == "s":
        return None
    current = winners(db, uid)
    op["p"] = {
        field: ([list(current[field].id)] if field in current else []) + resolving.get((uid, field), [])
        for field in op["v"]
    }
    return op


# ----------------------------------------------------------------------------------------------------------
# The replica's state: rows, events, versions


class Version(NamedTuple):
    id: tuple[int, str]  # (stamp, device): later is greater
    value: Any
    prev: tuple[tuple[int, str], ...]


# While settling, a row's versions do not change: read once each (settle fills and empties this).
settling: dict[str, dict[str, list[Version]]] | None = None


def versions(db: sqlite3.Connection, uid: str) -> dict[str, list[Version]]:
    """Every version of every field of a row."""
    if settling is not None and uid in settling:
        return settling[uid]
    found: dict[str, list[Version]] = {}
    for field, stamp, device, value, prev in db.execute(
        "SELECT field, stamp, device, value, prev FROM sync_version WHERE uid = ?", (uid,)
    ):
        found.setdefault(field, []).append(
            Version((stamp, device), json.loads(value), tuple((s, d) for s, d in json.loads(prev)))
        )
    if settling is not None:
        settling[uid] = found
    return found


def winners(db: sqlite3.Connection, uid: str) -> dict[str, Version]:
    return {field: max(found) for field, found in versions(db, uid).items()}


def creations(db: sqlite3.Connection, uid: str) -> list[tuple[int, str]]:
    return [
        (stamp, device)
        for stamp, device, kind in db.execute(
            "SELECT stamp, device, kind FROM sync_event WHERE uid = ?", (uid,)
        )
        if kind != "delete"
    ]


def integrate(db: sqlite3.Connection, op: dict[str, Any]) -> str:
    """Add one operation to the replica's state (nothing is decided yet; again is the same); its row's uid."""
    uid, stamp, device, kind = op["u"], op["s"], op["d"], op["k"]
    db.execute("INSERT OR IGNORE INTO sync_row (uid, table_name) VALUES (?, ?)", (uid, op["t"]))
    if kind in ("c", "f"):
        db.execute(
            "UPDATE sync_row SET born = ?, born_device = ?, wanted = ? WHERE uid = ?"
            " AND (born IS NULL OR born > ? OR (born = ? AND born_device > ?))",
            (stamp, device, op.get("w"), uid, stamp, stamp, device),
        )
    if kind != "s":
        name = {"c": "create", "f": "fill", "x": "delete"}[kind]
        db.execute(
            "INSERT OR IGNORE INTO sync_event (uid, stamp, device, kind, seen) VALUES (?, ?, ?, ?, ?)",
            (uid, stamp, device, name, json.dumps(op.get("seen", {}))),
        )
    for field, value in op.get("v", {}).items():
        db.execute(
            "INSERT OR IGNORE INTO sync_version (uid, field, stamp, device, value, prev) VALUES (?, ?, ?, ?, ?, ?)",
            (uid, field, stamp, device, json.dumps(value), json.dumps(op.get("p", {}).get(field, []))),
        )
    return str(uid)


def ancestry(found: list[Version], start: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """The versions `start` are or replaced, directly or through others."""
    by_id = {version.id: version for version in found}
    seen: set[tuple[int, str]] = set()
    todo: list[tuple[int, str]] = [(item[0], item[1]) for item in start]
    while todo:
        item = todo.pop()
        if item in seen:
            continue
        seen.add(item)
        version = by_id.get(item)
        if version is not None:
            todo.extend(version.prev)
    return seen


def own_life(db: sqlite3.Connection, uid: str) -> bool:
    """Whether one of the row's creations was seen by no deletion (a calendar's copy: only with none at all)."""
    made: list[tuple[tuple[int, str], str, dict[str, Any]]] = []
    deleted: list[tuple[tuple[int, str], str, dict[str, Any]]] = []
    for stamp, device, kind, seen in db.execute(
        "SELECT stamp, device, kind, seen FROM sync_event WHERE uid = ?", (uid,)
    ):
        (deleted if kind == "delete" else made).append(((stamp, device), kind, json.loads(seen or "{}")))
    seen_creates = {tuple(event) for _, _, seen in deleted for event in seen.get("creates", [])}
    return any(event not in seen_creates and (kind == "create" or not deleted) for event, kind, _ in made)


def children(db: sqlite3.Connection, uid: str, *, cascade_only: bool) -> set[str]:
    """The rows whose foreign key has ever named `uid` (only those that go with it, with `cascade_only`)."""
    table = table_of(db, uid)
    fields = {
        (child.name, column)
        for child in SYNCED
        for column, (parent, cascade) in child.parents.items()
        if parent == table and (cascade or not cascade_only)
    }
    found = set()
    for child_uid, field, child_table in db.execute(
        "SELECT v.uid, v.field, r.table_name FROM sync_version v JOIN sync_row r ON r.uid = v.uid WHERE v.value = ?",
        (json.dumps(uid),),
    ):
        if (child_table, field) in fields:
            found.add(child_uid)
    return found


def table_of(db: sqlite3.Connection, uid: str) -> str | None:
    found = db.execute("SELECT table_name FROM sync_row WHERE uid = ?", (uid,)).fetchone()
    return None if found is None else found[0]


def alive(db: sqlite3.Connection, uid: str, memo: dict[str, bool]) -> bool:
    """Whether a row is alive: its own life, or a child alive that goes with it (which brings it back)."""
    if uid not in memo:
        memo[uid] = False  # a cycle cannot keep itself alive
        memo[uid] = own_life(db, uid) or any(
            alive(db, child, memo) for child in children(db, uid, cascade_only=True)
        )
    return memo[uid]


# ----------------------------------------------------------------------------------------------------------
# Settling: the journal's rows made what the replica's state says


class Renumbered(NamedTuple):
    """A row whose id is not the one it was made with: `table` `wanted` from `device` is `number` here."""

    table: str
    wanted: int
    number: int
    device: str
    local: bool  # made on this device (and moved now), or arrived from another


def planned_ids(db: sqlite3.Connection, table: str) -> dict[str, int]:
    """Every row's id in `table` (alive or not): the one it wants, unless an earlier row holds it."""
    taken: set[int] = set()
    top = 0
    plan = {}
    for uid, wanted in db.execute(
        "SELECT uid, wanted FROM sync_row WHERE table_name = ? AND born IS NOT NULL ORDER BY born, born_device, wanted",
        (table,),
    ):
        number = wanted if wanted is not None and wanted not in taken else top + 1
        taken.add(number)
        top = max(top, number)
        plan[uid] = number
    return plan


def settle(db: sqlite3.Connection, uids: Iterable[str]) -> list[Renumbered]:
    """Make the journal's rows what the replica says for these rows (and their parents and children)."""
    global settling
    settling = {}
    try:
        return settle_rows(db, uids)
    finally:
        settling = None


def settle_rows(db: sqlite3.Connection, uids: Iterable[str]) -> list[Renumbered]:
    touched = set(uids)
    todo = list(touched)
    while todo:  # parents, all the way up: a child alive brings them back
        uid = todo.pop()
        name = table_of(db, uid)
        if name is None:
            continue
        current = winners(db, uid)
        for column in BY_NAME[name].parents:
            parent = current.get(column)
            if parent is not None and parent.value is not None and parent.value not in touched:
                touched.add(parent.value)
                todo.append(parent.value)
    for uid in list(touched):
        touched |= children(db, uid, cascade_only=False)
    memo: dict[str, bool] = {}
    by_table: dict[str, list[str]] = {}
    for uid in touched:
        name = table_of(db, uid)
        if name is not None:
            by_table.setdefault(name, []).append(uid)
    db.execute("PRAGMA defer_foreign_keys = ON")
    moved: list[Renumbered] = []
    me = state(db, "device")
    for table in reversed(SYNCED):  # deletions, children first
        for uid in by_table.get(table.name, []):
            if not alive(db, uid, memo):
                db.execute(f'DELETE FROM "{table.name}" WHERE uid = ?', (uid,))
    for table in SYNCED:
        if table.counted and table.name in by_table:
            moved += renumber(db, table, planned_ids(db, table.name), me)
        plan = planned_ids(db, table.name) if table.counted else {}
        wanted = sorted(by_table.get(table.name, []), key=lambda uid: plan.get(uid, 0))
        for uid in wanted:
            if alive(db, uid, memo):
                moved += write_row(db, table, uid, plan.get(uid))
    refresh_conflicts(db, touched)
    return moved


def write_row(db: sqlite3.Connection, table: Synced, uid: str, number: int | None) -> list[Renumbered]:
    """Insert or update one alive row from its winning values (a row whose parent is not here yet waits)."""
    columns = columns_of(db, table.name)
    values: dict[str, Any] = {"uid": uid}
    for field, version in winners(db, uid).items():
        if isinstance(version.value, dict) and field in GROUPS.get(table.name, ()):
            values.update(version.value)
        elif field in table.parents:
            parent_table, cascade = table.parents[field]
            parent = id_of(db, parent_table, version.value)
            if parent is None and version.value is not None and cascade:
                return []
            values[field] = parent
        else:
            values[field] = version.value
    values = {name: value for name, value in values.items() if name in columns}
    existing = rows_as_dicts(db.execute(f'SELECT * FROM "{table.name}" WHERE uid = ?', (uid,)))
    if existing:
        changed = {name: value for name, value in values.items() if existing[0].get(name) != value}
        if changed:
            assignments = ", ".join(f'"{name}" = ?' for name in changed)
            db.execute(f'UPDATE "{table.name}" SET {assignments} WHERE uid = ?', (*changed.values(), uid))
        return []
    if table.counted and number is not None:
        values["id"] = number
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    db.execute(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', tuple(values.values()))
    born = db.execute("SELECT wanted, born_device FROM sync_row WHERE uid = ?", (uid,)).fetchone()
    if table.counted and born and born[0] is not None and born[0] != number:
        return [Renumbered(table.name, born[0], number or 0, born[1], local=False)]
    return []


def renumber(db: sqlite3.Connection, table: Synced, plan: dict[str, int], me: str | None) -> list[Renumbered]:
    """Move the rows of `table` whose id is not their planned one (through negative ids, so no two meet)."""
    moves: dict[int, int] = {}
    local: set[int] = set()
    for row_id, uid, device in db.execute(
        f'SELECT t.id, t.uid, r.born_device FROM "{table.name}" t JOIN sync_row r ON r.uid = t.uid'
    ):
        if uid in plan and plan[uid] != row_id:
            moves[row_id] = plan[uid]
            if device == me:
                local.add(row_id)
    if plan:
        top = max(plan.values())
        db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (top, table.name))
        db.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
            (table.name, top, table.name),
        )
    if not moves:
        return []
    for step in ({old: -new for old, new in moves.items()}, {-new: new for new in moves.values()}):
        for old, new in step.items():
            db.execute(f'UPDATE "{table.name}" SET id = ? WHERE id = ?', (new, old))
            for child in SYNCED:
                for column, (parent, _) in child.parents.items():
                    if parent == table.name:
                        db.execute(
                            f'UPDATE "{child.name}" SET "{column}" = ? WHERE "{column}" = ?', (new, old)
                        )
    renumber_history(db, table.name, moves)
    return [
        Renumbered(table.name, old, new, me or "", local=True)
        for old, new in sorted(moves.items())
        if old in local
    ]


def renumber_history(db: sqlite3.Connection, table: str, moves: dict[int, int]) -> None:
    """The undo history's rows follow renumbered ids (theirs, and their children's foreign keys)."""
    pointing = {
        child.name: [column for column, (parent, _) in child.parents.items() if parent == table]
        for child in SYNCED
    }
    if table not in pointing:
        pointing[table] = []
    for row_id, name, key, before, after in db.execute(
        "SELECT id, table_name, row_key, before, after FROM history_row"
    ).fetchall():
        columns = (["id"] if name == table else []) + pointing.get(name, [])
        if not columns:
            continue
        texts = [key, before, after]
        new = []
        for text in texts:
            values = None if text is None else json.loads(text)
            if values is not None:
                for column in columns:
                    if values.get(column) in moves:
                        values[column] = moves[values[column]]
            new.append(canonical(values))
        if new != texts:
            db.execute(
                "UPDATE history_row SET row_key = ?, before = ?, after = ? WHERE id = ?", (*new, row_id)
            )


# ----------------------------------------------------------------------------------------------------------
# Conflicts


def refresh_conflicts(db: sqlite3.Connection, uids: Iterable[str]) -> None:
    """List, for these rows, every version that lost (and no longer one that turned out replaced)."""
    memo: dict[str, bool] = {}
    for uid in uids:
        found = versions(db, uid)
        if not found:
            continue
        lost: dict[tuple[str, int, str], tuple[str | None, str]] = {}
        living = alive(db, uid, memo)
        seen_by_deletes: dict[str, set[Any]] = {}
        fills = set()
        if not living:
            for stamp, device, kind, seen in db.execute(
                "SELECT stamp, device, kind, seen FROM sync_event WHERE uid = ?", (uid,)
            ):
                if kind == "fill":
                    fills.add((stamp, device))
                for field, start in json.loads(seen or "{}").get("fields", {}).items():
                    seen_by_deletes.setdefault(field, set()).update(tuple(item) for item in start)
        for field, field_versions in found.items():
            if field in QUIET:
                continue
            winner = max(field_versions)
            if living:
                keep = ancestry(field_versions, [winner.id])
                kept: str | None = json.dumps(winner.value)
            else:
                keep = ancestry(field_versions, seen_by_deletes.get(field, set())) | fills
                kept = None
            for version in field_versions:
                if version.id in keep or (living and version.value == winner.value):
                    continue
                lost[(field, *version.id)] = (kept, json.dumps(version.value))
        listed = {
            (field, stamp, device): conflict_id
            for conflict_id, field, stamp, device in db.execute(
                "SELECT id, field, lost_stamp, lost_device FROM sync_conflict WHERE uid = ?", (uid,)
            )
        }
        for key, conflict_id in listed.items():
            if key not in lost:
                db.execute("DELETE FROM sync_conflict WHERE id = ?", (conflict_id,))
        for (field, stamp, device), (kept, value) in lost.items():
            db.execute(
                "INSERT INTO sync_conflict (uid, field, kept, lost, lost_stamp, lost_device) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (uid, field, lost_stamp, lost_device) DO UPDATE SET kept = excluded.kept",
                (uid, field, kept, value, stamp, device),
            )


# ----------------------------------------------------------------------------------------------------------
# Batches: what is sent, what is applied


def pending_operations(db: sqlite3.Connection) -> tuple[int, list[dict[str, Any]]]:
    """The outbox: its last entry's id (0: empty) and its operations, oldest first."""
    rows = db.execute("SELECT id, op FROM sync_outbox ORDER BY id").fetchall()
    return (rows[-1][0] if rows else 0), [json.loads(op) for _, op in rows]


def mark_sent(db: sqlite3.Connection, through: int, seq: int) -> None:
    """The outbox up to `through` went out as batch `seq`."""
    db.execute("DELETE FROM sync_outbox WHERE id <= ?", (through,))
    set_state(db, "sent", seq)


def seen_map(db: sqlite3.Connection) -> dict[str, int]:
    """Per other device: the last of its batches applied here."""
    return dict(db.execute("SELECT device, seq FROM sync_seen").fetchall())


def device_names(db: sqlite3.Connection) -> dict[str, str]:
    names = {device: name for device, name in db.execute("SELECT device, name FROM sync_seen") if name}
    me = state(db, "device")
    if me:
        names[me] = state(db, "name") or me
    return names


@contextmanager
def applying(db: sqlite3.Connection) -> Iterator[None]:
    """A block that applies other devices' changes: what the history's triggers capture in it is thrown away (it
    never reaches the outbox, nor this device's undo history)."""
    install_capture(db)
    take_changes(db)
    yield
    take_changes(db)


def apply_batch(
    db: sqlite3.Connection, device: str, seq: int, name: str | None, operations: list[dict[str, Any]]
) -> tuple[int, list[Renumbered]]:
    """Apply one batch of another device's operations (once: a batch already applied changes nothing); how many
    operations it held and the rows renumbered."""
    last = db.execute("SELECT seq FROM sync_seen WHERE device = ?", (device,)).fetchone()
    if (last[0] if last else 0) + 1 != seq:
        return 0, []  # applied already, or one before it is missing: never out of order
    with applying(db):
        touched = set()
        for op in operations:
            witness(db, op["s"])
            touched.add(integrate(db, op))
        moved = settle(db, touched)
    db.execute(
        "INSERT INTO sync_seen (device, name, seq) VALUES (?, ?, ?) ON CONFLICT (device) DO UPDATE SET"
        " seq = excluded.seq, name = coalesce(excluded.name, sync_seen.name)",
        (device, name, seq),
    )
    return len(operations), moved


# ----------------------------------------------------------------------------------------------------------
# Starting: a sync identity, the first snapshot, joining from one

REPLICA_TABLES = ("sync_row", "sync_event", "sync_version")


def start(db: sqlite3.Connection, settings: dict[str, str]) -> None:
    """Give the journal its sync identity: every row already in it is made here, now."""
    for name, value in settings.items():
        set_state(db, name, value)
    assign_missing_uids(db)
    stamp = next_stamp(db)
    device = settings["device"]
    for table in SYNCED:
        for row in rows_as_dicts(db.execute(f'SELECT * FROM "{table.name}"')):
            op = {
                "t": table.name,
                "u": row["uid"],
                "s": stamp,
                "d": device,
                "k": "c",
                "w": row.get("id"),
                "v": fields_of(db, table.name, row, row),
            }
            integrate(db, op)


def snapshot(db: sqlite3.Connection) -> dict[str, Any]:
    """Everything the replica knows, for a device that joins (with what it covers)."""
    covered = seen_map(db)
    covered[state(db, "device") or ""] = int(state(db, "sent") or 0)
    return {
        "covered": covered,
        "names": device_names(db),
        **{table: db.execute(f"SELECT * FROM {table}").fetchall() for table in REPLICA_TABLES},
    }


def join(db: sqlite3.Connection, settings: dict[str, str], taken: dict[str, Any]) -> list[Renumbered]:
    """Build the journal from a snapshot, as this new device."""
    for name, value in settings.items():
        set_state(db, name, value)
    names = taken.get("names", {})
    with applying(db):
        for table in REPLICA_TABLES:
            for row in taken[table]:
                marks = ", ".join("?" for _ in row)
                db.execute(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", row)
        stamps = [row[2] for row in taken["sync_version"]] + [row[1] for row in taken["sync_event"]]
        if stamps:
            witness(db, max(stamps))
        moved = settle(db, [row[0] for row in taken["sync_row"]])
    for device, seq in taken["covered"].items():
        db.execute(
            "INSERT OR REPLACE INTO sync_seen (device, name, seq) VALUES (?, ?, ?)",
            (device, names.get(device), seq),
        )
    return moved


# ----------------------------------------------------------------------------------------------------------
# Batches from a newer coach, and conflicts as the person sees them


def keep_waiting(db: sqlite3.Connection, device: str, seq: int, revision: str, payload: bytes) -> None:
    db.execute(
        "INSERT OR IGNORE INTO sync_waiting (device, seq, revision, payload) VALUES (?, ?, ?, ?)",
        (device, seq, revision, payload),
    )


def forget_waiting(db: sqlite3.Connection, device: str, seq: int) -> None:
    db.execute("DELETE FROM sync_waiting WHERE device = ? AND seq <= ?", (device, seq))


def waiting_batches(db: sqlite3.Connection) -> list[tuple[str, int, str, bytes]]:
    return db.execute(
        "SELECT device, seq, revision, payload FROM sync_waiting ORDER BY device, seq"
    ).fetchall()


def conflict_count(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM sync_conflict").fetchone()[0])


def keep_lost(db: sqlite3.Connection, conflict_id: int) -> str:
    """Give a conflict's row the value that lost (a change of this device's, which `capture` sends with the lost
    version among the ones it replaces, so the conflict is settled on every device); what it was, for a message."""
    found = db.execute(
        "SELECT c.uid, c.field, c.lost, c.lost_stamp, c.lost_device, r.table_name FROM sync_conflict c"
        " JOIN sync_row r ON r.uid = c.uid WHERE c.id = ?",
        (conflict_id,),
    ).fetchone()
    if found is None:
        raise NotFoundError(f"there is no conflict {conflict_id}: coach sync conflicts lists them")
    uid, field, lost, stamp, device, table = found
    spec = BY_NAME[table]
    resolving[(uid, field)] = [[stamp, device]]
    value = json.loads(lost)
    if isinstance(value, dict) and field in GROUPS.get(table, ()):
        columns = dict(value)
    elif field in spec.parents:
        columns = {field: id_of(db, spec.parents[field][0], value)}
    else:
        columns = {field: value}
    if db.execute(f'SELECT 1 FROM "{table}" WHERE uid = ?', (uid,)).fetchone() is None:
        db.execute("PRAGMA defer_foreign_keys = ON")
        write_row(db, spec, uid, planned_ids(db, table).get(uid) if spec.counted else None)
    assignments = ", ".join(f'"{name}" = ?' for name in columns)
    db.execute(f'UPDATE "{table}" SET {assignments} WHERE uid = ?', (*columns.values(), uid))
    number = id_of(db, table, uid) if spec.counted else None
    return f"{table.replace('_', ' ')}{'' if number is None else f' {number}'} ({field})"
