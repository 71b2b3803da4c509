"""`coach commit`, `coach week ...`, `coach mark`, `coach carry`: weekly commitments and the review loop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.common import (
    DefaultCommandGroup,
    FormatOption,
    NoInputOption,
    OutputOption,
    ask,
    can_prompt,
    check_id,
    check_text,
    id_argument,
    journal_transaction,
    say,
    today,
)
from coachcli.domain.dates import IsoWeek, Prefer, parse_week
from coachcli.domain.weeks import (
    NOTE_QUESTIONS,
    REVIEW_CHOICES,
    STATUS_LABELS,
    UNFINISHED_STATUSES,
    check_carry,
    check_commitment_text,
    default_carry_week,
    parse_status,
)
from coachcli.errors import CoachError, InputError
from coachcli.render.output import OutputFormat

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.views.goals import GoalView
    from coachcli.views.weeks import CommitmentView, PlanView, WeekView

app = typer.Typer(
    cls=DefaultCommandGroup,
    help=(
        "The week: show it (the default: `coach week [WEEK] [--format rich|markdown|json] [--output/-o FILE]`"
        " is `coach week show`), review it, plan it. With --format markdown or json, or --output, review and"
        " plan only show what they would ask about."
    ),
    no_args_is_help=False,
    add_completion=False,
)

WEEK_FORMS = "this, last, next, 2026-W48, or a date"
GOAL_RECENT_COMMITMENTS = 10


def week_argument_help(default: str) -> Any:
    return typer.Argument(
        metavar="WEEK", help=f"The week (default: {default}): {WEEK_FORMS}.", show_default=False
    )


def id_option(name: str, help_text: str) -> Any:
    return typer.Option(name, callback=check_id, metavar="ID", help=help_text)


def read_week(text: str, *, prefer: Prefer) -> IsoWeek:
    """The week the user named; words that are no week get a hint about the subcommands too."""
    try:
        return parse_week(text, today(), prefer=prefer)
    except InputError as error:
        if text.strip().isalpha():
            raise InputError(f"{error.message}; `coach week --help` lists the subcommands") from None
        raise


def this_week() -> IsoWeek:
    """The week today is in."""
    return IsoWeek.of(today())


def commitment_views(session: Session, rows: Sequence[Any]) -> list[CommitmentView]:
    """Views of commitment rows, with their goal titles and where they were carried from and to."""
    from coachcli.store.goals import goal_titles
    from coachcli.store.weeks import carried_copies, commitment_weeks
    from coachcli.views.weeks import build_commitment_view

    if not rows:
        return []
    titles = goal_titles(session, sorted({row.goal_id for row in rows if row.goal_id is not None}))
    origins = commitment_weeks(session, sorted({row.carried_from for row in rows if row.carried_from}))
    copies = carried_copies(session, min(row.week for row in rows), [row.id for row in rows])
    return [
        build_commitment_view(
            row,
            goal_titles=titles,
            carried_from_weeks=origins,
            carried_to=[copy.week for copy in copies.get(row.id, [])],
        )
        for row in rows
    ]


def load_week_outcomes(session: Session, week: IsoWeek, current_day: date) -> WeekView:
    """A week's commitments and week note only (how the week before went, in the weekly summary)."""
    from coachcli.store.weeks import get_week_note, week_commitments
    from coachcli.views.weeks import WeekNoteView, build_week_view

    note = get_week_note(session, str(week))
    return build_week_view(
        week,
        today=current_day,
        commitments=commitment_views(session, week_commitments(session, str(week))),
        week_note=WeekNoteView(note.week, note.text) if note else None,
    )


def load_week_view(
    session: Session, week: IsoWeek, current_day: date, *, with_previous: bool = False
) -> WeekView:
    """Everything `coach week` shows about one week, read in the caller's transaction.

    `with_previous` also reads how the week before went, which only the Markdown summary shows.
    """
    from coachcli.store.goals import list_goals
    from coachcli.store.weeks import get_week_note, open_weeks_before, week_commitments
    from coachcli.views.weeks import GoalRef, WeekNoteView, build_week_view

    note = get_week_note(session, str(week))
    return build_week_view(
        week,
        today=current_day,
        previous=load_week_outcomes(session, week.previous(), current_day) if with_previous else None,
        commitments=commitment_views(session, week_commitments(session, str(week))),
        needs_review=open_weeks_before(session, str(IsoWeek.of(current_day))),
        week_note=WeekNoteView(note.week, note.text) if note else None,
        active_goals=[
            GoalRef(goal.id or 0, goal.title)
            for goal in list_goals(session, statuses=("active",))
            if goal.created <= week.end
        ],
    )


