"""Loading goal views: one goal, the active goals, and the list `coach goal list` shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.vocabulary import GOAL_STATUSES, GoalStatus
from coachcli.views.goals import GoalListView, GoalView, build_goal_view

if TYPE_CHECKING:
    from sqlmodel import Session


def goal_views(session: Session, goals: Sequence[Any], today: date) -> tuple[GoalView, ...]:
    """GoalViews of goal rows, with their tags and check-ins (read for all of them at once)."""
    from coachcli.store.goals import goal_checkins, goal_tags

    ids = [goal.id for goal in goals]
    tags, checkins = goal_tags(session, ids), goal_checkins(session, ids)
    return tuple(
        build_goal_view(goal, tags=tags[goal.id], checkins=checkins[goal.id], today=today) for goal in goals
    )


def goal_view(session: Session, goal: Any, today: date) -> GoalView:
    """The GoalView of one goal row."""
    return goal_views(session, [goal], today)[0]


def load_goal_view(session: Session, goal_id: int, today: date) -> GoalView:
    """The GoalView of the goal with this id (NotFoundError when there is none)."""
    from coachcli.store.goals import get_goal

    return goal_view(session, get_goal(session, goal_id), today)


def active_goal_views(session: Session, today: date) -> tuple[GoalView, ...]:
    """The active goals with their progress and deadlines."""
    from coachcli.store.goals import list_goals

    return goal_views(session, list_goals(session, statuses=(GoalStatus.ACTIVE,)), today)


def load_goal_list(
    session: Session, today: date, *, include_closed: bool = False, tag: str | None = None
) -> GoalListView:
    """The goals `coach goal list` shows: the active ones, or all of them; only those with `tag` if given."""
    from coachcli.store.goals import list_goals

    statuses = GOAL_STATUSES if include_closed else (GoalStatus.ACTIVE,)
    goals = list_goals(session, statuses=statuses, tag=tag)
    return GoalListView(goals=goal_views(session, goals, today), include_closed=include_closed, tag=tag)
