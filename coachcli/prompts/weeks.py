"""The weekly review and plan on a terminal: each answer saved as it is given."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import typer

from coachcli.cli.common import ask, journal_transaction, notice_beliefs_in, say, today
from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import OBSTACLE_STATUSES, REVIEW_CHOICES, CommitmentStatus
from coachcli.domain.weeks import WEEK_NOTE_QUESTIONS, default_carry_week, parse_status
from coachcli.errors import CoachError
from coachcli.render.text import rich_escape
from coachcli.store.ids import require_id
from coachcli.views.loaders.weeks import load_week_view

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.views.weeks import CommitmentView, PlanView, ReviewListView, StrategyRef


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
    from coachcli.store.changes import ChangedElsewhere
    from coachcli.store.weeks import AlreadyCarried, carry_commitment_by_id

    shown = None if seen is None else (seen.status, seen.updated_at)

    def change(session: Session) -> Any:
        return carry_commitment_by_id(session, commitment_id, str(week), seen=shown)

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
        f"[dim]Commitment {commitment_id} was answered elsewhere meanwhile ({CommitmentStatus(current['status']).label}"
        f"{note}); that answer is kept. Moving on.[/dim]"
    )


def ask_status() -> CommitmentStatus | None:
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
        return None if status == CommitmentStatus.OPEN else status


def save_answer(
    ctx: typer.Context, commitment_id: int, status: str, note: str | None, *, seen: tuple[str, Any]
) -> Any:
    """Save a review answer if the commitment is still as `seen`; None (having said so) when it is not."""
    from coachcli.store.changes import ChangedElsewhere
    from coachcli.store.weeks import set_commitment_status

    try:
        return save(
            ctx, lambda session: set_commitment_status(session, commitment_id, status, note, seen=seen)
        )
    except ChangedElsewhere as changed:
        say(changed_elsewhere_text(commitment_id, changed.current))
        return None


def review_commitment(
    ctx: typer.Context, commitment: CommitmentView, carry_week: IsoWeek, position: int, total: int
) -> CommitmentStatus | None:
    """Ask about one open commitment, saving each answer as it is given; the status given, if any."""
    from coachcli.render.weeks import rich_review_item

    say(rich_review_item(commitment, position, total))
    status = ask_status()
    if status is None:
        say("[dim]Left open for now.[/dim]")
        return None
    commitment_id = require_id(commitment)  # what a review asks about is written in the journal
    saved = save_answer(ctx, commitment_id, status, None, seen=(commitment.status, commitment.updated_at))
    if saved is None:
        return None
    note = ask(f"{status.question} (a note; Enter skips)")
    if note:
        saved = save_answer(ctx, commitment_id, status, note, seen=(saved.status, saved.updated_at))
        if saved is None:
            return None
        notice_beliefs_in(note)
    if status in OBSTACLE_STATUSES:
        if commitment.carried_to:
            say(f"[dim]Already carried into {', '.join(commitment.carried_to)}.[/dim]")
        elif typer.confirm(f"Carry it into {carry_week}?", default=False):
            copy = save_carry(ctx, commitment_id, carry_week)
            if copy is not None:
                say(f"Carried into {carry_week} as commitment {copy.id}.")
    say(f"[dim]Saved: {status.label}.[/dim]")
    return status


def ask_week_note(ctx: typer.Context, week: IsoWeek, existing: str | None) -> None:
    """Ask the three short questions of the week note, saving each answer as a line of it."""
    from coachcli.store.weeks import add_to_week_note

    say(f"\n[bold]A short note on {week}[/bold] [dim](Enter skips a question)[/dim]")
    if existing:
        say(f"[dim]So far:[/dim] {rich_escape(existing)}")
    for label, question in WEEK_NOTE_QUESTIONS:
        answer = ask(question)
        if answer:
            line = f"{label}: {answer}"

            def add(session: Session, line: str = line) -> Any:
                return add_to_week_note(session, str(week), line)

            save(ctx, add)
            notice_beliefs_in(answer)


def review_week(ctx: typer.Context, view: ReviewListView, current: IsoWeek) -> None:
    """The review of `view.week`: each open commitment, then the week note, then how the week stands."""
    from coachcli.render.weeks import counts_text, week_span

    target = view.week
    if target is None:
        return
    say(f"[bold]Looking back at {target}[/bold] ({week_span(target)}). Whatever happened, it is information.")
    if not view.commitments:
        say(f"{target} has no open commitments.")
    carry_week = default_carry_week(target, current)
    for position, item in enumerate(view.commitments, start=1):
        review_commitment(ctx, item, carry_week, position, len(view.commitments))
    ask_week_note(ctx, target, view.note.text if view.note else None)
    with journal_transaction(ctx, write=False) as session:
        week_view = load_week_view(session, target, today())
    say(f"\n[bold]{target}[/bold]: {counts_text(week_view.counts, week_view.completion_rate)}")
    later = [week for week, _ in week_view.needs_review if week != str(target)]
    if later:
        say(
            f"{', '.join(later)} still {'has' if len(later) == 1 else 'have'} open commitments: run `coach week review` again."
        )


def ask_strategy(strategies: Sequence[StrategyRef]) -> int | None:
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
    ctx: typer.Context, week: IsoWeek, goal_id: int | None, strategies: Sequence[StrategyRef]
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

        def add(session: Session, text: str = text, strategy_id: int | None = strategy_id) -> Any:
            return add_commitment(
                session, text=text, week=str(week), goal_id=goal_id, strategy_id=strategy_id
            )

        commitment = save(ctx, add)
        say(f"[dim]Commitment {commitment.id} added.[/dim]")


def plan_week(ctx: typer.Context, view: PlanView) -> None:
    """The plan of `view.week`: carry what is unfinished, then commitments goal by goal, then the week."""
    from coachcli.render.output import OutputFormat, emit
    from coachcli.render.plan import rich_plan_goal, rich_plan_header
    from coachcli.render.weeks import markdown_week, rich_status, rich_week

    target = view.week.week
    say(rich_plan_header(view))
    if view.carry_candidates:
        say(f"\nUnfinished in {view.previous}:")
    for candidate in view.carry_candidates:
        say(f"  {rich_status(candidate.status)} {rich_escape(candidate.text)}")
        if typer.confirm(f"  Carry it into {target}?", default=False):
            copy = save_carry(ctx, require_id(candidate), target, seen=candidate)
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