def active_goal_views(session: Session, current_day: date) -> list[GoalView]:
    """The active goals with their progress and deadlines."""
    from coachcli.store.goals import goal_checkins, goal_tags, list_goals
    from coachcli.views.goals import build_goal_view

    goals = list_goals(session, statuses=("active",))
    ids = [goal.id or 0 for goal in goals]
    tags, checkins = goal_tags(session, ids), goal_checkins(session, ids)
    return [
        build_goal_view(goal, tags=tags[goal.id or 0], checkins=checkins[goal.id or 0], today=current_day)
        for goal in goals
    ]


def load_plan_view(session: Session, week: IsoWeek, current_day: date) -> PlanView:
    """The week to plan, the unfinished commitments of the week before, and the active goals."""
    from coachcli.store.weeks import active_strategies, week_commitments
    from coachcli.views.weeks import PlanGoal, PlanView, StrategyRef

    previous = week.previous()
    before = commitment_views(session, week_commitments(session, str(previous)))
    goals = active_goal_views(session, current_day)
    strategies = active_strategies(session, [goal.id for goal in goals])
    return PlanView(
        week=load_week_view(session, week, current_day),
        previous=previous,
        carry_candidates=tuple(
            item for item in before if item.status in UNFINISHED_STATUSES and not item.carried_to
        ),
        goals=tuple(
            PlanGoal(goal, tuple(StrategyRef(s.id or 0, s.text) for s in strategies[goal.id]))
            for goal in goals
        ),
    )


def goal_commitments_section(
    session: Session, goal_id: int
) -> tuple[tuple[CommitmentView, ...], float | None]:
    """A goal's recent commitments and the completion rate of all its commitments, for `coach goal show`."""
    from coachcli.domain.progress import completion_rate
    from coachcli.store.weeks import goal_recent_commitments, goal_status_counts

    rows = goal_recent_commitments(session, goal_id, GOAL_RECENT_COMMITMENTS)
    return tuple(commitment_views(session, rows)), completion_rate(goal_status_counts(session, goal_id))


def save(ctx: typer.Context, change: Callable[[Session], Any]) -> Any:
    """Apply one change in its own transaction, so that it is kept even if the session stops right after."""
    with journal_transaction(ctx, write=True) as session:
        return change(session)


def save_carry(
    ctx: typer.Context, commitment_id: int, week: IsoWeek, seen: CommitmentView | None = None
) -> Any:
    """Carry a commitment into a week in its own transaction (the review and the plan offer this).

    With `seen` (the commitment as the person was shown it), it is carried only if nobody changed it
    meanwhile. None when it was changed or carried elsewhere: what happened there is said, and kept.
    """
    from coachcli.store.changes import ChangedElsewhere, expect_unchanged
    from coachcli.store.models import Commitment
    from coachcli.store.weeks import AlreadyCarried, carry_commitment, get_commitment

    def change(session: Session) -> Any:
        if seen is None:
            original = get_commitment(session, commitment_id)
        else:
            original = expect_unchanged(
                session,
                Commitment,
                commitment_id,
                what=f"commitment {commitment_id}",
                status=seen.status,
                updated_at=seen.updated_at,
            )
        return carry_commitment(session, original, str(week))

    try:
        return save(ctx, change)
    except AlreadyCarried as carried:
        say(
            f"[dim]Already carried into {week} as commitment {carried.copy_id} (elsewhere); kept as it is.[/dim]"
        )
    except ChangedElsewhere as changed:
        say(changed_elsewhere_text(commitment_id, changed.current))
    return None


def changed_elsewhere_text(commitment_id: int, current: Any) -> str:
    """What another coach answered meanwhile about a commitment, as a line to show (kept, not overwritten)."""
    from coachcli.render.text import rich_escape

    if current is None:
        return f"[dim]Commitment {commitment_id} was removed elsewhere meanwhile; moving on.[/dim]"
    note = f": {rich_escape(current['note'])}" if current.get("note") else ""
    return (
        f"[dim]Commitment {commitment_id} was answered elsewhere meanwhile ({STATUS_LABELS[current['status']]}"
        f"{note}); that answer is kept. Moving on.[/dim]"
    )


