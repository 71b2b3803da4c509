"""Dates and ISO weeks: parsing what users type and week arithmetic, as pure functions of values."""

from __future__ import annotations

import functools
import re
from collections import namedtuple
from datetime import date, datetime, timedelta

from coachcli.domain.limits import MAX_YEAR, MIN_YEAR, date_problem
from coachcli.errors import InputError

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Literal, NamedTuple

    Prefer = Literal["future", "past"]

    class _YearAndWeek(NamedTuple):
        year: int
        week: int
else:
    _YearAndWeek = namedtuple("_YearAndWeek", ("year", "week"))

DATE_FORMS = (
    "use 2027-03-31, 31 March 2027, or a relative form such as today, in 6 weeks, next friday, end of month"
)
WEEK_FORMS = "use this, last, next, an ISO week such as 2026-W48, or a date such as 2026-11-25 or next friday"


@functools.cache
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Month numbers and weekday numbers by their names and abbreviations, lowercased (built when a date is
    first read: showing a week needs none of it)."""
    import calendar

    months = {"sept": 9}
    for number in range(1, 13):
        months[calendar.month_name[number].lower()] = number
        months[calendar.month_abbr[number].lower()] = number
    weekdays = {"tues": 1, "thur": 3, "thurs": 3}
    for number in range(7):
        weekdays[calendar.day_name[number].lower()] = number
        weekdays[calendar.day_abbr[number].lower()] = number
    return months, weekdays


def _calendar() -> ModuleType:
    """The calendar module, imported when a typed date is first read."""
    import calendar

    return calendar


_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}

# Words that may sit beside a day, a month name and a year in a written date ("Friday, the 31st of March").
_FILLER_WORDS = {"st", "nd", "rd", "th", "of", "on"}

_ISO_WEEK = re.compile(r"([0-9]{4})-?w([0-9]{1,2})")
# Only reading a typed date needs these: strings that `re` compiles (and caches) on first use.
_NUMERIC_DATE = r"([0-9]+)([-/.])([0-9]+)(?:\2([0-9]+))?"
_IN_COUNT = r"in (\S+) (\S+)"
_COUNT_AGO = r"(\S+) (\S+) ago"


def weeks_in_year(year: int) -> int:
    """How many ISO weeks the ISO year has: 53 when December 28 falls in week 53, else 52."""
    return date(year, 12, 28).isocalendar().week


def _week_problem(year: int, week: int) -> str:
    """Why year and week name no ISO week, or "" when they do."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"is out of range: week years run from {MIN_YEAR} to {MAX_YEAR}"
    if week < 1:
        return "does not exist: ISO weeks are numbered from 01"
    if week > weeks_in_year(year):
        return f"does not exist: {year} has {weeks_in_year(year)} ISO weeks"
    return ""


