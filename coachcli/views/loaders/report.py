"""Loading the progress report: goals, weekly follow-through, strengths, over a range of weeks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachcli.domain.beliefs import belief_trend, last_quarter_start
from coachcli.domain.dates import IsoWeek
from coachcli.domain.report import strength_follow_through
from coachcli.domain.themes import find_theme
from coachcli.views.loaders.goals import active_goal_views, load_goal_view
from coachcli.views.loaders.weeks import commitment_views
from coachcli.views.report import ReportView, StrengthRow, build_report_weeks

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


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
