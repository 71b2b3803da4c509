"""Loading strategy views: a goal's strategies, the list `coach strategy list` shows, and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coachcli.domain.report import strength_follow_through
from coachcli.domain.themes import StrengthHistory, goal_kind, strategy_ideas
from coachcli.domain.vocabulary import STRATEGY_STATUSES, StrategyStatus
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
    return strategy_views(
        session, sorted(strategies, key=lambda strategy: strategy.status != StrategyStatus.ACTIVE)
    )


def load_strategy_list(
    session: Session, *, include_retired: bool = False, goal_id: int | None = None
) -> StrategyListView:
    """The strategies `coach strategy list` shows: the active ones (or all), of one goal or of every goal."""
    from coachcli.store.strengths import list_strategies

    statuses = STRATEGY_STATUSES if include_retired else (StrategyStatus.ACTIVE,)
    strategies = list_strategies(session, statuses=statuses, goal_id=goal_id)
    return StrategyListView(
        strategies=strategy_views(session, strategies, with_titles=True),
        include_retired=include_retired,
        goal_id=goal_id,
    )


def strength_histories(session: Session, names: Sequence[str]) -> list[StrengthHistory]:
    """The person's own record with each strength: how the commitments made through it went, all time."""
    from coachcli.store.strengths import strategy_outcomes, strategy_strengths

    outcomes = strategy_outcomes(session)
    used = strategy_strengths(session, sorted({sid for sid, _ in outcomes if sid is not None}))
    return [
        StrengthHistory(record.name, record.counted, record.completion_rate)
        for record in strength_follow_through(names, outcomes, used)
    ]


def load_suggestions(session: Session, goal_id: int) -> SuggestionView:
    """Ideas for an active goal's strategies from the user's strengths and record, marking those it has."""
    from coachcli.store.goals import goal_tags
    from coachcli.store.strengths import active_goal, list_strengths

    goal = active_goal(session, goal_id)
    strengths = [(strength.name, strength.kind) for strength in list_strengths(session)]
    kind = goal_kind(
        goal.title,
        measure=goal.measure,
        target=goal.target,
        deadline=goal.deadline,
        why=goal.why,
        tags=goal_tags(session, [goal_id])[goal_id],
    )
    history = strength_histories(session, [name for name, _ in strengths])
    ideas = strategy_ideas(goal_title=goal.title, kind=kind, strengths=strengths, history=history)
    existing = goal_strategy_views(session, goal_id)
    return build_suggestion_view(goal_id, goal.title, ideas, existing, has_strengths=bool(strengths))
