"""Loading strategy views: a goal's strategies, the list `coach strategy list` shows, and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coachcli.domain.vocabulary import STRATEGY_STATUSES
from coachcli.views.strategies import (
    StrategyListView,
    StrategyView,
    SuggestionView,
    build_strategy_views,
    build_suggestion_view,
)

if TYPE_CHECKING:
    from coachcli.domain.dates import IsoWeek
    from coachcli.domain.themes import StrengthHistory
    from coachcli.store.reader import Reader


def strategy_views(
    reader: Reader, strategies: Sequence[Any], *, with_titles: bool = False
) -> tuple[StrategyView, ...]:
    """StrategyViews for strategy rows, with their strengths (and their goals' titles)."""
    ids = [strategy.id for strategy in strategies]
    titles = reader.goal_titles([strategy.goal_id for strategy in strategies]) if with_titles else None
    return build_strategy_views(strategies, reader.strategy_strengths(ids), titles)


def goal_strategy_views(reader: Reader, goal_id: int) -> tuple[StrategyView, ...]:
    """Every strategy of one goal, the active ones first, for `coach goal show`."""
    strategies = reader.strategies(STRATEGY_STATUSES, goal_id=goal_id)
    return strategy_views(reader, sorted(strategies, key=lambda strategy: strategy.status != "active"))


def load_strategy_list(
    reader: Reader, *, include_retired: bool = False, goal_id: int | None = None
) -> StrategyListView:
    """The strategies `coach strategy list` shows: the active ones (or all), of one goal or of every goal."""
    statuses = STRATEGY_STATUSES if include_retired else ("active",)
    strategies = reader.strategies(statuses, goal_id=goal_id)
    return StrategyListView(
        strategies=strategy_views(reader, strategies, with_titles=True),
        include_retired=include_retired,
        goal_id=goal_id,
    )


def strength_histories(reader: Reader, names: Sequence[str]) -> list[StrengthHistory]:
    """The person's own record with each strength: how the commitments made through it went, all time."""
    from coachcli.domain.report import strength_follow_through
    from coachcli.domain.themes import StrengthHistory

    outcomes = reader.strategy_outcomes()
    used = reader.strategy_strengths(sorted({sid for sid, _ in outcomes if sid is not None}))
    return [
        StrengthHistory(record.name, record.counted, record.completion_rate)
        for record in strength_follow_through(names, outcomes, used)
    ]


def load_suggestions(reader: Reader, goal_id: int, week: IsoWeek) -> SuggestionView:
    """Ideas for an active goal's strategies from the user's strengths and record, marking those it has; they
    begin one further on each week, so that sessions in a row offer different ones."""
    # The themes' catalogue and the goal kinds: only `strategy suggest` and the session's options need them.
    from coachcli.domain.strengths import check_goal_takes_strategies
    from coachcli.domain.themes import goal_kind, strategy_ideas

    goal = reader.goal(goal_id)
    check_goal_takes_strategies(goal_id, goal.status)
    strengths = [(strength.name, strength.kind) for strength in reader.strengths()]
    kind = goal_kind(
        goal.title,
        measure=goal.measure,
        unit=goal.unit,
        why=goal.why,
        tags=reader.goal_tags([goal_id])[goal_id],
    )
    history = strength_histories(reader, [name for name, _ in strengths])
    ideas = strategy_ideas(
        goal_title=goal.title,
        kind=kind,
        strengths=strengths,
        history=history,
        turn=week.start.toordinal() // 7,
    )
    existing = goal_strategy_views(reader, goal_id)
    return build_suggestion_view(goal_id, goal.title, ideas, existing, has_strengths=bool(strengths))
