"""The change history behind `coach undo`: every write, recorded in the transaction that makes it.

One general mechanism, so that no writer needs code of its own: at the start of every write transaction
(`Journal.transaction`), temporary triggers on every journal table copy each row inserted, updated or deleted
(its values before and after, as JSON) into a temporary table, whatever made the change: the ORM, a bulk
statement, or SQLite's own ON DELETE CASCADE / SET NULL. Just before the transaction commits, `record_changes`
folds them into the `history` entry of the command being run (one entry per command, however many transactions
it takes, while that entry is the latest; an interactive flow begins a new one for each answer it saves, with
store/command.begin_change) with one `history_row` per row. The command as typed
and whether it may be undone come from store/command.py (set once by the CLI for each command).

`undo_latest` takes back the latest entry in one transaction: each row must still hold the values the change
left, and the statements that restore them must change exactly those rows (a cascade reaching further is
refused); the entry is then removed from the history. Only the stdlib is imported here at module level.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from coachcli.domain.history import describe_row
from coachcli.errors import CoachError
from coachcli.store.command import command_record
from coachcli.store.moments import stored_moment

if TYPE_CHECKING:
    import sqlite3

    from sqlmodel import Session

HISTORY_KEPT = 100  # the history holds at least the latest HISTORY_KEPT commands; older ones are pruned
UNTRACKED = frozenset({"alembic_version", "history", "history_row"})
# Columns the journal keeps itself (a trigger of migration 0010 raises `revision` on every change, undo included):
# the history neither records nor restores them.
KEPT_BY_THE_JOURNAL = frozenset({"revision"})
SYNC_PREFIX = "sync_"  # the journal as a replica (store/replica.py): how it syncs, not what it holds
CHANGES = "coach_changes"  # the temporary table the triggers write into
CAPTURE_VERSION = "coach_capture"  # the temporary table that says for which schema the triggers were made
TRIGGER_PREFIX = "coach_capture_"


# ----------------------------------------------------------------------------------------------------------
# Capturing: temporary triggers and the values they record


class TableShape(NamedTuple):
    """A table's columns and its primary key columns, as SQLite reports them."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]


ROW_FUNCTION = "coach_row"  # the SQL function the triggers call: (table, key only?, values...) -> JSON


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_json(shapes: dict[str, TableShape], table: str, key_only: int, *values: Any) -> str:
    """A row's key or its values as JSON, for the triggers (coach_row in SQL).

    Python's JSON writes every float with all the digits it needs, so a REAL comes back exactly.
    """
    shape = shapes[table]
    return json.dumps(dict(zip(shape.key if key_only else shape.columns, values, strict=True)))


def row_call(shape: TableShape, reference: str, *, key_only: bool) -> str:
    """SQL that gives a row's key or values as JSON: coach_row('goal', 0, NEW."id", NEW."title", ...)."""
    columns = shape.key if key_only else shape.columns
    values = ", ".join(f"{reference}.{quote_name(column)}" for column in columns)
    return f"{ROW_FUNCTION}('{shape.name}', {int(key_only)}, {values})"


def table_shapes(db: sqlite3.Connection) -> list[TableShape]:
    """Every journal table (not the history itself) with its columns and key."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    shapes = []
    for name in names:
        if name in UNTRACKED or name.startswith(SYNC_PREFIX):
            continue
        info = db.execute(f"PRAGMA main.table_info({quote_name(name)})").fetchall()
        columns = tuple(row[1] for row in info if row[1] not in KEPT_BY_THE_JOURNAL)
        key = tuple(row[1] for row in sorted(info, key=lambda row: row[5]) if row[5] > 0) or ("rowid",)
        shapes.append(TableShape(name, columns, key))
    return shapes


def trigger_sql(shape: TableShape) -> list[str]:
    """The three triggers that copy one table's changes into the changes table."""
    table = quote_name(shape.name)
    old, new = (row_call(shape, reference, key_only=False) for reference in ("OLD", "NEW"))
    statements = []
    for event, before, after, reference in (
        ("INSERT", "NULL", new, "NEW"),
        ("UPDATE", old, new, "NEW"),
        ("DELETE", old, "NULL", "OLD"),
    ):
        key = row_call(shape, reference, key_only=True)
        statements.append(
            f"CREATE TEMP TRIGGER {quote_name(TRIGGER_PREFIX + shape.name + '_' + event.lower())}"
            f" AFTER {event} ON main.{table} BEGIN"
            f" INSERT INTO {CHANGES} (table_name, row_key, before, after)"
            f" VALUES ('{shape.name}', {key}, {before}, {after}); END"
        )
    return statements


