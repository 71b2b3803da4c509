"""What `coach report` shows: goals, weekly follow-through, strengths, obstacles and deadlines, as plain data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coachcli.domain.beliefs import BeliefTrend, belief_trend, last_quarter_start
from coachcli.domain.dates import IsoWeek, week_range
from coachcli.domain.progress import completion_rate, significant
from coachcli.domain.report import (
    ChartPoint,
    StrengthFollowThrough,
    add_counts,
    chart_points,
    strength_follow_through,
)
from coachcli.domain.themes import find_theme
from coachcli.domain.vocabulary import OBSTACLE_STATUSES, GoalStatus
from coachcli.views.goals import GoalView, active_goal_views, load_goal_view
from coachcli.views.weeks import CommitmentView, WeekNoteView, WeekView, build_week_view, commitment_views

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


DEADLINE_HORIZON_DAYS = 30


@dataclass(frozen=True)
class StrengthRow:
    """A strength and the follow-through of the commitments made through strategies that use it."""

    name: str
    kind: str
    domain: str | None
    follow_through: StrengthFollowThrough

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "domain": self.domain,
            "commitments": self.follow_through.commitments,
            "counts": dict(self.follow_through.counts),
            "completion_rate": significant(self.follow_through.completion_rate),
        }


@dataclass(frozen=True)
class ReportView:
    """A progress report over a range of ISO weeks."""

    first: IsoWeek
    last: IsoWeek
    today: date
    goals: tuple[GoalView, ...]
    weeks: tuple[WeekView, ...]
    strengths: tuple[StrengthRow, ...]
    goal_id: int | None = None
    beliefs: BeliefTrend | None = None  # belief language this quarter and last, over all that was written

    @property
    def counts(self) -> dict[str, int]:
        return add_counts(week.counts for week in self.weeks)

    @property
    def completion_rate(self) -> float | None:
        return completion_rate(self.counts)

    @property
    def chart(self) -> list[ChartPoint]:
        return chart_points([(week.week, week.counts) for week in self.weeks])

    @property
    def obstacles(self) -> list[CommitmentView]:
        """Partly done and not done commitments with a note, most recent first: what got in the way."""
        return [
            commitment
            for week in reversed(self.weeks)
            for commitment in reversed(week.commitments)
            if commitment.status in OBSTACLE_STATUSES and commitment.note
        ]

    @property
    def deadlines(self) -> list[GoalView]:
        """Active goals due within the next 30 days (or overdue), soonest first."""
        horizon = self.today + timedelta(days=DEADLINE_HORIZON_DAYS)
        due = [
            g
            for g in self.goals
            if g.status == GoalStatus.ACTIVE and g.deadline is not None and g.deadline <= horizon
        ]
        return sorted(due, key=lambda goal: (goal.deadline, goal.id))

    def to_json(self) -> dict[str, Any]:
        """The SPEC's report object, with the obstacles and near deadlines besides."""
        return {
            "from": self.first.start.isoformat(),
            "to": self.last.end.isoformat(),
            "first_week": str(self.first),
            "last_week": str(self.last),
            "goal_id": self.goal_id,
            "goals": [goal.to_json() for goal in self.goals],
            "weeks": [week.to_json() for week in self.weeks],
            "counts": self.counts,
            "completion_rate": significant(self.completion_rate),
            "strengths": [strength.to_json() for strength in self.strengths],
            "beliefs": self.beliefs.to_json() if self.beliefs is not None else None,
            "obstacles": [
                {**commitment.to_json(), "goal_title": commitment.goal_title} for commitment in self.obstacles
            ],
            "deadlines": [
                {
                    "goal_id": goal.id,
                    "title": goal.title,
                    "deadline": goal.deadline.isoformat(),
                    "days_left": goal.days_left,
                }
                for goal in self.deadlines
                if goal.deadline is not None
            ],
        }


def build_report_weeks(
    first: IsoWeek,
    last: IsoWeek,
    *,
    today: date,
    commitments: Sequence[CommitmentView],
    notes: Mapping[str, str],
) -> tuple[WeekView, ...]:
    """A WeekView for every week of the range, empty weeks included, from the range's commitments."""
    by_week: dict[str, list[CommitmentView]] = {}
    for commitment in commitments:
        by_week.setdefault(commitment.week, []).append(commitment)
    return tuple(
        build_week_view(
            week,
            today=today,
            commitments=by_week.get(str(week), []),
            week_note=WeekNoteView(str(week), notes[str(week)]) if str(week) in notes else None,
        )
        for week in week_range(first, last)
    )


def load_report(
    reader: Reader, first: IsoWeek, last: IsoWeek, goal_id: int | None, today: date
) -> ReportView:
    """Everything the report shows from `first` to `last` (of one goal, when given), read in one transaction."""
    goals = (load_goal_view(reader, goal_id, today),) if goal_id else active_goal_views(reader, today)
    rows = reader.commitments_between(str(first), str(last), goal_id)
    commitments = commitment_views(reader, rows)
    strengths = reader.strengths()
    used = reader.strategy_strengths(sorted({row.strategy_id for row in rows if row.strategy_id is not None}))
    follow_through = strength_follow_through(
        [strength.name for strength in strengths], [(row.strategy_id, row.status) for row in rows], used
    )
    strength_rows = []
    for strength, row in zip(strengths, follow_through, strict=True):
        theme = find_theme(strength.name) if strength.kind == "theme" else None
        strength_rows.append(StrengthRow(strength.name, strength.kind, theme.domain if theme else None, row))
    return ReportView(
        first=first,
        last=last,
        today=today,
        goals=goals,
        weeks=build_report_weeks(
            first,
            last,
            today=today,
            commitments=commitments,
            notes=reader.week_notes_between(str(first), str(last)),
        ),
        strengths=tuple(strength_rows),
        goal_id=goal_id,
        beliefs=belief_trend(reader.writing_since(last_quarter_start(today)), today),
    )
