"""Queries on goals, their tags and check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import col, delete

from coachcli.domain.vocabulary import GoalStatus
from coachcli.errors import InputError, NotFoundError
from coachcli.store.ids import require_id
from coachcli.store.models import CheckIn, Goal, GoalTag
from coachcli.store.reader import no_goal_error, reader_in

if TYPE_CHECKING:
    from sqlmodel import Session

GOAL_FIELDS = ("title", "measure", "unit", "baseline", "target", "deadline", "why", "achievable")


def get_goal(session: Session, goal_id: int) -> Goal:
    """The goal with this id, or a NotFoundError that says how to find ids."""
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise no_goal_error(goal_id)
    return goal


def add_goal(session: Session, *, created: date, tags: Sequence[str], **fields: Any) -> Goal:
    """Add a goal with the given SMART parts and tags."""
    parts: dict[str, Any] = {name: fields.get(name) for name in GOAL_FIELDS}
    goal = Goal(created=created, **parts)
    session.add(goal)
    session.flush()
    set_goal_tags(session, goal, tags)
    return goal


def update_goal(session: Session, goal_id: int, changes: dict[str, Any], tags: Sequence[str] | None) -> Goal:
    """Change the given fields of a goal (and replace its tags when `tags` is not None)."""
    goal = get_goal(session, goal_id)
    for name, value in changes.items():
        if name not in GOAL_FIELDS:
            raise ValueError(f"not a goal field: {name}")
        setattr(goal, name, value)
    session.add(goal)
    if tags is not None:
        set_goal_tags(session, goal, tags)
    session.flush()
    return goal


def set_goal_tags(session: Session, goal: Goal, tags: Sequence[str]) -> None:
    """Replace a goal's tags, keeping the order given and dropping repeats."""
    session.exec(delete(GoalTag).where(col(GoalTag.goal_id) == goal.id))
    for position, tag in enumerate(dict.fromkeys(tags)):
        session.add(GoalTag(goal_id=require_id(goal), tag=tag, position=position))
    session.flush()


def set_goal_status(session: Session, goal_id: int, status: str, today: date) -> Goal:
    """Mark a goal done, dropped or active again."""
    goal = get_goal(session, goal_id)
    if goal.status == status:
        raise InputError(f"goal {goal_id} is already {status}")
    goal.status = status
    goal.closed = None if status == GoalStatus.ACTIVE else today
    session.add(goal)
    session.flush()
    return goal


def delete_goal(session: Session, goal_id: int) -> Goal:
    """Delete a goal with its tags, check-ins and strategies; commitments and reflections lose the link."""
    goal = get_goal(session, goal_id)
    session.delete(goal)
    session.flush()
    return goal


def add_checkin(session: Session, goal_id: int, *, day: date, value: float, note: str | None) -> CheckIn:
    """Record a goal's value on a day."""
    reader_in(session).goal(goal_id)  # it must exist
    checkin = CheckIn(goal_id=goal_id, day=day, value=value, note=note)
    session.add(checkin)
    session.flush()
    return checkin


def set_checkin_note(session: Session, checkin_id: int, note: str) -> CheckIn:
    """Give a check-in its note (what happened, asked after it was saved)."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None:
        raise NotFoundError(
            f"there is no check-in {checkin_id}; `coach goal show ID` shows a goal's check-ins"
        )
    checkin.note = note
    session.add(checkin)
    session.flush()
    return checkin