def commit(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="What you will do, in a few words.", show_default=False)
    ],
    goal: Annotated[int | None, id_option("--goal", "The goal it serves.")] = None,
    strategy: Annotated[
        int | None, id_option("--strategy", "The strategy it uses (which implies its goal).")
    ] = None,
    week: Annotated[
        str | None,
        typer.Option("--week", metavar="WEEK", help=f"The week (default: this week): {WEEK_FORMS}."),
    ] = None,
) -> None:
    """Commit to an action for a week (default: this week)."""
    from coachcli.store.weeks import add_commitment

    text = check_commitment_text(text)
    target = read_week(week, prefer="future") if week is not None else this_week()
    with journal_transaction(ctx, write=True) as session:
        commitment = add_commitment(session, text=text, week=str(target), goal_id=goal, strategy_id=strategy)
    serves = f" for goal {commitment.goal_id}" if commitment.goal_id is not None else ""
    say(f"Commitment {commitment.id} added to {target}{serves}.")


def mark(
    ctx: typer.Context,
    commitment_id: Annotated[int, id_argument("commitment")],
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help="open, done, partial, missed or dropped (or partly, not done, let go).",
            show_default=False,
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="What helped, what got in the way, what you learned.")
    ] = None,
) -> None:
    """Set a commitment's status (and a note) without the review."""
    from coachcli.store.weeks import set_commitment_status

    new_status = parse_status(status)
    note = check_text(note, what="note")
    with journal_transaction(ctx, write=True) as session:
        set_commitment_status(session, commitment_id, new_status, note)
    say(f"Commitment {commitment_id} marked {STATUS_LABELS[new_status]}.")
    if note is None and new_status in ("done", "partial", "missed"):
        say(f'[dim]{NOTE_QUESTIONS[new_status]} coach mark {commitment_id} {new_status} --note "..."[/dim]')


def carry(
    ctx: typer.Context,
    commitment_id: Annotated[int, id_argument("commitment")],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="WEEK",
            help=f"The later week (default: the week after its own, or this week if that one is past): {WEEK_FORMS}.",
        ),
    ] = None,
) -> None:
    """Copy an unfinished commitment into a later week."""
    from coachcli.store.weeks import carry_commitment, get_commitment

    target_given = read_week(to, prefer="future") if to is not None else None
    with journal_transaction(ctx, write=True) as session:
        original = get_commitment(session, commitment_id)
        own = IsoWeek.parse_iso(original.week)
        target = target_given or default_carry_week(own, this_week())
        check_carry(commitment_id, original.status, own, target)
        copy = carry_commitment(session, original, str(target))
    say(f"Commitment {commitment_id} carried into {target} as commitment {copy.id}.")