def install_capture(db: sqlite3.Connection) -> None:
    """Make sure this connection's triggers match the journal's tables (rebuilt when the schema changed).

    The triggers call coach_row (row_json), a function of this connection: its changes go into a temporary
    table, so that a statement or transaction rolled back takes its captured changes with it.
    """
    version = db.execute("PRAGMA main.schema_version").fetchone()[0]
    existing = db.execute(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?", (CAPTURE_VERSION,)
    ).fetchone()
    if existing and db.execute(f"SELECT version FROM temp.{CAPTURE_VERSION}").fetchone() == (version,):
        return
    shapes = table_shapes(db)
    db.create_function(ROW_FUNCTION, -1, partial(row_json, {shape.name: shape for shape in shapes}))
    for (name,) in db.execute(
        "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE ?", (TRIGGER_PREFIX + "%",)
    ).fetchall():
        db.execute(f"DROP TRIGGER temp.{quote_name(name)}")
    db.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {CHANGES} (seq INTEGER PRIMARY KEY, table_name TEXT NOT NULL,"
        " row_key TEXT NOT NULL, before TEXT, after TEXT)"
    )
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {CAPTURE_VERSION} (version INTEGER)")
    for shape in shapes:
        for statement in trigger_sql(shape):
            db.execute(statement)
    db.execute(f"DELETE FROM temp.{CAPTURE_VERSION}")
    db.execute(f"INSERT INTO temp.{CAPTURE_VERSION} (version) VALUES (?)", (version,))


def decode(text: str | None) -> dict[str, Any] | None:
    """A row's values from the triggers' JSON (a REAL as [its 17-digit text] in entries before coach_row)."""
    if text is None:
        return None
    return {
        name: float(value[0]) if isinstance(value, list) else value
        for name, value in json.loads(text).items()
    }


def canonical(values: dict[str, Any] | None) -> str | None:
    """The JSON kept in the history: sorted keys, exact floats."""
    return None if values is None else json.dumps(values, sort_keys=True, ensure_ascii=False)


class RowChange(NamedTuple):
    """One row's change: its table, its key (canonical JSON), and its values before and after (None: absent)."""

    table: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


# What sees a transaction's changes before they are recorded, and gives them back (store/replica.capture).
Prepare = Callable[["sqlite3.Connection", list[RowChange]], list[RowChange]]


def fold(changes: list[RowChange]) -> list[RowChange]:
    """Many changes to the same row become one (first before, last after), in first-seen order; no-ops go."""
    folded: dict[tuple[str, str], RowChange] = {}
    for change in changes:
        seen = folded.get((change.table, change.key))
        folded[(change.table, change.key)] = change if seen is None else seen._replace(after=change.after)
    return [change for change in folded.values() if change.before != change.after]


def take_changes(db: sqlite3.Connection) -> list[RowChange]:
    """The changes the triggers captured so far in this transaction (and forget them)."""
    exists = db.execute(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?", (CHANGES,)
    ).fetchone()
    if not exists:
        return []
    rows = db.execute(
        f"SELECT table_name, row_key, before, after FROM temp.{CHANGES} ORDER BY seq"
    ).fetchall()
    db.execute(f"DELETE FROM temp.{CHANGES}")
    return fold(
        [
            RowChange(table, canonical(decode(key)) or "", decode(before), decode(after))
            for table, key, before, after in rows
        ]
    )


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under the session's transaction."""
    connection: Any = session.connection().connection.driver_connection
    return connection


def start_capture(session: Session) -> None:
    """Called as a write transaction begins."""
    install_capture(driver_connection(session))


# ----------------------------------------------------------------------------------------------------------
# Recording


def unchanged(db: sqlite3.Connection, changes: list[RowChange]) -> list[RowChange]:
    return changes


def record_changes(session: Session, journal: str, prepare: Prepare = unchanged) -> None:
    """Fold what this transaction changed into the running command's history entry (called before commit);
    `prepare` sees the changes first (store/replica.capture: uids, and the outbox of a synced journal).

    Written with plain SQL on the transaction's own connection, as the triggers write theirs: a write never
    flushes the history's tables (History and HistoryRow, which `coach undo` reads through) through the ORM.
    """
    from coachcli.store.models import utc_now

    session.flush()
    db = driver_connection(session)
    changes = prepare(db, take_changes(db))
    record = command_record()
    if not changes and record.undoable:
        return
    entry_id = record.entries.get(journal)
    if entry_id is not None and db.execute("SELECT max(id) FROM history").fetchone() != (entry_id,):
        # Taken back meanwhile, pruned, or no longer the latest: another command's change came after it, and
        # adding to an entry older than that one would leave `coach undo` unable to take back either.
        entry_id = None
    rows: dict[tuple[str, str], tuple[int, str | None]] = {}
    position = 0
    if entry_id is None:
        at = stored_moment(utc_now())
        summary = None if record.undoable else record.reason
        cursor = db.execute(
            "INSERT INTO history (at, command, summary) VALUES (?, ?, ?)", (at, record.command, summary)
        )
        entry_id = record.entries[journal] = cursor.lastrowid or 0
        prune(db)
    elif record.undoable:  # an entry this command began in an earlier transaction: its rows so far
        for row_id, table, key, before, row_position in db.execute(
            "SELECT id, table_name, row_key, before, position FROM history_row WHERE history_id = ?",
            (entry_id,),
        ):
            rows[(table, key)] = (row_id, before)
            position = max(position, row_position)
    if not record.undoable:
        return  # a change that cannot be undone keeps no rows: its entry is where `coach undo` stops
    for change in changes:
        after = canonical(change.after)
        known = rows.get((change.table, change.key))
        if known is not None:
            row_id, before = known
            if after == before:
                db.execute("DELETE FROM history_row WHERE id = ?", (row_id,))
            else:
                db.execute("UPDATE history_row SET after = ? WHERE id = ?", (after, row_id))
            continue
        position += 1
        db.execute(
            "INSERT INTO history_row (history_id, position, table_name, row_key, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (entry_id, position, change.table, change.key, canonical(change.before), after),
        )


