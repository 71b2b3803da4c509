"""Numbers as a person says them: whole units where they count in whole units, a decimal only where they used
one, "one 1:1 a week", and a goal that counts down read as one; from one domain function in every renderer."""

from __future__ import annotations

import json

import pytest

from coachcli.domain.progress import Forecast, GoalNumbers, decimals_used, number_text


@pytest.mark.parametrize(
    ("values", "places"),
    [([28, 18, 21], 0), ([28, 18, 24.5], 1), ([None, 12], 0), ([3, 7.25], 2), ([0.1 + 0.2], 1), ([], 0)],
)
def test_decimals_are_those_the_person_used(values, places):
    assert decimals_used(values) == places


@pytest.mark.parametrize(
    ("numbers", "needed", "pace"),
    [
        (GoalNumbers(0, 6, 2, "1:1s", 0), 1.0, "one 1:1 a week"),
        (GoalNumbers(0, 6, 2, "1:1s", 0), 0.5, "one 1:1 every 2 weeks"),
        (GoalNumbers(0, 6, 2, "1:1s", 0), 0.9, "one 1:1 a week"),
        (GoalNumbers(0, 12, 2, "reports", 0), 2.4, "3 reports a week"),
        (GoalNumbers(0, 12, 2, "reports", 0), 2.0000001, "2 reports a week"),
        (GoalNumbers(0, 12, 2, "interviews", 0), 0.35, "one interview every 2 weeks"),
        (GoalNumbers(0, 30, 5, "km", 1), 2.46, "2.5 km a week"),
        (GoalNumbers(28, 18, 24, "h", 0), -1.0, "one h less a week"),
        (GoalNumbers(28, 18, 24, "h", 0), -2.6, "3 h less a week"),
        (GoalNumbers(28, 18, 24.5, "h", 1), -2.61, "2.7 h less a week"),
        (GoalNumbers(None, 10, 2, None, 0), 0.25, "one every 4 weeks"),
    ],
)
def test_the_pace_is_said_as_a_person_says_it(numbers, needed, pace):
    assert numbers.pace(needed) == pace


@pytest.mark.parametrize(
    ("numbers", "standing", "values"),
    [
        (GoalNumbers(28, 18, 21, "h", 0), "from 28 h down to 18 h: 3 h to go", "from 28 h down to 18 h: 3 h to go (now 21 h)"),
        (GoalNumbers(28, 18, 28, "h", 0), "from 28 h down to 18 h: 10 h to go", "from 28 h down to 18 h: 10 h to go (now 28 h)"),
        (GoalNumbers(28, 18, 24.5, "h", 1), "from 28 h down to 18 h: 6.5 h to go", "from 28 h down to 18 h: 6.5 h to go (now 24.5 h)"),
        (GoalNumbers(28, 18, 17, "h", 0), "from 28 h down to 18 h: there", "from 28 h down to 18 h: there (now 17 h)"),
        (GoalNumbers(3, 15, 4.5, "books", 1), "4.5 of 15 books", "from 3 books to 15 books, now 4.5 books"),
        (GoalNumbers(None, 6, 1, "1:1s", 0), "1 of 6 1:1s", "to 6 1:1s, now 1 1:1"),
        (GoalNumbers(None, None, 12, "km", 0), "12 km", "now 12 km"),
        (GoalNumbers(None, 20, None, None, 0), "target 20, no check-in yet", "to 20, no check-in yet"),
    ],
)  # fmt: skip
def test_a_goal_stands_in_plain_words_and_counting_down_reads_as_such(numbers, standing, values):
    assert numbers.standing() == standing
    assert numbers.values() == values
    assert " of 18 h" not in standing and "0% of the way" not in standing


def forecast(projected, *, on_track=False, needed=None, clear=True):
    return Forecast(
        projected=projected, on_track=on_track, needed_per_week=needed, slope_per_week=0.0, clear=clear
    )


