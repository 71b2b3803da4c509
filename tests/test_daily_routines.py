"""Daily routines: `coach commit TEXT --every day|weekday`, one commitment a week that counts its days, checked in
with `coach mark ID +1` (`-1` takes one back), shown as a row of days and "5 of 7 days", never as a streak."""

from __future__ import annotations

import json
import sqlite3

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.domain.routines import check_in_day, day_row, days_in_last_week
from coachcli.errors import InputError

WED = {"COACH_TODAY": "2026-11-25"}  # a Wednesday of 2026-W48
W48 = IsoWeek.parse_iso("2026-W48")


def day(number: int):
    """The date of 2026-W48's day `number` (1: Monday 23 November)."""
    return W48.days()[number - 1]


@pytest.mark.parametrize(
    ("checked", "planned", "today", "step", "expected"),
    [
        ("", 7, day(3), 1, "3"),  # today
        ("3", 7, day(3), 1, "23"),  # today is checked: the latest open day before it
        ("23", 7, day(3), 1, "123"),
        ("123", 7, day(7), 1, "1237"),
        ("", 5, day(6), 1, "5"),  # a weekday routine on Saturday: Friday, the latest planned day
        ("123", 7, day(3), -1, "12"),  # today's is taken back first
        ("12", 7, day(3), -1, "1"),  # ... else the latest
        ("", 7, day(3) + (W48.end - W48.start) * 2, 1, "7"),  # after the week: its last open day
    ],
)
def test_check_in_day(checked, planned, today, step, expected):
    assert check_in_day(W48, checked, planned, today, step) == expected


@pytest.mark.parametrize(
    ("checked", "planned", "today", "step", "message"),
    [
        ("123", 7, day(3), 1, "every planned day of 2026-W48 up to 2026-11-25 is checked in already"),
        ("12345", 5, day(7), 1, "every planned day of 2026-W48 up to 2026-11-29"),
        ("", 7, day(1) - (day(2) - day(1)), 1, "2026-W48 begins on 2026-11-23"),
        ("", 7, day(3), -1, "no day of 2026-W48 is checked in yet"),
    ],
)
def test_check_in_day_says_why_not(checked, planned, today, step, message):
    with pytest.raises(InputError, match=message):
        check_in_day(W48, checked, planned, today, step)


def test_day_row_and_the_last_seven_days():
    assert day_row(W48, (day(1), day(2), day(4)), 5) == (
        "checked",
        "checked",
        "open",
        "checked",
        "open",
        "rest",
        "rest",
    )
    # Sunday of the week before, and Monday and Wednesday: 3 of the last 7 days up to Wednesday.
    days = [day(1) - (day(2) - day(1)), day(1), day(3), day(1) - (day(7) - day(1)) * 2]
    assert days_in_last_week(days, day(3), since=day(1) - (day(7) - day(1)) * 3) == (3, 7)
    # A routine begun on Monday has had 3 days by Wednesday, not 7.
    assert days_in_last_week([day(1), day(3)], day(3), since=day(1)) == (2, 3)


def copies(journal) -> list[tuple]:
    with sqlite3.connect(journal) as connection:
        return connection.execute(
            "SELECT id, week, days_planned, days_checked FROM commitment ORDER BY week, id"
        ).fetchall()


def week_json(coach, week: str = "this", env=None) -> dict:
    return json.loads(coach("week", week, "--format", "json", env=env).stdout)


def test_a_daily_routine_is_one_commitment_a_week_that_counts_its_days(coach, journal):
    added = coach("commit", "Walk twenty minutes", "--every", "day", env=WED).stdout
    assert "every day from 2026-W48" in added and "coach mark 1 +1" in added
    assert coach("mark", "1", "+1", env=WED).stdout.strip() == (
        "Commitment 1: a day checked in; 1 of 7 days in 2026-W48."
    )
    coach("mark", "1", "+1", env=WED)  # Tuesday too: yesterday was walked as well
    (walk,) = week_json(coach, env=WED)["commitments"]
    assert (walk["days_done"], walk["days_planned"], walk["status"]) == (2, 7, "open")
    assert walk["days"] == ["2026-11-24", "2026-11-25"]
    assert coach("mark", "1", "-1", env=WED).stdout.strip() == (
        "Commitment 1: a day taken back; 1 of 7 days in 2026-W48."
    )
    assert copies(journal) == [(1, "2026-W48", 7, "2")]
    # The next week's copy, made as the week turns, counts its own days from nothing.
    friday = {"COACH_TODAY": "2026-12-04"}
    (next_copy,) = week_json(coach, "2026-W49", env=friday)["commitments"]
    assert (next_copy["days_done"], next_copy["days_planned"], next_copy["routine_id"]) == (0, 7, 1)
    assert copies(journal)[1][2:] == (7, None)


