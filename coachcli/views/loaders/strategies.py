"""Loading strategy views: a goal's strategies, the list `coach strategy list` shows, and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coachcli.domain.themes import strategy_ideas
from coachcli.views.strategies import (
    StrategyListView,
    StrategyView,
    SuggestionView,
    build_strategy_views,
    build_suggestion_view,
)

if TYPE_CHECKING:
    from sqlmodel import Session


def strategy_views(
    session: Session, strategies: Sequence[Any], *, with_titles: bool = False
) -> tuple[StrategyView, ...]:
    """StrategyViews for strategy rows, with their strengths (and their goals' titles)."""
    from coachcli.store.goals import goal_titles
    from coachcli.store.strengths import strategy_strengths

    ids = [strategy.id for strategy in strategies]
    titles = goal_titles(session, [strategy.goal_id for strategy in strategies]) if with_titles else None
    return build_strategy_views(strategies, strategy_strengths(session, ids), titles)


def goal_strategy_views(session: Session, goal_id: int) -> tuple[StrategyView, ...]:
    """Every strategy of one goal, the active ones first, for `coach goal show`."""
    from coachcli.store.strengths import list_strategies

    strategies = list_strategies(session, goal_id=goal_id)
    return strategy_views(session, sorted(strategies, key=lambda strategy: strategy.status != "active"))


def load_strategy_list(
    session: Session, *, include_retired: bool = False, goal_id: int | None = None
) -> StrategyListView:
    """The strategies `coach strategy list` shows: the active ones (or all), of one goal or of every goal."""
    from coachcli.store.strengths import STRATEGY_STATUSES, list_strategies

    statuses = STRATEGY_STATUSES if include_retired else ("active",)
    strategies = list_strategies(session, statuses=statuses, goal_id=goal_id)
    return StrategyListView(
        strategies=strategy_views(session, strategies, with_titles=True),
        include_retired=include_retired,
        goal_id=goal_id,
    )


def load_suggestions(session: Session, goal_id: int) -> SuggestionView:
    """Ideas for an active goal's strategies from the user's strengths, marking those it already has."""
    from coachcli.store.strengths import active_goal, list_strengths

    goal = active_goal(session, goal_id)
    strengths = [(strength.name, strength.kind) for strength in list_strengths(session)]
    ideas = strategy_ideas(goal_title=goal.title, measure=goal.measure, strengths=strengths)
    existing = goal_strategy_views(session, goal_id)
    return build_suggestion_view(goal_id, goal.title, ideas, existing, has_strengths=bool(strengths))
