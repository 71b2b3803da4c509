"""The `coach` command: global options, the command groups, and the one place errors become messages."""

import importlib
import shlex
import sys
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.main import get_command

from coachcli import __version__
from coachcli.cli.completion import take_named_shell, take_over_completion_options
from coachcli.cli.console import (
    AFTER_SAVED_CHANGE,
    KEPT,
    change_was_saved,
    report_error,
    report_output_failure,
    say,
)
from coachcli.cli.conversion import convert_plainly
from coachcli.cli.options import GivenFormatOption, OutputOption, configured_format, fail_usage
from coachcli.cli.transaction import AppState, reading_journal
from coachcli.environment import journal_path, today
from coachcli.errors import CoachError, OutputError
from coachcli.render.output import STANDARD_KINDS, OutputFormat, Paging, emit, format_from_extension
from coachcli.store.command import recording

# Every command: where it lives ("module:attribute", a Typer app or a command function) and its line in
# `coach --help`. Commands are imported and built only when they are run (or completed), which keeps
# start-up to what the one command in hand needs.
COMMANDS: dict[str, tuple[str, str]] = {
    "session": (
        "coachcli.cli.session:session",
        "The weekly session: look back, check in, reflect, options, plan.",
    ),
    "status": ("coachcli.cli.status:status", "One line for a shell prompt or cron: what is due now."),
    "goal": ("coachcli.cli.goals:app", "SMART goals: add, list, show, edit, log check-ins, close, delete."),
    "strengths": ("coachcli.cli.strengths:app", "Your strengths: CliftonStrengths themes or your own words."),
    "strategy": ("coachcli.cli.strategies:app", "Strategies for a goal that play to your strengths."),
    "commit": ("coachcli.cli.weeks:commit_app", "Commit to an action for a week; edit or delete one."),
    "week": ("coachcli.cli.weeks:app", "The week: show it, review the last one, plan the next."),
    "mark": ("coachcli.cli.weeks:mark_app", "Give a commitment its status without the interactive review."),
    "carry": ("coachcli.cli.weeks:carry", "Copy an unfinished commitment into a later week."),
    "reflect": ("coachcli.cli.journal:reflect", "Write a reflection (argument, $EDITOR, or standard input)."),
    "reframe": ("coachcli.cli.journal:reframe", "Add or replace the reframe of a reflection."),
    "journal": (
        "coachcli.cli.journal:journal_app",
        "Reflections and week notes, newest first, with filters.",
    ),
    "report": (
        "coachcli.cli.reports:report",
        "Progress report: goals, follow-through, strengths, deadlines.",
    ),
    "undo": ("coachcli.cli.history:undo", "Take back the latest change (again: the one before); --list."),
    "brief": (
        "coachcli.cli.brief:brief",
        "What to send your coach: Markdown, one HTML page with charts, or JSON.",
    ),
    "export": ("coachcli.cli.transfer:export", "Export the whole journal as JSON or Markdown."),
    "import": (
        "coachcli.cli.transfer:import_journal",
        "Import a JSON export, or entries of jrnl or a CSV file (--from).",
    ),
    "backup": (
        "coachcli.cli.maintenance:backup",
        "A consistent, checked copy of the journal (SQLite backup).",
    ),
    "doctor": (
        "coachcli.cli.maintenance:doctor",
        "Where the journal is, its schema, sizes, integrity, backups.",
    ),
    "encrypt": (
        "coachcli.cli.keys:encrypt",
        "Encrypt the journal file (SQLCipher), with a recovery key to keep.",
    ),
    "decrypt": ("coachcli.cli.keys:decrypt", "Make the encrypted journal file plain again."),
    "key": ("coachcli.cli.keys:app", "The journal's key: recovery key, where it is kept, a new one."),
    "sync": (
        "coachcli.cli.sync:app",
        "The same journal on several devices, through a folder or a git remote.",
    ),
    "calendar": (
        "coachcli.cli.calendar:calendar",
        "An iCalendar file: the weekly session with a reminder, commitments, deadlines.",
    ),
    "config": ("coachcli.cli.config:app", "Your settings: review day, session time, output format, editor."),
    "demo": ("coachcli.cli.demo:demo", "Build a sample journal in the demo database and show its report."),
}


def sync_after_change(ctx: Any) -> None:
    """`sync.auto`: a command that changed the journal (other than a sync) syncs when it ends."""
    from coachcli.store import db

    if not db.changes_saved or ctx.invoked_subcommand == "sync":
        return
    from coachcli.settings import sync_auto

    if sync_auto():
        importlib.import_module("coachcli.cli.sync").auto_sync(
            ctx.obj.db if isinstance(ctx.obj, AppState) else None
        )


def build_command(name: str) -> Any:
    """The Click command for `name`, imported and built on demand."""
    module_name, attribute = COMMANDS[name][0].split(":")
    target = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(target, typer.Typer):
        wrapper = typer.Typer(add_completion=False)
        wrapper.command(name)(target)
        target = wrapper
    target.rich_markup_mode = None  # plain Click help and errors, as for the root: fast, and one line
    command = get_command(target)
    command.name = name
    add_no_pager(command, no_pager_option())
    convert_plainly(command)
    return command


def turn_paging_off(value: bool) -> bool:
    """--no-pager, before or after the command: long output is never paged."""
    if value:
        Paging.enabled = False
    return value


