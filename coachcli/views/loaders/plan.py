"""Loading the weekly plan: the week, what is unfinished from the week before, the active goals' strategies."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import UNFINISHED_STATUSES
from coachcli.views.loaders.goals import active_goal_views
from coachcli.views.loaders.weeks import commitment_views, load_week_view
from coachcli.views.weeks import PlanGoal, PlanView, StrategyRef

if TYPE_CHECKING:
    from sqlmodel import Session


def load_plan_view(session: Session, week: IsoWeek, today: date) -> PlanView:
    """The week to plan, the unfinished commitments of the week before, and the active goals."""
    from coachcli.store.weeks import active_strategies, week_commitments

    previous = week.previous()
    before = commitment_views(session, week_commitments(session, str(previous)))
    goals = active_goal_views(session, today)
    strategies = active_strategies(session, [goal.id for goal in goals])
    return PlanView(
        week=load_week_view(session, week, today),
        previous=previous,
        carry_candidates=tuple(
            item for item in before if item.status in UNFINISHED_STATUSES and not item.carried_to
        ),
        goals=tuple(
            PlanGoal(goal, tuple(StrategyRef(s.id or 0, s.text) for s in strategies[goal.id]))
            for goal in goals
        ),
    )
