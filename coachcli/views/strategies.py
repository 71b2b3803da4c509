"""What strategy commands show: strategies with the strengths they play to, and suggested ideas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.domain.themes import StrategyIdea


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