def test_a_weekday_routine_plans_five_days(coach):
    coach("commit", "Write 300 words", "--every", "weekday", env=WED)
    saturday = {"COACH_TODAY": "2026-11-28"}
    for _ in range(5):
        coach("mark", "1", "+1", env=saturday)  # Friday back to Monday: the weekend is not planned
    (write,) = week_json(coach, env=saturday)["commitments"]
    assert (write["days_done"], write["days_planned"]) == (5, 5)
    assert write["days"] == ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]
    error = coach("mark", "1", "+1", env=saturday, expect=1).stderr
    assert error.startswith("Error: every planned day of 2026-W48 up to 2026-11-28 is checked in already")


def test_plus_one_on_a_commitment_that_counts_no_days_says_what_to_do(coach):
    coach("commit", "Book a physio", env=WED)
    error = coach("mark", "1", "+1", env=WED, expect=1).stderr
    assert error.strip() == (
        "Error: commitment 1 counts no days: +1 and -1 check in a day of a daily routine (coach commit TEXT"
        " --every day); give this one a status, e.g. coach mark 1 done"
    )


def test_the_week_shows_a_row_of_days_and_the_last_seven_never_a_streak(coach):
    sunday_before = {"COACH_TODAY": "2026-11-22"}
    coach("commit", "Walk twenty minutes", "--every", "day", "--week", "2026-W47", env=sunday_before)
    coach("mark", "1", "+1", env=sunday_before)  # Sunday of week 47
    coach("week", env=WED)  # week 48's copy is made
    coach("mark", "2", "+1", env={"COACH_TODAY": "2026-11-23"})  # Monday
    coach("mark", "2", "+1", env=WED)  # Wednesday: Tuesday was a day off, and that is fine
    shown = coach("week", env=WED).stdout
    assert "●○●○○○○ 2 of 7 days · 3 of the last 7 days" in shown
    assert "↻ every day" in shown
    markdown = coach("week", "--format", "markdown", env=WED).stdout
    assert "  - *Days:* ●○●○○○○ 2 of 7 days · 3 of the last 7 days" in markdown
    for text in (shown, markdown):
        assert "streak" not in text.lower() and "missed" not in text.lower()
    last_week = coach("week", "last", env=WED).stdout
    assert "○○○○○○● 1 of 7 days" in last_week and "last 7" not in last_week


def test_the_brief_shows_the_days_in_markdown_html_and_json(coach, tmp_path):
    coach("commit", "Write 300 words", "--every", "weekday", env=WED)
    coach("mark", "1", "+1", env=WED)
    saturday = {"COACH_TODAY": "2026-11-28"}  # week 48 is closed: in the brief's weeks, not its plan
    markdown = coach("brief", "--format", "markdown", env=saturday).stdout
    assert "○○●○○–– 1 of 5 days" in markdown.replace("\\", "")
    assert "every weekday" in markdown
    target = tmp_path / "brief.html"
    coach("brief", "-o", target, env=saturday)
    html = target.read_text()
    assert '<span class="days">○○●○○–– 1 of 5 days' in html
    brief = json.loads(coach("brief", "--format", "json", env=saturday).stdout)
    (copy,) = [item for week in brief["weeks"] for item in week["commitments"]]
    assert (copy["days_done"], copy["days_planned"], copy["days"]) == (1, 5, ["2026-11-25"])


def test_export_and_import_keep_the_days_and_how_often(coach, tmp_path):
    coach("commit", "Write 300 words", "--every", "weekday", env=WED)
    coach("mark", "1", "+1", env=WED)
    exported = json.loads(coach("export", "--format", "json", env=WED).stdout)
    assert exported["routines"][0]["every"] == "weekday"
    commitment = exported["commitments"][0]
    assert (commitment["days_planned"], commitment["days_checked"]) == (5, "3")
    source = tmp_path / "export.json"
    source.write_text(json.dumps(exported))
    copy = tmp_path / "copy.db"
    coach("--db", copy, "import", source, env=WED)
    again = json.loads(coach("--db", copy, "export", "--format", "json", env=WED).stdout)
    assert again["routines"] == exported["routines"]
    assert again["commitments"] == exported["commitments"]
