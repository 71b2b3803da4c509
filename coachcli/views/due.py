"""What bare `coach` says: what is due now, in a few lines, and the one command to run next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import days_left, week_to_close
from coachcli.views.status import StatusView, load_status

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


STALE_CHECKIN_DAYS = 14  # a measurable goal without a check-in for this long is named
DEADLINE_HORIZON_DAYS = 30  # deadlines this close are named (as in `coach report`)


@dataclass(frozen=True)
class GoalNote:
    """An active goal named because something about it asks for attention."""

    id: int
    title: str
    last_checkin: date | None = None
    deadline: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "last_checkin": self.last_checkin.isoformat() if self.last_checkin else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }


@dataclass(frozen=True)
class DueView:
    """What is due: weeks to review, this week's open commitments, goals to attend to, deadlines, the next step."""

    today: date
    closed_week: IsoWeek
    planned_week: IsoWeek
    status: StatusView
    empty: bool = False
    stopped_stage: str | None = None
    days_left: int = 0
    without_checkin: tuple[GoalNote, ...] = ()
    without_commitment: tuple[GoalNote, ...] = ()
    deadlines: tuple[GoalNote, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """What is due, for scripts: `coach status --format json`'s keys, then the goals named and the next step."""
        command, why = self.next_command()
        return {
            "today": self.today.isoformat(),
            "empty": self.empty,
            "closed_week": str(self.closed_week),
            "planned_week": str(self.planned_week),
            **self.status.to_json(),
            "days_left": self.days_left,
            "goals_without_checkin": [goal.to_json() for goal in self.without_checkin],
            "goals_without_commitment": [goal.to_json() for goal in self.without_commitment],
            "deadlines": [goal.to_json() for goal in self.deadlines],
            "next": {"command": command, "why": why},
        }

    def next_command(self) -> tuple[str, str]:
        """The one command to run next, and why."""
        if self.empty:
            return 'coach goal add "TITLE"', "to set your first goal"
        if self.stopped_stage:
            return "coach session", f"to go on with your session where it stopped ({self.stopped_stage})"
        if self.status.session_due:
            return "coach session", f"to look back on {self.closed_week} and plan {self.planned_week}"
        if self.status.to_review:
            return "coach week review", f"to look back on {self.status.to_review[0]}"
        if self.without_commitment:
            goal = self.without_commitment[0]
            return f'coach commit "TEXT" --goal {goal.id}', "for a goal with no commitment this week"
        return "coach week", "to see this week"


def load_due(reader: Reader | None, today: date, review_day: str) -> DueView:
    """What is due today (an empty view for a journal that does not exist yet)."""
    closed = week_to_close(today, review_day)
    this_week = IsoWeek.of(today)
    status = load_status(reader, today, review_day)
    if reader is None or reader.is_empty():
        return DueView(today, closed, closed.next(), status, empty=True)
    goals = reader.goals_to_attend(str(this_week))
    # A routine's copy this week is a commitment of its goal, made or not yet.
    routine_goals = {
        row.goal_id for row in reader.shown_commitments(str(this_week)) if row.routine_id is not None
    }
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
