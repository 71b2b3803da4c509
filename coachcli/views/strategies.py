"""What strategy commands show: strategies with the strengths they play to, and suggested ideas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.report import strength_follow_through
from coachcli.domain.strengths import check_goal_takes_strategies
from coachcli.domain.themes import StrengthHistory, goal_kind, strategy_ideas
from coachcli.domain.vocabulary import STRATEGY_STATUSES

if TYPE_CHECKING:
    from coachcli.domain.dates import IsoWeek
    from coachcli.domain.themes import StrategyIdea
    from coachcli.store.reader import Reader


@dataclass(frozen=True)
class StrategyView:
    """A way of working towards a goal and the user's strengths it plays to."""

    id: int
    goal_id: int
    text: str
    strengths: tuple[str, ...]
    status: str
    created: date
    goal_title: str = ""

    def to_json(self) -> dict[str, Any]:
        """The SPEC's strategy object."""
        return {
            "id": self.id,
            "goal_id": self.goal_id,
            "text": self.text,
            "strengths": list(self.strengths),
            "status": self.status,
            "created": self.created.isoformat(),
        }


def build_strategy_views(
    strategies: Sequence[Any], strengths: Mapping[int, Sequence[str]], titles: Mapping[int, str] | None = None
) -> tuple[StrategyView, ...]:
    """StrategyViews from strategy rows, the strength names of each, and (for lists) their goals' titles."""
    return tuple(
        StrategyView(
            id=strategy.id,
            goal_id=strategy.goal_id,
            text=strategy.text,
            strengths=tuple(strengths.get(strategy.id, ())),
            status=strategy.status,
            created=strategy.created,
            goal_title=(titles or {}).get(strategy.goal_id, ""),
        )
        for strategy in strategies
    )


@dataclass(frozen=True)
class StrategyListView:
    """The strategies `coach strategy list` shows."""

    strategies: tuple[StrategyView, ...]
    include_retired: bool = False
    goal_id: int | None = None

    def to_json(self) -> list[dict[str, Any]]:
        return [strategy.to_json() for strategy in self.strategies]


@dataclass(frozen=True)
class IdeaView:
    """A numbered strategy idea, and the strategy that already holds its text, if any."""

    number: int
    strength: str
    text: str
    strategy_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {"strength": self.strength, "text": self.text, "strategy_id": self.strategy_id}


@dataclass(frozen=True)
class SuggestionView:
    """Strategy ideas for one goal from the user's strengths (`coach strategy suggest`)."""

    goal_id: int
    goal_title: str
    ideas: tuple[IdeaView, ...]
    has_strengths: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "goal_id": self.goal_id,
            "goal_title": self.goal_title,
            "ideas": [idea.to_json() for idea in self.ideas],
        }


def build_suggestion_view(
    goal_id: int,
    goal_title: str,
    ideas: Sequence[StrategyIdea],
    existing: Sequence[StrategyView],
    *,
    has_strengths: bool,
) -> SuggestionView:
    """Number the ideas and mark those the goal already has as strategies (same text)."""
    by_text = {strategy.text: strategy.id for strategy in existing}
    return SuggestionView(
        goal_id=goal_id,
        goal_title=goal_title,
        ideas=tuple(
            IdeaView(number, idea.strength, idea.text, by_text.get(idea.text))
            for number, idea in enumerate(ideas, start=1)
        ),
        has_strengths=has_strengths,
    )


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
