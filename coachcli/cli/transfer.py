"""`coach export` and `coach import`: the whole journal out as JSON or Markdown, and back in."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.cli.console import say
from coachcli.cli.options import OutputOption
from coachcli.cli.transaction import journal_reader, journal_transaction
from coachcli.domain.vocabulary import counted
from coachcli.environment import today
from coachcli.errors import InputError, JournalError

SECTION_LABELS = {
    "goals": ("goal", "goals"),
    "checkins": ("check-in", "check-ins"),
    "strengths": ("strength", "strengths"),
    "strategies": ("strategy", "strategies"),
    "commitments": ("commitment", "commitments"),
    "week_notes": ("week note", "week notes"),
    "reflections": ("reflection", "reflections"),
    "routines": ("routine", "routines"),
    "sessions": ("session", "sessions"),
}


class ExportFormat(StrEnum):
    """The formats of a whole-journal export."""

    json = "json"
    markdown = "markdown"


# What an export can be written as, by the kind an --output extension names (render.output.EXTENSION_KINDS).
EXPORT_KINDS = {"json": ExportFormat.json, "markdown": ExportFormat.markdown}


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default=False,
            help="json (the default) or markdown. Without it, -o FILE.md is Markdown.",
        ),
    ] = None,
    output: OutputOption = None,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private", help="Markdown: keep private reflections too (JSON always keeps them)."
        ),
    ] = False,
) -> None:
    """Export the whole journal: JSON (for import and scripts) or Markdown (to read)."""
    from coachcli.render.output import format_from_extension, to_json_records_text, write_output
    from coachcli.views.export import export_document

    if fmt is None:
        fmt = format_from_extension(output, EXPORT_KINDS, "export") or ExportFormat.json
    with journal_reader(ctx) as reader:
        if fmt is ExportFormat.json:
            text = to_json_records_text(export_document(reader, today()))
        else:
            from coachcli.render.journal_export import markdown_journal
            from coachcli.views.export import load_journal_export

            text = markdown_journal(load_journal_export(reader, today()), include_private=include_private)
    if output is None:
        # Written as it is: typer.echo would scan the whole journal for terminal colour codes to strip.
        sys.stdout.write(text)
    else:
        write_output(output, text)
        say(f"Journal exported to {output}.")


def read_export_file(path: Path) -> Any:
    """The parsed JSON of an export file (`-`: standard input), or a clear error saying why it cannot be read."""
    try:
        raw = read_export_bytes(path)
    except FileNotFoundError:
        raise InputError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the export file") from None
    except OSError as error:
        raise JournalError(f"cannot read {path}: {error.strerror}") from None
    if not raw.strip():
        raise InputError(f"{shown(path)} is empty; give a JSON file made by `coach export`")
    try:
        return json.loads(raw.decode("utf-8-sig"))  # a byte order mark (as Notepad saves) is no content
    except UnicodeDecodeError:
        raise InputError(
            f"{shown(path)} is not UTF-8 text; give a JSON file made by `coach export`"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{shown(path)} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg});"
            " it may be truncated: export the journal again"
        ) from None
    except ValueError:  # a number longer than Python reads (4,300 digits)
        raise InputError(
            f"{shown(path)} holds a number thousands of digits long, which no coach export has;"
            " give a file made by `coach export`"
        ) from None
    except RecursionError:
        raise InputError(f"{shown(path)} nests too deeply to be a coach export") from None


def read_export_bytes(path: Path) -> bytes:
    """The bytes of the file, or of standard input for `-`."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    return path.read_bytes()


def shown(path: Path) -> str:
    """The file as named in a message: `-` is standard input."""
    return "standard input" if str(path) == "-" else str(path)


def import_journal(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A JSON file made by `coach export` (- reads standard input)."),
    ],
) -> None:
    """Import a JSON export into an empty journal, checked first and written in one transaction.

    An import cannot be undone with `coach undo`.
    """
    from coachcli.domain.export_format import validate_export
    from coachcli.store.command import mark_not_undoable
    from coachcli.store.transfer import insert_journal, journal_is_empty

    document = read_export_file(file)
    validate_export(document)
    mark_not_undoable("an import is taken back by starting a new journal, not by coach undo")
    with journal_transaction(ctx, write=True) as session:
        if not journal_is_empty(session):
            raise JournalError(
                "this journal already holds entries; import only goes into an empty journal"
                " (choose a new file with --db or COACH_DB)"
            )
        insert_journal(session, document)
    counts = [
        counted(len(document[section]), *label)
        for section, label in SECTION_LABELS.items()
        if document.get(section)
    ]
    say(f"Imported {', '.join(counts)}." if counts else "Imported an empty journal.")
