"""Loading what bare `coach` says is due, with the standard library's sqlite3 only (store/reader.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import days_left, week_to_close
from coachcli.views.due import DEADLINE_HORIZON_DAYS, STALE_CHECKIN_DAYS, DueView, GoalNote
from coachcli.views.loaders.status import load_status

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


def load_due(reader: Reader | None, today: date, review_day: str) -> DueView:
    """What is due today (an empty view for a journal that does not exist yet)."""
    closed = week_to_close(today, review_day)
    this_week = IsoWeek.of(today)
    status = load_status(reader, today, review_day)
    if reader is None or reader.is_empty():
        return DueView(today, closed, closed.next(), status, empty=True)
    goals = reader.goals_to_attend(str(this_week))
    # A routine's copy this week is a commitment of its goal, made or not yet.
    routine_goals = {r.goal_id for r in reader.routines_missing_in(str(this_week), this_week.start)}
    stale_before = today - timedelta(days=STALE_CHECKIN_DAYS)
    horizon = today + timedelta(days=DEADLINE_HORIZON_DAYS)

    def last(goal: object) -> date | None:
        text = getattr(goal, "last_checkin", None)
        return date.fromisoformat(text) if text else None

    return DueView(
        today,
        closed,
        closed.next(),
        status,
        stopped_stage=status.stopped_session,
        days_left=days_left(this_week, today),
        without_checkin=tuple(
            GoalNote(g.id, g.title, last_checkin=last(g))
            for g in goals
            # a goal younger than its first two weeks has had no time to go without a check-in
            if g.measurable and g.created <= stale_before and (last(g) is None or last(g) < stale_before)  # type: ignore[operator]
        ),
        without_commitment=tuple(
            GoalNote(g.id, g.title) for g in goals if not g.committed and g.id not in routine_goals
        ),
        deadlines=tuple(
            GoalNote(g.id, g.title, deadline=g.deadline)
            for g in sorted(goals, key=lambda g: g.deadline or date.max)
            if g.deadline is not None and g.deadline <= horizon
        ),
    )
