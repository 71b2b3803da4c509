"""What `coach calendar` puts in the iCalendar file: the weekly session, open commitments, goal deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from coachcli.domain.dates import IsoWeek


@dataclass(frozen=True)
class SessionSlot:
    """The weekly session: every `review_day` at `at`, the series starting on `first`."""

    review_day: str
    at: time
    first: date


@dataclass(frozen=True)
class CalendarTodo:
    """An open commitment as a to-do, due at the end of its week.

    `uid_key` is what makes the UID stable: `commitment-ID`, or for a routine's copy (written or computed)
    `routine-ID-WEEK`.
    """

    uid_key: str
    text: str
    week: IsoWeek
    when: str | None
    goal_title: str | None


@dataclass(frozen=True)
class CalendarDeadline:
    """An active goal's deadline, as an all-day event."""

    goal_id: int
    title: str
    deadline: date


@dataclass(frozen=True)
class CalendarView:
    """Everything in the file; `zone` is the IANA time zone of the session's time, or None for floating."""

    session: SessionSlot
    todos: tuple[CalendarTodo, ...]
    deadlines: tuple[CalendarDeadline, ...]
    zone: str | None
