"""`coach brief`: what a person sends their coach before a session, in Markdown, HTML or JSON."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.console import say
from coachcli.cli.options import OutputOption, goal_option
from coachcli.cli.transaction import journal_reader
from coachcli.environment import today
from coachcli.errors import InputError
from coachcli.render.output import format_from_extension, to_json_text, write_out, write_output


class BriefFormat(StrEnum):
    """The formats of a brief: Markdown to paste, one HTML page with charts, JSON for scripts."""

    markdown = "markdown"
    html = "html"
    json = "json"


# What a brief can be written as, by the kind an --output extension names (render.output.EXTENSION_KINDS).
BRIEF_KINDS = {"markdown": BriefFormat.markdown, "html": BriefFormat.html, "json": BriefFormat.json}


def choose_format(fmt: BriefFormat | None, output: Path | None) -> BriefFormat:
    """The format asked for; without one, what the --output file's extension names; else Markdown."""
    if fmt is not None:
        return fmt
    return format_from_extension(output, BRIEF_KINDS, "brief") or BriefFormat.markdown


def brief(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="From this day (default: the last two weeks looked back on)."
        ),
    ] = None,
    goal: Annotated[int | None, goal_option("Only this goal.")] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", metavar="TAG", help="Only goals and reflections with this tag.")
    ] = None,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="markdown (the default), html (one page with charts) or json. Without it, -o FILE.html is HTML.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """What to send your coach: goals, what you committed to and what happened, reflections, the plan.

    \b
    Examples:
      coach brief -o brief.html
      coach brief --since 2026-10-01 --goal 1 -f markdown
    """
    from coachcli.domain.dates import parse_date
    from coachcli.domain.weeks import week_to_close
    from coachcli.settings import review_day
    from coachcli.views.brief import brief_period, load_brief

    if goal is not None and tag is not None:
        raise typer.BadParameter("give either --goal or --tag, not both", param_hint="--goal")
    if tag is not None and not tag.strip():
        raise InputError("--tag is empty; give a tag or leave the option out")
    current_day = today()
    first, last = brief_period(
        current_day,
        parse_date(since, current_day, prefer="past") if since is not None else None,
        week_to_close(current_day, review_day()),
    )
    chosen = choose_format(fmt, output)
    with journal_reader(ctx) as reader:
        view = load_brief(
            reader,
            first,
            last,
            current_day,
            review_day=review_day(),
            goal_id=goal,
            tag=tag.strip() if tag else None,
        )
    if chosen is BriefFormat.json:
        text = to_json_text(view.to_json())
    elif chosen is BriefFormat.html:
        from coachcli.render.brief_html import html_brief

        text = html_brief(view)
    else:
        from coachcli.render.brief import markdown_brief

        text = markdown_brief(view)
    if output is not None:
        write_output(output, text)
        say(f"Brief written to {output}.")
    else:
        write_out(text)