def record_fill(db: sqlite3.Connection, changes: list[RowChange]) -> None:
    """Fold the routine fill's changes into the history: each routine's new copies and its `filled_week` join
    the latest entry that changed that routine (the one that made it, edited or stopped it).

    The fill is the calendar turning, not a command, so it gets no entry of its own (`coach undo` takes back
    what the person did); but an entry must hold what its rows are now, or it could never be undone ("changed
    since, outside this history"). Undoing the routine's latest entry takes back its copies with it, and the
    next command fills again what is still due. A routine no entry holds any more needs nothing.
    """
    routines = {change.key: change for change in changes if change.table == "routine" and change.after}
    for key, change in routines.items():
        found = db.execute(
            "SELECT id, history_id FROM history_row WHERE table_name = 'routine' AND row_key = ?"
            " ORDER BY history_id DESC, id DESC LIMIT 1",
            (key,),
        ).fetchone()
        if found is None:
            continue
        row_id, entry_id = found
        db.execute("UPDATE history_row SET after = ? WHERE id = ?", (canonical(change.after), row_id))
        position = db.execute(
            "SELECT coalesce(max(position), 0) FROM history_row WHERE history_id = ?", (entry_id,)
        ).fetchone()[0]
        routine_id = json.loads(key).get("id")
        copies = [
            copy
            for copy in changes
            if copy.table == "commitment"
            and copy.before is None
            and (copy.after or {}).get("routine_id") == routine_id
        ]
        for copy in copies:
            position += 1
            db.execute(
                "INSERT INTO history_row (history_id, position, table_name, row_key, before, after)"
                " VALUES (?, ?, 'commitment', ?, NULL, ?)",
                (entry_id, position, copy.key, canonical(copy.after)),
            )


def prune(db: sqlite3.Connection) -> None:
    """Keep the latest HISTORY_KEPT entries; their rows go with the older ones (ON DELETE CASCADE)."""
    db.execute(
        "DELETE FROM history WHERE id <= (SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?)",
        (HISTORY_KEPT,),
    )


# ----------------------------------------------------------------------------------------------------------
# Taking back


class NothingToUndo(CoachError):
    """The history is empty."""


class CannotUndo(CoachError):
    """The latest change cannot be taken back (not undoable, or changed since); nothing was changed."""


class HistoryEntry(NamedTuple):
    """One entry of the history, for `coach undo --list` and for saying what was taken back."""

    id: int
    at: Any
    command: str
    undoable: bool
    changes: tuple[RowChange, ...] = ()
    note: str | None = None
    rows: int = 0


class HistoryReader(Protocol):
    """The reader's queries of the history (store/reader.Reader, which imports the store's opening path: named
    here by what it does, so that the history imports no reader)."""

    def history_entries(self, limit: int) -> list[Any]: ...

    def history_rows(self, entry_id: int) -> list[Any]: ...

    def later_command(self, table: str, key: str, entry_id: int) -> str | None: ...


def list_history(reader: HistoryReader, limit: int = HISTORY_KEPT) -> list[HistoryEntry]:
    """The latest entries, newest first, each with how many rows it changed."""
    return [
        HistoryEntry(
            entry.id,
            entry.at,
            entry.command,
            bool(entry.rows),
            note=None if entry.rows else entry.summary,
            rows=entry.rows,
        )
        for entry in reader.history_entries(limit)
    ]


