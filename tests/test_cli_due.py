"""Bare `coach`: what is due now in a few lines, and the one command to run next; exit 0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def test_an_empty_journal_gets_a_welcome_and_the_first_command(coach, journal):
    result = coach()
    assert "Welcome to coach" in result.stdout and 'coach goal add "TITLE"' in result.stdout
    assert not journal.exists()  # looking creates nothing


def test_what_is_due_names_the_weeks_goals_deadlines_and_the_next_command(coach, journal):
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "30",
          "--by", "2026-12-10", "--no-input", env={"COACH_TODAY": "2026-11-09"})  # fmt: skip
    coach("goal", "add", "Read [bold]twelve[/bold] novels", "--no-input")
    coach("commit", "Run twice", "--goal", "1", "--week", "last")
    coach("commit", "Stretch", "--goal", "1")
    out = coach().stdout
    assert "To look back on: 2026-W47." in out
    assert "This week: 1 open commitment, 5 days left." in out
    assert "No check-in for 2 weeks or more: goal 1 Run a half marathon in spring" in out
    assert "No commitment this week: goal 2 Read [bold]twelve[/bold] novels." in out
    assert "Deadline in 15 days: goal 1" in out
    assert out.rstrip().splitlines()[-1] == "Next: coach session to look back on 2026-W47 and plan 2026-W48."
    assert "missed" not in out


def test_a_stopped_session_is_the_next_command(coach, journal, interactive):
    coach("commit", "Run twice")
    coach("session", input="\nq\n", env={"COACH_TODAY": "2026-11-27"})
    out = coach(env={"COACH_TODAY": "2026-11-27"}).stdout
    assert "stopped at review" in out and "Next: coach session to go on with your session" in out


def test_nothing_due_points_to_the_week(coach, journal: Path, interactive: Any):
    coach("goal", "add", "Be a kinder colleague every day", "--no-input")
    coach("commit", "Thank someone", "--goal", "1")
    coach("mark", "1", "done")
    coach("session", input="\n" * 20, env={"COACH_TODAY": "2026-11-27"})
    out = coach(env={"COACH_TODAY": "2026-11-27"}).stdout
    assert "To look back on" not in out and out.rstrip().endswith("Next: coach week to see this week.")


def test_a_new_goal_is_not_named_for_a_check_in_and_a_routine_counts_as_its_commitment(coach, journal):
    """Issue 24.6: no stale-check-in note in a goal's first two weeks; a routine's copy is a commitment."""
    coach(
        "goal", "add", "Cut meeting hours to eighteen", "--measure", "hours", "--target", "18", "--no-input"
    )
    coach("commit", "Plan the week on Monday", "--goal", "1", "--every", "week")
    out = coach().stdout
    assert "No check-in" not in out and "No commitment this week" not in out


def test_bare_coach_as_json_and_markdown_for_scripts_and_notes(coach, journal, tmp_path):
    empty = json.loads(coach("--format", "json").stdout)
    assert empty["empty"] is True and empty["next"]["command"] == 'coach goal add "TITLE"'
    assert not journal.exists()
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "30",
          "--by", "2026-12-10", "--no-input", env={"COACH_TODAY": "2026-11-09"})  # fmt: skip
    coach("goal", "add", "Read *twelve* novels", "--no-input")
    coach("commit", "Run twice", "--goal", "1", "--week", "last")
    coach("commit", "Stretch", "--goal", "1")
    due = json.loads(coach("-f", "json").stdout)
    status = json.loads(coach("status", "--format", "json").stdout)
    assert {key: due[key] for key in status} == status  # the same keys, the same answers as `coach status`
    assert due["empty"] is False
    assert (due["closed_week"], due["planned_week"], due["days_left"]) == ("2026-W47", "2026-W48", 5)
    assert [goal["id"] for goal in due["goals_without_checkin"]] == [1]
    assert due["goals_without_commitment"] == [
        {"id": 2, "title": "Read *twelve* novels", "last_checkin": None, "deadline": None}
    ]
    assert [(goal["id"], goal["deadline"]) for goal in due["deadlines"]] == [(1, "2026-12-10")]
    assert due["next"] == {"command": "coach session", "why": "to look back on 2026-W47 and plan 2026-W48"}
    markdown = coach("--format", "markdown").stdout
    assert "goal 2 Read \\*twelve\\* novels." in markdown
    assert "Next: `coach session` to look back on 2026-W47 and plan 2026-W48." in markdown
    written = tmp_path / "due.json"
    coach("-o", written)
    assert json.loads(written.read_text()) == due


def test_format_before_a_command_is_a_usage_error_that_says_where_it_goes(coach):
    result = coach("--format", "json", "week", expect=2)
    assert "coach week --format" in result.stderr and "Traceback" not in result.stderr
