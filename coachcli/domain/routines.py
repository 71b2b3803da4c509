"""Routines as values: a standing commitment that has a copy in every week from its first until it ends.

A routine repeats every week (one commitment a week), or every day or weekday: then each week's copy counts the
days it was checked in on (`coach mark ID +1`), shown as "5 of 7 days" and never as a streak that breaks.
A routine runs in a week when that week is on or after its first week, not after the week it was stopped in,
and starts on or before its `until` date. Weeks are ISO weeks, so week 53 and New Year need nothing special.
"""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import ROUTINE_DAYS_PLANNED, ROUTINE_EVERY_CHOICES, RoutineEvery, counted
from coachcli.domain.weeks import week_to_plan
from coachcli.errors import InputError

MAX_FILL_WEEKS = 520  # a routine left alone for ten years still fills in one go, and no more
DAYS_LOOKED_BACK = 7  # a daily routine is shown as "5 of the last 7 days", never as a streak


def runs_in(first_week: str, until: date | None, stopped_week: str | None, week: IsoWeek) -> bool:
    """Whether a routine has a copy in `week`."""
    return (
        str(week) >= first_week
        and (stopped_week is None or str(week) <= stopped_week)
        and (until is None or week.start <= until)
    )


def last_week(until: date | None, stopped_week: str | None) -> IsoWeek | None:
    """The last week a routine runs in, or None while it goes on."""
    ends = [IsoWeek.parse_iso(stopped_week)] if stopped_week else []
    if until is not None:
        ends.append(IsoWeek.of(until))
    return min(ends) if ends else None


def weeks_to_fill(
    first_week: str,
    until: date | None,
    stopped_week: str | None,
    filled_week: str | None,
    through: IsoWeek,
    since: IsoWeek | None = None,
) -> list[IsoWeek]:
    """The weeks after `filled_week` (the last one that got its copy) up to `through` that need a copy (only
    those from `since` on, when given)."""
    start = IsoWeek.parse_iso(first_week)
    if filled_week is not None:
        start = max(start, IsoWeek.parse_iso(filled_week).next())
    if since is not None:
        start = max(start, since)
    end = last_week(until, stopped_week)
    stop = through if end is None else min(through, end)
    weeks: list[IsoWeek] = []
    week = start
    while week <= stop and len(weeks) < MAX_FILL_WEEKS:
        weeks.append(week)
        week = week.next()
    return weeks


def fill_horizon(today: date, review_day: str) -> IsoWeek:
    """How far ahead routine copies are made: this week, or the week to plan when that is later."""
    return max(IsoWeek.of(today), week_to_plan(today, review_day))


def check_until(first_week: IsoWeek, until: date) -> None:
    """An end date must leave the routine at least its first week."""
    if until < first_week.start:
        raise InputError(
            f"--until {until.isoformat()} is before {first_week} begins ({first_week.start.isoformat()});"
            " give a date on or after it"
        )


# The words --every takes, by the routine they make.
EVERY_WORDS = {
    "week": RoutineEvery.WEEK,
    "weekly": RoutineEvery.WEEK,
    "1w": RoutineEvery.WEEK,
    "day": RoutineEvery.DAY,
    "daily": RoutineEvery.DAY,
    "weekday": RoutineEvery.WEEKDAY,
    "weekdays": RoutineEvery.WEEKDAY,
}


def check_every(value: str) -> RoutineEvery:
    """The --every value: week, day or weekday (weekly, daily, weekdays too)."""
    found = EVERY_WORDS.get(value.strip().lower())
    if found is None:
        raise InputError(
            f"--every takes {ROUTINE_EVERY_CHOICES} (a routine repeats every week, or counts its days),"
            f' not "{value}"'
        )
    return found


def checked_days(week: IsoWeek, days_checked: str | None) -> tuple[date, ...]:
    """The days of `week` a daily routine's copy was checked in on (stored as ISO weekdays, "135")."""
    return tuple(week.start + timedelta(days=int(digit) - 1) for digit in sorted(days_checked or ""))


def stored_days(days: set[date]) -> str:
    """Checked days as stored: their ISO weekdays in order."""
    return "".join(sorted(str(day.isoweekday()) for day in days))


def check_in_day(week: IsoWeek, days_checked: str | None, days_planned: int, today: date, step: int) -> str:
    """The days checked after `coach mark ID +1` or `-1`, as stored.

    +1 checks today in, or when today is checked already (or past the week), the latest planned day before it
    that is not; -1 takes back today's check-in, or the latest one. A weekday routine plans Monday to Friday.
    """
    checked = set(checked_days(week, days_checked))
    if step > 0:
        if today < week.start:
            raise InputError(
                f"{week} begins on {week.start.isoformat()}; a day is checked in on the day or after"
            )
        planned = [day for day in week.days()[:days_planned] if day <= today]
        free = [day for day in planned if day not in checked]
        if not free:
            raise InputError(
                f"every planned day of {week} up to {min(today, week.end).isoformat()} is checked in already"
            )
        checked.add(today if today in free else free[-1])
    else:
        if not checked:
            raise InputError(f"no day of {week} is checked in yet, so there is none to take back")
        checked.remove(today if today in checked else max(checked))
    return stored_days(checked)


def days_in_last_week(days: list[date], today: date, since: date) -> tuple[int, int]:
    """How many of the last seven days up to `today` (none before `since`, the routine's first day) were
    checked in: (done, of how many days)."""
    first = max(today - timedelta(days=DAYS_LOOKED_BACK - 1), since)
    window = max((today - first).days + 1, 0)
    return sum(1 for day in set(days) if first <= day <= today), window


def routine_words(days_planned: int | None) -> str:
    """How a routine's copy is marked wherever a commitment is shown: "every week", "every day"..."""
    every = {plan: every for every, plan in ROUTINE_DAYS_PLANNED.items()}[days_planned]
    return every.words


def day_row(week: IsoWeek, days: tuple[date, ...], days_planned: int) -> tuple[str, ...]:
    """Each day of a daily routine's week, Monday first, as it stands: checked, open (planned, not checked)
    or rest (not planned: a weekday routine's weekend)."""
    return tuple(
        "checked" if day in days else "rest" if index >= days_planned else "open"
        for index, day in enumerate(week.days())
    )


def days_phrase(done: int, planned: int) -> str:
    """A daily routine's week in words: "5 of 7 days"."""
    return f"{done} of {planned} days"


def last_seven_phrase(done: int, window: int) -> str:
    """A daily routine's last days in words, never a streak: "5 of the last 7 days"."""
    return f"{done} of the last {counted(window, 'day')}" if window != 1 else f"{done} of 1 day (today)"
