"""Loading the weekly session: the commitments to review with their carried history, the goals, the agenda."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.session import weeks_unfinished
from coachcli.domain.weeks import review_date
from coachcli.views.loaders.goals import active_goal_views
from coachcli.views.loaders.weeks import commitment_views
from coachcli.views.session import GoalOptions, ReviewItem, SessionAgenda, SessionSummary, build_goal_options

if TYPE_CHECKING:
    from coachcli.store.reader import Reader
    from coachcli.views.goals import GoalView


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
        started=stopped.started.date() if stopped else None,
    )


def load_options(reader: Reader, goal: GoalView, week: IsoWeek) -> GoalOptions:
    """A goal's active strategies with their follow-through, and ideas from the person's strengths for the
    session that plans `week`."""
    from coachcli.views.loaders.strategies import goal_strategy_views, load_suggestions

    strategies = [s for s in goal_strategy_views(reader, goal.id) if s.status == "active"]
    counts = reader.strategy_status_counts([s.id for s in strategies])
    return build_goal_options(goal, strategies, counts, load_suggestions(reader, goal.id, week).ideas)


def load_summary(
    reader: Reader,
    closed: IsoWeek,
    planned: IsoWeek,
    steps: Mapping[tuple[str, str], str | None],
    today: date,
) -> SessionSummary:
    """What a session did, from the questions it asked: reviewed, carried, check-ins; and the planned week."""
    from coachcli.domain.vocabulary import COMMITMENT_STATUSES
    from coachcli.render.text import format_number
    from coachcli.views.loaders.weeks import load_week_view

    reviewed: dict[str, int] = {str(status): 0 for status in COMMITMENT_STATUSES[1:]}
    carried = 0
    for (stage, item), answer in steps.items():
        if stage == "review" and item.endswith(":status") and answer in reviewed:
            reviewed[answer] += 1
        if stage == "review" and item.endswith(":next") and answer and answer.startswith("carry"):
            carried += 1
    goals = {goal.id: goal for goal in active_goal_views(reader, today)}
    checkins = tuple(
        (
            goals[int(item.split(":")[1])].title,
            format_number(float(answer), goals[int(item.split(":")[1])].unit),
        )
        for (stage, item), answer in steps.items()
        if stage == "reality" and answer is not None and int(item.split(":")[1]) in goals
    )
    week = load_week_view(reader, planned, today)
    without = {goal.id for goal in week.goals_without_commitments}
    return SessionSummary(
        closed_week=closed,
        planned_week=planned,
        reviewed=reviewed,
        carried=carried,
        checkins=checkins,
        planned=week.commitments,
        goals_without_commitment=tuple(goal for goal in goals.values() if goal.id in without),
    )
