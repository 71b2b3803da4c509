"""Progress numbers: parsing values, progress, forecasts, commitment counts and sparklines."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from coachcli.domain.progress import (
    Forecast,
    completion_rate,
    current_value,
    forecast,
    goal_progress,
    least_squares,
    parse_checkin_value,
    parse_number,
    sparkline,
    status_counts,
)
from coachcli.domain.vocabulary import COMMITMENT_STATUSES, GOAL_STATUSES
from coachcli.errors import InputError

MON = date(2026, 11, 2)  # a Monday; check-ins below are one week apart


def week(n: int) -> date:
    """The Monday n weeks after MON."""
    return MON + timedelta(weeks=n)


# --- parse_number -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12.5", 12.5),
        ("-3", -3.0),
        ("+7", 7.0),
        ("1e3", 1000.0),
        ("2.5E-1", 0.25),
        (" 4 ", 4.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("007", 7.0),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


def test_parse_number_minus_zero_is_zero() -> None:
    assert math.copysign(1.0, parse_number("-0")) == 1.0


@pytest.mark.parametrize(
    "text",
    [
        *("", "   ", ".", "e3", "abc", "12kg", "--3", "+-3"),  # not a number at all
        *("nan", "NaN", "inf", "-inf", "Infinity"),  # not finite
        *("1e400", "-1e400"),  # finite as typed, but too large for a float
        *("1_000", "1,000", "1 000", "0x10", "½", "\u0661\u0662"),  # numbers, but not plain ones
    ],
)
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(InputError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nan", 'the target "nan" is not a number; use a plain number such as 12 or 7.5'),
        (" abc ", 'the target "abc" is not a number; use a plain number such as 12 or 7.5'),
        (
            "1e400",
            'the target "1e400" is out of range: coach keeps values from -1,000,000,000,000 to 1,000,000,000,000',
        ),
        (
            "1e308",
            'the target "1e308" is out of range: coach keeps values from -1,000,000,000,000 to 1,000,000,000,000',
        ),
        (
            "-1e13",
            'the target "-1e13" is out of range: coach keeps values from -1,000,000,000,000 to 1,000,000,000,000',
        ),
        ("", "the target is empty; use a plain number such as 12 or 7.5"),
    ],
)
def test_parse_number_message_names_what_was_typed(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, what="target")
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


# --- parse_checkin_value ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "latest", "expected"),
    [
        ("12", 5.0, 12.0),
        ("0", 9.0, 0.0),
        ("+3", 5.0, 8.0),
        ("-3", 5.0, 2.0),
        ("-3", 0.0, -3.0),
        ("+2.5", 10.0, 12.5),
        (" +1 ", 1.0, 2.0),
        ("+1e3", 0.0, 1000.0),
        ("-0.5", 80.0, 79.5),
        ("=-3", 5.0, -3.0),
        ("= 4", 9.0, 4.0),
        ("=+4", 9.0, 4.0),
    ],
)
def test_parse_checkin_value(text: str, latest: float, expected: float) -> None:
    assert parse_checkin_value(text, latest) == expected


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("", 0.0),
        ("+", 0.0),
        ("-", 0.0),
        ("=", 0.0),
        ("++3", 0.0),
        ("+abc", 0.0),
        ("nan", 0.0),
        ("+inf", 0.0),
        ("-nan", 0.0),
        ("1e400", 0.0),
        ("+1e308", 1.7e308),
        ("-1e308", -1.7e308),
    ],
)
def test_parse_checkin_value_refuses(text: str, latest: float) -> None:
    with pytest.raises(InputError) as caught:
        parse_checkin_value(text, latest)
    message = str(caught.value)
    assert message.startswith("the check-in value")
    assert "+N" in message
    if text:
        assert f'"{text}"' in message


# --- current_value and goal_progress ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "checkins", "expected"),
    [
        (None, [], None),
        (3.0, [], 3.0),
        (3.0, [(week(0), 5.0), (week(1), 7.0)], 7.0),
        (3.0, [(week(1), 7.0), (week(0), 5.0)], 7.0),
        (None, [(week(0), 5.0), (week(0), 6.0)], 6.0),
        (None, [(week(1), 1.0), (week(0), 9.0), (week(1), 2.0)], 2.0),
        (None, [(week(0), 0.0)], 0.0),
    ],
)
def test_current_value(
    baseline: float | None, checkins: list[tuple[date, float]], expected: float | None
) -> None:
    assert current_value(baseline, checkins) == expected


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        (0.0, 10.0, 5.0, 0.5),
        (None, 10.0, 5.0, 0.5),
        (10.0, 20.0, 12.5, 0.25),
        (2.0, 10.0, None, 0.0),
        (None, None, 5.0, None),
        (0.0, None, None, None),
        (0.0, 10.0, 15.0, 1.0),  # past the target: clamped
        (0.0, 10.0, -5.0, 0.0),  # behind the baseline: clamped
        (90.0, 80.0, 85.0, 0.5),  # a falling goal
        (90.0, 80.0, 95.0, 0.0),
        (90.0, 80.0, 70.0, 1.0),
        (90.0, 80.0, 80.0, 1.0),
        (5.0, 5.0, 5.0, 1.0),  # target == baseline
        (5.0, 5.0, 6.0, 0.0),
        (5.0, 5.0, 4.0, 0.0),
        (5.0, 5.0, None, 1.0),
        (None, 0.0, None, 1.0),
    ],
)
def test_goal_progress(
    baseline: float | None, target: float | None, current: float | None, expected: float | None
) -> None:
    assert goal_progress(baseline, target, current) == expected


# --- least_squares and forecast -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)], (2.0, 1.0)),
        ([(1.0, 10.0), (3.0, 10.0)], (0.0, 10.0)),
        ([(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)], (0.0, 1 / 3)),
        ([(0.0, 0.0), (1.0, 0.0), (2.0, 3.0)], (1.5, -0.5)),
        ([(2.0, 5.0), (0.0, 1.0), (1.0, 3.0)], (2.0, 1.0)),  # order does not matter
        ([(0.0, 5.0), (10.0, 0.0)], (-0.5, 5.0)),
    ],
)
def test_least_squares(points: list[tuple[float, float]], expected: tuple[float, float]) -> None:
    result = least_squares(points)
    assert result is not None
    assert result == pytest.approx(expected)


@pytest.mark.parametrize("points", [[], [(1.0, 2.0)], [(3.0, 1.0), (3.0, 5.0)]])
def test_least_squares_without_a_line(points: list[tuple[float, float]]) -> None:
    assert least_squares(points) is None


RISING = [(week(0), 10.0), (week(1), 12.0), (week(2), 14.0)]  # exactly +2 a week
FALLING = [(week(0), 89.0), (week(1), 88.0), (week(2), 87.0)]  # exactly -1 a week


@pytest.mark.parametrize(
    ("checkins", "baseline", "target", "deadline", "today", "projected", "on_track", "needed"),
    [
        # 6 weeks after the last check-in at +2/week: 14 + 12 = 26
        (RISING, 8.0, 26.0, week(8), week(2), 26.0, True, 2.0),
        (RISING, 8.0, 30.0, week(8), week(2), 26.0, False, 16 / 6),
        (RISING, 8.0, 20.0, week(8), week(2), 26.0, True, 1.0),
        # the target is already passed: no pace needed, not a negative one
        (RISING, 8.0, 12.0, week(8), week(2), 26.0, True, 0.0),
        # a falling goal (weight 90 -> 80) at -1/week: 10 weeks on, 77
        (FALLING, 90.0, 80.0, week(12), week(2), 77.0, True, -0.7),
        (FALLING, 90.0, 80.0, week(5), week(2), 84.0, False, -7 / 3),
        (FALLING, 90.0, 87.0, week(5), week(2), 84.0, True, 0.0),
        # the deadline is today or past: a projection, but no pace
        (RISING, 8.0, 26.0, week(8), week(8), 26.0, True, None),
        (RISING, 8.0, 30.0, week(2), week(3), 14.0, False, None),
        # without a baseline the direction comes from the earliest check-in (5 -> target 0 is falling)
        ([(week(2), 3.0), (week(0), 5.0), (week(1), 4.0)], None, 0.0, week(5), week(2), 0.0, True, -1.0),
        ([(week(2), 3.0), (week(0), 5.0), (week(1), 4.0)], None, 1.0, week(3), week(2), 2.0, False, -2.0),
        # today is mid-week: 3 days left is 3/7 of a week
        (RISING, 8.0, 17.0, week(2) + timedelta(days=3), week(2), 14 + 6 / 7, False, 7.0),
    ],
)
def test_forecast(
    checkins: list[tuple[date, float]],
    baseline: float | None,
    target: float,
    deadline: date,
    today: date,
    projected: float,
    on_track: bool,
    needed: float | None,
) -> None:
    result = forecast(checkins=checkins, baseline=baseline, target=target, deadline=deadline, today=today)
    assert result is not None
    assert result.projected == pytest.approx(projected)
    assert result.on_track is on_track
    if needed is None:
        assert result.needed_per_week is None
    else:
        assert result.needed_per_week == pytest.approx(needed)


@pytest.mark.parametrize(("checkins", "slope"), [(RISING, 2.0), (FALLING, -1.0)])
def test_forecast_slope_per_week(checkins: list[tuple[date, float]], slope: float) -> None:
    result = forecast(checkins=checkins, baseline=None, target=100.0, deadline=week(10), today=week(2))
    assert result is not None
    assert result.slope_per_week == pytest.approx(slope)


@pytest.mark.parametrize(
    ("checkins", "target", "deadline"),
    [
        (RISING, 30.0, None),
        (RISING, None, week(8)),
        ([], 30.0, week(8)),
        ([(week(0), 10.0)], 30.0, week(8)),
        ([(week(0), 10.0), (week(0), 12.0)], 30.0, week(8)),
    ],
)
def test_no_forecast(checkins: list[tuple[date, float]], target: float | None, deadline: date | None) -> None:
    assert forecast(checkins=checkins, baseline=0.0, target=target, deadline=deadline, today=week(2)) is None


def test_forecast_as_dict_has_the_spec_keys() -> None:
    result = Forecast(projected=26.0, on_track=True, needed_per_week=None, slope_per_week=2.0)
    data = result.as_dict()
    assert data["projected"] == 26.0
    assert data["on_track"] is True
    assert data["needed_per_week"] is None
    assert {"projected", "on_track", "needed_per_week"} <= data.keys()


# --- commitments --------------------------------------------------------------------------------------------


def test_statuses() -> None:
    assert COMMITMENT_STATUSES == ("open", "done", "partial", "missed", "dropped")
    assert GOAL_STATUSES == ("active", "done", "dropped")


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"done": 2, "partial": 1, "missed": 1}, 0.625),  # 2.5 / 4
        ({"done": 2, "partial": 1, "missed": 1, "open": 4, "dropped": 3}, 0.625),
        ({"open": 3, "dropped": 2}, None),
        ({}, None),
        ({"done": 0, "partial": 0, "missed": 0, "open": 0, "dropped": 0}, None),
        ({"done": 3}, 1.0),
        ({"missed": 2}, 0.0),
        ({"partial": 2}, 0.5),
        ({"done": 1, "missed": 3, "open": 5}, 0.25),
    ],
)
def test_completion_rate(counts: dict[str, int], expected: float | None) -> None:
    assert completion_rate(counts) == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], {"open": 0, "done": 0, "partial": 0, "missed": 0, "dropped": 0}),
        (["done", "open", "done", "missed"], {"open": 1, "done": 2, "partial": 0, "missed": 1, "dropped": 0}),
        (iter(["dropped", "partial"]), {"open": 0, "done": 0, "partial": 1, "missed": 0, "dropped": 1}),
    ],
)
def test_status_counts(statuses: list[str], expected: dict[str, int]) -> None:
    counts = status_counts(statuses)
    assert counts == expected
    assert tuple(counts) == COMMITMENT_STATUSES


def test_status_counts_refuses_an_unknown_status() -> None:
    with pytest.raises(InputError, match='"finished"'):
        status_counts(["done", "finished"])


def test_completion_rate_of_status_counts() -> None:
    assert completion_rate(status_counts(["done", "done", "partial", "missed", "open"])) == 0.625


# --- sparkline ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ""),
        ([0.0, 1.0], "▁█"),
        ([0.0, 1 / 7, 2 / 7, 3 / 7, 4 / 7, 5 / 7, 6 / 7, 1.0], "▁▂▃▄▅▆▇█"),
        ([None, 1.0, None], "·█·"),
        ([-0.5, 1.5], "▁█"),  # clamped
        ([math.nan], "·"),
        ([0.25], "▃"),
    ],
)
def test_sparkline(values: list[float | None], expected: str) -> None:
    assert sparkline(values) == expected


def test_a_forecast_from_two_checkins_is_not_clear_yet():
    from coachcli.domain.progress import forecast

    points = [(date(2026, 11, 1), 2.0), (date(2026, 11, 20), 4.0)]
    result = forecast(
        checkins=points, baseline=0, target=24, deadline=date(2027, 6, 30), today=date(2026, 11, 25)
    )
    assert result is not None and result.clear is False


def test_a_steady_forecast_is_clear():
    from coachcli.domain.progress import forecast

    points = [
        (date(2026, 11, 1), 2.0),
        (date(2026, 11, 10), 3.0),
        (date(2026, 11, 20), 4.1),
        (date(2026, 11, 24), 5),
    ]
    result = forecast(
        checkins=points, baseline=0, target=24, deadline=date(2027, 6, 30), today=date(2026, 11, 25)
    )
    assert result is not None and result.clear is True


def test_a_falling_count_is_never_projected_below_zero_but_a_signed_measure_may_be():
    from coachcli.domain.progress import forecast

    falling = [(date(2026, 11, 1), 9.0), (date(2026, 11, 10), 6.0), (date(2026, 11, 20), 3.0)]
    books = forecast(
        checkins=falling, baseline=0, target=24, deadline=date(2027, 6, 30), today=date(2026, 11, 25)
    )
    assert books is not None and books.projected == 0
    balance = forecast(
        checkins=falling, baseline=-5, target=24, deadline=date(2027, 6, 30), today=date(2026, 11, 25)
    )
    assert balance is not None and balance.projected < 0


@pytest.mark.parametrize(
    ("unit", "one"),
    [("interviews", "interview"), ("books", "book"), ("classes", "class"), ("km", "km"), ("kg", "kg"),
     ("status", "status"), ("pages read", "pages read"), ("boxes", "box")],
)  # fmt: skip
def test_one_of_a_unit_is_singular(unit, one):
    from coachcli.render.text import format_number

    assert format_number(1, unit) == f"1 {one}"
    assert format_number(2, unit) == f"2 {unit}"
