"""What the Markdown export shows: the whole journal as the views `week`, `goal show` and `journal` use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import GOAL_STATUSES, STRATEGY_STATUSES
from coachcli.views.goal_detail import GoalDetailView
from coachcli.views.goals import goal_views
from coachcli.views.journal import ReflectionView, build_reflection_views
from coachcli.views.strategies import strategy_views
from coachcli.views.strengths import StrengthView, own_strengths
from coachcli.views.weeks import WeekNoteView, WeekView, build_week_view, commitment_views

if TYPE_CHECKING:
    from coachcli.store.reader import Reader
    from coachcli.views.strategies import StrategyView
    from coachcli.views.weeks import CommitmentView


@dataclass(frozen=True)
class JournalExportView:
    """Every part of the journal, in the order a person reads it: strengths, goals, weeks, reflections."""

    strengths: tuple[StrengthView, ...]
    goals: tuple[GoalDetailView, ...]  # every goal with its check-ins and strategies
    weeks: tuple[WeekView, ...]  # newest first: the weeks with commitments or a note
    reflections: tuple[ReflectionView, ...]  # newest first


def load_journal_export(reader: Reader, today: date) -> JournalExportView:
    """The whole journal as views, for the Markdown export (read in the export's transaction)."""
    goals = goal_views(reader, reader.goals(GOAL_STATUSES), today)
    strategies = strategy_views(reader, reader.strategies(STRATEGY_STATUSES))
    by_goal: dict[int, list[StrategyView]] = {}
    for strategy in strategies:
        by_goal.setdefault(strategy.goal_id, []).append(strategy)
    commitments = commitment_views(reader, reader.commitments_between(None, None))
    by_week: dict[str, list[CommitmentView]] = {}
    for commitment in commitments:
        by_week.setdefault(commitment.week, []).append(commitment)
    notes = reader.week_notes_between(None, None)
    weeks = tuple(
        build_week_view(
            IsoWeek.parse_iso(week),
            today=today,
            commitments=by_week.get(week, []),
            week_note=WeekNoteView(week, notes[week]) if week in notes else None,
        )
        for week in sorted(set(by_week) | set(notes), reverse=True)
    )
    rows = reader.reflections()
    return JournalExportView(
        strengths=own_strengths(reader),
        goals=tuple(GoalDetailView(goal, strategies=tuple(by_goal.get(goal.id, ()))) for goal in goals),
        weeks=weeks,
        reflections=build_reflection_views(rows, reader.reflection_tags([row.id for row, _ in rows])),
    )
