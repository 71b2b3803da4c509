"""Each command is one transaction, output files are whole or absent, and SQLite's errors are messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coachcli.errors import InputError
from coachcli.render.output import write_file_atomically
from tests.conftest import dump_database


def test_a_failure_inside_a_command_writes_nothing(coach, coach_error, journal, monkeypatch):
    coach("goal", "add", "Keep this goal", "--no-input")
    before = dump_database(journal)

    def fail_after_the_goal_row(*args, **kwargs):
        raise InputError("stopped on purpose after the goal row was written")

    monkeypatch.setattr("coachcli.store.goals.set_goal_tags", fail_after_the_goal_row)
    coach_error("goal", "add", "Half-written goal", "--tag", "x", "--no-input")
    assert dump_database(journal) == before


def test_a_failure_inside_the_demo_insert_writes_nothing(coach, coach_error, journal, monkeypatch):
    from coachcli.store import transfer

    original = transfer.insert_rows
    calls = []

    def fail_on_the_third_table(session, model, rows):
        calls.append(model)
        if len(calls) == 3:
            raise InputError("stopped on purpose in the middle of the demo")
        original(session, model, rows)

    monkeypatch.setattr(transfer, "insert_rows", fail_on_the_third_table)
    coach_error("demo")
    assert all(not rows for table, rows in dump_database(journal) if table != "alembic_version")


def test_a_writer_that_waits_too_long_gets_a_clear_message_and_changes_nothing(
    coach, coach_error, journal, monkeypatch
):
    coach("goal", "add", "Keep this goal", "--no-input")
    before = dump_database(journal)
    monkeypatch.setattr("coachcli.store.files.BUSY_TIMEOUT_SECONDS", 0.05)
    holder = sqlite3.connect(journal, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        line = coach_error("goal", "add", "Waiting goal", "--no-input")
        goals = coach("goal", "list", "--format", "json").stdout  # readers are not blocked by a writer
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "is busy" in line and "locked" not in line and str(journal) in line
    assert "Keep this goal" in goals
    assert dump_database(journal) == before


def test_output_replaces_an_old_file_whole_or_not_at_all(tmp_path: Path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old report\n")
    target.chmod(0o644)

    def failing_replace(source, destination):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("os.replace", failing_replace)
        with pytest.raises(Exception, match="No space left on device; nothing was written"):
            write_file_atomically(target, "new report\n" * 1000)
    assert target.read_text() == "old report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.md"], "no temporary file left"
    write_file_atomically(target, "new report\n")
    assert target.read_text() == "new report\n"
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("fmt", ["rich", "markdown", "json"])
def test_output_never_writes_over_the_journal_or_a_backup(coach, coach_error, journal, fmt):
    coach("goal", "add", "Keep this goal", "--no-input")
    coach("backup")
    for target in (journal, journal.with_name("coach.db.backup-2026-11-25")):
        before = target.read_bytes()
        assert "never writes over" in coach_error("goal", "list", "--format", fmt, "--output", target)
        assert target.read_bytes() == before
    assert "Keep this goal" in coach("goal", "list").stdout


def test_end_of_input_at_a_prompt_stops_with_a_short_message_and_writes_nothing(coach, journal, interactive):
    coach("goal", "add", "Keep this goal", "--no-input")
    before = dump_database(journal)
    result = coach("goal", "add", "Read twelve novels this year", input="novels read\n", expect=1)
    assert (
        result.stderr.strip().splitlines()[-1]
        == "Stopped. Anything already saved is kept; nothing else was written."
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert dump_database(journal) == before


def test_ctrl_c_at_a_confirmation_deletes_nothing(coach, journal, interactive, monkeypatch):
    coach("goal", "add", "Keep this goal", "--no-input")
    before = dump_database(journal)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("typer.confirm", interrupted)
    result = coach("goal", "delete", "1", expect=1)
    assert "Stopped." in result.stderr and "Traceback" not in result.stderr
    assert dump_database(journal) == before


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        ("SQLITE_BUSY", "database is locked", "is busy"),
        ("SQLITE_READONLY", "attempt to write a readonly database", "cannot be written"),
        ("SQLITE_FULL", "database or disk is full", "disk that holds"),
        ("SQLITE_IOERR_WRITE", "disk I/O error", "disk I/O error"),
        ("SQLITE_CORRUPT", "database disk image is malformed", "is damaged"),
        ("SQLITE_NOTADB", "file is not a database", "is damaged"),
        ("SQLITE_CANTOPEN", "unable to open database file", "cannot open"),
        ("SQLITE_ERROR", "no such table: goal", "no such table"),
    ],
)
def test_sqlite_errors_become_one_message_naming_the_file(tmp_path, code, message, expected):
    from coachcli.store.files import journal_error

    path = tmp_path / "coach.db"
    path.write_bytes(b"")
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = code
    text = journal_error(path, error).message
    assert expected in text and str(path) in text
    assert "locked" not in text
