"""Loading `coach calendar`'s view with the standard library's sqlite3 only (store/reader.py)."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import review_date, week_to_close, week_to_plan
from coachcli.views.calendar import CalendarDeadline, CalendarTodo, CalendarView, SessionSlot

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


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