class IsoWeek(_YearAndWeek):
    """An ISO week (Monday to Sunday), ordered chronologically and written like 2026-W48.

    A named tuple rather than a dataclass: `coach status`, which must start about as fast as Python itself,
    needs weeks, and importing `dataclasses` (it imports inspect, ast and dis) costs more than its whole work.
    """

    __slots__ = ()

    def __new__(cls, year: int, week: int) -> IsoWeek:
        problem = _week_problem(year, week)
        if problem:
            raise InputError(f"{year:04d}-W{week:02d} {problem}")
        return super().__new__(cls, year, week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The ISO week that contains day."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse_iso(cls, text: str) -> IsoWeek:
        """Read an ISO week written 2026-W48, 2026-w48 or 2026W48."""
        typed = text.strip()
        match = _ISO_WEEK.fullmatch(typed.lower())
        if match is None:
            raise InputError(f'cannot read "{typed}" as an ISO week; write it like 2026-W48')
        year, week = int(match[1]), int(match[2])
        problem = _week_problem(year, week)
        if problem:
            raise InputError(f'"{typed}" {problem}')
        return cls(year, week)

    @property
    def start(self) -> date:
        """The Monday of the week."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> date:
        """The Sunday of the week."""
        return date.fromisocalendar(self.year, self.week, 7)

    def shift(self, weeks: int) -> IsoWeek:
        """The week that many weeks later (earlier when negative), across year ends."""
        try:
            return IsoWeek.of(self.start + timedelta(weeks=weeks))
        except OverflowError:
            raise InputError(f"{self} shifted by {weeks} weeks is out of range") from None

    def next(self) -> IsoWeek:
        """The week after this one."""
        return self.shift(1)

    def previous(self) -> IsoWeek:
        """The week before this one."""
        return self.shift(-1)

    def contains(self, day: date) -> bool:
        """Whether day falls in this week."""
        return self.start <= day <= self.end

    def days(self) -> list[date]:
        """The seven days of the week, Monday to Sunday."""
        start = self.start
        return [start + timedelta(days=offset) for offset in range(7)]

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"


def weeks_between(first: IsoWeek, last: IsoWeek) -> int:
    """How many weeks last comes after first (negative when it comes before)."""
    return (last.start - first.start).days // 7


def week_range(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """The weeks from first to last inclusive, in order; empty when last is before first."""
    return [first.shift(offset) for offset in range(weeks_between(first, last) + 1)]


class _UnreadableDate(InputError):
    """Text that is no date form at all (as opposed to a date form with a specific problem)."""


def parse_date(text: str, today: date, *, prefer: Prefer = "future") -> date:
    """Read a date as users write it; a day without a year is resolved towards prefer, relative to today.

    Every command holds dates to the same range (limits.FIRST_DAY to LAST_DAY), so that a date one command
    takes (a deadline) is one every other (a report's --until) can use.
    """
    day = _read_date(text, today, prefer)
    problem = date_problem(day)
    if problem:
        raise InputError(f'"{text.strip()}" {problem}')
    return day


def _read_date(text: str, today: date, prefer: Prefer) -> date:
    """parse_date without the range check."""
    typed = text.strip()
    words = " ".join(typed.lower().split())
    if not words:
        raise _UnreadableDate(f"no date given; {DATE_FORMS}")
    try:
        relative = _parse_relative(words, typed, today, prefer)
        if relative is not None:
            return relative
        if re.fullmatch(r"[0-9]{8}", words):
            return _checked_date(typed, int(words[:4]), int(words[4:6]), int(words[6:]))
        numeric = re.fullmatch(_NUMERIC_DATE, words)
        if numeric is not None:
            return _parse_numeric(typed, numeric, today, prefer)
        return _parse_written(typed, words, today, prefer)
    except OverflowError:
        raise InputError(f'"{typed}" is out of the range of dates coach can handle') from None


def parse_week(text: str, today: date, *, prefer: Prefer = "future") -> IsoWeek:
    """Read a week: this, last, next, an ISO week, or any date (meaning the week that contains it)."""
    typed = text.strip()
    words = " ".join(typed.lower().split())
    if words.endswith(" week"):
        words = words.removesuffix(" week")
    if words in ("this", "last", "next"):
        return IsoWeek.of(today).shift({"this": 0, "last": -1, "next": 1}[words])
    if _ISO_WEEK.fullmatch(words):
        return IsoWeek.parse_iso(typed)
    try:
        return IsoWeek.of(parse_date(typed, today, prefer=prefer))
    except _UnreadableDate:
        subject = f'"{typed}"' if typed else "an empty text"
        raise InputError(f"cannot read {subject} as a week; {WEEK_FORMS}") from None


def _unreadable(typed: str, reason: str = "") -> _UnreadableDate:
    """The error for text that is no date form, naming what was typed and the forms accepted."""
    because = f": {reason}" if reason else ""
    return _UnreadableDate(f'cannot read "{typed}" as a date{because}; {DATE_FORMS}')


def _parse_relative(words: str, typed: str, today: date, prefer: Prefer) -> date | None:
    """Read today, in 3 days, 2 weeks ago, next friday, end of month...; None for other text."""
    simple = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if words in simple:
        return today + timedelta(days=simple[words])
    if words == "next week":
        return today + timedelta(days=7 - today.weekday())
    if words == "last week":
        return today - timedelta(days=7 + today.weekday())
    if words.startswith("end of "):
        return _end_of(words.removeprefix("end of "), typed, today)
    _, day_numbers = _names()
    if words in day_numbers:
        return (
            _weekday_after(today, day_numbers[words])
            if prefer == "future"
            else _weekday_before(today, day_numbers[words])
        )
    first, _, rest = words.partition(" ")
    if first in ("next", "last"):
        if rest not in day_numbers:
            raise _unreadable(typed, f'"{rest or first}" is not a day of the week')
        return (
            _weekday_after(today, day_numbers[rest])
            if first == "next"
            else _weekday_before(today, day_numbers[rest])
        )
    counted = re.fullmatch(_IN_COUNT, words)
    if counted is not None:
        return _shift(today, _count(counted[1], typed), _unit(counted[2], typed))
    ago = re.fullmatch(_COUNT_AGO, words)
    if ago is not None:
        return _shift(today, -_count(ago[1], typed), _unit(ago[2], typed))
    return None


def _end_of(period: str, typed: str, today: date) -> date:
    """The last day of today's week, month, quarter or year (today itself when it is that day)."""
    if period == "week":
        return today + timedelta(days=6 - today.weekday())
    if period == "month":
        return _last_of_month(today.year, today.month)
    if period == "quarter":
        return _last_of_month(today.year, (today.month - 1) // 3 * 3 + 3)
    if period == "year":
        return date(today.year, 12, 31)
    raise _unreadable(typed, f'"{period}" is not week, month, quarter or year')


def _last_of_month(year: int, month: int) -> date:
    """The last day of the month."""
    return date(year, month, _calendar().monthrange(year, month)[1])


def _weekday_after(today: date, weekday: int) -> date:
    """The first such weekday strictly after today."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _weekday_before(today: date, weekday: int) -> date:
    """The latest such weekday strictly before today."""
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _count(word: str, typed: str) -> int:
    """A positive count written in digits or as a word (a, an, one..twelve)."""
    if word in _COUNT_WORDS:
        return _COUNT_WORDS[word]
    if re.fullmatch(r"[0-9]+", word) and int(word) > 0:
        return int(word)
    raise _unreadable(typed, f'"{word}" is not a positive whole number')


def _unit(word: str, typed: str) -> str:
    """The relativedelta field for days, weeks, months or years (singular or plural)."""
    unit = _UNITS.get(word.removesuffix("s"))
    if unit is None:
        raise _unreadable(typed, f'"{word}" is not days, weeks, months or years')
    return unit


def _shift(today: date, amount: int, unit: str) -> date:
    """Today moved by amount units; months and years keep the day or clip it to the month's end."""
    from dateutil.relativedelta import relativedelta

    try:
        return today + relativedelta(**{unit: amount})
    except ValueError:
        raise OverflowError from None


def _parse_numeric(typed: str, match: re.Match[str], today: date, prefer: Prefer) -> date:
    """Read digits joined by one kind of separator: 2027-03-31, 2027/3/31, 31/05/2027, 31.05, 05/31/2027."""
    first, second, third = match[1], match[3], match[4]
    if len(first) == 4:
        if third is None:
            raise _unreadable(typed, "it has no day")
        return _checked_date(typed, int(first), int(second), int(third))
    if len(first) > 2 or len(second) > 2:
        raise _unreadable(typed)
    if third is not None and len(third) != 4:
        raise _unreadable(typed, "write the year with four digits")
    year = int(third) if third is not None else None
    a, b = int(first), int(second)
    if a <= 12 and b <= 12 and a != b:
        month_first = _complete(typed, year, a, b, today, prefer)
        day_first = _complete(typed, year, b, a, today, prefer)
        raise InputError(
            f'"{typed}" is ambiguous ({_calendar().month_name[a]} {b} or {a} {_calendar().month_name[b]}?); '
            f"write it as {month_first.isoformat()} or {day_first.isoformat()}"
        )
    month, day = (a, b) if a <= 12 else (b, a)
    return _complete(typed, year, month, day, today, prefer)


def _parse_written(typed: str, words: str, today: date, prefer: Prefer) -> date:
    """Read a date with its month in words (31 March 2027, Mar 31, March 31st): dateutil, never fuzzy."""
    tokens = re.findall(r"[0-9]+|[a-z]+", words)
    if ":" in words or "am" in tokens or "pm" in tokens:
        raise _unreadable(typed, "give a date without a time of day")
    month_numbers, day_numbers = _names()
    months = [month_numbers[token] for token in tokens if token in month_numbers]
    weekdays = [day_numbers[token] for token in tokens if token in day_numbers]
    years = [token for token in tokens if token.isdigit() and len(token) == 4]
    days = [token for token in tokens if token.isdigit() and len(token) <= 2]
    others = [
        token
        for token in tokens
        if token not in month_numbers
        and token not in day_numbers
        and token not in _FILLER_WORDS
        and token not in years
        and token not in days
    ]
    if others or len(months) > 1 or len(weekdays) > 1 or len(years) > 1 or len(days) > 1:
        raise _unreadable(typed)
    if not months:
        raise _unreadable(typed, "it has no month" if days or years else "")
    if not days:
        raise _unreadable(typed, "it has no day")
    year = int(years[0]) if years else None
    expected = _checked_date(typed, year, months[0], int(days[0]))
    parsed = _dateutil_date(typed, words)
    if (parsed.month, parsed.day) != (expected.month, expected.day) or (
        year is not None and parsed.year != year
    ):
        raise _unreadable(typed)
    result = _complete(typed, year, months[0], int(days[0]), today, prefer)
    if weekdays and result.weekday() != weekdays[0]:
        raise InputError(
            f'"{typed}" does not add up: {result.day} {_calendar().month_name[result.month]} {result.year} '
            f"is a {_calendar().day_name[result.weekday()]}"
        )
    return result


def _dateutil_date(typed: str, words: str) -> date:
    """Parse with dateutil under two different defaults, to refuse text with a time or a missing part."""
    from dateutil import parser

    # Two leap years, so that a yearless Feb 29 parses; months of 31 days, so that any day number fits.
    defaults = (datetime(2000, 1, 1, 0, 0, 0, 0), datetime(2004, 3, 2, 1, 1, 1, 1))
    try:
        one, two = (parser.parse(words, default=default, fuzzy=False) for default in defaults)
    except (ValueError, OverflowError):
        raise _unreadable(typed) from None
    if one.tzinfo is not None or two.tzinfo is not None:
        raise _unreadable(typed, "give a date without a time or time zone")
    if any(getattr(one, part) == getattr(two, part) for part in ("hour", "minute", "second", "microsecond")):
        raise _unreadable(typed, "give a date without a time of day")
    if one.month == two.month and one.day == two.day:
        return one.date()
    raise _unreadable(typed)


def _complete(typed: str, year: int | None, month: int, day: int, today: date, prefer: Prefer) -> date:
    """The date; without a year, the next such day from today (future) or the latest up to today (past)."""
    if year is not None:
        return _checked_date(typed, year, month, day)
    _checked_date(typed, None, month, day)
    step = 1 if prefer == "future" else -1
    # Eight years always reach a Feb 29 (2096 -> 2104 skips 2100); one more for good measure.
    for candidate_year in range(today.year, today.year + 9 * step, step):
        if not (MIN_YEAR <= candidate_year <= 9999 and _exists(candidate_year, month, day)):
            continue
        candidate = date(candidate_year, month, day)
        if (candidate >= today) if prefer == "future" else (candidate <= today):
            return candidate
    raise OverflowError


def _exists(year: int, month: int, day: int) -> bool:
    """Whether year-month-day is a real calendar day."""
    return 1 <= month <= 12 and 1 <= day <= _calendar().monthrange(year, month)[1]


def _checked_date(typed: str, year: int | None, month: int, day: int) -> date:
    """The date year-month-day (a leap year when None), or an error saying which part does not exist."""
    if year is not None and not MIN_YEAR <= year <= 9999:
        raise InputError(f'"{typed}" is out of the range of dates coach can handle')
    if not 1 <= month <= 12:
        raise InputError(f'"{typed}" is not a date: there is no month {month}; {DATE_FORMS}')
    if not _exists(2000 if year is None else year, month, day):
        where = _calendar().month_name[month] if year is None else f"{_calendar().month_name[month]} {year}"
        raise InputError(f'"{typed}" is not a date: {where} has no day {day}; {DATE_FORMS}')
    return date(2000 if year is None else year, month, day)
