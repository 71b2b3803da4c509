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
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

from coachcli.domain.dates import IsoWeek
from coachcli.domain.routines import checked_days, weeks_to_fill
from coachcli.domain.vocabulary import RoutineEvery
from coachcli.errors import JournalError, NotFoundError
from coachcli.store.db import HEAD_REVISION, REVISIONS, newer_revision_error, open_journal
from coachcli.store.files import (
    BUSY_TIMEOUT_SECONDS,
    connect_sqlite,
    file_kind,
    folder_error,
    foreign_database_error,
    is_writable,
    not_sqlite_error,
    revision_of,
    side_file_problem,
    sqlite_errors,
)
from coachcli.store.moments import read_moment, stored_moment

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any

# A SQL function registered on the connection for case-insensitive search beyond ASCII (SQLite's own
# lower() and LIKE only fold A-Z).
FOLD_FUNCTION = "coach_fold"


def fold_text(text: str | None) -> str | None:
    """Text reduced for case-insensitive matching: Unicode case folding of its NFC form."""
    import unicodedata  # only for a search

    return None if text is None else unicodedata.normalize("NFC", text).casefold()


# The columns SQLite stores as 0/1 that the models give as booleans.
BOOLEAN_COLUMNS = ("private",)
# How a column's stored text becomes the Python value the models give, by column name (the same everywhere).
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(("deadline", "created", "closed", "day", "until"), date.fromisoformat),
    **dict.fromkeys(("created_at", "updated_at", "started", "finished", "at"), read_moment),
    **dict.fromkeys(BOOLEAN_COLUMNS, bool),
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

    # Goals, their tags and check-ins

    def goal(self, goal_id: int) -> Row:
        """The goal with this id, or a NotFoundError that says how to find ids."""
        rows = self.rows("SELECT * FROM goal WHERE id = ?", (goal_id,))
        if not rows:
            raise no_goal_error(goal_id)
        return rows[0]

    def goals(self, statuses: Iterable[str], tag: str | None = None) -> list[Row]:
        """Goals with one of `statuses` (and `tag`, when given), oldest first."""
        chosen = list(statuses)
        sql = f"SELECT * FROM goal WHERE status IN ({placeholders(chosen)})"
        if tag is not None:
            sql += " AND id IN (SELECT goal_id FROM goal_tag WHERE tag = ?)"
            chosen.append(tag)
        return self.rows(sql + " ORDER BY id", chosen)

    def goal_titles(self, goal_ids: Iterable[int]) -> dict[int, str]:
        """The title of each given goal."""
        ids = sorted(set(goal_ids))
        if not ids:
            return {}
        sql = f"SELECT id, title FROM goal WHERE id IN ({placeholders(ids)})"
        return dict(self.values(sql, ids))

    def linked_values(
        self, table: str, parent: str, value: str, parent_ids: Sequence[int] | None
    ) -> dict[int, list[str]]:
        """`value` of every row of a link table, per `parent` id in position order (only `parent_ids` if given)."""
        found: dict[int, list[str]] = {parent_id: [] for parent_id in parent_ids or ()}
        sql = f"SELECT {parent}, {value} FROM {table}"
        ids: list[int] = []
        if parent_ids is not None:
            if not parent_ids:
                return found
            ids = list(parent_ids)
            sql += f" WHERE {parent} IN ({placeholders(ids)})"
        for parent_id, item in self.values(sql + f" ORDER BY {parent}, position", ids):
            found.setdefault(parent_id, []).append(item)
        return found

    def goal_tags(self, goal_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
        """The tags of each goal, in the order the user gave them."""
        return self.linked_values("goal_tag", "goal_id", "tag", goal_ids)

    def goal_checkins(self, goal_ids: Sequence[int]) -> dict[int, list[Row]]:
        """The check-ins of each goal, oldest first (same-day check-ins in the order they were made)."""
        checkins: dict[int, list[Row]] = {goal_id: [] for goal_id in goal_ids}
        if not goal_ids:
            return checkins
        ids = list(goal_ids)
        sql = f"SELECT * FROM checkin WHERE goal_id IN ({placeholders(ids)}) ORDER BY goal_id, day, id"
        for row in self.rows(sql, ids):
            checkins[row.goal_id].append(row)
        return checkins

    def commitment(self, commitment_id: int) -> Row:
        """The commitment with this id, or a NotFoundError that says how to find ids."""
        rows = self.rows("SELECT * FROM commitment WHERE id = ?", (commitment_id,))
        if not rows:
            raise no_commitment_error(commitment_id)
        return rows[0]

    def strategy(self, strategy_id: int) -> Row:
        """The strategy with this id, or a NotFoundError that says how to find ids."""
        rows = self.rows("SELECT * FROM strategy WHERE id = ?", (strategy_id,))
        if not rows:
            raise no_strategy_error(strategy_id)
        return rows[0]

    def pointing_to(self, table: str, column: str, entry_id: int) -> int:
        """How many rows of `table` point to an entry through `column` (what deleting it touches)."""
        return int(self.scalar(f"SELECT count(*) FROM {table} WHERE {column} = ?", (entry_id,)))

    def carried_from(self, commitment_id: int) -> list[Row]:
        """The commitments carried from this one, in the order they were made."""
        return self.rows("SELECT * FROM commitment WHERE carried_from = ? ORDER BY id", (commitment_id,))

    def reflection(self, reflection_id: int) -> Row:
        """The reflection with this id, or a NotFoundError that says how to find ids."""
        rows = self.rows("SELECT * FROM reflection WHERE id = ?", (reflection_id,))
        if not rows:
            raise no_reflection_error(reflection_id)
        return rows[0]

    # Strengths and strategies

    def strengths(self) -> list[Row]:
        """The user's strengths, first-ranked first."""
        return self.rows("SELECT * FROM strength ORDER BY position, id")

    def strategies(self, statuses: Iterable[str], goal_id: int | None = None) -> list[Row]:
        """Strategies with one of `statuses` (of one goal, when given; it must exist), by goal, oldest first."""
        chosen: list[Any] = list(statuses)
        sql = f"SELECT * FROM strategy WHERE status IN ({placeholders(chosen)})"
        if goal_id is not None:
            self.goal(goal_id)
            sql += " AND goal_id = ?"
            chosen.append(goal_id)
        return self.rows(sql + " ORDER BY goal_id, id", chosen)

    def active_strategies(self, goal_ids: Sequence[int]) -> dict[int, list[Row]]:
        """The active strategies of each given goal, oldest first."""
        found: dict[int, list[Row]] = {goal_id: [] for goal_id in goal_ids}
        if not goal_ids:
            return found
        ids = list(goal_ids)
        sql = (
            f"SELECT * FROM strategy WHERE goal_id IN ({placeholders(ids)}) AND status = 'active' ORDER BY id"
        )
        for row in self.rows(sql, ids):
            found[row.goal_id].append(row)
        return found

    def strategy_strengths(self, strategy_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
        """The strength names each strategy plays to, in the order given when it was added."""
        return self.linked_values("strategy_strength", "strategy_id", "strength", strategy_ids)

    def strategy_outcomes(self) -> list[tuple[int | None, str]]:
        """(strategy id, status) of every commitment made through a strategy: the person's own record."""
        sql = "SELECT strategy_id, status FROM commitment WHERE strategy_id IS NOT NULL"
        return [(strategy_id, status) for strategy_id, status in self.values(sql)]

    # Reflections and week notes

    def reflections(
        self,
        *,
        search: str | None = None,
        goal_id: int | None = None,
        tag: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
        include_private: bool = True,
    ) -> list[tuple[Row, str | None]]:
        """Reflections that pass every filter given, newest first, each with its goal's title.

        `search` matches text, reframe or a tag, ignoring case (Unicode case folding: fold_text);
        `include_private=False` leaves private ones out.
        """
        sql = "SELECT reflection.*, goal.title AS goal_title FROM reflection LEFT JOIN goal ON reflection.goal_id = goal.id"
        conditions: list[str] = []
        parameters: list[Any] = []
        if goal_id is not None:
            conditions.append("reflection.goal_id = ?")
            parameters.append(goal_id)
        if tag is not None:
            conditions.append("reflection.id IN (SELECT reflection_id FROM reflection_tag WHERE tag = ?)")
            parameters.append(tag)
        if not include_private:
            conditions.append("reflection.private = 0")
        if since is not None:
            conditions.append("reflection.day >= ?")
            parameters.append(since.isoformat())
        if until is not None:
            conditions.append("reflection.day <= ?")
            parameters.append(until.isoformat())
        if search is not None:
            needle = self.folding(search)
            conditions.append(
                "(instr(coach_fold(reflection.text), ?) > 0 OR instr(coach_fold(reflection.reframe), ?) > 0"
                " OR reflection.id IN (SELECT reflection_id FROM reflection_tag WHERE instr(coach_fold(tag), ?) > 0))"
            )
            parameters += [needle, needle, needle]
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += " ORDER BY reflection.day DESC, reflection.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        return [(row, row.goal_title) for row in self.rows(sql, parameters)]

    def reflection_tags(self, reflection_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
        """The tags of each reflection, in the order the user gave them."""
        return self.linked_values("reflection_tag", "reflection_id", "tag", reflection_ids)

    def week_notes(
        self,
        *,
        search: str | None = None,
        first_week: str | None = None,
        last_week: str | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Week notes from `first_week` to `last_week` (ISO week text, which sorts in time order), newest first."""
        conditions: list[str] = []
        parameters: list[Any] = []
        if first_week is not None:
            conditions.append("week >= ?")
            parameters.append(first_week)
        if last_week is not None:
            conditions.append("week <= ?")
            parameters.append(last_week)
        if search is not None:
            conditions.append("instr(coach_fold(text), ?) > 0")
            parameters.append(self.folding(search))
        sql = "SELECT * FROM week_note" + (" WHERE " + " AND ".join(conditions) if conditions else "")
        sql += " ORDER BY week DESC"
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        return self.rows(sql, parameters)

    def week_note(self, week: str) -> Row | None:
        """The note written at the end of a week's review, if any."""
        rows = self.rows("SELECT * FROM week_note WHERE week = ?", (week,))
        return rows[0] if rows else None

    def week_notes_between(self, first: str | None, last: str | None) -> dict[str, str]:
        """The week notes of the weeks `first`..`last` (None: no bound)."""
        sql = "SELECT week, text FROM week_note WHERE week >= ? AND week <= ?"
        return {week: text for week, text in self.values(sql, (first or "", last or "\uffff"))}

    def writing_since(self, first: date) -> list[tuple[date, str]]:
        """Everything the person wrote from a day on, with its day: shared reflections, week notes (by their
        Sunday), commitment notes (by their week's Sunday), check-in notes, a goal's why and achievable note."""
        day, first_week = first.isoformat(), str(IsoWeek.of(first))
        written: list[tuple[date, str]] = []
        sql = "SELECT day, text FROM reflection WHERE day >= ? AND private = 0"
        written += [(date.fromisoformat(when), text) for when, text in self.values(sql, (day,))]
        for week, text in self.values("SELECT week, text FROM week_note WHERE week >= ?", (first_week,)):
            written.append((IsoWeek.parse_iso(week).end, text))
        sql = "SELECT week, note FROM commitment WHERE week >= ? AND note IS NOT NULL"
        for week, note in self.values(sql, (first_week,)):
            written.append((IsoWeek.parse_iso(week).end, note))
        sql = "SELECT day, note FROM checkin WHERE day >= ? AND note IS NOT NULL"
        written += [(date.fromisoformat(when), note) for when, note in self.values(sql, (day,))]
        for created, why, achievable in self.values(
            "SELECT created, why, achievable FROM goal WHERE created >= ?", (day,)
        ):
            written += [(date.fromisoformat(created), text) for text in (why, achievable) if text]
        return written

    def session_questions(self, first_week: str, last_week: str) -> list[Row]:
        """Every finished session closing a week from `first_week` to `last_week` that wrote down questions for
        the person's coach, oldest first."""
        sql = (
            "SELECT id, closed_week, started, finished, questions FROM coaching_session"
            " WHERE questions IS NOT NULL AND questions != '' AND finished IS NOT NULL"
            " AND closed_week >= ? AND closed_week <= ? ORDER BY closed_week, finished, id"
        )
        return self.rows(sql, (first_week, last_week))

    def session_wishes(self, first_week: str, last_week: str) -> list[Row]:
        """What the person wanted from each session closing a week of the period, oldest first."""
        sql = (
            "SELECT id, closed_week, wanted FROM coaching_session WHERE wanted IS NOT NULL AND wanted != ''"
            " AND closed_week >= ? AND closed_week <= ? ORDER BY closed_week, id"
        )
        return self.rows(sql, (first_week, last_week))

    def folding(self, search: str) -> str:
        """The folded needle for a case-insensitive search, with `coach_fold()` made available to SQL."""
        self.connection.create_function(FOLD_FUNCTION, 1, fold_text, deterministic=True)
        return fold_text(search) or ""

    # Commitments and weeks

    def week_commitments(self, week: str) -> list[Row]:
        """The commitments of one week, in the order they were made."""
        return self.rows("SELECT * FROM commitment WHERE week = ? ORDER BY id", (week,))

    def shown_commitments(self, week: str) -> list[Row]:
        """A week's commitments as every read shows them: those made, then the routine copies not written yet
        (a journal coach may not write, or a week beyond the ones routines are filled to)."""
        return self.with_missing_copies(self.week_commitments(week), week, week)

    def commitments_between(
        self, first: str | None, last: str | None, goal_id: int | None = None
    ) -> list[Row]:
        """The commitments of the weeks `first`..`last` (ISO week text; None: no bound), by week and id; of one
        goal if given. Up to a `last` week, the routine copies not written yet are among them."""
        sql = "SELECT * FROM commitment WHERE week >= ? AND week <= ?"
        parameters: list[Any] = [first or "", last or "\uffff"]
        if goal_id is not None:
            sql += " AND goal_id = ?"
            parameters.append(goal_id)
        rows = self.with_missing_copies(self.rows(sql + " ORDER BY week, id", parameters), first, last)
        return [row for row in rows if goal_id is None or row.goal_id == goal_id]

    def open_weeks_before(self, week: str) -> list[tuple[str, int]]:
        """The weeks before `week` that still have open commitments, oldest first, with how many (routine copies
        not written yet among them)."""
        sql = (
            "SELECT week, count(*) FROM commitment WHERE status = 'open' AND carried_to IS NULL AND week < ?"
            " GROUP BY week ORDER BY week"
        )
        return self.counted_with_copies(self.values(sql, (week,)), IsoWeek.parse_iso(week).previous())

    def counted_with_copies(self, counts: list[tuple[Any, ...]], through: IsoWeek) -> list[tuple[str, int]]:
        """(week, how many open) with the routine copies not written yet up to `through` counted in."""
        found = {name: count for name, count in counts}
        for copy in self.missing_copies(through):
            found[copy.week] = found.get(copy.week, 0) + 1
        return sorted(found.items())

    def carried_copies(self, week: str, ids: Sequence[int]) -> dict[int, list[Row]]:
        """The copies carried from the given commitments of `week` (copies are always in later weeks)."""
        copies: dict[int, list[Row]] = {}
        if not ids:
            return copies
        chosen = list(ids)
        sql = (
            f"SELECT * FROM commitment WHERE week > ? AND carried_from IN ({placeholders(chosen)})"
            " ORDER BY week, id"
        )
        for copy in self.rows(sql, [week, *chosen]):
            copies.setdefault(copy.carried_from or 0, []).append(copy)
        return copies

    def commitments_to_review(self, up_to_week: str, also: Sequence[int] = ()) -> list[Row]:
        """The open commitments (not carried on) of `up_to_week` and earlier weeks, with the given ones besides
        (and the routine copies not written yet)."""
        chosen = list(also)
        sql = (
            "SELECT * FROM commitment WHERE week <= ?"
            f" AND ((status = 'open' AND carried_to IS NULL) OR id IN ({placeholders(chosen)}))"
            " ORDER BY week, id"
        )
        return self.with_missing_copies(self.rows(sql, [up_to_week, *chosen]), None, up_to_week)

    def carried_chain(self, commitment: Any) -> list[Row]:
        """The commitments this one was carried from, nearest first (along `carried_from`)."""
        chain: list[Row] = []
        seen = {commitment.id}
        origin = commitment.carried_from
        while origin is not None and origin not in seen:
            found = self.rows("SELECT * FROM commitment WHERE id = ?", (origin,))
            if not found:
                break
            chain.append(found[0])
            seen.add(origin)
            origin = found[0].carried_from
        return chain

    def strategy_status_counts(self, strategy_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """How many commitments made through each strategy have each status."""
        counts: dict[int, dict[str, int]] = {strategy_id: {} for strategy_id in strategy_ids}
        if not strategy_ids:
            return counts
        chosen = list(strategy_ids)
        sql = (
            "SELECT strategy_id, status, count(*) FROM commitment"
            f" WHERE strategy_id IN ({placeholders(chosen)}) GROUP BY strategy_id, status"
        )
        for strategy_id, status, count in self.values(sql, chosen):
            counts[strategy_id][status] = count
        return counts

    def commitment_weeks(self, ids: Sequence[int]) -> dict[int, str]:
        """The week of each given commitment (to show where a carried one came from)."""
        if not ids:
            return {}
        chosen = list(ids)
        return dict(
            self.values(f"SELECT id, week FROM commitment WHERE id IN ({placeholders(chosen)})", chosen)
        )

    def goal_recent_commitments(self, goal_id: int, limit: int) -> list[Row]:
        """The latest `limit` commitments of a goal, oldest first."""
        sql = "SELECT * FROM commitment WHERE goal_id = ? ORDER BY week DESC, id DESC LIMIT ?"
        return list(reversed(self.rows(sql, (goal_id, limit))))

    def goal_status_counts(self, goal_id: int) -> dict[str, int]:
        """How many of a goal's commitments have each status (statuses without any are left out)."""
        sql = "SELECT status, count(*) FROM commitment WHERE goal_id = ? GROUP BY status"
        return dict(self.values(sql, (goal_id,)))

    def open_weeks_through(self, last_week: str) -> list[tuple[str, int]]:
        """The weeks up to `last_week` that still have open commitments, oldest first, with how many.

        A carried commitment keeps its status and gets `carried_to`: it no longer counts as open.
        """
        sql = (
            "SELECT week, count(*) FROM commitment WHERE status = 'open' AND carried_to IS NULL AND week <= ?"
            " GROUP BY week ORDER BY week"
        )
        return self.counted_with_copies(self.values(sql, (last_week,)), IsoWeek.parse_iso(last_week))

    def open_count(self, week: str) -> int:
        """How many commitments of `week` are open (carried ones are not)."""
        sql = "SELECT count(*) FROM commitment WHERE week = ? AND status = 'open' AND carried_to IS NULL"
        return int(self.scalar(sql, (week,)))

    def routine_days(
        self, routine_ids: Sequence[int], first: str, last: str
    ) -> tuple[dict[int, list[date]], dict[int, str]]:
        """The days the given routines' copies of the weeks `first`..`last` were checked in on, and each
        routine's first week."""
        chosen = list(routine_ids)
        sql = (
            "SELECT routine.id, routine.first_week, commitment.week, commitment.days_checked FROM routine"
            " LEFT JOIN commitment ON commitment.routine_id = routine.id AND commitment.week >= ?"
            f" AND commitment.week <= ? WHERE routine.id IN ({placeholders(chosen)})"
        )
        days: dict[int, list[date]] = {}
        firsts: dict[int, str] = {}
        for routine_id, first_week, week, checked in self.values(sql, [first, last, *chosen]):
            firsts[routine_id] = first_week
            if week is not None:
                days.setdefault(routine_id, []).extend(checked_days(IsoWeek.parse_iso(week), checked))
        return days, firsts

    def routines_without_copy(self, week: str) -> int:
        """How many routines run in `week` but have no copy in it yet (each such copy is open)."""
        parsed = IsoWeek.parse_iso(week)
        return len(self.missing_copies(parsed, since=parsed))

    def routine_weeks_due(
        self, through: IsoWeek, since: IsoWeek | None = None
    ) -> list[tuple[Row, list[IsoWeek]]]:
        """Each routine that still needs copies up to `through`, with the weeks after its `filled_week` (from
        `since` on) that it runs in: the one rule for routine copies, which the fill writes and reads compute.

        Each routine row has `goal_title`, and `made`: the weeks among those that already have its copy.
        """
        sql = (
            "SELECT routine.*, (SELECT title FROM goal WHERE goal.id = routine.goal_id) AS goal_title,"
            " (SELECT group_concat(week, ' ') FROM commitment WHERE commitment.routine_id = routine.id"
            " AND commitment.week > coalesce(routine.filled_week, '') AND commitment.week >= :since"
            " AND commitment.week <= :through) AS made FROM routine WHERE first_week <= :through"
            " AND (filled_week IS NULL OR filled_week < :through) ORDER BY id"
        )
        due = []
        for routine in self.rows(sql, {"through": str(through), "since": str(since or "")}):
            weeks = weeks_to_fill(
                routine.first_week, routine.until, routine.stopped_week, routine.filled_week, through, since
            )
            if weeks:
                routine.made = set((routine.made or "").split())
                due.append((routine, weeks))
        return due

    def missing_copies(self, through: IsoWeek, since: IsoWeek | None = None) -> list[Row]:
        """The routine copies not written yet in the weeks up to `through` (from `since` on), by week: computed
        as they would be made, so that a read shows them even on a journal coach may not write."""
        copies = [
            computed_copy(routine, week)
            for routine, weeks in self.routine_weeks_due(through, since)
            for week in weeks
            if str(week) not in routine.made
        ]
        return sorted(copies, key=lambda copy: copy.week)

    def with_missing_copies(self, rows: list[Row], first: str | None, last: str | None) -> list[Row]:
        """Stored commitments of the weeks `first`..`last`, with the routine copies not written yet among them."""
        if last is None:
            return rows
        since = IsoWeek.parse_iso(first) if first else None
        copies = self.missing_copies(IsoWeek.parse_iso(last), since)
        if not copies:
            return rows
        return sorted([*rows, *copies], key=lambda row: (row.week, row.id is None, row.id or 0))

    def has_commitments(self, week: str | None = None) -> bool:
        """Whether `week` (or, without one, the journal) has any commitment."""
        if week is None:
            return self.scalar("SELECT EXISTS (SELECT 1 FROM commitment)") == 1
        return self.scalar("SELECT EXISTS (SELECT 1 FROM commitment WHERE week = ?)", (week,)) == 1

    def calendar_commitments(self, first: str, last: str, changed_since: datetime) -> list[Row]:
        """The commitments `coach calendar` lists, up to the week `last`: every open one (not carried on), and
        whatever the status those of the weeks from `first` on or changed since `changed_since`, so that a
        calendar which imported one open sees it closed; with their goal's title, by week and id. The routine
        copies not written yet of the weeks `first`..`last` are among them."""
        sql = (
            "SELECT commitment.*, goal.title AS goal_title FROM commitment"
            " LEFT JOIN goal ON goal.id = commitment.goal_id WHERE commitment.week <= ?"
            " AND ((commitment.status = 'open' AND commitment.carried_to IS NULL) OR commitment.week >= ?"
            " OR commitment.updated_at >= ?) ORDER BY commitment.week, commitment.id"
        )
        rows = self.rows(sql, (last, first, stored_moment(changed_since)))
        return self.with_missing_copies(rows, first, last)

    def nameable_commitments(self, since_week: str, limit: int = 50) -> list[Row]:
        """The commitments a person is likely to name by id (shell completion): the open ones, and every one
        from `since_week` on; newest week first."""
        sql = (
            "SELECT id, text, week, status FROM commitment WHERE (status = 'open' AND carried_to IS NULL)"
            " OR week >= ? ORDER BY week DESC, id DESC LIMIT ?"
        )
        return self.rows(sql, (since_week, limit))

    # Goals

    def calendar_deadlines(self, closed_since: date) -> list[Row]:
        """The goals with a deadline that `coach calendar` lists: the active ones, and those closed on or after
        `closed_since` (a calendar that imported the deadline sees it cancelled); soonest first."""
        sql = (
            "SELECT id, title, deadline, status, created_at, updated_at, revision FROM goal"
            " WHERE deadline IS NOT NULL AND (status = 'active' OR closed >= ?) ORDER BY deadline, id"
        )
        return self.rows(sql, (closed_since.isoformat(),))

    def active_deadlines(self, since: date) -> list[date]:
        """The deadlines of active goals on or after `since`, soonest first."""
        sql = "SELECT deadline FROM goal WHERE status = 'active' AND deadline >= ? ORDER BY deadline"
        return [date.fromisoformat(value) for (value,) in self.values(sql, (since.isoformat(),))]

    def has_active_goals(self) -> bool:
        return self.scalar("SELECT EXISTS (SELECT 1 FROM goal WHERE status = 'active')") == 1

    def goals_to_attend(self, week: str) -> list[Row]:
        """The active goals with what bare `coach` asks about: deadline, measure, last check-in, a commitment."""
        sql = (
            "SELECT id, title, deadline, created, (measure IS NOT NULL OR target IS NOT NULL) AS measurable,"
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

    def resumable_session(self, closed_week: str) -> Row | None:
        """The latest unfinished weekly session that closes `closed_week`, if there is one."""
        sql = "SELECT * FROM coaching_session WHERE closed_week = ? AND finished IS NULL ORDER BY id DESC LIMIT 1"
        found = self.rows(sql, (closed_week,))
        return found[0] if found else None

    def session_exists(self, session_id: int) -> bool:
        """Whether a weekly session's record is there (another terminal's `coach undo` may have taken it)."""
        return bool(self.rows("SELECT 1 FROM coaching_session WHERE id = ?", (session_id,)))

    def session_steps(self, session_id: int | None = None) -> list[Row]:
        """The questions weekly sessions asked (one session's, when given), in the order they were answered."""
        if session_id is None:
            return self.rows("SELECT * FROM session_step ORDER BY at, item")
        return self.rows("SELECT * FROM session_step WHERE session_id = ? ORDER BY at, item", (session_id,))

    def last_session_week(self, before: str) -> str | None:
        """The latest week before `before` that a finished session closed, if any (when the last session was)."""
        sql = "SELECT max(closed_week) FROM coaching_session WHERE closed_week < ? AND finished IS NOT NULL"
        return self.scalar(sql, (before,))

    def session_finished(self, closed_week: str) -> bool:
        """Whether a weekly session that closed `closed_week` has been finished."""
        sql = "SELECT EXISTS (SELECT 1 FROM coaching_session WHERE closed_week = ? AND finished IS NOT NULL)"
        return self.scalar(sql, (closed_week,)) == 1

    # The history of changes (`coach undo`)

    def history_entries(self, limit: int) -> list[Row]:
        """The latest entries of the history, newest first, each with how many rows it changed (`rows`)."""
        sql = (
            "SELECT history.*, (SELECT count(*) FROM history_row WHERE history_row.history_id = history.id)"
            " AS rows FROM history ORDER BY id DESC LIMIT ?"
        )
        return self.rows(sql, (limit,))

    def history_rows(self, entry_id: int) -> list[Row]:
        """The rows one entry of the history changed, in the order it changed them."""
        return self.rows("SELECT * FROM history_row WHERE history_id = ? ORDER BY position", (entry_id,))

    def later_command(self, table: str, key: str, entry_id: int) -> str | None:
        """The command of the latest other entry of the history that changed the same row, if any."""
        sql = (
            "SELECT history.command FROM history JOIN history_row ON history_row.history_id = history.id"
            " WHERE history_row.table_name = ? AND history_row.row_key = ? AND history.id != ?"
            " ORDER BY history.id DESC LIMIT 1"
        )
        return self.scalar(sql, (table, key, entry_id))

    # The whole journal, for the export

    # Sync (the replica's tables, store/replica.py)

    def sync_settings(self) -> dict[str, str]:
        """This device's sync state by name (empty for a journal that does not sync)."""
        return dict(self.values("SELECT name, value FROM sync_state"))

    def sync_pending(self) -> int:
        """Changes made here not yet sent."""
        return int(self.scalar("SELECT count(*) FROM sync_outbox"))

    def sync_waiting_count(self) -> int:
        """Batches from a newer coach kept here."""
        return int(self.scalar("SELECT count(*) FROM sync_waiting"))

    def sync_conflict_count(self) -> int:
        return int(self.scalar("SELECT count(*) FROM sync_conflict"))

    def sync_conflicts(self) -> list[Row]:
        """Every conflict listed, oldest first, with its row's table and the id it was born with."""
        return self.rows(
            "SELECT c.id, c.uid, c.field, c.kept, c.lost, c.lost_stamp, c.lost_device, r.table_name, r.wanted,"
            " s.name AS device_name FROM sync_conflict c LEFT JOIN sync_row r ON r.uid = c.uid"
            " LEFT JOIN sync_seen s ON s.device = c.lost_device ORDER BY c.id"
        )

    def row_id(self, table: str, uid: str) -> int | None:
        """The id a synced row has here (None: it is not here)."""
        return self.scalar(f'SELECT id FROM "{table}" WHERE uid = ?', (uid,))

    def sync_devices(self) -> list[Row]:
        """The other devices applied here: id, name and the last batch applied."""
        return self.rows("SELECT device, name, seq FROM sync_seen ORDER BY name, device")

    def stored_table(self, name: str, columns: Sequence[str], order: str = "id") -> list[tuple[Any, ...]]:
        """These columns of every row of one table as stored (ISO text for dates and moments, 0/1 for booleans)."""
        return self.connection.execute(f"SELECT {', '.join(columns)} FROM {name} ORDER BY {order}").fetchall()


def computed_copy(routine: Row, week: Any) -> Row:
    """A routine's copy in a week as it would be made: open, no id (a journal coach may not write)."""
    return Row(
        goal_title=getattr(routine, "goal_title", None),
        id=None,
        text=routine.text,
        week=str(week),
        goal_id=routine.goal_id,
        strategy_id=routine.strategy_id,
        status="open",
        note=None,
        carried_from=None,
        carried_to=None,
        when_where=routine.when_where,
        confidence=routine.confidence,
        support=None,
        routine_id=routine.id,
        days_planned=RoutineEvery(routine.every).days_planned,
        days_checked=None,
        created_at=routine.created_at,
        updated_at=routine.created_at,
        revision=0,
    )


def reader_in(session: Any) -> Reader:
    """A Reader inside an ORM session's transaction: a write command shows what it has just written (flushed)."""
    return Reader(session.connection().connection.driver_connection)


def no_goal_error(goal_id: int) -> NotFoundError:
    return NotFoundError(f"there is no goal {goal_id}; `coach goal list --all` shows every goal and its id")


def no_commitment_error(commitment_id: int) -> NotFoundError:
    return NotFoundError(
        f"there is no commitment {commitment_id}; `coach week WEEK` shows a week's commitments and their ids"
    )


def no_strategy_error(strategy_id: int) -> NotFoundError:
    return NotFoundError(
        f"there is no strategy {strategy_id}; `coach strategy list --all` shows every strategy and its id"
    )


def no_reflection_error(reflection_id: int) -> NotFoundError:
    return NotFoundError(
        f"there is no reflection {reflection_id}; `coach journal` shows every reflection and its id"
    )


def connect_for_reading(
    path: Path, *, read_only: bool = False, busy_seconds: float = BUSY_TIMEOUT_SECONDS
) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the journal as the ORM path makes it (pragmas, WAL), and the revision it records.

    `read_only` opens even a journal coach may write read-only (SQLite's `mode=ro` or `immutable=1`).
    """
    writable = not read_only and is_writable(path)
    side = side_file_problem(path, write=writable)
    if side is not None:
        raise side  # a -wal/-shm coach cannot use: named, with the real fix (as open_journal does)
    connection = connect_sqlite(path, read_only=not writable, busy_seconds=busy_seconds)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)}")
        revision = revision_of(connection)
        # Only a coach journal is switched to WAL: any other file is left exactly as it was.
        if writable and revision == HEAD_REVISION:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        return connection, revision
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
def reading(path: Path, before: Callable[[sqlite3.Connection], Any] | None = None) -> Iterator[Reader]:
    """A Reader on the journal at `path` in one read transaction, creating or migrating it first if needed.

    Only a journal at the current revision is read directly; any other (missing, empty, older) goes through
    store.db.open_journal first, exactly as before, and is read once that has finished. `before` runs on
    the connection first when coach may write the journal (routines get their copies, as on the ORM path).
    """
    with sqlite_errors(path):
        connection: sqlite3.Connection | None = None
        if check_kind(path) == "sqlite":
            connection, revision = connect_for_reading(path)
            if revision != HEAD_REVISION:
                connection.close()
                connection = None
        if connection is None:
            open_journal(path, write=False).close()  # creates or migrates: the one slow path
            connection, revision = connect_for_reading(path)
            check_revision(path, revision)
        try:
            if before is not None and is_writable(path):
                before(connection)
            connection.execute("BEGIN")
            yield Reader(connection)
            connection.execute("COMMIT")
        finally:
            connection.close()


@contextmanager
def reading_existing(path: Path, *, busy_seconds: float = BUSY_TIMEOUT_SECONDS) -> Iterator[Reader | None]:
    """A Reader on a journal that already exists at the current revision; None when there is no journal.

    Never creates or migrates anything (`coach status`): an older journal is an error that says what to run.
    A journal another program holds longer than `busy_seconds` is a JournalBusyError.
    """
    with sqlite_errors(path):
        if check_kind(path) != "sqlite":
            yield None
            return
        connection, revision = connect_for_reading(path, read_only=True, busy_seconds=busy_seconds)
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
