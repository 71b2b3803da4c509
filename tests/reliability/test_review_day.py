"""The week to close for every `week.review_day` on every weekday, across New Year and a week 53 (issue 25.13).

SPEC "The week to close and the week to plan": a week's review falls on the first review day on or after its
Thursday; the week to close is the latest week whose review day has come. The oracle here walks back from today
to the latest review day and takes the week of the Thursday on or before it: a different computation from
domain.weeks, so that the two check each other.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import WEEKDAYS, week_to_close, week_to_plan
from tests.reliability.conftest import RealJournal

# Three weeks around New Year 2027: 2026-W52, 2026-W53 (2026 has 53 ISO weeks) and 2027-W01, and the days after.
DAYS = [date(2026, 12, 21) + timedelta(days=offset) for offset in range(28)]
SEEDED_WEEKS = ("2026-W50", "2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02")


def expected_week_to_close(today: date, review_day: str) -> IsoWeek:
    """The week reviewed on the latest `review_day` on or before today: the week of the Thursday before it."""
    review = today - timedelta(days=(today.weekday() - WEEKDAYS.index(review_day)) % 7)
    return IsoWeek.of(review - timedelta(days=(review.weekday() - 3) % 7))


@pytest.mark.parametrize("review_day", WEEKDAYS)
@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_week_to_close_for_every_review_day_and_weekday(today: date, review_day: str) -> None:
    closed = expected_week_to_close(today, review_day)
    assert week_to_close(today, review_day) == closed
    assert week_to_plan(today, review_day) == closed.next()


@pytest.mark.parametrize(
    ("today", "review_day", "closed"),
    [
        (
            "2026-12-07",
            "tuesday",
            "2026-W48",
        ),  # the case: W49's review is tomorrow, W48's was last week
        ("2026-12-08", "tuesday", "2026-W49"),
        ("2026-12-07", "wednesday", "2026-W48"),
        ("2026-12-09", "wednesday", "2026-W49"),
        ("2027-01-04", "tuesday", "2026-W52"),  # Monday of 2027-W01: W53's review is on Tuesday
        ("2027-01-05", "tuesday", "2026-W53"),
        ("2027-01-06", "wednesday", "2026-W53"),
    ],
)
def test_early_week_reviewers_close_the_week_whose_review_has_come(
    today: str, review_day: str, closed: str
) -> None:
    assert str(week_to_close(date.fromisoformat(today), review_day)) == closed


def test_status_names_the_weeks_to_review_for_every_review_day_across_new_year(
    real_journal: RealJournal, tmp_path: Path
) -> None:
    """`coach status --format json` lists the open weeks up to the week to close, for each review day on each
    weekday of 2026-W53 and of the Monday before."""
    for week in SEEDED_WEEKS:
        real_journal.ok("commit", "add", f"Walk in {week}", "--week", week, env={"COACH_TODAY": "2026-12-07"})
    config = tmp_path / "config.toml"
    days = [date(2026, 12, 21), *(date(2026, 12, 28) + timedelta(days=offset) for offset in range(8))]
    for review_day in WEEKDAYS:
        config.write_text(f'[week]\nreview_day = "{review_day}"\n')
        for today in days:
            result = real_journal.ok(
                "status",
                "--format",
                "json",
                env={"COACH_TODAY": today.isoformat(), "COACH_CONFIG": str(config)},
            )
            closed = str(expected_week_to_close(today, review_day))
            expected = [week for week in SEEDED_WEEKS if week <= closed]
            assert json.loads(result.stdout)["to_review"] == expected, (review_day, today)
