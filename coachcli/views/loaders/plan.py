"""Loading the weekly plan: the week, what is unfinished from the week before, the active goals' strategies."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import UNFINISHED_STATUSES
from coachcli.views.loaders.goals import active_goal_views
from coachcli.views.loaders.weeks import commitment_views, load_week_view
from coachcli.views.plan import PlanGoal, PlanView, StrategyRef

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


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
