"""`coach demo`: a deterministic sample journal that never touches the user's own."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import dump_database


def test_demo_writes_a_sample_journal_and_shows_it(coach, coach_json, journal):
    result = coach("demo")
    assert "Demo journal written" in result.stdout
    assert "Run a half marathon" in result.stdout
    goals = coach_json("goal", "list", "--all")
    assert len(goals) >= 4
    assert any(not any(goal["smart"].values()) for goal in goals), "one vague goal"
    assert any(all(goal["smart"].values()) and goal["forecast"] for goal in goals)
    connection = sqlite3.connect(journal)
    assert connection.execute("SELECT count(*) FROM checkin").fetchone()[0] > 10
    connection.close()


def journal_rows(path):
    """Every row but the history's, which records when the demo was built, and without the rows' uids (random
    UUIDv7s, made to tell rows apart on every device: store/replica.py)."""
    connection = sqlite3.connect(path)
    try:
        uid_tables = {
            table
            for (table,) in connection.execute(
                "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p"
                " WHERE m.type = 'table' AND p.name = 'uid'"
            )
        }
    finally:
        connection.close()
    return [
        (
            table,
            [row[:-1] for row in rows] if table in uid_tables else rows,
        )  # uid is each table's last column
        for table, rows in dump_database(path)
        if not table.startswith("history")
    ]


def test_demo_is_deterministic_for_a_seed(coach, journal, tmp_path):
    coach("demo", "--seed", "3", "--weeks", "30")
    first = journal_rows(journal)
    other = tmp_path / "other.db"
    coach("--db", other, "demo", "--seed", "3", "--weeks", "30")
    assert journal_rows(other) == first
    third = tmp_path / "third.db"
    coach("--db", third, "demo", "--seed", "4", "--weeks", "30")
    assert journal_rows(third) != first


def test_demo_refuses_a_journal_that_holds_data(coach, coach_error, journal):
    coach("goal", "add", "Keep my own goal safe", "--no-input")
    before = dump_database(journal)
    assert "already holds a journal" in coach_error("demo")
    assert dump_database(journal) == before


def test_demo_uses_its_own_file_by_default(coach, monkeypatch, tmp_path):
    monkeypatch.delenv("COACH_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    coach("demo")
    coach("demo")  # a second run rebuilds the demo journal
    folder = tmp_path / "data" / "coach"
    assert (folder / "demo.db").exists()
    assert not (folder / "coach.db").exists()


def test_demo_report_in_json_or_markdown_keeps_standard_output_for_the_report(coach, journal, tmp_path):
    result = coach("demo", "--weeks", "8", "--format", "json")
    report = json.loads(result.stdout)
    assert {"from", "to", "goals", "weeks", "completion_rate", "strengths"} <= report.keys()
    assert "Demo journal written" in result.stderr and "Explore it with" in result.stderr
    target = tmp_path / "demo-report.md"
    result = coach("--db", tmp_path / "other.db", "demo", "--weeks", "8", "-f", "markdown", "-o", target)
    assert target.read_text().startswith("# Progress report")
    assert "Demo journal written" in result.stdout and "# Progress report" not in result.stdout


def test_demo_never_writes_into_coach_dbs_journal(coach, journal, tmp_path):
    """COACH_DB names the person's own journal: the demo goes to demo.db in the data folder instead."""
    from typer.testing import CliRunner

    from coachcli.cli.app import app

    coach("goal", "add", "Keep my own goal safe", "--no-input")
    before = dump_database(journal)
    result = CliRunner().invoke(app, ["demo", "--weeks", "8"])  # no --db: COACH_DB stays set
    assert result.exit_code == 0, result.stderr
    assert dump_database(journal) == before
    demo = tmp_path / "data" / "coach" / "demo.db"
    assert demo.exists() and str(demo) in result.stdout.replace("\n", "")
    assert f"--db {demo}" in result.stdout.replace("\n", "")  # how to explore it: COACH_DB opens another file
