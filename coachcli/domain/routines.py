"""Routines as values: a standing commitment that has a copy in every week from its first until it ends.

A routine runs in a week when that week is on or after its first week, not after the week it was stopped in,
and starts on or before its `until` date. Weeks are ISO weeks, so week 53 and New Year need nothing special.
"""

from __future__ import annotations

from datetime import date

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import week_to_plan
from coachcli.errors import InputError

ROUTINE_WORDS = "every week"  # how a routine's copy is marked wherever a commitment is shown
MAX_FILL_WEEKS = 520  # a routine left alone for ten years still fills in one go, and no more


def check_every(value: str) -> str:
    """The --every value: only "week" (or "weekly") for now."""
    word = value.strip().lower()
    if word in ("week", "weekly", "1w"):
        return "week"
    raise InputError(f'--every takes "week" (a routine repeats every week), not "{value}"')


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
