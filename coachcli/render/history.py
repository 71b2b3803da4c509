"""`coach undo --list` for people: a Rich table and a Markdown one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.render.text import format_moment, markdown_inline, rich_text
from coachcli.views.history import ChangeView, HistoryView

if TYPE_CHECKING:
    from rich.console import RenderableType

EMPTY = "No changes yet: the history is empty."
NEXT = "`coach undo` takes back the first one."


def undo_word(change: ChangeView) -> str:
    if change.undoable:
        return f"{change.rows} {'row' if change.rows == 1 else 'rows'}"
    return "cannot be undone"


def rich_history(view: HistoryView) -> list[RenderableType]:
    """The recent changes as a table, newest first."""
    from rich.table import Table

    if not view.changes:
        return [rich_text(EMPTY)]
    table = Table(title="Recent changes, newest first", title_justify="left")
    table.add_column("ID", justify="right")
    table.add_column("At")
    table.add_column("Command", overflow="fold")
    table.add_column("Change")
    for change in view.changes:
        table.add_row(str(change.id), format_moment(change.at), rich_text(change.command), undo_word(change))
    return [table, rich_text((NEXT, "dim"))]


def markdown_history(view: HistoryView) -> str:
    """The recent changes as a GFM table."""
    if not view.changes:
        return EMPTY
    lines = ["# Recent changes", "", "| ID | At | Command | Change |", "| ---: | --- | --- | --- |"]
    for change in view.changes:
        lines.append(
            f"| {change.id} | {format_moment(change.at)} | {markdown_inline(change.command)} | {undo_word(change)} |"
        )
    return "\n".join(lines) + "\n"
