"""Loading goal views: one goal, the active goals, and the list `coach goal list` shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.views.goals import GoalListView, GoalView, build_goal_view

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


def goal_views(reader: Reader, goals: Sequence[Any], today: date) -> tuple[GoalView, ...]:
    """GoalViews of goal rows, with their tags and check-ins (read for all of them at once)."""
    ids = [goal.id for goal in goals]
    tags, checkins = reader.goal_tags(ids), reader.goal_checkins(ids)
    return tuple(
        build_goal_view(goal, tags=tags[goal.id], checkins=checkins[goal.id], today=today) for goal in goals
    )


def goal_view(reader: Reader, goal: Any, today: date) -> GoalView:
    """The GoalView of one goal row."""
    return goal_views(reader, [goal], today)[0]


def load_goal_view(reader: Reader, goal_id: int, today: date) -> GoalView:
    """The GoalView of the goal with this id (NotFoundError when there is none)."""
    return goal_view(reader, reader.goal(goal_id), today)


def active_goal_views(reader: Reader, today: date) -> tuple[GoalView, ...]:
    """The active goals with their progress and deadlines."""
    return goal_views(reader, reader.goals(("active",)), today)


def load_goal_list(
    reader: Reader, today: date, *, include_closed: bool = False, tag: str | None = None
) -> GoalListView:
    """The goals `coach goal list` shows: the active ones, or all of them; only those with `tag` if given."""
    statuses = ("active", "done", "dropped") if include_closed else ("active",)
    goals = reader.goals(statuses, tag=tag)
    return GoalListView(goals=goal_views(reader, goals, today), include_closed=include_closed, tag=tag)
