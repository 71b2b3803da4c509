"""Bare `coach`: what is due now in a few lines, and the one command to run next; exit 0."""

from __future__ import annotations

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
