"""Bare `coach` for people: what is due now in a few lines, then the one command to run next."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coachcli.render.text import markdown_inline, rich_text
from coachcli.views.due import STALE_CHECKIN_DAYS, DueView, GoalNote
from coachcli.views.status import sync_conflicts_text

if TYPE_CHECKING:
    from rich.console import RenderableType

MAX_NAMED = 3
# A line as say() takes it: text as it is, or (text, style); on a pipe it is written without importing Rich.
Line = tuple[str | tuple[str, str], ...]


def as_typed(text: str) -> str:
    return text


def named(goals: tuple[GoalNote, ...], escape: Callable[[str], str] = as_typed) -> str:
    """A few goals by id and title (their titles through `escape`), and how many more."""
    shown = ", ".join(f"{goal.id} {escape(goal.title)}" for goal in goals[:MAX_NAMED])
    more = f" and {len(goals) - MAX_NAMED} more" if len(goals) > MAX_NAMED else ""
    return shown + more


def due_lines(view: DueView, escape: Callable[[str], str] = as_typed) -> list[Line]:
    """The lines of bare `coach`, each as say() takes it; user text goes through `escape` (Markdown's)."""
    command, why = view.next_command()
    if view.empty:
        return [
            (
                ("Welcome to coach", "bold"),
                ", a coaching journal for your goals, strengths and weekly commitments.",
            ),
            (
                "Start with one goal you care about; coach will ask what would make it specific and measurable.",
            ),
            ("Next: ", (command, "bold"), f" {why}. ", ("(coach demo shows a sample journal.)", "dim")),
        ]
    lines = []
    if view.stopped_stage:
        lines.append(f"Your session for {view.closed_week} stopped at {view.stopped_stage}.")
    to_review = view.status.to_review
    if to_review:
        weeks = ", ".join(to_review[:MAX_NAMED]) + (
            f" and {len(to_review) - MAX_NAMED} more" if len(to_review) > MAX_NAMED else ""
        )
        lines.append(f"To look back on: {weeks}.")
    left = "last day" if view.days_left == 1 else f"{view.days_left} days left"
    open_now = view.status.open_this_week
    lines.append(f"This week: {open_now} open commitment{'s' if open_now != 1 else ''}, {left}.")
    if view.without_checkin:
        lines.append(
            f"No check-in for {STALE_CHECKIN_DAYS // 7} weeks or more: goal {named(view.without_checkin, escape)}. Where are you now?"
        )
    if view.without_commitment:
        lines.append(f"No commitment this week: goal {named(view.without_commitment, escape)}.")
    for goal in view.deadlines:
        days = (goal.deadline - view.today).days if goal.deadline else 0
        when = "today" if days == 0 else f"{-days} days ago" if days < 0 else f"in {days} days"
        lines.append(f"Deadline {when}: goal {goal.id} {escape(goal.title)} ({goal.deadline}).")
    if view.status.sync_conflicts:
        lines.append(
            f"{sync_conflicts_text(view.status.sync_conflicts).capitalize()} to look at: coach sync conflicts."
        )
    return [*((line,) for line in lines), ("Next: ", (command, "bold"), f" {why}.")]


def markdown_due(view: DueView) -> str:
    """Bare `coach` as Markdown: its lines as paragraphs, the command to run as code."""
    paragraphs = []
    for line in due_lines(view, markdown_inline):
        paragraphs.append(
            "".join(
                piece
                if isinstance(piece, str)
                else f"`{piece[0]}`"
                if piece[0].startswith("coach ")
                else f"**{piece[0]}**"
                if piece[1] == "bold"
                else piece[0]
                for piece in line
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def rich_due(view: DueView) -> list[RenderableType]:
    """Bare `coach` for a file (`-o due.txt`): its lines as Rich text."""
    return [rich_text(*line) for line in due_lines(view)]