NO_PAGER_HELP = "Never page long output on a terminal ($PAGER, else less -R)."


def no_pager_placeholder(
    no_pager: Annotated[
        bool, typer.Option("--no-pager", callback=turn_paging_off, expose_value=False, help=NO_PAGER_HELP)
    ] = False,
) -> None:
    """Only its option is used: the --no-pager that every command showing data takes."""


def no_pager_option() -> Any:
    """The --no-pager option, built by Typer as for any command."""
    wrapper = typer.Typer(add_completion=False)
    wrapper.command()(no_pager_placeholder)
    return get_command(wrapper).params[0]


def add_no_pager(command: Any, option: Any) -> None:
    """Give every command that shows data (it takes --format or --output) the root's --no-pager, so that it
    works after the command too: `coach week --no-pager`."""
    for subcommand in getattr(command, "commands", {}).values():
        add_no_pager(subcommand, option)
    names = {name for parameter in command.params for name in getattr(parameter, "opts", ())}
    if names & {"--format", "--output"} and "--no-pager" not in names:
        command.params.append(option)


def command_as_typed(words: list[str]) -> str:
    """The command's words as a shell would show them, without the journal chosen by --db."""
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--db":
            skip = True
        elif not word.startswith("--db="):
            kept.append(word)
    return shlex.join(kept)


class CoachGroup(typer.core.TyperGroup):
    """The root group: lazy subcommands, and the one place CoachError and interrupted prompts become messages."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_plainly(self)  # the root's own options (--db); subcommands get theirs in build_command
        take_over_completion_options(self)
        return super().parse_args(ctx, take_named_shell(ctx, args))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return build_command(cmd_name) if cmd_name in COMMANDS else None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Click does, with "Did you mean ...?" from the table above for a mistyped command."""
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            matches = get_close_matches(args[0], list(COMMANDS))
            if matches:
                ctx.fail(f"No such command {args[0]!r}. Did you mean {' or '.join(matches)}?")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `coach --help`, from the table above, without building every command."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help) for name, (_, short_help) in COMMANDS.items()])

    def main(self, args: Any = None, *pargs: Any, **kwargs: Any) -> Any:
        """Run one command, its changes recorded in the history as the command typed."""
        words = list(sys.argv[1:] if args is None else args)
        with recording(command_as_typed(words)):
            return super().main(words, *pargs, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sync_after_change(ctx)
            return result
        except CoachError as error:
            if isinstance(error, OutputError) and change_was_saved():
                error = OutputError(error.message + AFTER_SAVED_CHANGE)
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError, typer.Abort):
            typer.echo(f"\nStopped. {KEPT}", err=True)
            raise typer.Exit(1) from None
        except OSError as error:
            # Files coach writes report their own errors; an OSError with no file name is standard output.
            if error.filename is not None or error.errno is None:
                raise
            report_output_failure(error)
            raise typer.Exit(1) from None


app = typer.Typer(
    name="coach",
    cls=CoachGroup,
    help=(
        "A personal coaching journal: SMART goals, strengths, weekly commitments and reviews."
        " With no command: what is due now, and the one command to run next (--format and --output before any"
        " command shape that: coach -f json)."
    ),
    epilog=(
        "\b\nEnvironment:\n"
        "  COACH_DB      the journal file, as --db (default: in your data folder)\n"
        "  COACH_TODAY   act as if today were YYYY-MM-DD (to catch up, demos, tests)\n"
        "  COACH_CONFIG  the settings file (default: in your config folder)\n"
        "  NO_COLOR      no colour. PAGER: the pager. VISUAL, EDITOR: your editor.\n"
        "\nEach command's --help shows its options and examples."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="PATH", help="The journal file (default: COACH_DB, else your data folder)."
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", callback=turn_paging_off, expose_value=False, help=NO_PAGER_HELP)
    ] = False,
    output_format: GivenFormatOption = None,
    output: OutputOption = None,
) -> None:
    """A personal coaching journal: SMART goals, strengths, weekly commitments and reviews."""
    ctx.obj = AppState(db=db)
    if ctx.resilient_parsing:
        return
    if ctx.invoked_subcommand is None:
        show_due(db, output_format, output)
    elif output_format is not None or output is not None:
        given = "--format" if output_format is not None else "--output"
        fail_usage(
            f"{given} before a command is for bare coach; put it after: coach {ctx.invoked_subcommand} {given} …"
        )


def show_due(db: str | None, output_format: OutputFormat | None, target: Path | None) -> None:
    """Bare `coach`: what is due now and the one command to run next; a welcome on an empty journal.

    Read with sqlite3 only (store/reader.py); a journal that does not exist yet is not created.
    """
    from coachcli.render.due import due_lines, markdown_due, rich_due
    from coachcli.settings import review_day
    from coachcli.store.reader import check_kind
    from coachcli.views.due import load_due

    fmt = output_format or format_from_extension(target, STANDARD_KINDS, "") or configured_format()
    path = journal_path(db)
    if check_kind(path) == "missing":
        view = load_due(None, today(), review_day())
    else:
        with reading_journal(db) as reader:
            view = load_due(reader, today(), review_day())
    if fmt is OutputFormat.rich and target is None:
        for line in due_lines(view):
            say(*line)
    else:
        emit(view, fmt=fmt, output=target, rich=rich_due, markdown=markdown_due)
