"""`coach status`: one line (or JSON) of what is due, answered before Typer is imported, read-only."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.status_line import fast_arguments
from coachcli.views.status import StatusView
from tests.test_migrations import make_journal_at


def coach_script() -> list[str]:
    script = Path(sys.executable).parent / "coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachcli"]


def status_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`coach status ...` as the console script runs it (the fast path), in the test's environment."""
    return subprocess.run(
        [*coach_script(), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def status_json(coach, *args: str) -> dict:
    """The JSON of both paths (the fast one and Typer's), which must agree."""
    fast = status_process("status", "--format", "json", *args)
    assert fast.returncode == 0, fast.stderr
    typer_path = coach("status", "--format", "json", *args)
    assert fast.stdout == typer_path.stdout
    return json.loads(fast.stdout)


def test_no_journal_prints_nothing_and_creates_nothing(journal):
    result = status_process("status")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not journal.exists() and not journal.parent.exists()
    assert json.loads(status_process("status", "--format", "json").stdout) == StatusView().to_json()


def test_nothing_due_prints_nothing(coach, journal):
    coach("goal", "add", "Read twelve books this year", "--no-input")
    coach("commit", "Read on the train", "--goal", "1", "--week", "next")
    coach("mark", "1", "done")
    # Wednesday 2026-11-25: the week to close is 2026-W47 (nothing in it); 2026-W48 is the week to plan.
    coach("commit", "Read one chapter", "--goal", "1")
    coach("mark", "2", "done")
    # SPEC "Rhythm": the session is due from the week to close's review day whatever is open, until a session
    # closing that week is finished.
    assert status_process("status").stdout == "coach: session due\n"
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute(
            "INSERT INTO coaching_session (started, finished, closed_week, planned_week)"
            " VALUES ('2026-11-20 15:00:00', '2026-11-20 15:30:00', '2026-W47', '2026-W48')"
        )
    connection.close()
    result = status_process("status")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_on_review_day_with_nothing_open_the_session_is_due(coach, journal):
    """Issue 24.6: everything marked mid-week and the routine's next copy made; the session is still due."""
    friday = {"COACH_TODAY": "2026-11-27"}
    coach("goal", "add", "Cut meeting hours", "--no-input")
    coach("commit", "Decline one meeting", "--goal", "1", env=friday)
    coach("commit", "Plan the week", "--goal", "1", "--every", "week", env=friday)
    coach("mark", "1", "done", env=friday)
    coach("mark", "2", "done", env=friday)
    result = status_process("status", "--format", "json", env=friday)
    data = json.loads(result.stdout)
    assert data["session_due"] is True and data["to_review"] == [] and data["stopped_session"] is None
    assert "session due" in status_process("status", env=friday).stdout


def test_line_and_json_say_what_is_due(coach, journal):
    coach("goal", "add", "Run a half marathon in spring", "--by", "2026-11-30", "--no-input")
    coach("commit", "Run twice", "--goal", "1", "--week", "2026-W46")
    coach("commit", "Stretch", "--week", "2026-W47")
    coach("commit", "Swim once", "--week", "2026-W47")
    coach("carry", "3", "--to", "this")  # carried: no longer open in 2026-W47, and open in this week
    connection = sqlite3.connect(journal)
    with connection:  # what carrying records (SPEC): the original keeps its status and gets carried_to
        connection.execute("UPDATE commitment SET carried_to = '2026-W48' WHERE id = 3")
    connection.close()
    coach("commit", "Run three times", "--goal", "1")
    coach("mark", "5", "done")
    data = status_json(coach)
    assert data == {
        "to_review": ["2026-W46", "2026-W47"],
        "open_this_week": 1,
        "session_due": True,
        "days_to_next_deadline": 5,
        "stopped_session": None,
    }
    line = status_process("status").stdout
    assert (
        line
        == "coach: 2 weeks to review (from 2026-W46) · 1 open this week · session due · a deadline in 5 days\n"
    )
    assert coach("status").stdout == line


def test_review_day_from_the_config_moves_the_week_to_close(coach, journal, tmp_path, monkeypatch):
    coach("commit", "Run twice")  # open, in this week 2026-W48; today is Wednesday 2026-11-25
    config = tmp_path / "config.toml"
    monkeypatch.setenv("COACH_CONFIG", str(config))
    assert status_json(coach)["to_review"] == []  # Friday reviewer: 2026-W48 is not to close yet
    config.write_text('[week]\nreview_day = "wednesday"\n')
    assert status_json(coach)["to_review"] == []  # a Wednesday review falls early in the week after
    config.write_text('[week]\nreview_day = "sunday"\n')
    monkeypatch.setenv("COACH_TODAY", "2026-11-29")
    assert status_json(coach)["to_review"] == ["2026-W48"]


def test_a_finished_session_for_the_week_to_close_is_not_due(coach, journal):
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    coach("commit", "Run twice", "--goal", "1", "--week", "next")
    assert status_json(coach)["session_due"] is True  # 2026-W48, the week to plan, has nothing yet
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute(
            "INSERT INTO coaching_session (started, finished, closed_week, planned_week)"
            " VALUES ('2026-11-25 10:00:00', '2026-11-25 10:30:00', '2026-W47', '2026-W48')"
        )
    connection.close()
    assert status_json(coach)["session_due"] is False


def test_routine_weeks_without_their_copy_yet_count_as_open(coach, journal):
    coach("goal", "list")  # creates the journal at the current revision
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute(
            "INSERT INTO routine (text, first_week, created_at) VALUES ('Stretch', '2026-W40', '2026-10-01 08:00:00')"
        )
        connection.execute(
            "INSERT INTO routine (text, first_week, stopped_week, created_at)"
            " VALUES ('Swim', '2026-W40', '2026-W45', '2026-10-01 08:00:00')"
        )
    connection.close()
    assert status_json(coach)["open_this_week"] == 1


def test_global_db_option_and_format_spellings(coach, journal, tmp_path):
    other = tmp_path / "other.db"
    coach("--db", str(other), "commit", "Run twice", "--week", "last")
    for args in (["--db", str(other), "status"], [f"--db={other}", "status", "-f", "text"]):
        result = status_process(*args)
        assert result.stdout.startswith("coach: 2026-W47 to review"), result.stderr
    assert status_process("--db", str(other), "status", "--format=JSON").stdout.startswith("{")
    assert status_process("status").stdout == ""  # COACH_DB's journal was never created


def test_help_and_bad_options_go_through_typer(journal):
    help_result = status_process("status", "--help")
    assert help_result.returncode == 0 and help_result.stdout.startswith("Usage: coach status")
    bad = status_process("status", "--format", "xml")
    assert bad.returncode == 2 and "--format" in bad.stderr


def test_read_only_journal_is_read_and_left_alone(coach, journal):
    coach("commit", "Run twice", "--week", "last")
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    before = sorted(path.name for path in journal.parent.iterdir())
    journal.chmod(0o400)
    journal.parent.chmod(0o500)
    try:
        result = status_process("status")
        assert result.stdout.startswith("coach: 2026-W47 to review"), result.stderr
        assert sorted(path.name for path in journal.parent.iterdir()) == before
    finally:
        journal.parent.chmod(0o700)
        journal.chmod(0o600)


def test_an_older_journal_is_not_migrated_but_named(journal):
    make_journal_at(journal, "0004")
    before = journal.read_bytes()
    result = status_process("status")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and "revision 0004" in result.stderr
    assert "coach week" in result.stderr and len(result.stderr.splitlines()) == 1
    assert journal.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"not a database at all", "not a coach journal"), (b"SQLite format 3\x00" + b"\x01" * 200, "")],
)
def test_a_damaged_file_is_one_error_line(journal, content, fragment):
    journal.parent.mkdir(parents=True)
    journal.write_bytes(content)
    result = status_process("status")
    assert result.returncode == 1 and result.stdout == ""
    assert (
        result.stderr.startswith("Error: ") and fragment in result.stderr and "Traceback" not in result.stderr
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["status"], (None, "text")),
        (["status", "--format", "json"], (None, "json")),
        (["status", "-f", "JSON"], (None, "json")),
        (["status", "--format=text"], (None, "text")),
        (["--db", "x.db", "status"], ("x.db", "text")),
        (["--db=x.db", "status", "-f", "json"], ("x.db", "json")),
        (["status", "--help"], None),
        (["status", "--format", "xml"], None),
        (["status", "extra"], None),
        (["week"], None),
        (["--db"], None),
        ([], None),
    ],
)
def test_fast_arguments(arguments, expected):
    assert fast_arguments(arguments) == expected


@pytest.mark.parametrize(
    ("view", "line"),
    [
        (StatusView(), ""),
        (StatusView(to_review=("2026-W47",)), "coach: 2026-W47 to review"),
        (StatusView(open_this_week=3, days_to_next_deadline=0), "coach: 3 open this week · a deadline today"),
        (StatusView(days_to_next_deadline=1), "coach: a deadline tomorrow"),
        (StatusView(days_to_next_deadline=8), ""),
        (StatusView(session_due=True), "coach: session due"),
    ],
)
def test_status_line(view, line):
    assert view.line() == line
