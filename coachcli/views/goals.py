"""A goal as every command shows it (progress, SMART, forecast), and `coach goal list`: plain data built from
journal rows and the pure domain logic. What `coach goal show` adds around it is views/goal_detail.py's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from coachcli.domain.progress import (
    Forecast,
    GoalNumbers,
    current_value,
    forecast,
    goal_progress,
    significant,
    starting_value,
)
from coachcli.domain.smart import SmartScorecard, smart_scorecard

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


@dataclass(frozen=True)
class CheckInView:
    """One check-in of a goal."""

    id: int
    date: date
    value: float
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date.isoformat(), "value": self.value, "note": self.note}


@dataclass(frozen=True)
class GoalView:
    """A goal with its computed scorecard, progress and forecast."""

    id: int
    title: str
    status: str
    measure: str | None
    unit: str | None
    baseline: float | None
    target: float | None
    current: float | None
    progress: float | None
    deadline: date | None
    why: str | None
    achievable: str | None
    tags: tuple[str, ...]
    created: date
    closed: date | None
    smart: SmartScorecard
    forecast: Forecast | None
    days_left: int | None
    checkins: tuple[CheckInView, ...] = ()

    @property
    def numbers(self) -> GoalNumbers:
        """The goal's numbers in a person's words, as precise as the person's own."""
        values = [checkin.value for checkin in sorted(self.checkins, key=lambda checkin: checkin.date)]
        return GoalNumbers.of(self.baseline, self.target, self.current, self.unit, values)

    def to_json(self) -> dict[str, Any]:
        """The SPEC's goal object."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "measure": self.measure,
            "unit": self.unit,
            "baseline": self.baseline,
            "target": self.target,
            "current": self.current,
            "progress": significant(self.progress),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "why": self.why,
            "achievable": self.achievable,
            "tags": list(self.tags),
            "created": self.created.isoformat(),
            "closed": self.closed.isoformat() if self.closed else None,
            "smart": self.smart.as_dict(),
            "forecast": self.forecast.as_dict() if self.forecast else None,
            "days_left": self.days_left,
        }


def build_goal_view(goal: Any, *, tags: Sequence[str], checkins: Sequence[Any], today: date) -> GoalView:
    """A GoalView from a goal row, its tags and its check-in rows (oldest first)."""
    points = [(checkin.day, checkin.value) for checkin in checkins]
    current = current_value(goal.baseline, points)
    days_left = (goal.deadline - today).days if goal.deadline else None
    return GoalView(
        id=goal.id,
        title=goal.title,
        status=goal.status,
        measure=goal.measure,
        unit=goal.unit,
        baseline=goal.baseline,
        target=goal.target,
        current=current,
        progress=goal_progress(
            starting_value(goal.baseline, goal.target, [value for _, value in points]), goal.target, current
        ),
        deadline=goal.deadline,
        why=goal.why,
        achievable=goal.achievable,
        tags=tuple(tags),
        created=goal.created,
        closed=goal.closed,
        smart=smart_scorecard(
            title=goal.title,
            measure=goal.measure,
            target=goal.target,
            achievable=goal.achievable,
            why=goal.why,
            deadline=goal.deadline,
            created=goal.created,
        ),
        forecast=(  # a done or dropped goal has nothing left to forecast
            forecast(
                checkins=points,
                baseline=goal.baseline,
                target=goal.target,
                deadline=goal.deadline,
                today=today,
            )
            if goal.status == "active"
            else None
        ),
        days_left=days_left,
        checkins=tuple(CheckInView(c.id, c.day, c.value, c.note) for c in checkins),
    )


def goal_view_from_export(goal: dict[str, Any], checkins: Sequence[dict[str, Any]], today: date) -> GoalView:
    """A GoalView from export-format records (used to add computed keys to an export)."""

    def day(text: str | None) -> date | None:
        return None if text is None else date.fromisoformat(text)

    row = SimpleNamespace(**{**goal, "deadline": day(goal["deadline"]), "created": day(goal["created"]),
                             "closed": day(goal["closed"])})  # fmt: skip
    points = [
        SimpleNamespace(id=c["id"], day=day(c["date"]), value=c["value"], note=c["note"]) for c in checkins
    ]
    points.sort(key=lambda point: (point.day, point.id))
    return build_goal_view(row, tags=goal["tags"], checkins=points, today=today)


@dataclass(frozen=True)
class GoalListView:
    """The goals `coach goal list` shows."""

    goals: tuple[GoalView, ...]
    include_closed: bool = False
    tag: str | None = None

    def to_json(self) -> list[dict[str, Any]]:
        return [goal.to_json() for goal in self.goals]


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
