"""Reading the journal with the standard library's sqlite3: every query of the commands that only show.

SQLModel (store/models.py) stays the schema, the migrations and the write path. Showing data never needs the
ORM, whose import and mapper set-up cost more than the whole rest of a read command, so the read-only commands
read here, each query written once, in SQL. Rows come back as `Row`s with the models' attribute names and Python
types (dates, UTC moments, booleans), so the view builders take them as they take model instances.

A journal at an older schema revision (or not yet created) is first opened by the existing path
(store.db.open_journal), which creates or migrates it, then read here. A journal coach may not write is read
with SQLite's `mode=ro` or `immutable=1` (store.files.connect_sqlite), and SQLite's errors become the same
JournalErrors as everywhere (store.files.sqlite_errors). tests/test_reader.py runs every query on a journal
migrated from each older revision; tests/test_startup.py checks that no read command imports SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from coachcli.errors import JournalError
from coachcli.store.db import HEAD_REVISION, REVISIONS, newer_revision_error
from coachcli.store.files import (
    BUSY_TIMEOUT_SECONDS,
    connect_sqlite,
    file_kind,
    folder_error,
    foreign_database_error,
    is_writable,
    not_sqlite_error,
    revision_of,
    sqlite_errors,
)


def read_moment(text: str) -> datetime:
    """A stored moment (UTC text without an offset, as SQLAlchemy's DateTime writes it), aware in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# How a column's stored text becomes the Python value the models give, by column name (the same everywhere).
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(("deadline", "created", "closed", "day", "until"), date.fromisoformat),
    **dict.fromkeys(("created_at", "updated_at", "started", "finished", "at"), read_moment),
    "private": bool,
}


class Row(SimpleNamespace):
    """One row read: its columns as attributes, with the types the SQLModel classes give them."""


def rows_of(cursor: sqlite3.Cursor) -> list[Row]:
    """Every row of a cursor as a Row, its stored values converted (NULL stays None)."""
    names = [column[0] for column in cursor.description]
    converters = [CONVERTERS.get(name) for name in names]
    rows = []
    for values in cursor:
        row = Row()
        fields = row.__dict__
        for name, convert, value in zip(names, converters, values, strict=True):
            fields[name] = convert(value) if convert is not None and value is not None else value
        rows.append(row)
    return rows


def placeholders(values: Sequence[Any]) -> str:
    """`?, ?, ?` for an IN (...) list of these values."""
    return ", ".join("?" * len(values))


class Reader:
    """The read-only queries, on one sqlite3 connection inside one read transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return rows_of(self.connection.execute(sql, parameters))

    def values(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql, parameters))

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        row = self.connection.execute(sql, parameters).fetchone()
        return None if row is None else row[0]

    # Commitments and weeks

    def open_weeks_through(self, last_week: str) -> list[tuple[str, int]]:
        """The weeks up to `last_week` that still have open commitments, oldest first, with how many.

        A carried commitment keeps its status and gets `carried_to`: it no longer counts as open.
        """
        sql = (
            "SELECT week, count(*) FROM commitment WHERE status = 'open' AND carried_to IS NULL AND week <= ?"
            " GROUP BY week ORDER BY week"
        )
        return [(week, count) for week, count in self.values(sql, (last_week,))]

    def open_count(self, week: str) -> int:
        """How many commitments of `week` are open (carried ones are not)."""
        sql = "SELECT count(*) FROM commitment WHERE week = ? AND status = 'open' AND carried_to IS NULL"
        return int(self.scalar(sql, (week,)))

    def routines_without_copy(self, week: str, week_start: date) -> int:
        """How many routines run in `week` but have no copy in it yet (each such copy is open)."""
        return len(self.routines_missing_in(week, week_start))

    def routines_missing_in(self, week: str, week_start: date) -> list[Row]:
        """The routines that run in `week` with no copy there ever made (store/routines.py fills them in)."""
        sql = (
            "SELECT id, text, goal_id, when_where, (SELECT title FROM goal WHERE goal.id = routine.goal_id)"
            " AS goal_title FROM routine WHERE first_week <= :week"
            " AND (stopped_week IS NULL OR stopped_week >= :week) AND (until IS NULL OR until >= :start)"
            " AND (filled_week IS NULL OR filled_week < :week) AND NOT EXISTS (SELECT 1 FROM commitment"
            " WHERE commitment.routine_id = routine.id AND commitment.week = :week) ORDER BY id"
        )
        return self.rows(sql, {"week": week, "start": week_start.isoformat()})

    def has_commitments(self, week: str | None = None) -> bool:
        """Whether `week` (or, without one, the journal) has any commitment."""
        if week is None:
            return self.scalar("SELECT EXISTS (SELECT 1 FROM commitment)") == 1
        return self.scalar("SELECT EXISTS (SELECT 1 FROM commitment WHERE week = ?)", (week,)) == 1

    def open_commitments_in(self, weeks: Sequence[str]) -> list[Row]:
        """The open commitments of the given weeks (carried ones are not), with their goal's title."""
        if not weeks:
            return []
        sql = (
            "SELECT commitment.id, commitment.text, commitment.week, commitment.when_where, commitment.goal_id,"
            " commitment.routine_id,"
            " goal.title AS goal_title FROM commitment LEFT JOIN goal ON goal.id = commitment.goal_id"
            f" WHERE commitment.week IN ({placeholders(weeks)}) AND commitment.status = 'open'"
            " AND commitment.carried_to IS NULL ORDER BY commitment.week, commitment.id"
        )
        return self.rows(sql, list(weeks))

    # Goals

    def active_goal_deadlines(self) -> list[Row]:
        """The active goals that have a deadline: id, title, deadline, soonest first."""
        sql = "SELECT id, title, deadline FROM goal WHERE status = 'active' AND deadline IS NOT NULL ORDER BY deadline, id"
        return self.rows(sql)

    def active_deadlines(self, since: date) -> list[date]:
        """The deadlines of active goals on or after `since`, soonest first."""
        sql = "SELECT deadline FROM goal WHERE status = 'active' AND deadline >= ? ORDER BY deadline"
        return [date.fromisoformat(value) for (value,) in self.values(sql, (since.isoformat(),))]

    def has_active_goals(self) -> bool:
        return self.scalar("SELECT EXISTS (SELECT 1 FROM goal WHERE status = 'active')") == 1

    def goals_to_attend(self, week: str) -> list[Row]:
        """The active goals with what bare `coach` asks about: deadline, measure, last check-in, a commitment."""
        sql = (
            "SELECT id, title, deadline, (measure IS NOT NULL OR target IS NOT NULL) AS measurable,"
            " (SELECT max(checkin.day) FROM checkin WHERE checkin.goal_id = goal.id) AS last_checkin,"
            " EXISTS (SELECT 1 FROM commitment WHERE commitment.goal_id = goal.id AND commitment.week = ?)"
            " AS committed FROM goal WHERE status = 'active' ORDER BY id"
        )
        return self.rows(sql, (week,))

    def is_empty(self) -> bool:
        """Whether the journal holds no goal and no commitment yet."""
        sql = "SELECT NOT EXISTS (SELECT 1 FROM goal) AND NOT EXISTS (SELECT 1 FROM commitment)"
        return self.scalar(sql) == 1

    # Sessions

    def stopped_session_stage(self, closed_week: str) -> str | None:
        """The stage an unfinished session that closes `closed_week` stopped at, if there is one."""
        sql = (
            "SELECT stage FROM coaching_session WHERE closed_week = ? AND finished IS NULL"
            " ORDER BY id DESC LIMIT 1"
        )
        return self.scalar(sql, (closed_week,))

    def session_finished(self, closed_week: str) -> bool:
        """Whether a weekly session that closed `closed_week` has been finished."""
        sql = "SELECT EXISTS (SELECT 1 FROM coaching_session WHERE closed_week = ? AND finished IS NOT NULL)"
        return self.scalar(sql, (closed_week,)) == 1


