"""What `coach goal show` shows: a goal with its strategies, recent commitments and latest reflections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.progress import significant
from coachcli.views.goals import GoalView, load_goal_view
from coachcli.views.journal import ReflectionView, goal_reflection_views
from coachcli.views.strategies import StrategyView, goal_strategy_views
from coachcli.views.weeks import CommitmentView, goal_commitments_section

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


@dataclass(frozen=True)
class GoalDetailView:
    """Everything `coach goal show` shows about one goal."""

    goal: GoalView
    strategies: tuple[StrategyView, ...] = ()
    commitments: tuple[CommitmentView, ...] = ()
    completion_rate: float | None = None
    reflections: tuple[ReflectionView, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = self.goal.to_json()
        data["checkins"] = [checkin.to_json() for checkin in self.goal.checkins]
        data["strategies"] = [strategy.to_json() for strategy in self.strategies]
        data["commitments"] = [commitment.to_json() for commitment in self.commitments]
        data["completion_rate"] = significant(self.completion_rate)
        data["reflections"] = [reflection.to_json() for reflection in self.reflections]
        return data


def load_goal_detail(reader: Reader, goal_id: int, today: date) -> GoalDetailView:
    """One goal with its strategies, recent commitments (and completion rate) and latest reflections."""
    goal = load_goal_view(reader, goal_id, today)
    commitments, completion_rate = goal_commitments_section(reader, goal_id)
    return GoalDetailView(
        goal=goal,
        strategies=goal_strategy_views(reader, goal_id),
        commitments=commitments,
        completion_rate=completion_rate,
        reflections=goal_reflection_views(reader, goal_id),
    )
