"""What the weekly session shows: its agenda, the commitments it asks about, and its closing summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.progress import completion_rate
from coachcli.domain.session import weeks_unfinished
from coachcli.domain.weeks import review_date
from coachcli.render.text import format_number
from coachcli.views.goals import GoalView, active_goal_views
from coachcli.views.strategies import IdeaView, StrategyView, goal_strategy_views, load_suggestions
from coachcli.views.weeks import CommitmentView, WeekView, commitment_views, load_week_view

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


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


def review_items(reader: Reader, rows: Sequence[Any]) -> tuple[ReviewItem, ...]:
    """Commitment rows to review, each with how many weeks it went unfinished before."""
    views = commitment_views(reader, rows)
    return tuple(
        ReviewItem(view, weeks_unfinished([earlier.status for earlier in reader.carried_chain(row)]))
        for view, row in zip(views, rows, strict=True)
    )


def load_session_review(
    reader: Reader, closed_week: IsoWeek, also: Sequence[int] = ()
) -> tuple[ReviewItem, ...]:
    """The open commitments of the week to close and earlier weeks (and the given ones, already begun)."""
    return review_items(reader, reader.commitments_to_review(str(closed_week), also))


def load_marked(
    reader: Reader, since: IsoWeek, closed: IsoWeek, answered: Sequence[int]
) -> tuple[ReviewItem, ...]:
    """What was marked since the last session (weeks `since` to `closed`), not in this session's review."""
    rows = [
        row
        for row in reader.commitments_between(str(since), str(closed))
        if row.status != "open" and row.id not in answered
    ]
    return review_items(reader, rows)


def load_agenda(reader: Reader, closed_week: IsoWeek, review_day: str, today: date) -> SessionAgenda:
    """What `coach session` will go through, and the stage of a stopped session for this week."""
    stopped = reader.resumable_session(str(closed_week))
    planned = IsoWeek.parse_iso(stopped.planned_week) if stopped else closed_week.next()
    return SessionAgenda(
        closed_week=closed_week,
        planned_week=planned,
        stage=stopped.stage if stopped else None,
        to_review=load_session_review(reader, closed_week),
        goals=active_goal_views(reader, today),
        review_day=review_day,
        next_session=review_date(planned, review_day),
        started=stopped.started.astimezone().date() if stopped else None,
    )


def load_options(reader: Reader, goal: GoalView, week: IsoWeek) -> GoalOptions:
    """A goal's active strategies with their follow-through, and ideas from the person's strengths for the
    session that plans `week`."""

    strategies = [s for s in goal_strategy_views(reader, goal.id) if s.status == "active"]
    counts = reader.strategy_status_counts([s.id for s in strategies])
    return build_goal_options(goal, strategies, counts, load_suggestions(reader, goal.id, week).ideas)


def load_summary(
    reader: Reader,
    closed: IsoWeek,
    planned: IsoWeek,
    steps: Mapping[tuple[str, str], str | None],
    today: date,
    *,
    wanted: str | None = None,
) -> SessionSummary:
    """What a session did: the weeks it looked back on, counted as `coach week` counts them (the very view),
    what it carried, the check-ins; and the planned week."""
    last = reader.last_session_week(str(closed))
    week = IsoWeek.parse_iso(last).next() if last else closed
    looked_back = []
    while week <= closed:
        looked_back.append(load_week_view(reader, week, today))
        week = week.next()
    carried = sum(
        1
        for (stage, item), answer in steps.items()
        if stage == "review" and item.endswith(":next") and answer and answer.startswith("carry")
    )
    goals = {goal.id: goal for goal in active_goal_views(reader, today)}
    checkins = tuple(
        (
            goals[int(item.split(":")[1])].title,
            format_number(float(answer), goals[int(item.split(":")[1])].unit),
        )
        for (stage, item), answer in steps.items()
        if stage == "reality"
        and answer is not None
        and item.count(":") == 1
        and int(item.split(":")[1]) in goals
    )
    plan = load_week_view(reader, planned, today)
    without = {goal.id for goal in plan.goals_without_commitments}
    return SessionSummary(
        closed_week=closed,
        planned_week=planned,
        weeks=tuple(looked_back),
        carried=carried,
        checkins=checkins,
        planned=plan.commitments,
        goals_without_commitment=tuple(goal for goal in goals.values() if goal.id in without),
        wanted=wanted,
    )
