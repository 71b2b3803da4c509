"""What `coach calendar` puts in the iCalendar file: the weekly session, open commitments, goal deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import review_date, week_to_close, week_to_plan

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


UID_DOMAIN = "coach-journal"
SESSION_KEY = "weekly-session"


def calendar_uid(key: str) -> str:
    """An item's UID in the calendar file (and its JSON): stable, so a re-import updates it."""
    return f"{key}@{UID_DOMAIN}"


@dataclass(frozen=True)
class SessionSlot:
    """The weekly session: every `review_day` at `at`, the series starting on `first`."""

    review_day: str
    at: time
    first: date

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": calendar_uid(SESSION_KEY),
            "review_day": self.review_day,
            "time": self.at.strftime("%H:%M"),
            "first": self.first.isoformat(),
        }


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

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": calendar_uid(self.uid_key),
            "text": self.text,
            "week": str(self.week),
            "due": self.week.end.isoformat(),
            "when": self.when,
            "goal_title": self.goal_title,
        }


@dataclass(frozen=True)
class CalendarDeadline:
    """An active goal's deadline, as an all-day event."""

    goal_id: int
    title: str
    deadline: date

    @property
    def uid_key(self) -> str:
        return f"goal-{self.goal_id}-deadline"

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": calendar_uid(self.uid_key),
            "goal_id": self.goal_id,
            "title": self.title,
            "deadline": self.deadline.isoformat(),
        }


@dataclass(frozen=True)
class CalendarView:
    """Everything in the file; `zone` is the IANA time zone of the session's time, or None for floating."""

    session: SessionSlot
    todos: tuple[CalendarTodo, ...]
    deadlines: tuple[CalendarDeadline, ...]
    zone: str | None

    def to_json(self) -> dict[str, Any]:
        """The calendar for scripts: the session series (its time in `zone`, or floating when null), the
        to-dos and the deadlines, each with the UID the iCalendar file gives it."""
        return {
            "session": {**self.session.to_json(), "zone": self.zone},
            "todos": [todo.to_json() for todo in self.todos],
            "deadlines": [deadline.to_json() for deadline in self.deadlines],
        }


def todo_key(commitment_id: int | None, routine_id: int | None, week: str) -> str:
    """What a to-do's UID is made of: a routine's copy by routine and week (the same whether it has been
    written yet or not), any other commitment by its id."""
    return f"routine-{routine_id}-{week}" if routine_id is not None else f"commitment-{commitment_id}"


def load_calendar(
    reader: Reader, today: date, *, review_day: str, session_time: str, zone: str | None
) -> CalendarView:
    """The session series (from the latest session day, today or before), the open commitments of this week
    and the week to plan, and every active goal's deadline."""
    hours, minutes = (int(part) for part in session_time.split(":"))
    closed = week_to_close(today, review_day)
    weeks = sorted({IsoWeek.of(today), week_to_plan(today, review_day)})
    todos = [
        CalendarTodo(
            todo_key(row.id, row.routine_id, row.week),
            row.text,
            IsoWeek.parse_iso(row.week),
            row.when_where,
            row.goal_title,
        )
        for row in reader.open_commitments_in([str(week) for week in weeks])
    ]
    return CalendarView(
        session=SessionSlot(review_day, time(hours, minutes), review_date(closed, review_day)),
        todos=tuple(todos),
        deadlines=tuple(
            CalendarDeadline(row.id, row.title, row.deadline) for row in reader.active_goal_deadlines()
        ),
        zone=zone,
    )
