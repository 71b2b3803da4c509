"""The sqlite3 read path (store/reader.py) stays in step with the SQLModel schema and with every migration."""

from __future__ import annotations

import inspect
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.errors import NotFoundError
from coachcli.store.db import HEAD_REVISION, REVISIONS, open_journal
from coachcli.store.reader import CONVERTERS, Reader, Row, reader_in, reading
from tests.test_migrations import make_journal_at

# Every query of the Reader, called with arguments that find the rows tests/test_migrations.py writes at each
# revision. A new query must be added here (test_every_query_is_exercised), so it runs on every old journal.
CALLS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "goal": ((1,), {}),
    "goals": ((("active", "done", "dropped"),), {}),
    "goal_titles": (([1],), {}),
    "goal_tags": (([1],), {}),
    "goal_checkins": (([1],), {}),
    "linked_values": (("goal_tag", "goal_id", "tag", None), {}),
    "strengths": ((), {}),
    "strategies": ((("active", "retired"),), {"goal_id": 1}),
    "active_strategies": (([1],), {}),
    "strategy_strengths": (([1],), {}),
    "strategy_outcomes": ((), {}),
    "writing_since": ((date(2026, 1, 1),), {}),
    "reflection": ((1,), {}),
    "reflections": (
        (),
        {
            "search": "RUN",
            "since": date(2026, 1, 1),
            "until": date(2026, 12, 31),
            "limit": 5,
            "include_private": False,
        },
    ),
    "reflection_tags": (([1],), {}),
    "week_notes": ((), {"search": "full", "first_week": "2026-W01", "last_week": "2026-W52", "limit": 5}),
    "week_note": (("2026-W47",), {}),
    "week_notes_between": (("2026-W01", "2026-W52"), {}),
    "folding": (("Straße",), {}),
    "week_commitments": (("2026-W47",), {}),
    "shown_commitments": (("2026-W47",), {}),
    "commitments_between": (("2026-W01", "2026-W52"), {"goal_id": 1}),
    "open_weeks_before": (("2026-W49",), {}),
    "carried_copies": (("2026-W47", [1]), {}),
    "commitment_weeks": (([1, 2],), {}),
    "goal_recent_commitments": ((1, 10), {}),
    "goal_status_counts": ((1,), {}),
    "open_weeks_through": (("2026-W48",), {}),
    "open_count": (("2026-W48",), {}),
    "routines_without_copy": (("2026-W49",), {}),
    "routine_days": (([1, 3], "2026-W48", "2026-W49"), {}),
    "routine_weeks_due": ((IsoWeek.parse_iso("2026-W49"),), {}),
    "missing_copies": ((IsoWeek.parse_iso("2026-W49"),), {"since": IsoWeek.parse_iso("2026-W47")}),
    "with_missing_copies": (([], "2026-W49", "2026-W49"), {}),
    "counted_with_copies": (([("2026-W48", 1)], IsoWeek.parse_iso("2026-W49")), {}),
    "has_commitments": ((), {}),
    "active_deadlines": ((date(2026, 11, 25),), {}),
    "calendar_deadlines": ((date(2026, 11, 1),), {}),
    "calendar_commitments": (("2026-W48", "2026-W48", datetime(2026, 12, 1, tzinfo=UTC)), {}),
    "nameable_commitments": (("2026-W47",), {}),
    "sync_settings": ((), {}),
    "sync_pending": ((), {}),
    "sync_waiting_count": ((), {}),
    "sync_conflict_count": ((), {}),
    "sync_conflicts": ((), {}),
    "row_id": (("goal", "no such uid"), {}),
    "sync_devices": ((), {}),
    "has_active_goals": ((), {}),
    "session_finished": (("2026-W48",), {}),
    "session_questions": (("2026-W47", "2026-W48"), {}),
    "stopped_session_stage": (("2026-W48",), {}),
    "goals_to_attend": (("2026-W48",), {}),
    "is_empty": ((), {}),
    "stored_table": (("commitment", ("id", "week")), {}),
    "commitments_to_review": (("2026-W48",), {}),
    "carried_chain": ((Row(id=99, carried_from=1),), {}),
    "strategy_status_counts": (([1],), {}),
    "resumable_session": (("2026-W48",), {}),
    "commitment": ((1,), {}),
    "strategy": ((1,), {}),
    "pointing_to": (("commitment", "goal_id", 1), {}),
    "carried_from": ((1,), {}),
    "history_entries": ((5,), {}),
    "history_rows": ((1,), {}),
    "later_command": (("checkin", '{"id": 1}', 0), {}),
    "session_wishes": (("2026-W01", "2026-W52"), {}),
    "last_session_week": (("2026-W49",), {}),
    "session_exists": ((1,), {}),
    "session_steps": ((), {}),
}
HELPERS = {"rows", "values", "scalar"}


