"""Loading the whole-journal export: every stored row for JSON, and the same journal as views for Markdown."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coachcli.store.reader import Reader
    from coachcli.views.export import JournalExportView
    from coachcli.views.strategies import StrategyView
    from coachcli.views.weeks import CommitmentView

COMPUTED_GOAL_KEYS = ("current", "progress", "smart", "forecast")


def export_document(reader: Reader, today: date) -> dict[str, Any]:
    """The export: every stored row, ids kept, goals with their computed SPEC keys as well."""
    from coachcli.domain.export_format import EXPORT_VERSION
    from coachcli.store.transfer import read_journal
    from coachcli.views.goals import goal_view_from_export

    journal = read_journal(reader)
    checkins_by_goal: dict[int, list[dict[str, Any]]] = {}
    for checkin in journal["checkins"]:
        checkins_by_goal.setdefault(checkin["goal_id"], []).append(checkin)
    for goal in journal["goals"]:
        view = goal_view_from_export(goal, checkins_by_goal.get(goal["id"], []), today).to_json()
        goal.update({key: view[key] for key in COMPUTED_GOAL_KEYS})
    return {"version": EXPORT_VERSION, **journal}


def load_journal_export(reader: Reader, today: date) -> JournalExportView:
    """The whole journal as views, for the Markdown export (read in the export's transaction)."""
    # The views of every part of the journal: imported here, as the JSON export needs none of them.
    from coachcli.domain.dates import IsoWeek
    from coachcli.domain.vocabulary import GOAL_STATUSES, STRATEGY_STATUSES
    from coachcli.views.export import JournalExportView
    from coachcli.views.goals import GoalDetailView
    from coachcli.views.journal import build_reflection_views
    from coachcli.views.loaders.goals import goal_views
    from coachcli.views.loaders.strategies import strategy_views
    from coachcli.views.loaders.strengths import own_strengths
    from coachcli.views.loaders.weeks import commitment_views
    from coachcli.views.weeks import WeekNoteView, build_week_view

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
