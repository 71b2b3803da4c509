"""`coach report`: progress, follow-through and strengths over a range of weeks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.common import FormatOption, OutputOption, check_id, journal_transaction, today
from coachcli.render.output import OutputFormat

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.domain.dates import IsoWeek
    from coachcli.views.report import ReportView


def load_report(session: Session, first: IsoWeek, last: IsoWeek, goal_id: int | None) -> ReportView:
    """Everything the report shows, read in one transaction."""
    from datetime import date

    from coachcli.cli.goals import build_view
    from coachcli.cli.weeks import active_goal_views, commitment_views
    from coachcli.domain.beliefs import belief_trend, last_quarter_start
    from coachcli.domain.report import strength_follow_through
    from coachcli.domain.themes import find_theme
    from coachcli.store.goals import get_goal
    from coachcli.store.reports import commitments_between, week_notes_between, writing_since
    from coachcli.store.strengths import list_strengths, strategy_strengths
    from coachcli.views.report import ReportView, StrengthRow, build_report_weeks

    current_day: date = today()
    goals = (
        [build_view(session, get_goal(session, goal_id))]
        if goal_id
        else active_goal_views(session, current_day)
    )
    rows = commitments_between(session, str(first), str(last), goal_id)
    commitments = commitment_views(session, rows)
    strengths = list_strengths(session)
    used = strategy_strengths(
        session, sorted({row.strategy_id for row in rows if row.strategy_id is not None})
    )
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
        today=current_day,
        goals=tuple(goals),
        weeks=build_report_weeks(
            first,
            last,
            today=current_day,
            commitments=commitments,
            notes=week_notes_between(session, str(first), str(last)),
        ),
        strengths=tuple(strength_rows),
        goal_id=goal_id,
        beliefs=belief_trend(writing_since(session, last_quarter_start(current_day)), current_day),
    )


def report(
    ctx: typer.Context,
    weeks: Annotated[
        int | None, typer.Option("--weeks", min=1, max=5200, help="The last N weeks (default 12).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From the week of this day.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="To the week of this day.")
    ] = None,
    goal: Annotated[
        int | None, typer.Option("--goal", callback=check_id, metavar="ID", help="Only this goal.")
    ] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Progress report: goals, weekly follow-through, strengths, what got in the way, deadlines."""
    from coachcli.domain.dates import parse_date
    from coachcli.domain.report import report_range
    from coachcli.render.output import emit
    from coachcli.render.report import markdown_report, rich_report

    current_day = today()
    if weeks is not None and (since is not None or until is not None):
        raise typer.BadParameter("give either --weeks or --since/--until, not both", param_hint="--weeks")
    first, last = report_range(
        current_day,
        weeks=weeks,
        since=parse_date(since, current_day, prefer="past") if since is not None else None,
        until=parse_date(until, current_day, prefer="past") if until is not None else None,
    )
    with journal_transaction(ctx, write=False) as session:
        view = load_report(session, first, last, goal)
    emit(view, fmt=fmt, output=output, rich=rich_report, markdown=markdown_report)


def show_report(ctx: typer.Context, **options: Any) -> None:
    """Run the report command from another command (the demo ends with it)."""
    report(ctx, **{"weeks": None, "since": None, "until": None, "goal": None, "fmt": OutputFormat.rich,
                   "output": None, **options})  # fmt: skip
