"""`coach backup` and `coach doctor`: keeping the journal safe, and checking on it."""

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.console import say
from coachcli.cli.options import FormatOption, OutputOption
from coachcli.cli.transaction import state
from coachcli.domain.vocabulary import counted
from coachcli.environment import journal_path, today
from coachcli.errors import InputError, JournalError
from coachcli.render.output import OutputFormat, emit, is_stream, write_output
from coachcli.render.text import format_size


def stream_backup(ctx: typer.Context, target: Path) -> None:
    """`coach backup -o - | gzip`, `-o /dev/null`, `-o FIFO`: a checked backup in a private folder first, then
    its bytes written through, as every output that is a stream is (render.output.write_output)."""
    from coachcli.store.maintenance import back_up_journal

    with tempfile.TemporaryDirectory(prefix="coach-backup-") as folder:
        written = back_up_journal(
            journal_path(state(ctx).db), output=Path(folder) / "coach.db", today=today()
        )
        write_output(target, written.path.read_bytes())


def backup(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=(
                "Write the backup here: a new file, or a folder (default: beside the journal, dated);"
                " - is standard output."
            ),
        ),
    ] = None,
) -> None:
    """A consistent copy of the journal (SQLite's online backup), checked before it is kept."""
    from coachcli.store.maintenance import back_up_journal

    if output == "-" and sys.stdout.isatty():
        raise InputError(
            "a backup is not text to show on a terminal; pipe it (coach backup -o - | gzip > b.gz)"
        )
    if output is not None and (output == "-" or is_stream(Path(output))):
        stream_backup(ctx, Path("/dev/stdout" if output == "-" else output))
        return
    # "usb/" names a folder even before it exists: never write a file called "usb" for it.
    folder_only = output is not None and output.endswith(("/", os.sep))
    written = back_up_journal(
        journal_path(state(ctx).db),
        output=Path(output) if output is not None else None,
        today=today(),
        folder_only=folder_only,
    )
    say(f"Backup written to {written.path} ({format_size(written.size)}, integrity check ok).")
    if written.swept:
        say(
            f"Removed {counted(len(written.swept), 'unfinished copy', 'unfinished copies')} of the journal"
            " that an interrupted coach had left beside it."
        )


def doctor(ctx: typer.Context, fmt: FormatOption = OutputFormat.rich, output: OutputOption = None) -> None:
    """Where the journal is, its schema revision, sizes, permissions, integrity check and backups."""
    from coachcli.render.maintenance import markdown_doctor, rich_doctor
    from coachcli.store.db import REVISIONS
    from coachcli.store.maintenance import inspect_journal
    from coachcli.views.maintenance import build_doctor_view

    path = journal_path(state(ctx).db)
    view = build_doctor_view(inspect_journal(path), REVISIONS)
    emit(view, fmt=fmt, output=output, rich=rich_doctor, markdown=markdown_doctor)
    if view.problems:
        count = len(view.problems)
        raise JournalError(
            f"coach doctor found {count} problem{'s' if count > 1 else ''} with {path}: {view.problems[0]}"
        )