def queries() -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(Reader, inspect.isfunction)
        if not name.startswith("_") and name not in HELPERS
    }


def test_every_query_is_exercised():
    assert set(CALLS) == queries()


@pytest.mark.parametrize("revision", REVISIONS)
def test_every_query_runs_on_a_journal_migrated_from_each_revision(journal, revision):
    make_journal_at(journal, revision)
    with reading(journal) as reader:  # an older journal is migrated first (the ORM path), then read
        results = {}
        for name, (args, kwargs) in CALLS.items():
            try:
                results[name] = getattr(reader, name)(*args, **kwargs)
            except NotFoundError:  # reflection 1 is only written from revision 0004 on
                results[name] = None
    connection = sqlite3.connect(journal)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    connection.close()
    goal = results["goal"]
    assert (goal.title, goal.deadline, goal.created) == (
        "Run a half marathon",
        date(2027, 3, 31),
        date(2026, 11, 1),
    )
    assert goal.created_at == datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    assert results["goal_tags"] == {1: ["health"]}
    # Sync's tables hold what test_migrations wrote into them from 0009 on (a device's name, one conflict).
    synced = revision >= "0009"
    assert results["sync_settings"] == ({"name": "laptop"} if synced else {})
    assert [row.field for row in results["sync_conflicts"]] == (["title"] if synced else [])
    assert (results["sync_conflict_count"], results["sync_pending"]) == (int(synced), 0)
    assert (results["sync_devices"], results["row_id"]) == ([], None)
    assert results["sync_waiting_count"] == 0
    assert [(row.day, row.value) for row in results["goal_checkins"][1]] == [(date(2026, 11, 10), 14.0)]
    assert results["active_deadlines"] == [date(2027, 3, 31)]
    assert [(row.id, row.deadline) for row in results["calendar_deadlines"]] == [(1, date(2027, 3, 31))]
    assert results["folding"] == "strasse"
    assert (date(2026, 11, 1), "health") in results["writing_since"]
    at_least = REVISIONS.index(revision)
    if at_least >= REVISIONS.index("0002"):
        assert [row.name for row in results["strengths"]] == ["Relator"]
        assert results["strategy_strengths"] == {1: ["Relator"]}
        assert [row.text for row in results["active_strategies"][1]] == ["Run with the club"]
    if at_least >= REVISIONS.index("0003"):
        assert [(row.id, row.status, row.note) for row in results["week_commitments"]] == [
            (1, "partial", "knee")
        ]
        assert results["week_note"].text == "A full week"
        assert results["goal_status_counts"]["partial"] == 1
        assert results["strategy_outcomes"] == [(1, "partial")]
        assert results["strategy_status_counts"][1]["partial"] == 1
        assert [(row.id, row.status) for row in results["carried_chain"]] == [(1, "partial")]
        rows = results["stored_table"]
        assert dict(zip(("id", "week"), rows[0], strict=True))["week"] == "2026-W47"
        assert (date(2026, 11, 22), "knee") in results["writing_since"]
    if at_least >= REVISIONS.index("0004"):
        reflections = results["reflections"]
        assert [(row.id, title) for row, title in reflections] == [(1, "Run a half marathon")]
        assert reflections[0][0].private is False and reflections[0][0].day == date(2026, 11, 24)
        assert results["reflection_tags"] == {1: ["running"]}
        assert results["reflection"].text == "I should run more"
    else:
        assert results["reflection"] is None
    if at_least >= REVISIONS.index("0010"):
        days, firsts = results["routine_days"]
        assert days == {1: [], 3: [date(2026, 11, 30), date(2026, 12, 1)]}  # a weekly copy counts no days
        assert firsts == {1: "2026-W47", 3: "2026-W49"}
    if revision == "0005":
        assert results["open_count"] == 1 and results["routines_without_copy"] == 1
        assert results["open_weeks_through"] == [("2026-W48", 1)]
        assert results["session_finished"] is False
        assert results["stopped_session_stage"] == "reality"
        assert results["resumable_session"].stage == "reality"
        assert [row.id for row in results["commitments_to_review"]] == [2]
        assert results["goal_status_counts"] == {"partial": 1, "open": 1}
        assert [(row.id, row.goal_title) for row in results["calendar_commitments"]] == [
            (2, "Run a half marathon")
        ]