@pytest.mark.parametrize(
    ("numbers", "prediction", "words"),
    [
        (GoalNumbers(0, 12, 3, "reports", 0), forecast(8.17, needed=1.2), "heading for about 8 reports; 2 reports a week would get there"),
        (GoalNumbers(0, 6, 2, "1:1s", 0), forecast(5.86, needed=1.0), "heading for about 6 1:1s; one 1:1 a week would get there"),
        (GoalNumbers(0, 30, 24.5, "km", 1), forecast(31.04, on_track=True), "on track (heading for about 31 km)"),
        (GoalNumbers(0, 12, 3, "books", 0), forecast(12, on_track=True), "on track (heading for 12 books)"),
        (GoalNumbers(28, 18, 24, "h", 0), forecast(21.6, needed=-1.5), "heading for about 22 h; 2 h less a week would get there"),
        (GoalNumbers(0, 12, 3, "books", 0), forecast(5, needed=2, clear=False), "the trend is not clear yet; 2 books a week would get there"),
        (GoalNumbers(0, 12, 3, "books", 0), None, ""),
    ],
)  # fmt: skip
def test_a_forecast_speaks_in_whole_units_where_the_person_counts_whole(numbers, prediction, words):
    assert numbers.forecast_phrase(prediction) == words


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (8.17, "reports", 0, "8 reports"),
        (1, "1:1s", 0, "1 1:1"),
        (1200, None, 2, "1,200"),
        (-0.001, "h", 1, "0 h"),
    ],
)
def test_number_text(value, unit, decimals, text):
    assert number_text(value, unit, decimals=decimals) == text


# --- through the real commands -----------------------------------------------------------------------------


@pytest.fixture
def meetings(coach):
    """A goal that counts down: meeting hours from 28 to 18, at 21 now."""
    coach("goal", "add", "Cut my meeting hours", "--measure", "meeting hours a week", "--unit", "h",
          "--baseline", "28", "--target", "18", "--by", "2027-02-26", "--no-input")  # fmt: skip
    coach("goal", "log", "1", "25", "--on", "2026-11-01")
    coach("goal", "log", "1", "23", "--on", "2026-11-11")
    coach("goal", "log", "1", "21", "--on", "2026-11-24")


def test_a_countdown_goal_reads_as_one_in_every_renderer(coach, meetings, tmp_path):
    words = "from 28 h down to 18 h: 3 h to go"
    for output in (
        coach("goal", "show", "1").stdout,
        coach("goal", "show", "1", "--format", "markdown").stdout,
        coach("goal", "list").stdout,
        coach("goal", "list", "--format", "markdown").stdout,
        coach("brief", "--since", "2026-11-01").stdout,
        coach("brief", "--since", "2026-11-01", "--format", "html").stdout,
    ):
        flat = " ".join(output.split())
        assert words in flat or ("down to 18 h" in flat and "to go" in flat), output
        assert "of 18 h" not in flat and "21 / 18" not in flat


def test_counts_are_whole_where_the_person_counts_whole(coach, coach_json):
    coach("goal", "add", "Write the quarterly reports", "--measure", "reports written", "--unit", "reports",
          "--target", "12", "--by", "2027-03-01", "--no-input")  # fmt: skip
    for day, value in (("2026-10-01", 1), ("2026-10-20", 2), ("2026-11-10", 4), ("2026-11-24", 4)):
        coach("goal", "log", "1", str(value), "--on", day)
    shown = " ".join(coach("goal", "show", "1").stdout.split())
    projected = coach_json("goal", "show", "1")["forecast"]["projected"]
    assert projected != round(projected)
    assert f"about {round(projected)} reports" in shown
    assert f"{projected:.2f}" not in shown


def test_a_done_or_dropped_goal_has_no_forecast(coach, coach_json, meetings):
    assert coach_json("goal", "show", "1")["forecast"] is not None
    coach("goal", "done", "1")
    assert coach_json("goal", "show", "1")["forecast"] is None
    assert "heading for" not in coach("goal", "show", "1").stdout
    coach("goal", "reopen", "1")
    coach("goal", "drop", "1")
    assert json.loads(coach("goal", "list", "--all", "--format", "json").stdout)[0]["forecast"] is None


def test_a_countdown_goal_without_a_baseline_starts_at_its_first_check_in(coach, coach_json):
    coach("goal", "add", "Cut my meeting hours", "--unit", "h", "--target", "18", "--no-input")
    coach("goal", "log", "1", "28", "--on", "2026-11-02")
    coach("goal", "log", "1", "21", "--on", "2026-11-24")
    assert coach_json("goal", "show", "1")["progress"] == 0.7
    shown = " ".join(coach("goal", "show", "1").stdout.split())
    assert "from 28 h down to 18 h: 3 h to go" in shown and " 0%" not in shown


@pytest.mark.parametrize(
    ("baseline", "target", "values", "start"),
    [
        (28, 18, [25], 28),  # a baseline is the start
        (None, 18, [28, 21], 28),  # counting down from the first check-in
        (None, 5, [7], None),  # one check-in past the target: a count from nothing, already there
        (None, 12, [3, 5], None),  # a count starts from nothing
        (None, None, [3], None),
    ],
)
def test_where_a_goal_started(baseline, target, values, start):
    from coachcli.domain.progress import starting_value

    assert starting_value(baseline, target, values) == start
