"""`coach report` end to end: its figures agree with `coach week`, in every format."""

from __future__ import annotations

import pytest


@pytest.fixture
def journal_with_weeks(coach):
    """Two goals, strengths, a strategy, and commitments over three weeks with varied outcomes."""
    coach(
        "goal",
        "add",
        "Run a half marathon",
        "--measure",
        "km",
        "--target",
        "40",
        "--by",
        "in 3 weeks",
        "--no-input",
    )
    coach("goal", "add", "Ship [bold]v2[/bold] | then rest", "--by", "2027-06-01", "--no-input")
    coach("strengths", "add", "Relator", "Achiever")
    coach("strategy", "add", "1", "Run with the club", "--strength", "Relator")
    coach("commit", "Run twice", "--strategy", "1", "--week", "2026-W46")
    coach("commit", "Stretch daily", "--goal", "1", "--week", "2026-W46")
    coach("commit", "Write the *release* notes", "--goal", "2", "--week", "2026-W47")
    coach("commit", "Long run on Sunday", "--strategy", "1", "--week", "2026-W47")
    coach("commit", "Plan next month", "--week", "2026-W48")
    coach("mark", "1", "done", "--note", "the club helped")
    coach("mark", "2", "missed", "--note", "late meetings | again")
    coach("mark", "3", "partial", "--note", "half of it")
    coach("mark", "4", "dropped")
    return coach


def test_report_json_has_the_spec_keys(journal_with_weeks, coach_json):
    report = coach_json("report")
    assert {"from", "to", "goals", "weeks", "completion_rate", "strengths"} <= set(report)
    assert (report["from"], report["to"]) == ("2026-09-07", "2026-11-29")
    assert len(report["weeks"]) == 12
    assert [goal["id"] for goal in report["goals"]] == [1, 2]
    # done 1, partial 1, missed 1 -> (1 + 0.5) / 3
    assert report["completion_rate"] == pytest.approx(0.5)


def test_report_weeks_agree_with_coach_week(journal_with_weeks, coach_json):
    report = coach_json("report", "--weeks", "4")
    for week in report["weeks"]:
        shown = coach_json("week", week["week"])
        for key in ("week", "start", "end", "commitments", "counts", "completion_rate"):
            assert week[key] == shown[key], (week["week"], key)


def test_strengths_follow_through(journal_with_weeks, coach_json):
    strengths = {row["name"]: row for row in coach_json("report")["strengths"]}
    assert strengths["Relator"]["commitments"] == 2  # done and dropped, both through strategy 1
    assert strengths["Relator"]["completion_rate"] == 1.0  # dropped does not count
    assert strengths["Achiever"]["commitments"] == 0 and strengths["Achiever"]["completion_rate"] is None
    assert strengths["Relator"]["domain"] == "Relationship Building"


def test_obstacles_and_deadlines(journal_with_weeks, coach_json):
    report = coach_json("report")
    assert [item["note"] for item in report["obstacles"]] == ["half of it", "late meetings | again"]
    assert [item["goal_id"] for item in report["deadlines"]] == [1]


def test_range_options(journal_with_weeks, coach_json, coach_error, coach):
    assert len(coach_json("report", "--weeks", "520")["weeks"]) == 520
    ranged = coach_json("report", "--since", "2026-11-10", "--until", "2026-11-20")
    assert [week["week"] for week in ranged["weeks"]] == ["2026-W46", "2026-W47"]
    assert "comes after" in coach_error("report", "--since", "2026-11-20", "--until", "2026-11-01")
    coach("report", "--weeks", "4", "--since", "2026-11-01", expect=2)


def test_goal_filter(journal_with_weeks, coach_json, coach_error):
    report = coach_json("report", "--goal", "2")
    assert [goal["id"] for goal in report["goals"]] == [2]
    assert [c["id"] for week in report["weeks"] for c in week["commitments"]] == [3]
    assert "no goal 9" in coach_error("report", "--goal", "9")


def test_markdown_report(journal_with_weeks, coach):
    markdown = coach("report", "--format", "markdown").stdout
    assert markdown.startswith("# Progress report")
    assert "```mermaid" in markdown and "xychart-beta" in markdown
    assert "- [x] Run twice" in markdown
    assert r"Ship \[bold\]v2\[/bold\] \| then rest" in markdown
    assert r"late meetings \| again" in markdown
    assert r"Write the \*release\* notes" in markdown


@pytest.mark.parametrize("columns", ["80", "120"])
def test_rich_report_is_readable(journal_with_weeks, coach, columns):
    text = coach("report", env={"COLUMNS": columns}).stdout
    assert "Progress report" in text and "Follow-through" in text and "Strengths at work" in text
    assert "[bold]v2[/bold]" in text
    assert max(len(line) for line in text.splitlines()) <= int(columns)


def test_empty_journal_report(coach, coach_json):
    assert "No active goals" in coach("report").stdout
    report = coach_json("report")
    assert report["goals"] == [] and report["completion_rate"] is None and report["strengths"] == []


def test_weekly_summary_to_send_to_a_coach(journal_with_weeks, coach):
    coach("reflect", "placeholder so the journal has text", "--no-input")
    coach("week", "review", "2026-W47", "--no-input")
    markdown = coach("week", "--format", "markdown").stdout
    last_week, this_week = markdown.split("## Commitments for 2026-W48")
    assert "## How 2026-W47 went" in last_week
    assert r"- [ ] Write the \*release\* notes — *partly done*" in last_week
    assert "half of it" in last_week
    assert "Plan next month" in this_week
