"""Loading the brief: the goals, weeks, reflections, plan and questions of a period, as week, goal show and
report load them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.vocabulary import GOAL_STATUSES
from coachcli.domain.weeks import week_to_plan
from coachcli.views.brief import (
    BriefView,
    BriefWeek,
    SessionQuestions,
    SessionWish,
    brief_goals,
    period_weeks,
    shown_goal,
    split_questions,
)
from coachcli.views.goals import GoalView
from coachcli.views.journal import build_reflection_views
from coachcli.views.loaders.goals import goal_views, load_goal_view
from coachcli.views.loaders.weeks import commitment_views
from coachcli.views.report import build_report_weeks

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


def load_brief(
    reader: Reader,
    first: date,
    last: date,
    today: date,
    *,
    review_day: str,
    goal_id: int | None = None,
    tag: str | None = None,
) -> BriefView:
    """Everything a brief shows from `first` to `last`, of one goal or one tag when given, in one transaction.

    Private reflections are left out here, at the query, so no renderer can show one.
    """
    goals: tuple[GoalView, ...]
    if goal_id is not None:
        goals = (load_goal_view(reader, goal_id, today),)
    else:
        every = goal_views(reader, reader.goals(GOAL_STATUSES, tag), today)
        goals = tuple(goal for goal in every if shown_goal(goal, first))
    narrowed = goal_id is not None or tag is not None
    goal_ids = {goal.id for goal in goals}

    def wanted(rows: Sequence[Any]) -> list[Any]:
        return [row for row in rows if not narrowed or row.goal_id in goal_ids]

    planned_week = week_to_plan(today, review_day)
    weeks = period_weeks(first, last, planned_week)
    brief_weeks: tuple[BriefWeek, ...] = ()
    wishes: tuple[SessionWish, ...] = ()
    if weeks:
        start, end = str(weeks[0]), str(weeks[-1])
        names = {str(week) for week in weeks}
        rows = [row for row in wanted(reader.commitments_between(start, end)) if row.week in names]
        notes = {} if narrowed else reader.week_notes_between(start, end)
        views = build_report_weeks(
            weeks[0], weeks[-1], today=today, commitments=commitment_views(reader, rows), notes=notes
        )
        brief_weeks = tuple(BriefWeek(week) for week in views if str(week.week) in names)
        if not narrowed:
            wishes = tuple(
                SessionWish(row.id, row.closed_week, row.wanted) for row in reader.session_wishes(start, end)
            )
    found = reader.reflections(
        goal_id=goal_id,
        tag=tag if goal_id is None else None,
        since=first,
        until=last,
        include_private=False,
    )
    found.reverse()  # oldest first, as the weeks are
    reflections = build_reflection_views(found, reader.reflection_tags([row.id for row, _ in found]))
    asked = reader.latest_session_questions()
    questions = split_questions(asked.questions) if asked is not None else ()
    return BriefView(
        first=first,
        last=last,
        today=today,
        goals=brief_goals(goals, first, last),
        weeks=brief_weeks,
        reflections=reflections,
        planned_week=planned_week,
        planned=tuple(commitment_views(reader, wanted(reader.week_commitments(str(planned_week))))),
        questions=(
            SessionQuestions(asked.id, asked.started.date(), questions)
            if asked is not None and questions
            else None
        ),
        goal_id=goal_id,
        tag=tag,
        wanted=wishes,
    )
