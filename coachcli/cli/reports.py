"""`coach report`: progress, follow-through and strengths over a range of weeks."""

from typing import Annotated

import typer

from coachcli.cli.options import FormatOption, OutputOption, goal_option
from coachcli.cli.transaction import journal_reader
from coachcli.domain.limits import MAX_WEEKS
from coachcli.environment import today
from coachcli.render.output import OutputFormat, emit


def report(
    ctx: typer.Context,
    weeks: Annotated[
        int | None, typer.Option("--weeks", min=1, max=MAX_WEEKS, help="The last N weeks (default 12).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From the week of this day.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="To the week of this day.")
    ] = None,
    goal: Annotated[int | None, goal_option("Only this goal.")] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Progress report: goals, weekly follow-through, strengths, what got in the way, deadlines.

    \b
    Examples:
      coach report
      coach report --weeks 12 -o report.md
      coach report --since 2026-09-01 --until 2026-11-30 -f json
    """
    from coachcli.domain.dates import parse_date
    from coachcli.domain.report import report_range
    from coachcli.render.report import markdown_report, rich_report
    from coachcli.views.report import load_report

    current_day = today()
    if weeks is not None and (since is not None or until is not None):
        raise typer.BadParameter("give either --weeks or --since/--until, not both", param_hint="--weeks")
    first, last = report_range(
        current_day,
        weeks=weeks,
        since=parse_date(since, current_day, prefer="past") if since is not None else None,
        until=parse_date(until, current_day, prefer="past") if until is not None else None,
    )
    with journal_reader(ctx) as reader:
        view = load_report(reader, first, last, goal, current_day)
    emit(view, fmt=fmt, output=output, rich=rich_report, markdown=markdown_report)