def current_values(db: sqlite3.Connection, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """A row's values now (None when it is gone), as the triggers record them."""
    shape = next((shape for shape in table_shapes(db) if shape.name == table), None)
    if shape is None:
        return None
    where = " AND ".join(f"{quote_name(name)} IS ?" for name in key)
    columns = ", ".join(quote_name(column) for column in shape.columns)
    row = db.execute(
        f"SELECT {columns} FROM main.{quote_name(table)} WHERE {where}", tuple(key.values())
    ).fetchone()
    return dict(zip(shape.columns, row, strict=True)) if row else None


# Entries written before the history kept every float exactly hold a REAL with 15 or 16 significant digits
# (7.1 as 7.099999999999999): a float within this relative distance is the same value.
FLOAT_DIGITS_TOLERANCE = 1e-14


def same_values(now: dict[str, Any] | None, recorded: dict[str, Any] | None) -> bool:
    """Whether a row still holds what the history recorded, a float within the digits older entries kept."""
    if now is None or recorded is None or now.keys() != recorded.keys():
        return now == recorded
    return all(
        math.isclose(value, recorded[name], rel_tol=FLOAT_DIGITS_TOLERANCE)
        if isinstance(value, float) and isinstance(recorded[name], float)
        else value == recorded[name]
        for name, value in now.items()
    )


def restore(db: sqlite3.Connection, change: RowChange) -> None:
    """Put one row back as it was before `change`."""
    table = f"main.{quote_name(change.table)}"
    key = json.loads(change.key)
    where = " AND ".join(f"{quote_name(name)} IS ?" for name in key)
    if change.before is None:
        db.execute(f"DELETE FROM {table} WHERE {where}", tuple(key.values()))
    elif change.after is None:
        names = ", ".join(quote_name(name) for name in change.before)
        marks = ", ".join("?" for _ in change.before)
        db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(change.before.values()))
    else:
        assignments = ", ".join(f"{quote_name(name)} = ?" for name in change.before)
        db.execute(
            f"UPDATE {table} SET {assignments} WHERE {where}", (*change.before.values(), *key.values())
        )


def latest_entry(reader: HistoryReader) -> HistoryEntry:
    """The latest entry of the history with the changes it made, for `coach undo` to show or take back.

    Raises NothingToUndo on an empty history, CannotUndo when the entry may not be undone.
    """
    latest = reader.history_entries(1)
    if not latest:
        raise NothingToUndo("the history of changes is empty")
    entry = latest[0]
    rows = reader.history_rows(entry.id)
    if not rows:
        raise CannotUndo(
            f'the latest change, "{entry.command}", cannot be undone'
            + (f" ({entry.summary})" if entry.summary else "")
            + "; nothing was changed"
        )
    changes = tuple(
        RowChange(row.table_name, row.row_key, decode(row.before), decode(row.after)) for row in rows
    )
    return HistoryEntry(entry.id, entry.at, entry.command, undoable=True, changes=changes, rows=len(rows))


def undo_latest(
    session: Session, reader: HistoryReader, shown: int | None = None, prepare: Prepare = unchanged
) -> HistoryEntry:
    """Take back the latest entry of the history in the caller's (write) transaction (`reader` reads in it);
    what it took back.

    `shown`: the id of the entry the person was shown and said yes to, which must still be the latest.
    Raises NothingToUndo on an empty history, CannotUndo (changing nothing) when the entry may not be undone,
    when it is not the one shown, when a row no longer holds what the change left, or when restoring would
    change other rows too.
    """
    session.flush()
    db = driver_connection(session)
    take_changes(db)
    entry = latest_entry(reader)
    if shown is not None and entry.id != shown:
        raise CannotUndo(
            f'the latest change is now "{entry.command}", made while you were asked; nothing was changed:'
            " run coach undo again to see it"
        )
    changes = entry.changes
    for change in changes:
        if not same_values(current_values(db, change.table, json.loads(change.key)), change.after):
            later = reader.later_command(change.table, change.key, entry.id)
            by = f'"{later}" changed it later' if later else "it was changed since, outside this history"
            raise CannotUndo(
                f'cannot undo "{entry.command}": {describe_row(change.table, change.after or change.before or {})}'
                f" is no longer as that change left it ({by}); nothing was changed"
            )
    db.execute("PRAGMA defer_foreign_keys = ON")
    for change in reversed(changes):
        restore(db, change)
    made_changes = take_changes(db)
    made = {(change.table, change.key): change for change in made_changes}
    expected = {(change.table, change.key): change for change in changes}
    for place, change in made.items():
        wanted = expected.get(place)
        if wanted is None or change.after != wanted.before:
            raise CannotUndo(
                f'cannot undo "{entry.command}": taking it back would also change'
                f" {describe_row(change.table, change.before or change.after or {})}; nothing was changed"
            )
    prepare(db, made_changes)  # taking back is a change like any other (other devices get it too)
    db.execute("DELETE FROM history WHERE id = ?", (entry.id,))  # its rows go with it (ON DELETE CASCADE)
    return entry