@app.command("show")
def show(
    ctx: typer.Context,
    week: Annotated[str | None, week_argument_help("this week")] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Show a week (the default): commitments by goal, status, days left."""
    from coachcli.render.output import emit
    from coachcli.render.weeks import markdown_week, rich_week

    target = read_week(week, prefer="past") if week is not None else this_week()
    with journal_transaction(ctx, write=False) as session:
        view = load_week_view(session, target, today(), with_previous=fmt is OutputFormat.markdown)
    emit(view, fmt=fmt, output=output, rich=rich_week, markdown=markdown_week)


def ask_status() -> str | None:
    """Ask how a commitment went until the answer is a status; None when skipped (it stays open)."""
    while True:
        answer = ask(f"How did it go? ({REVIEW_CHOICES}; Enter skips)")
        if not answer:
            return None
        try:
            status = parse_status(answer)
        except CoachError:
            typer.echo(
                f'  "{answer}" is not a commitment status; answer done, partly, not done or let go'
                " (d, p, n, l for short), or press Enter to skip",
                err=True,
            )
            continue
        return None if status == "open" else status


def save_answer(
    ctx: typer.Context, commitment: CommitmentView, status: str, note: str | None, *, seen: tuple[str, Any]
) -> Any:
    """Save a review answer if the commitment is still as `seen`; None (having said so) when it is not."""
    from coachcli.store.changes import ChangedElsewhere
    from coachcli.store.weeks import set_commitment_status

    try:
        return save(
            ctx, lambda session: set_commitment_status(session, commitment.id, status, note, seen=seen)
        )
    except ChangedElsewhere as changed:
        say(changed_elsewhere_text(commitment.id, changed.current))
        return None


def review_commitment(
    ctx: typer.Context, commitment: CommitmentView, carry_week: IsoWeek, position: int, total: int
) -> str | None:
    """Ask about one open commitment, saving each answer as it is given; the status given, if any."""
    from coachcli.render.weeks import rich_review_item

    say(rich_review_item(commitment, position, total))
    status = ask_status()
    if status is None:
        say("[dim]Left open for now.[/dim]")
        return None
    saved = save_answer(ctx, commitment, status, None, seen=(commitment.status, commitment.updated_at))
    if saved is None:
        return None
    note = ask(f"{NOTE_QUESTIONS[status]} (a note; Enter skips)")
    if note:
        saved = save_answer(ctx, commitment, status, note, seen=(saved.status, saved.updated_at))
        if saved is None:
            return None
    if status in ("partial", "missed"):
        if commitment.carried_to:
            say(f"[dim]Already carried into {', '.join(commitment.carried_to)}.[/dim]")
        elif typer.confirm(f"Carry it into {carry_week}?", default=False):
            copy = save_carry(ctx, commitment.id, carry_week)
            if copy is not None:
                say(f"Carried into {carry_week} as commitment {copy.id}.")
    say(f"[dim]Saved: {STATUS_LABELS[status]}.[/dim]")
    return status


def ask_week_note(ctx: typer.Context, week: IsoWeek, existing: str | None) -> None:
    """Ask the three short questions of the week note, saving each answer as a line of it."""
    from coachcli.domain.weeks import WEEK_NOTE_QUESTIONS
    from coachcli.render.text import rich_escape
    from coachcli.store.weeks import add_to_week_note

    say(f"\n[bold]A short note on {week}[/bold] [dim](Enter skips a question)[/dim]")
    if existing:
        say(f"[dim]So far:[/dim] {rich_escape(existing)}")
    for label, question in WEEK_NOTE_QUESTIONS:
        answer = ask(question)
        if answer:
            save(ctx, lambda session, line=f"{label}: {answer}": add_to_week_note(session, str(week), line))


def shows_only(fmt: OutputFormat, output: Path | None, no_input: bool) -> bool:
    """Whether an interactive command only shows its view: for a script, a file, or when it cannot ask."""
    return fmt is not OutputFormat.rich or output is not None or not can_prompt(no_input)


def show_view(
    view: Any,
    *,
    fmt: OutputFormat,
    output: Path | None,
    rich: Callable[[Any], list[Any]],
    markdown: Callable[[Any], str],
) -> None:
    """Show a view in the chosen format; Rich on standard output part by part, its one-line messages unwrapped."""
    from coachcli.render.output import emit

    if fmt is OutputFormat.rich and output is None:
        for part in rich(view):
            say(part)
    else:
        emit(view, fmt=fmt, output=output, rich=rich, markdown=markdown)


@app.command("review")
def review(
    ctx: typer.Context,
    week: Annotated[str | None, week_argument_help("the earliest past week with open commitments")] = None,
    no_input: NoInputOption = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Review a week: each open commitment, then a note."""
    from coachcli.render.weeks import counts_text, markdown_review_list, rich_review_list
    from coachcli.store.weeks import get_week_note, open_weeks_before, week_commitments
    from coachcli.views.weeks import ReviewListView

    current = this_week()
    target: IsoWeek | None = None
    open_items: list[CommitmentView] = []
    note = None
    with journal_transaction(ctx, write=False) as session:
        waiting = open_weeks_before(session, str(current))
        if week is not None:
            target = read_week(week, prefer="past")
        elif waiting:
            target = IsoWeek.parse_iso(waiting[0][0])
        if target is not None:
            rows = [row for row in week_commitments(session, str(target)) if row.status == "open"]
            open_items = commitment_views(session, rows)
            note = get_week_note(session, str(target))
    others = tuple(item for item in waiting if item[0] != str(target))
    if target is None or shows_only(fmt, output, no_input):
        view = ReviewListView(target, tuple(open_items), others)
        show_view(view, fmt=fmt, output=output, rich=rich_review_list, markdown=markdown_review_list)
        return
    from coachcli.render.weeks import week_span

    say(f"[bold]Looking back at {target}[/bold] ({week_span(target)}). Whatever happened, it is information.")
    if not open_items:
        say(f"{target} has no open commitments.")
    carry_week = default_carry_week(target, current)
    for position, item in enumerate(open_items, start=1):
        review_commitment(ctx, item, carry_week, position, len(open_items))
    ask_week_note(ctx, target, note.text if note else None)
    with journal_transaction(ctx, write=False) as session:
        view = load_week_view(session, target, today())
    say(f"\n[bold]{target}[/bold]: {counts_text(view.counts, view.completion_rate)}")
    later = [week for week, _ in view.needs_review if week != str(target)]
    if later:
        say(
            f"{', '.join(later)} still {'has' if len(later) == 1 else 'have'} open commitments: run `coach week review` again."
        )


def ask_strategy(strategies: Sequence[Any]) -> int | None:
    """Ask which of a goal's strategies a commitment uses; None for none."""
    ids = {strategy.id for strategy in strategies}
    listed = ", ".join(str(strategy_id) for strategy_id in sorted(ids))
    while True:
        answer = ask(f"Which strategy does it use? ({listed}; Enter for none)")
        if not answer:
            return None
        if answer.isdigit() and int(answer) in ids:
            return int(answer)
        typer.echo(
            f'  "{answer}" is not one of this goal\'s strategies; answer {listed}, or leave it empty',
            err=True,
        )


def ask_commitments(
    ctx: typer.Context, week: IsoWeek, goal_id: int | None, strategies: Sequence[Any]
) -> None:
    """Ask for commitments until an empty answer, saving each one as it is given."""
    from coachcli.store.weeks import add_commitment

    question = (
        f"A commitment for {week} (Enter moves on)"
        if goal_id is not None
        else f"Anything else for {week}, not tied to a goal? (Enter finishes)"
    )
    while True:
        text = ask(question)
        if not text:
            return
        strategy_id = ask_strategy(strategies) if strategies else None
        commitment = save(
            ctx,
            lambda session, text=text, strategy_id=strategy_id: add_commitment(
                session, text=text, week=str(week), goal_id=goal_id, strategy_id=strategy_id
            ),
        )
        say(f"[dim]Commitment {commitment.id} added.[/dim]")


@app.command("plan")
def plan(
    ctx: typer.Context,
    week: Annotated[str | None, week_argument_help("next week")] = None,
    no_input: NoInputOption = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Plan a week: carry what is unfinished, commit per goal."""
    from coachcli.render.output import emit
    from coachcli.render.text import rich_escape
    from coachcli.render.weeks import (
        markdown_plan,
        markdown_week,
        rich_plan,
        rich_plan_goal,
        rich_plan_header,
        rich_status,
        rich_week,
    )

    target = read_week(week, prefer="future") if week is not None else this_week().next()
    with journal_transaction(ctx, write=False) as session:
        view = load_plan_view(session, target, today())
    if shows_only(fmt, output, no_input):
        show_view(view, fmt=fmt, output=output, rich=rich_plan, markdown=markdown_plan)
        return
    say(rich_plan_header(view))
    if view.carry_candidates:
        say(f"\nUnfinished in {view.previous}:")
    for candidate in view.carry_candidates:
        say(f"  {rich_status(candidate.status)} {rich_escape(candidate.text)}")
        if typer.confirm(f"  Carry it into {target}?", default=False):
            copy = save_carry(ctx, candidate.id, target, seen=candidate)
            if copy is not None:
                say(f"  [dim]Carried as commitment {copy.id}.[/dim]")
    by_goal = {group.goal.id: group.commitments for group in view.week.groups if group.goal}
    for item in view.goals:
        for part in rich_plan_goal(item, by_goal.get(item.goal.id, ())):
            say(part)
        ask_commitments(ctx, target, item.goal.id, item.strategies)
    say("")
    ask_commitments(ctx, target, None, ())
    with journal_transaction(ctx, write=False) as session:
        week_view = load_week_view(session, target, today())
    say("")
    emit(week_view, fmt=OutputFormat.rich, output=None, rich=rich_week, markdown=markdown_week)
