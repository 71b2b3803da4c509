"""`coach week review` and `coach week plan` on a terminal: the session's review, reflect and will stages, alone.

They hold the same conversation as `coach session` (coachcli.prompts.session), without a session record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from coachcli.cli.console import say
from coachcli.cli.transaction import journal_reader
from coachcli.domain.dates import IsoWeek
from coachcli.environment import today
from coachcli.prompts.session import Conversation, decide_next, reflect_stage, review_stage, will_stage
from coachcli.render.output import OutputFormat, emit
from coachcli.render.plan import rich_plan_header
from coachcli.render.weeks import counts_text, markdown_week, review_close_lines, rich_week, week_span
from coachcli.views.session import review_items
from coachcli.views.weeks import load_week_view

if TYPE_CHECKING:
    from coachcli.views.plan import PlanView, ReviewListView


def review_week(ctx: typer.Context, view: ReviewListView, planned: IsoWeek) -> None:
    """The review of `view.week`: each open commitment, then the week note, then how the week stands."""
    target = view.week
    if target is None:
        return
    say(
        (f"Looking back at {target}", "bold"),
        f" ({week_span(target)}). Whatever happened, it is information.",
    )
    ids = {commitment.id for commitment in view.commitments}
    with journal_reader(ctx) as reader:
        items = review_items(reader, [row for row in reader.week_commitments(str(target)) if row.id in ids])
    if not items:
        say(f"{target} has no open commitments.")
    conv = Conversation(ctx, closed=target, planned=planned)
    review_stage(conv, items)
    say("")
    reflect_stage(conv, target, view.note.text if view.note else None)
    with journal_reader(ctx) as reader:
        week_view = load_week_view(reader, target, today())
    say("\n", (str(target), "bold"), f": {counts_text(week_view.counts, week_view.completion_rate)}")
    later = [week for week, _ in week_view.needs_review if week != str(target) and week <= str(planned)]
    if later:
        say(
            f"{', '.join(later)} still {'has' if len(later) == 1 else 'have'} open commitments:"
            " run `coach week review` again."
        )
    for line in review_close_lines(week_view):
        say(line)
    say(
        "Next: ",
        ("coach week plan", "bold"),
        f" plans {planned} (or ",
        ("coach session", "bold"),
        " for the whole session).",
    )


def plan_week(ctx: typer.Context, view: PlanView) -> None:
    """The plan of `view.week`: what to do with what is unfinished, then commitments goal by goal, then the week."""
    target = view.week.week
    conv = Conversation(ctx, closed=view.previous, planned=target)
    say(rich_plan_header(view))
    if view.carry_candidates:
        say(f"\nUnfinished in {view.previous}:")
        ids = {candidate.id for candidate in view.carry_candidates}
        with journal_reader(ctx) as reader:
            items = review_items(
                reader, [row for row in reader.week_commitments(str(view.previous)) if row.id in ids]
            )
        for item in items:
            say("  ", item.commitment.text, " ", (f"({item.commitment.label})", "dim"))
            _, where = decide_next(conv, item, f"commitment:{item.commitment.id}")
            if where:
                say((f"{where.removeprefix('; ').capitalize()}.", "dim"))
    will_stage(conv)
    with journal_reader(ctx) as reader:
        week_view = load_week_view(reader, target, today())
    say("")
    emit(week_view, fmt=OutputFormat.rich, output=None, rich=rich_week, markdown=markdown_week)
