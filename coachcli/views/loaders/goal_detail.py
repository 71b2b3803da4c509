"""Loading everything `coach goal show` shows about one goal: its parts, strategies, commitments, reflections."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachcli.views.goals import GoalDetailView
from coachcli.views.loaders.goals import load_goal_view
from coachcli.views.loaders.journal import goal_reflection_views
from coachcli.views.loaders.strategies import goal_strategy_views
from coachcli.views.loaders.weeks import goal_commitments_section

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


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
