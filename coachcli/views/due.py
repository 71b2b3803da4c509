"""What bare `coach` says: what is due now, in a few lines, and the one command to run next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachcli.domain.dates import IsoWeek
from coachcli.views.status import StatusView

STALE_CHECKIN_DAYS = 14  # a measurable goal without a check-in for this long is named
DEADLINE_HORIZON_DAYS = 30  # deadlines this close are named (as in `coach report`)


@dataclass(frozen=True)
class GoalNote:
    """An active goal named because something about it asks for attention."""

    id: int
    title: str
    last_checkin: date | None = None
    deadline: date | None = None


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