def connect_for_reading(path: Path, *, read_only: bool = False) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the journal as the ORM path makes it (pragmas, WAL), and the revision it records.

    `read_only` opens even a journal coach may write read-only (SQLite's `mode=ro` or `immutable=1`).
    """
    writable = not read_only and is_writable(path)
    connection = connect_sqlite(path, read_only=not writable)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        if writable:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        return connection, revision_of(connection)
    except BaseException:
        connection.close()
        raise


def check_kind(path: Path) -> str:
    """What is at `path` ('missing', 'empty' or 'sqlite'); a folder or another kind of file is an error."""
    kind = file_kind(path)
    if kind == "folder":
        raise folder_error(path)
    if kind == "other":
        raise not_sqlite_error(path)
    return kind


def check_revision(path: Path, revision: str | None) -> None:
    """Refuse a database that is not a coach journal, or one written by a newer coach."""
    if revision == "":
        raise foreign_database_error(path)
    if revision is not None and revision not in REVISIONS:
        raise newer_revision_error(path, revision)


@contextmanager
def reading(path: Path) -> Iterator[Reader]:
    """A Reader on the journal at `path` in one read transaction, creating or migrating it first if needed.

    Only a journal at the current revision is read directly; any other (missing, empty, older) goes through
    store.db.open_journal first, exactly as before, and is read once that has finished.
    """
    with sqlite_errors(path):
        connection: sqlite3.Connection | None = None
        if check_kind(path) == "sqlite":
            connection, revision = connect_for_reading(path)
            if revision != HEAD_REVISION:
                connection.close()
                connection = None
        if connection is None:
            from coachcli.store.db import open_journal  # creates or migrates: the one slow path

            open_journal(path, write=False).close()
            connection, revision = connect_for_reading(path)
            check_revision(path, revision)
        try:
            connection.execute("BEGIN")
            yield Reader(connection)
            connection.execute("COMMIT")
        finally:
            connection.close()


@contextmanager
def reading_existing(path: Path) -> Iterator[Reader | None]:
    """A Reader on a journal that already exists at the current revision; None when there is no journal.

    Never creates or migrates anything (`coach status`): an older journal is an error that says what to run.
    """
    with sqlite_errors(path):
        if check_kind(path) != "sqlite":
            yield None
            return
        connection, revision = connect_for_reading(path, read_only=True)
        try:
            check_revision(path, revision)
            if revision is None:
                yield None
                return
            if revision != HEAD_REVISION:
                raise JournalError(
                    f"the journal {path} is at schema revision {revision} and needs an upgrade to {HEAD_REVISION};"
                    " any other coach command (e.g. `coach week`) upgrades it, then `coach status` answers"
                )
            connection.execute("BEGIN")
            yield Reader(connection)
            connection.execute("COMMIT")
        finally:
            connection.close()


def ids_of(rows: Iterable[Any], name: str = "id") -> list[int]:
    """The distinct non-null values of one attribute of some rows, in order."""
    return sorted({getattr(row, name) for row in rows if getattr(row, name) is not None})
