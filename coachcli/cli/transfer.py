"""`coach export` and `coach import`: the whole journal out as JSON or Markdown, and back in."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.console import say
from coachcli.cli.options import OutputOption
from coachcli.cli.transaction import journal_reader, journal_transaction
from coachcli.domain.vocabulary import counted
from coachcli.environment import today
from coachcli.errors import InputError, JournalError
from coachcli.render.output import Writable, format_from_extension, json_records_chunks, write_output
from coachcli.store.command import mark_not_undoable

if TYPE_CHECKING:
    from coachcli.domain.imports import CheckInRow, JournalEntry
    from coachcli.views.imports import ImportPlan

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


# The file `coach import` asks for without --from, and with each --from.
EXPORT_FILE = "a JSON file made by `coach export`"


class ImportSource(StrEnum):
    """Another tool whose entries `coach import --from` adds to the journal."""

    jrnl = "jrnl"
    csv = "csv"


# The imported reflections whose belief language is named one by one after an import (the rest are counted).
SHOWN_BELIEFS = 5

SOURCE_FILES = {
    ImportSource.jrnl: "a jrnl journal file or its `jrnl --export json`",
    ImportSource.csv: "a CSV file of check-ins: goal,date,value[,note]",
}

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
    """Export the whole journal: JSON (for import and scripts) or Markdown (to read).

    \b
    Examples:
      coach export -o journal.json
      coach export -f markdown --include-private -o journal.md
    """
    from coachcli.views.export import export_document

    if fmt is None:
        fmt = format_from_extension(output, EXPORT_KINDS, "export") or ExportFormat.json
    text: Writable
    with journal_reader(ctx) as reader:
        if fmt is ExportFormat.json:
            text = json_records_chunks(export_document(reader, today()))
        else:
            from coachcli.render.journal_export import markdown_journal
            from coachcli.views.journal_export import load_journal_export

            text = markdown_journal(load_journal_export(reader, today()), include_private=include_private)
    if output is None:
        # Written as it is: typer.echo would scan the whole journal for terminal colour codes to strip.
        sys.stdout.writelines([text] if isinstance(text, str) else text)
    else:
        write_output(output, text)
        say(f"Journal exported to {output}.")


def read_text_file(path: Path, wanted: str) -> str:
    """The text of a file to import (`-`: standard input), or a clear error saying why it cannot be read;
    `wanted` names the file that is asked for."""
    try:
        raw = read_export_bytes(path)
    except FileNotFoundError:
        raise InputError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give {wanted}") from None
    except OSError as error:
        raise JournalError(f"cannot read {path}: {error.strerror}") from None
    if not raw.strip():
        raise InputError(f"{shown(path)} is empty; give {wanted}")
    try:
        return raw.decode("utf-8-sig")  # a byte order mark (as Notepad saves) is no content
    except UnicodeDecodeError:
        raise InputError(f"{shown(path)} is not UTF-8 text; give {wanted}") from None


def read_export_file(path: Path) -> Any:
    """The parsed JSON of an export file (`-`: standard input), or a clear error saying why it cannot be read."""
    text = read_text_file(path, EXPORT_FILE)
    try:
        return json.loads(text)
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
        typer.Argument(
            metavar="FILE",
            help="A JSON file made by `coach export`, or with --from a jrnl journal or a CSV file (- reads"
            " standard input).",
        ),
    ],
    source: Annotated[
        ImportSource | None,
        typer.Option(
            "--from",
            case_sensitive=False,
            help="jrnl: its entries as reflections, with their dates and tags. csv: check-ins, one per line"
            " as goal,date,value[,note] (goal: an id or a title). Into any journal, as one change coach undo"
            " takes back.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added, and write nothing.")
    ] = False,
) -> None:
    """Import a JSON export into an empty journal, or entries of another tool (--from) into any journal;
    checked first and written in one transaction.

    A whole-journal import cannot be undone with `coach undo`; an import --from can.

    \b
    Examples:
      coach import journal.json
      coach import --from jrnl ~/.local/share/jrnl/journal.txt --dry-run
      jrnl --export json | coach import --from jrnl -
      coach import --from csv runs.csv
    """
    if source is None:
        import_whole_journal(ctx, file, dry_run)
    else:
        import_entries(ctx, file, source, dry_run)


def import_whole_journal(ctx: typer.Context, file: Path, dry_run: bool) -> None:
    """`coach import FILE`: a JSON export into an empty journal, not undoable."""
    from coachcli.domain.export_format import validate_export
    from coachcli.store.transfer import insert_journal, journal_is_empty

    document = read_export_file(file)
    validate_export(document)
    counts = [
        counted(len(document[section]), *label)
        for section, label in SECTION_LABELS.items()
        if document.get(section)
    ]
    if dry_run:
        say(
            f"Would import {', '.join(counts) if counts else 'an empty journal'}. Nothing was written (--dry-run)."
        )
        return
    mark_not_undoable("an import is taken back by starting a new journal, not by coach undo")
    with journal_transaction(ctx, write=True) as session:
        if not journal_is_empty(session):
            raise JournalError(
                "this journal already holds entries; import only goes into an empty journal"
                " (choose a new file with --db or COACH_DB), or use --from jrnl|csv for entries of another tool"
            )
        insert_journal(session, document)
    say(f"Imported {', '.join(counts)}." if counts else "Imported an empty journal.")


def import_entries(ctx: typer.Context, file: Path, source: ImportSource, dry_run: bool) -> None:
    """`coach import --from jrnl|csv FILE`: reflections or check-ins added to any journal in one transaction
    (one change for coach undo); with --dry-run, only what would be added."""
    from coachcli.domain.imports import read_checkin_csv, read_jrnl
    from coachcli.render.imports import plan_lines
    from coachcli.views.imports import load_csv_plan, load_jrnl_plan

    text = read_text_file(file, SOURCE_FILES[source])
    current_day = today()
    try:
        entries = read_jrnl(text, current_day) if source is ImportSource.jrnl else []
        rows = read_checkin_csv(text, current_day) if source is ImportSource.csv else []
        ids: list[int] = []
        if dry_run:
            with journal_reader(ctx) as reader:
                plan = load_jrnl_plan(reader, entries) if entries else load_csv_plan(reader, rows)
        else:
            plan, ids = add_planned(ctx, entries, rows)
    except InputError as error:
        raise InputError(f"{shown(file)}, {error.message}") from None
    added = (
        counted(len(plan.reflections), "reflection") if entries else counted(len(plan.checkins), "check-in")
    )
    already = f"; {plan.already} already in the journal, left out" if plan.already else ""
    if dry_run:
        say(
            f"Would add {added} from {shown(file)}{already}:"
            if plan_lines(plan)
            else f"Nothing to add{already}."
        )
    elif plan.reflections or plan.checkins:
        say(f"Imported {added} from {shown(file)}{already}. coach undo takes them all back.")
    else:
        say(f"Nothing to add{already}.")
    for line in plan_lines(plan):
        say(line)
    notice_imported_beliefs(plan, ids)
    if dry_run:
        say("Nothing was written (--dry-run).")


def notice_imported_beliefs(plan: "ImportPlan", ids: list[int]) -> None:
    """As `coach reflect` does: the question that the belief language of each imported reflection invites
    (the first few), and how to reframe one."""
    noticed = plan.with_beliefs
    numbered = dict(zip(plan.reflections, ids, strict=False))
    for entry, question in noticed[:SHOWN_BELIEFS]:
        which = (
            f"Reflection {numbered[entry]}" if entry in numbered else f"The entry of {entry.day.isoformat()}"
        )
        say((f"{which}: {question}", "yellow"))
    if len(noticed) > SHOWN_BELIEFS:
        say((f"... and {counted(len(noticed) - SHOWN_BELIEFS, 'more reflection')} like these.", "yellow"))
    if noticed:
        say(('Put one your way when you are ready: coach reframe ID "..."', "dim"))


def add_planned(
    ctx: typer.Context, entries: "list[JournalEntry]", rows: "list[CheckInRow]"
) -> "tuple[ImportPlan, list[int]]":
    """Add what the file holds that the journal does not, in one transaction: the plan that was added and
    the ids of the reflections added."""
    from coachcli.domain.dates import IsoWeek
    from coachcli.store.goals import add_checkin
    from coachcli.store.ids import require_id
    from coachcli.store.reader import reader_in
    from coachcli.store.reflections import add_reflection
    from coachcli.views.imports import load_csv_plan, load_jrnl_plan

    with journal_transaction(ctx, write=True) as session:
        reader = reader_in(session)
        plan = load_jrnl_plan(reader, entries) if entries else load_csv_plan(reader, rows)
        ids = [
            require_id(
                add_reflection(
                    session,
                    day=entry.day,
                    text=entry.text,
                    goal_id=None,
                    week=str(IsoWeek.of(entry.day)),
                    tags=entry.tags,
                )
            )
            for entry in plan.reflections
        ]
        for checkin in plan.checkins:
            add_checkin(
                session, checkin.goal_id, day=checkin.row.day, value=checkin.row.value, note=checkin.row.note
            )
    return plan, ids