def test_the_read_path_leaves_a_current_journal_to_sqlite3(journal):
    """A journal at the current revision is read without the ORM's opening path."""
    open_journal(journal).close()
    import coachcli.store.db as db

    original = db.open_journal
    db.open_journal = lambda *args, **kwargs: pytest.fail("the current journal went through open_journal")
    try:
        with reading(journal) as reader:
            assert reader.goals(("active",)) == []
    finally:
        db.open_journal = original


def model_columns() -> dict[str, dict[str, Any]]:
    from coachcli.store.schema import SCHEMA

    return {
        table.name: {column.name: column.type for column in table.columns} for table in SCHEMA.sorted_tables
    }


def test_the_migrated_schema_is_the_models_schema(journal):
    """Schema drift: the columns a migrated journal has are the SQLModel classes' columns, table by table."""
    make_journal_at(journal, REVISIONS[0])
    open_journal(journal).close()
    connection = sqlite3.connect(journal)
    tables = [
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name != "alembic_version" and not name.startswith("sqlite_")  # SQLite's own (sqlite_sequence)
    ]
    stored = {name: {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')} for name in tables}
    connection.close()
    assert stored == {name: set(columns) for name, columns in model_columns().items()}


def test_converters_cover_exactly_the_typed_columns():
    """Every Date, DateTime and Boolean column of the models is converted by name, and nothing else is."""
    from sqlalchemy.types import Boolean, Date, DateTime, TypeDecorator

    converter = {"date": date.fromisoformat, "moment": CONVERTERS["created_at"], "bool": bool}
    expected: dict[str, Any] = {}
    for columns in model_columns().values():
        for name, column_type in columns.items():
            base = column_type.impl if isinstance(column_type, TypeDecorator) else column_type
            kinds = [
                kind
                for cls, kind in ((DateTime, "moment"), (Date, "date"), (Boolean, "bool"))
                if isinstance(base, cls)
            ]
            if kinds:
                assert expected.setdefault(name, converter[kinds[0]]) is converter[kinds[0]], name
    assert expected == CONVERTERS


def test_rows_read_as_the_models_give_them(journal):
    """The ORM and the reader agree on every value of every row, types included."""
    from sqlmodel import select

    from coachcli.store import models, schema

    make_journal_at(journal, HEAD_REVISION)
    journal_object = open_journal(journal)
    try:
        with journal_object.transaction(write=False) as session:
            reader = reader_in(session)
            for model in (
                models.Goal,
                models.CheckIn,
                models.Strategy,
                models.Commitment,
                models.WeekNote,
                models.Reflection,
                models.Routine,
                models.CoachingSession,
                models.SessionStep,
                schema.History,
            ):
                table = model.__tablename__
                key = "week" if table == "week_note" else "session_id" if table == "session_step" else "id"
                orm_rows = [row.model_dump() for row in session.exec(select(model))]
                every_row = reader.rows(f"SELECT * FROM {table} ORDER BY {key}")
                read_rows = [dict(vars(row)) for row in every_row]
                assert read_rows == sorted(orm_rows, key=lambda row: row[key]), table
                assert all(isinstance(row, Row) for row in every_row)
    finally:
        journal_object.close()


def test_a_missing_journal_is_created_by_the_existing_path(journal: Path):
    with reading(journal) as reader:
        assert reader.has_commitments() is False
    assert journal.exists() and oct(journal.stat().st_mode & 0o777) == "0o600"
