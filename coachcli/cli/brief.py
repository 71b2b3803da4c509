"""`coach brief`: what a person sends their coach before a session, in Markdown, HTML or JSON."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.common import OutputOption, check_id, journal_transaction, today
from coachcli.errors import InputError

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.store.models import Commitment
    from coachcli.views.brief import BriefView


class BriefFormat(StrEnum):
    """The formats of a brief: Markdown to paste, one HTML page with charts, JSON for scripts."""

    markdown = "markdown"
    html = "html"
    json = "json"


# Without --format, an --output file's suffix chooses: `-o brief.html` writes HTML.
SUFFIX_FORMATS = {".html": BriefFormat.html, ".htm": BriefFormat.html, ".json": BriefFormat.json}


def load_brief(
    session: Session, first: date, last: date, current_day: date, *, goal_id: int | None, tag: str | None
) -> BriefView:
    """Everything the brief shows, read in one transaction, through the views `week`, `goal show` and `report` use."""
    from coachcli.cli.goals import build_view
    from coachcli.cli.weeks import commitment_views
    from coachcli.domain.weeks import week_to_plan
    from coachcli.settings import review_day
    from coachcli.store.goals import get_goal, goal_checkins, goal_tags, list_goals
    from coachcli.store.reflections import find_reflections, reflection_tags
    from coachcli.store.reports import commitments_between, latest_session_questions, week_notes_between
    from coachcli.store.weeks import week_commitments
    from coachcli.views.brief import (
        BriefView,
        BriefWeek,
        SessionQuestions,
        brief_goals,
        period_weeks,
        shown_goal,
        split_questions,
    )
    from coachcli.views.goals import build_goal_view
    from coachcli.views.journal import build_reflection_views
    from coachcli.views.report import build_report_weeks

    if goal_id is not None:
        goals = [build_view(session, get_goal(session, goal_id))]
    else:
        rows = list_goals(session, statuses=("active", "done", "dropped"), tag=tag)
        ids = [row.id or 0 for row in rows]
        tags, checkins = goal_tags(session, ids), goal_checkins(session, ids)
        goals = [
            view
            for row in rows
            if shown_goal(
                view := build_goal_view(
                    row, tags=tags[row.id or 0], checkins=checkins[row.id or 0], today=current_day
                ),
                first,
            )
        ]
    goal_ids = {goal.id for goal in goals}
    narrowed = goal_id is not None or tag is not None

    def wanted(rows: list[Commitment]) -> list[Commitment]:
        return [row for row in rows if not narrowed or row.goal_id in goal_ids]

    planned_week = week_to_plan(current_day, review_day())
    weeks = period_weeks(first, last, planned_week)
    week_views: tuple[BriefWeek, ...] = ()
    if weeks:
        names = {str(week) for week in weeks}
        rows = [
            row
            for row in wanted(commitments_between(session, str(weeks[0]), str(weeks[-1])))
            if row.week in names
        ]
        notes = {} if narrowed else week_notes_between(session, str(weeks[0]), str(weeks[-1]))
        all_weeks = build_report_weeks(
            weeks[0], weeks[-1], today=current_day, commitments=commitment_views(session, rows), notes=notes
        )
        week_views = tuple(BriefWeek(week) for week in all_weeks if week.week in weeks)
    reflection_rows = find_reflections(
        session,
        goal_id=goal_id,
        tag=tag if goal_id is None else None,
        since=first,
        until=last,
        include_private=False,
    )
    reflections = build_reflection_views(
        list(reversed(reflection_rows)), reflection_tags(session, [row.id or 0 for row, _ in reflection_rows])
    )
    planned = commitment_views(session, wanted(week_commitments(session, str(planned_week))))
    asked = latest_session_questions(session)
    questions = (
        SessionQuestions(asked.id or 0, asked.started.date(), split_questions(asked.questions))
        if asked is not None
        else None
    )
    return BriefView(
        first=first,
        last=last,
        today=current_day,
        goals=brief_goals(goals, first, last),
        weeks=week_views,
        reflections=reflections,
        planned_week=planned_week,
        planned=tuple(planned),
        questions=questions if questions and questions.questions else None,
        goal_id=goal_id,
        tag=tag,
    )


def choose_format(fmt: BriefFormat | None, output: Path | None) -> BriefFormat:
    """The format asked for; without one, what the --output file's suffix says; else Markdown."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), BriefFormat.markdown)
    return BriefFormat.markdown


def brief(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="From this day (default: the Monday of last week)."),
    ] = None,
    goal: Annotated[
        int | None, typer.Option("--goal", callback=check_id, metavar="ID", help="Only this goal.")
    ] = None,
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
    """What to send your coach: goals, what you committed to and what happened, reflections, the plan."""
    from coachcli.domain.dates import parse_date
    from coachcli.render.output import to_json_text, write_file_atomically
    from coachcli.views.brief import brief_period

    if goal is not None and tag is not None:
        raise typer.BadParameter("give either --goal or --tag, not both", param_hint="--goal")
    if tag is not None and not tag.strip():
        raise InputError("--tag is empty; give a tag or leave the option out")
    current_day = today()
    first, last = brief_period(
        current_day, parse_date(since, current_day, prefer="past") if since is not None else None
    )
    chosen = choose_format(fmt, output)
    with journal_transaction(ctx, write=False) as session:
        view = load_brief(session, first, last, current_day, goal_id=goal, tag=tag.strip() if tag else None)
    if chosen is BriefFormat.json:
        text = to_json_text(view.to_json())
    elif chosen is BriefFormat.html:
        from coachcli.render.brief_html import html_brief

        text = html_brief(view)
    else:
        from coachcli.render.brief import markdown_brief

        text = markdown_brief(view)
    if output is not None:
        write_file_atomically(output, text)
        from coachcli.cli.common import say
        from coachcli.render.text import rich_escape

        say(f"Brief written to {rich_escape(str(output))}.")
    else:
        import sys

        sys.stdout.write(text)
        sys.stdout.flush()
