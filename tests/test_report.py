"""The report's pure arithmetic: its range, pooled chart points, follow-through by strength."""

from __future__ import annotations

from datetime import date

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.domain.report import add_counts, chart_points, report_range, strength_follow_through
from coachcli.errors import InputError

TODAY = date(2026, 11, 25)  # in 2026-W48


@pytest.mark.parametrize(
    ("weeks", "since", "until", "first", "last"),
    [
        (None, None, None, "2026-W37", "2026-W48"),
        (1, None, None, "2026-W48", "2026-W48"),
        (52, None, None, "2025-W49", "2026-W48"),
        (None, date(2026, 11, 2), None, "2026-W45", "2026-W48"),
        (None, date(2026, 1, 1), date(2026, 1, 31), "2026-W01", "2026-W05"),
        (None, None, date(2026, 3, 1), "2025-W50", "2026-W09"),
        (None, date(2026, 12, 31), date(2027, 1, 4), "2026-W53", "2027-W01"),
    ],
)
def test_report_range(weeks, since, until, first, last):
    assert tuple(map(str, report_range(TODAY, weeks=weeks, since=since, until=until))) == (first, last)


@pytest.mark.parametrize(
    ("weeks", "since", "until", "fragment"),
    [
        (4, date(2026, 1, 1), None, "not both"),
        (None, date(2026, 11, 1), date(2026, 10, 1), "comes after"),
        (0, None, None, "out of range"),
    ],
)
def test_report_range_errors(weeks, since, until, fragment):
    with pytest.raises(InputError, match=fragment):
        report_range(TODAY, weeks=weeks, since=since, until=until)


def counts(done=0, partial=0, missed=0, dropped=0, open=0):
    return {"open": open, "done": done, "partial": partial, "missed": missed, "dropped": dropped}


def test_add_counts():
    assert add_counts([counts(done=1, open=2), counts(done=2, missed=1)]) == counts(done=3, missed=1, open=2)


def test_chart_points_one_per_week_when_few():
    week = IsoWeek(2026, 47)
    points = chart_points([(week, counts(done=1, missed=1)), (week.next(), counts(open=3))])
    assert [(p.label, p.rate) for p in points] == [("2026-W47", 0.5), ("2026-W48", None)]


def test_chart_points_pool_runs_of_weeks():
    first = IsoWeek(2026, 1)
    weeks = [(first.shift(i), counts(done=1) if i % 2 else counts(missed=1)) for i in range(52)]
    points = chart_points(weeks, max_points=26)
    assert len(points) == 26
    assert points[0].label == "2026-W01..W02"
    assert all(point.rate == 0.5 for point in points)


def test_strength_follow_through_counts_commitments_through_strategies():
    rows = strength_follow_through(
        ["Relator", "Achiever", "Learner"],
        [(1, "done"), (1, "missed"), (2, "partial"), (None, "done"), (3, "done")],
        {1: ["relator", "Achiever"], 2: ["Achiever"], 3: ["extrovert"]},
    )
    assert [(r.name, r.commitments, r.completion_rate) for r in rows] == [
        ("Relator", 2, 0.5),
        ("Achiever", 3, (1 + 0.5) / 3),
        ("Learner", 0, None),
    ]
