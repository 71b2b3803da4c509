"""`coach status`: one line for a shell prompt or cron (the console script answers it in status_line.py)."""

from enum import StrEnum
from typing import Annotated

import typer

from coachcli.cli.transaction import state
from coachcli.status_line import show_status


class StatusFormat(StrEnum):
    text = "text"
    json = "json"


def status(
    ctx: typer.Context,
    output_format: Annotated[
        StatusFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="text (one line, or nothing) or json."),
    ] = StatusFormat.text,
) -> None:
    """What is due now, as one line (nothing when nothing is due); opens the journal read-only."""
    code = show_status(state(ctx).db, output_format.value)
    if code:
        raise typer.Exit(code)
