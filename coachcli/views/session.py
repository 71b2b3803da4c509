"""What the weekly session shows: its agenda, the commitments it asks about, and its closing summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.progress import completion_rate
from coachcli.views.goals import GoalView
from coachcli.views.strategies import IdeaView, StrategyView
from coachcli.views.weeks import CommitmentView, WeekView

MAX_IDEAS = 3  # ideas from strengths offered per goal in a session


@dataclass(frozen=True)
class ReviewItem:
    """A commitment to look back on, with how many weeks it went unfinished before (along `carried_from`)."""

    commitment: CommitmentView
    earlier_unfinished: int = 0


@dataclass(frozen=True)
class SessionAgenda:
    """The session for the week to close and the week to plan: what it will ask about, and where it stands."""

    closed_week: IsoWeek
    planned_week: IsoWeek
    stage: str | None  # where a stopped session resumes; None when none is under way
    to_review: tuple[ReviewItem, ...]
    goals: tuple[GoalView, ...]
    review_day: str
    next_session: date
    started: date | None = None

    def to_json(self) -> dict[str, Any]:
        """The SPEC's agenda: closed_week, planned_week, stage, to_review (commitments), goals."""
        return {
            "closed_week": str(self.closed_week),
            "planned_week": str(self.planned_week),
            "stage": self.stage,
            "to_review": [item.commitment.to_json() for item in self.to_review],
            "goals": [goal.to_json() for goal in self.goals],
            "review_day": self.review_day,
            "next_session": self.next_session.isoformat(),
        }


@dataclass(frozen=True)
class SessionSummary:
    """The close of a session: what was reviewed, the check-ins, the planned commitments."""

    closed_week: IsoWeek
    planned_week: IsoWeek
    # The weeks looked back on (since the last session, the week to close last), as `coach week` shows them.
    weeks: tuple[WeekView, ...]
    carried: int
    checkins: tuple[tuple[str, str], ...]  # (goal title, value as shown)
    planned: tuple[CommitmentView, ...]
    goals_without_commitment: tuple[GoalView, ...]
    wanted: str | None = None  # what the person wanted from this session


@dataclass(frozen=True)
class StrategyFollowThrough:
    """A strategy of a goal and how its commitments went so far."""

    strategy: StrategyView
    counts: dict[str, int]
    completion_rate: float | None


@dataclass(frozen=True)
class GoalOptions:
    """A goal's strategies, best-working first, and ideas from the person's strengths it does not have yet."""

    goal: GoalView
    strategies: tuple[StrategyFollowThrough, ...]
    ideas: tuple[IdeaView, ...]

    def idea(self, answer: str) -> IdeaView | None:
        """The idea an answer names by its number, if it does."""
        typed = answer.strip()
        return next((idea for idea in self.ideas if typed == str(idea.number)), None)


def build_goal_options(
    goal: GoalView,
    strategies: Sequence[StrategyView],
    counts: Mapping[int, Mapping[str, int]],
    ideas: Sequence[IdeaView],
) -> GoalOptions:
    """Rank a goal's strategies by follow-through (those never tried last) and keep the new ideas, renumbered."""
    rows = [
        StrategyFollowThrough(
            strategy, dict(counts.get(strategy.id, {})), completion_rate(counts.get(strategy.id, {}))
        )
        for strategy in strategies
    ]
    rows.sort(key=lambda row: (row.completion_rate is None, -(row.completion_rate or 0.0), row.strategy.id))
    new = [idea for idea in ideas if idea.strategy_id is None][:MAX_IDEAS]
    return GoalOptions(
        goal,
        tuple(rows),
        tuple(IdeaView(number, idea.strength, idea.text, None) for number, idea in enumerate(new, start=1)),
    )
