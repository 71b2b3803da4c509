"""What `coach week review` and `coach week plan` show when they do not ask: the open commitments of a week, and
the week to plan with the goals to commit to. Apart from views/weeks.py, which every week view imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import UNFINISHED_STATUSES
from coachcli.domain.weeks import counts_as_open
from coachcli.views.goals import active_goal_views
from coachcli.views.weeks import (
    CommitmentView,
    WeekNoteView,
    WeekView,
    commitment_views,
    load_week_view,
    week_note_view,
)

if TYPE_CHECKING:
    from coachcli.store.reader import Reader
    from coachcli.views.goals import GoalView


@dataclass(frozen=True)
class ReviewListView:
    """What `coach week review` lists when it does not ask: the open commitments of a week.

    `week` is None when no week was named and no earlier week has open commitments: nothing to look back on.
    """

    week: IsoWeek | None
    commitments: tuple[CommitmentView, ...]
    other_weeks: tuple[tuple[str, int], ...] = ()
    note: WeekNoteView | None = None  # what the week note says so far (the review adds to it)

    def to_json(self) -> dict[str, Any]:
        return {
            "week": str(self.week) if self.week is not None else None,
            "start": self.week.start.isoformat() if self.week is not None else None,
            "end": self.week.end.isoformat() if self.week is not None else None,
            "commitments": [commitment.to_json() for commitment in self.commitments],
            "needs_review": [week for week, _ in self.other_weeks],
        }


@dataclass(frozen=True)
class StrategyRef:
    """An active strategy of a goal, as offered when planning."""

    id: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text}


@dataclass(frozen=True)
class PlanGoal:
    """A goal as the weekly plan shows it: progress, deadline and active strategies."""

    goal: GoalView
    strategies: tuple[StrategyRef, ...]

    def to_json(self) -> dict[str, Any]:
        """The SPEC's goal object, with the goal's active strategies."""
        return {**self.goal.to_json(), "strategies": [strategy.to_json() for strategy in self.strategies]}


@dataclass(frozen=True)
class PlanView:
    """Planning a week: unfinished commitments of the week before, and the active goals to commit to."""

    week: WeekView
    previous: IsoWeek
    carry_candidates: tuple[CommitmentView, ...]
    goals: tuple[PlanGoal, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.week.to_json(),
            "carry_candidates": [commitment.to_json() for commitment in self.carry_candidates],
            "goals": [goal.to_json() for goal in self.goals],
        }


def load_plan_view(reader: Reader, week: IsoWeek, today: date) -> PlanView:
    """The week to plan, the unfinished commitments of the week before, and the active goals."""
    previous = week.previous()
    before = commitment_views(reader, reader.shown_commitments(str(previous)))
    goals = active_goal_views(reader, today)
    strategies = reader.active_strategies([goal.id for goal in goals])
    return PlanView(
        week=load_week_view(reader, week, today),
        previous=previous,
        carry_candidates=tuple(
            item for item in before if item.status in UNFINISHED_STATUSES and not item.carried_to
        ),
        goals=tuple(
            PlanGoal(goal, tuple(StrategyRef(s.id or 0, s.text) for s in strategies[goal.id]))
            for goal in goals
        ),
    )


def load_review(reader: Reader, week: IsoWeek | None, current: IsoWeek) -> ReviewListView:
    """The week to review (the one given, else the earliest past one with open commitments), its open
    commitments and note, and the other weeks still waiting for a review."""
    waiting = reader.open_weeks_before(str(current))
    target = week if week is not None else IsoWeek.parse_iso(waiting[0][0]) if waiting else None
    open_items: list[CommitmentView] = []
    note = None
    if target is not None:
        rows = [
            row for row in reader.shown_commitments(str(target)) if counts_as_open(row.status, row.carried_to)
        ]
        open_items = commitment_views(reader, rows)
        note = week_note_view(reader, target)
    others = tuple(item for item in waiting if item[0] != str(target))
    return ReviewListView(target, tuple(open_items), others, note)
