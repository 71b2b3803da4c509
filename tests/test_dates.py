"""Date and ISO-week parsing and arithmetic, with expected values worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from coachcli.domain.dates import IsoWeek, parse_date, parse_week, week_range, weeks_between, weeks_in_year
from coachcli.errors import InputError

WEDNESDAY = date(2026, 11, 25)  # in 2026-W48 (Mon 2026-11-23 .. Sun 2026-11-29)


@pytest.mark.parametrize(
    ("year", "weeks"),
    [(2026, 53), (2025, 52), (2020, 53), (2015, 53), (2009, 53), (2021, 52), (2027, 52), (2028, 52)],
)
def test_weeks_in_year(year: int, weeks: int) -> None:
    assert weeks_in_year(year) == weeks


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 25), IsoWeek(2026, 48)),
        (date(2026, 11, 23), IsoWeek(2026, 48)),
        (date(2026, 11, 29), IsoWeek(2026, 48)),
        (date(2026, 11, 30), IsoWeek(2026, 49)),
        (date(2026, 12, 28), IsoWeek(2026, 53)),
        (date(2026, 12, 31), IsoWeek(2026, 53)),
        (date(2027, 1, 1), IsoWeek(2026, 53)),
        (date(2027, 1, 3), IsoWeek(2026, 53)),
        (date(2027, 1, 4), IsoWeek(2027, 1)),
        (date(2024, 12, 29), IsoWeek(2024, 52)),
        (date(2024, 12, 30), IsoWeek(2025, 1)),
        (date(2026, 1, 1), IsoWeek(2026, 1)),
        (date(2025, 12, 29), IsoWeek(2026, 1)),
        (date(2028, 2, 29), IsoWeek(2028, 9)),
    ],
)
def test_week_of_day(day: date, week: IsoWeek) -> None:
    assert IsoWeek.of(day) == week
    assert week.contains(day)


@pytest.mark.parametrize(
    ("week", "start", "end"),
    [
        (IsoWeek(2026, 48), date(2026, 11, 23), date(2026, 11, 29)),
        (IsoWeek(2026, 53), date(2026, 12, 28), date(2027, 1, 3)),
        (IsoWeek(2027, 1), date(2027, 1, 4), date(2027, 1, 10)),
        (IsoWeek(2025, 1), date(2024, 12, 30), date(2025, 1, 5)),
        (IsoWeek(2026, 1), date(2025, 12, 29), date(2026, 1, 4)),
    ],
)
def test_week_start_end_and_days(week: IsoWeek, start: date, end: date) -> None:
    assert (week.start, week.end) == (start, end)
    assert week.start.weekday() == 0
    days = week.days()
    assert len(days) == 7 and days[0] == start and days[-1] == end
    assert not week.contains(date.fromordinal(start.toordinal() - 1))
    assert not week.contains(date.fromordinal(end.toordinal() + 1))


@pytest.mark.parametrize(
    ("week", "weeks", "expected"),
    [
        (IsoWeek(2026, 48), 0, IsoWeek(2026, 48)),
        (IsoWeek(2026, 48), 5, IsoWeek(2026, 53)),
        (IsoWeek(2026, 48), 6, IsoWeek(2027, 1)),
        (IsoWeek(2026, 53), 1, IsoWeek(2027, 1)),
        (IsoWeek(2027, 1), -1, IsoWeek(2026, 53)),
        (IsoWeek(2025, 52), 1, IsoWeek(2026, 1)),
        (IsoWeek(2026, 1), -1, IsoWeek(2025, 52)),
        (IsoWeek(2026, 10), -10, IsoWeek(2025, 52)),
        (IsoWeek(2026, 48), 57, IsoWeek(2027, 52)),
        (IsoWeek(2026, 48), 58, IsoWeek(2028, 1)),
    ],
)
def test_week_shift(week: IsoWeek, weeks: int, expected: IsoWeek) -> None:
    assert week.shift(weeks) == expected
    assert weeks_between(week, expected) == weeks


def test_week_next_and_previous_cross_new_year() -> None:
    assert IsoWeek(2026, 53).next() == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == IsoWeek(2026, 53)
    assert IsoWeek(2025, 52).next() == IsoWeek(2026, 1)


@pytest.mark.parametrize(
    ("first", "last", "weeks"),
    [
        (IsoWeek(2026, 48), IsoWeek(2027, 1), 6),
        (IsoWeek(2027, 1), IsoWeek(2026, 48), -6),
        (IsoWeek(2025, 1), IsoWeek(2026, 1), 52),
        (IsoWeek(2026, 1), IsoWeek(2027, 1), 53),
        (IsoWeek(2026, 48), IsoWeek(2026, 48), 0),
    ],
)
def test_weeks_between(first: IsoWeek, last: IsoWeek, weeks: int) -> None:
    assert weeks_between(first, last) == weeks


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (
            IsoWeek(2026, 52),
            IsoWeek(2027, 2),
            ["2026-W52", "2026-W53", "2027-W01", "2027-W02"],
        ),
        (IsoWeek(2026, 48), IsoWeek(2026, 48), ["2026-W48"]),
        (IsoWeek(2027, 2), IsoWeek(2026, 52), []),
    ],
)
def test_week_range(first: IsoWeek, last: IsoWeek, expected: list[str]) -> None:
    assert [str(week) for week in week_range(first, last)] == expected


@pytest.mark.parametrize(
    ("week", "text"),
    [(IsoWeek(2026, 48), "2026-W48"), (IsoWeek(2026, 9), "2026-W09"), (IsoWeek(987, 1), "0987-W01")],
)
def test_week_str(week: IsoWeek, text: str) -> None:
    assert str(week) == text


def test_week_text_sorts_chronologically() -> None:
    weeks = [IsoWeek(2027, 1), IsoWeek(2026, 10), IsoWeek(2026, 9), IsoWeek(2026, 53), IsoWeek(2025, 52)]
    assert sorted(str(week) for week in weeks) == [str(week) for week in sorted(weeks)]
    assert sorted(str(week) for week in weeks) == ["2025-W52", "2026-W09", "2026-W10", "2026-W53", "2027-W01"]


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("2026-W48", IsoWeek(2026, 48)),
        ("2026-w48", IsoWeek(2026, 48)),
        ("2026W48", IsoWeek(2026, 48)),
        (" 2026-W09 ", IsoWeek(2026, 9)),
        ("2026-W53", IsoWeek(2026, 53)),
        ("2020-W53", IsoWeek(2020, 53)),
    ],
)
def test_parse_iso_week(text: str, week: IsoWeek) -> None:
    assert IsoWeek.parse_iso(text) == week


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2025-W53", "2025 has 52 ISO weeks"),
        ("2026-W54", "2026 has 53 ISO weeks"),
        ("2026-W00", "numbered from 01"),
        ("W48", "2026-W48"),
        ("2026-48", "2026-W48"),
        ("banana", "2026-W48"),
    ],
)
def test_parse_iso_week_errors(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as raised:
        IsoWeek.parse_iso(text)
    assert f'"{text}"' in str(raised.value)
    assert fragment in str(raised.value)


@pytest.mark.parametrize(("year", "week"), [(2025, 53), (2026, 54), (2026, 0), (0, 1), (9999, 1)])
def test_invalid_week_cannot_be_built(year: int, week: int) -> None:
    with pytest.raises(InputError):
        IsoWeek(year, week)


def test_week_error_message_names_the_week() -> None:
    with pytest.raises(InputError, match=r"^2025-W53 does not exist: 2025 has 52 ISO weeks$"):
        IsoWeek(2025, 53)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("  Today ", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 26)),
        ("yesterday", date(2026, 11, 24)),
        ("in 3 days", date(2026, 11, 28)),
        ("in 1 day", date(2026, 11, 26)),
        ("in a day", date(2026, 11, 26)),
        ("in a week", date(2026, 12, 2)),
        ("in one week", date(2026, 12, 2)),
        ("in 6 weeks", date(2027, 1, 6)),
        ("IN  6  WEEKS", date(2027, 1, 6)),
        ("in 2 months", date(2027, 1, 25)),
        ("in 1 year", date(2027, 11, 25)),
        ("in two years", date(2028, 11, 25)),
        ("3 days ago", date(2026, 11, 22)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1 month ago", date(2026, 10, 25)),
        ("a year ago", date(2025, 11, 25)),
        ("next friday", date(2026, 11, 27)),
        ("next fri", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("monday", date(2026, 11, 30)),
        ("sunday", date(2026, 11, 29)),
        ("wednesday", date(2026, 12, 2)),
        ("next wednesday", date(2026, 12, 2)),
        ("next thurs", date(2026, 11, 26)),
        ("last wednesday", date(2026, 11, 18)),
        ("last friday", date(2026, 11, 20)),
        ("last mon", date(2026, 11, 23)),
        ("last tuesday", date(2026, 11, 24)),
        ("next week", date(2026, 11, 30)),
        ("last week", date(2026, 11, 16)),
        ("end of week", date(2026, 11, 29)),
        ("end of month", date(2026, 11, 30)),
        ("end of quarter", date(2026, 12, 31)),
        ("end of year", date(2026, 12, 31)),
    ],
)
def test_relative_dates(text: str, expected: date) -> None:
    assert parse_date(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("end of month", date(2026, 11, 30), date(2026, 11, 30)),
        ("end of month", date(2026, 2, 10), date(2026, 2, 28)),
        ("end of month", date(2028, 2, 10), date(2028, 2, 29)),
        ("end of month", date(2028, 2, 29), date(2028, 2, 29)),
        ("end of quarter", date(2026, 3, 31), date(2026, 3, 31)),
        ("end of quarter", date(2026, 1, 1), date(2026, 3, 31)),
        ("end of quarter", date(2026, 5, 10), date(2026, 6, 30)),
        ("end of quarter", date(2026, 9, 30), date(2026, 9, 30)),
        ("end of quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("end of year", date(2026, 12, 31), date(2026, 12, 31)),
        ("end of year", date(2027, 1, 1), date(2027, 12, 31)),
        ("end of week", date(2026, 11, 29), date(2026, 11, 29)),
        ("end of week", date(2026, 11, 30), date(2026, 12, 6)),
    ],
)
def test_ends_of_periods(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("in 1 month", date(2027, 1, 31), date(2027, 2, 28)),
        ("in 1 month", date(2028, 1, 31), date(2028, 2, 29)),
        ("in 1 year", date(2028, 2, 29), date(2029, 2, 28)),
        ("in 4 years", date(2028, 2, 29), date(2032, 2, 29)),
        ("1 year ago", date(2028, 2, 29), date(2027, 2, 28)),
        ("tomorrow", date(2028, 2, 28), date(2028, 2, 29)),
        ("yesterday", date(2028, 3, 1), date(2028, 2, 29)),
        # New Year: 2026-12-31 is a Thursday in 2026-W53.
        ("tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
        ("next week", date(2026, 12, 31), date(2027, 1, 4)),
        ("end of week", date(2026, 12, 31), date(2027, 1, 3)),
        ("next monday", date(2026, 12, 31), date(2027, 1, 4)),
        ("in 1 month", date(2026, 12, 31), date(2027, 1, 31)),
        ("yesterday", date(2027, 1, 1), date(2026, 12, 31)),
        ("last friday", date(2027, 1, 1), date(2026, 12, 25)),
        ("last week", date(2027, 1, 1), date(2026, 12, 21)),
        ("2 weeks ago", date(2027, 1, 1), date(2026, 12, 18)),
    ],
)
def test_relative_dates_across_month_and_year_ends(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-31", date(2027, 3, 31)),
        ("2027-3-31", date(2027, 3, 31)),
        ("2027/03/31", date(2027, 3, 31)),
        ("2027.03.31", date(2027, 3, 31)),
        ("20270331", date(2027, 3, 31)),
        ("2028-02-29", date(2028, 2, 29)),
        ("31 March 2027", date(2027, 3, 31)),
        ("Mar 31 2027", date(2027, 3, 31)),
        ("March 31, 2027", date(2027, 3, 31)),
        ("  MARCH 31, 2027  ", date(2027, 3, 31)),
        ("31st March 2027", date(2027, 3, 31)),
        ("31st of March 2027", date(2027, 3, 31)),
        ("31-Mar-2027", date(2027, 3, 31)),
        ("2027 March 31", date(2027, 3, 31)),
        ("Wednesday 31 March 2027", date(2027, 3, 31)),
        ("Wed, 31 Mar 2027", date(2027, 3, 31)),
        ("sept 5 2027", date(2027, 9, 5)),
        ("31/05/2027", date(2027, 5, 31)),
        ("31.05.2027", date(2027, 5, 31)),
        ("05/31/2027", date(2027, 5, 31)),
        ("01/01/2027", date(2027, 1, 1)),
    ],
)
def test_absolute_dates(text: str, expected: date) -> None:
    assert parse_date(text, WEDNESDAY) == expected
    assert parse_date(text, WEDNESDAY, prefer="past") == expected


@pytest.mark.parametrize(
    ("text", "today", "future", "past"),
    [
        ("31 Mar", WEDNESDAY, date(2027, 3, 31), date(2026, 3, 31)),
        ("Mar 31", WEDNESDAY, date(2027, 3, 31), date(2026, 3, 31)),
        ("25 November", WEDNESDAY, date(2026, 11, 25), date(2026, 11, 25)),
        ("Nov 26", WEDNESDAY, date(2026, 11, 26), date(2025, 11, 26)),
        ("Nov 24", WEDNESDAY, date(2027, 11, 24), date(2026, 11, 24)),
        ("31/05", WEDNESDAY, date(2027, 5, 31), date(2026, 5, 31)),
        ("Dec 31", date(2027, 1, 1), date(2027, 12, 31), date(2026, 12, 31)),
        ("Jan 1", date(2027, 1, 1), date(2027, 1, 1), date(2027, 1, 1)),
        ("Feb 29", WEDNESDAY, date(2028, 2, 29), date(2024, 2, 29)),
        ("29 February", date(2028, 2, 29), date(2028, 2, 29), date(2028, 2, 29)),
        ("Feb 29", date(2028, 3, 1), date(2032, 2, 29), date(2028, 2, 29)),
        ("Feb 29", date(2096, 3, 1), date(2104, 2, 29), date(2096, 2, 29)),
    ],
)
def test_dates_without_a_year(text: str, today: date, future: date, past: date) -> None:
    assert parse_date(text, today) == future
    assert parse_date(text, today, prefer="future") == future
    assert parse_date(text, today, prefer="past") == past


@pytest.mark.parametrize(
    ("text", "future", "past"),
    [
        ("friday", date(2026, 11, 27), date(2026, 11, 20)),
        ("wednesday", date(2026, 12, 2), date(2026, 11, 18)),
        ("next friday", date(2026, 11, 27), date(2026, 11, 27)),
        ("last friday", date(2026, 11, 20), date(2026, 11, 20)),
    ],
)
def test_bare_weekday_follows_prefer(text: str, future: date, past: date) -> None:
    assert parse_date(text, WEDNESDAY, prefer="future") == future
    assert parse_date(text, WEDNESDAY, prefer="past") == past


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("banana", "use 2027-03-31"),
        ("next blursday", "not a day of the week"),
        ("in -3 days", "positive whole number"),
        ("in 0 days", "positive whole number"),
        ("in 3 fortnights", "days, weeks, months or years"),
        ("in an hour", "days, weeks, months or years"),
        ("next month", "use 2027-03-31"),
        ("end of decade", "week, month, quarter or year"),
        ("March 2027", "no day"),
        ("March", "no day"),
        ("5", "no month"),
        ("2027", "no month"),
        ("2027-03", "no day"),
        ("05/01/27", "four digits"),
        ("Mar 5 27", "use 2027-03-31"),
        ("31 March 2027 10:00", "time of day"),
        ("31 March 2027 5pm", "time of day"),
        ("31 March 2027 UTC", "use 2027-03-31"),
        ("today is 31 March 2027", "use 2027-03-31"),
        ("March April 5", "use 2027-03-31"),
        ("2027-02-29", "February 2027 has no day 29"),
        ("30 February 2028", "February 2028 has no day 30"),
        ("Feb 30", "February has no day 30"),
        ("31 April", "April has no day 31"),
        ("2027-13-01", "no month 13"),
        ("31/13/2027", "no month 13"),
        ("Friday 31 March 2027", "is a Wednesday"),
        ("in 99999 years", "out of the range"),
        ("1e5", "use 2027-03-31"),
    ],
)
def test_date_errors_name_what_was_typed(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_date(text, WEDNESDAY)
    message = str(raised.value)
    assert f'"{text}"' in message
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_date_is_an_error(text: str) -> None:
    with pytest.raises(InputError, match="no date given; use 2027-03-31"):
        parse_date(text, WEDNESDAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "05/01/2027",
            '"05/01/2027" is ambiguous (May 1 or 5 January?); write it as 2027-05-01 or 2027-01-05',
        ),
        ("5.1.2027", '"5.1.2027" is ambiguous (May 1 or 5 January?); write it as 2027-05-01 or 2027-01-05'),
        (
            "03-04-2027",
            '"03-04-2027" is ambiguous (March 4 or 3 April?); write it as 2027-03-04 or 2027-04-03',
        ),
        ("05/01", '"05/01" is ambiguous (May 1 or 5 January?); write it as 2027-05-01 or 2027-01-05'),
    ],
)
def test_ambiguous_numeric_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_date(text, WEDNESDAY)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "today", "week"),
    [
        ("this", WEDNESDAY, IsoWeek(2026, 48)),
        ("this week", WEDNESDAY, IsoWeek(2026, 48)),
        ("last", WEDNESDAY, IsoWeek(2026, 47)),
        ("Last Week", WEDNESDAY, IsoWeek(2026, 47)),
        ("next", WEDNESDAY, IsoWeek(2026, 49)),
        (" next  week ", WEDNESDAY, IsoWeek(2026, 49)),
        ("2026-W53", WEDNESDAY, IsoWeek(2026, 53)),
        ("2026w01", WEDNESDAY, IsoWeek(2026, 1)),
        ("2027-01-01", WEDNESDAY, IsoWeek(2026, 53)),
        ("2024-12-30", WEDNESDAY, IsoWeek(2025, 1)),
        ("next friday", WEDNESDAY, IsoWeek(2026, 48)),
        ("in 6 weeks", WEDNESDAY, IsoWeek(2027, 1)),
        ("end of year", WEDNESDAY, IsoWeek(2026, 53)),
        ("31 December 2026", WEDNESDAY, IsoWeek(2026, 53)),
        ("next", date(2026, 12, 31), IsoWeek(2027, 1)),
        ("this", date(2026, 12, 31), IsoWeek(2026, 53)),
        ("this", date(2027, 1, 1), IsoWeek(2026, 53)),
        ("last", date(2027, 1, 1), IsoWeek(2026, 52)),
        ("last", date(2027, 1, 4), IsoWeek(2026, 53)),
        ("next", date(2025, 12, 28), IsoWeek(2026, 1)),
    ],
)
def test_parse_week(text: str, today: date, week: IsoWeek) -> None:
    assert parse_week(text, today) == week


def test_parse_week_passes_prefer_to_dates() -> None:
    assert parse_week("Nov 24", WEDNESDAY) == IsoWeek(2027, 47)
    assert parse_week("Nov 24", WEDNESDAY, prefer="past") == IsoWeek(2026, 48)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2025-W53", "2025 has 52 ISO weeks"),
        ("2026-W54", "2026 has 53 ISO weeks"),
        ("2026-W00", "numbered from 01"),
        ("banana", "as a week; use this, last, next"),
        ("next blursday", "as a week; use this, last, next"),
        ("05/01/2027", "ambiguous"),
        ("2027-02-29", "February 2027 has no day 29"),
    ],
)
def test_parse_week_errors(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_week(text, WEDNESDAY)
    assert f'"{text}"' in str(raised.value)
    assert fragment in str(raised.value)


def test_empty_week_is_an_error() -> None:
    with pytest.raises(InputError, match="as a week; use this, last, next"):
        parse_week("  ", WEDNESDAY)
