"""What `coach report` shows: goals, weekly follow-through, strengths, obstacles and deadlines, as plain data."""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from coachcli.domain.beliefs import BeliefTrend
from coachcli.domain.dates import IsoWeek, week_range
from coachcli.domain.progress import completion_rate
from coachcli.domain.report import ChartPoint, StrengthFollowThrough, add_counts, chart_points
from coachcli.domain.vocabulary import OBSTACLE_STATUSES, GoalStatus
from coachcli.views.goals import GoalView
from coachcli.views.weeks import CommitmentView, WeekNoteView, WeekView, build_week_view

DEADLINE_HORIZON_DAYS = 30


class StrengthRow(NamedTuple):
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
            "completion_rate": self.follow_through.completion_rate,
        }


class ReportView(NamedTuple):
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
            "completion_rate": self.completion_rate,
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
