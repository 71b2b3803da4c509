"""The `coach` command: global options, the command groups, and the one place errors become messages."""

import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Annotated, Any, get_args

import typer
from typer._click.exceptions import NoArgsIsHelpError
from typer._coercion import RuntimeParam

from coachcli import __version__
from coachcli.cli.common import AppState, report_error
from coachcli.errors import CoachError

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
    "mark": ("coachcli.cli.weeks:mark", "Give a commitment its status without the interactive review."),
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
    "import": ("coachcli.cli.transfer:import_journal", "Import a JSON export into an empty journal."),
    "backup": (
        "coachcli.cli.maintenance:backup",
        "A consistent, checked copy of the journal (SQLite backup).",
    ),
    "doctor": (
        "coachcli.cli.maintenance:doctor",
        "Where the journal is, its schema, sizes, integrity, backups.",
    ),
    "calendar": (
        "coachcli.cli.calendar:calendar",
        "An iCalendar file: the weekly session with a reminder, commitments, deadlines.",
    ),
    "config": ("coachcli.cli.config:app", "Your settings: review day, session time, output format, editor."),
    "demo": ("coachcli.cli.demo:demo", "Build a sample journal in the demo database and show its report."),
}


class PlainConversion(RuntimeParam):
    """A parameter's value converted by coach's own function instead of a pydantic TypeAdapter.

    A plain subclass of Typer's frozen dataclass: every command makes some, and defining a dataclass costs
    more than the conversions themselves.
    """

    convert: Callable[[Any, Any, Any], Any]

    def __init__(
        self, *, parameter_info: Any, annotation: Any, convert: Callable[[Any, Any, Any], Any]
    ) -> None:
        super().__init__(parameter_info=parameter_info, annotation=annotation)
        object.__setattr__(self, "convert", convert)  # frozen, as its base

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.convert(value, param, ctx)


def as_text(value: Any, param: Any, ctx: Any) -> str:
    return value if isinstance(value, str) else str(value)


def as_texts(value: Any, param: Any, ctx: Any) -> list[str]:
    return [as_text(item, param, ctx) for item in (value if isinstance(value, (list, tuple)) else [value])]


FLAG_WORDS = {"1": True, "true": True, "t": True, "yes": True, "y": True, "on": True}
FLAG_WORDS |= {"0": False, "false": False, "f": False, "no": False, "n": False, "off": False, "": False}


def a_flag(value: Any, param: Any, ctx: Any) -> bool:
    """A flag's value: a bool already, or a word such as true, no, 1 (from an environment variable)."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word not in FLAG_WORDS:
        raise typer.BadParameter(f"{value!r} is neither true nor false.", ctx=ctx, param=param)
    return FLAG_WORDS[word]


WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def whole_number(info: Any) -> Callable[[Any, Any, Any], int]:
    """A whole number, within the parameter's min and max when it has them."""

    def convert(value: Any, param: Any, ctx: Any) -> int:
        text = str(value).strip()
        if not isinstance(value, int) and not WHOLE_NUMBER.fullmatch(text):  # ASCII digits only, as before
            raise typer.BadParameter(f"{value!r} is not a whole number.", ctx=ctx, param=param)
        number = value if isinstance(value, int) else int(text)
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            bounds = " ".join(
                part
                for part in (
                    f"from {info.min}" if info.min is not None else "",
                    f"to {info.max}" if info.max is not None else "",
                )
                if part
            )
            raise typer.BadParameter(
                f"{number} is out of range; give a number {bounds}.", ctx=ctx, param=param
            )
        return number

    return convert


def one_of(choices: list[Any], case_sensitive: bool) -> Callable[[Any, Any, Any], Any]:
    """One of an Enum's members, matched as Typer matches them."""
    from typer._param_types import coerce_cli_choice

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError as error:
            raise typer.BadParameter(str(error), ctx=ctx, param=param) from None

    return convert


def a_path(info: Any) -> Callable[[Any, Any, Any], Any]:
    """A Path, checked by Typer's own path checks (exists, dir_okay, ...)."""
    from typer._param_types import coerce_cli_path

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        path = value if isinstance(value, Path) else Path(value)
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)

    return convert


def plain_converter(descriptor: Any) -> Callable[[Any, Any, Any], Any] | None:
    """coach's conversion for a parameter of the plain types its commands use (str, int, Path, an Enum, a
    list of str, a flag); None for anything else, which Typer converts as it always does."""
    from enum import Enum

    annotation, info = descriptor.annotation, descriptor.parameter_info
    if info.parser is not None or info.clamp or descriptor.file_annotation is not None:
        return None
    if descriptor.is_list:
        return as_texts if get_args(annotation) == (str,) else None
    if annotation is str:
        return as_text
    if annotation is bool:
        return a_flag
    if annotation is int:
        return whole_number(info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return one_of(list(annotation), info.case_sensitive)
    if annotation is Path and info.path_type is None:
        return a_path(info)
    return None


def convert_plainly(command: Any) -> None:
    """Give the parameters of `command` and its subcommands coach's own conversion where it has one.

    Typer 0.29 builds a pydantic TypeAdapter for each parameter it converts, which imports pydantic: about a
    third of a short command's start-up (measured in benchmarks/run.py). Typer still parses every option,
    writes the help and reports usage errors; only turning the text into a value is done here.
    """
    for parameter in command.params:
        convert_parameter_plainly(parameter)
    help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        """The --help option Click adds to each command (made when parsing starts), converted the same way."""
        option = help_option(ctx)
        if option is not None:
            convert_parameter_plainly(option)
        return option

    command.get_help_option = get_help_option
    for subcommand in getattr(command, "commands", {}).values():
        convert_plainly(subcommand)


def convert_parameter_plainly(parameter: Any) -> None:
    """Give one Typer parameter coach's conversion, when it has one for its type."""
    if getattr(parameter, "_runtime_param", False) is None:
        descriptor = parameter.type_descriptor
        convert = plain_converter(descriptor)
        if convert is not None:
            parameter._runtime_param = PlainConversion(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, convert=convert
            )


def subcommand_to_run(group: typer.Typer, following: Sequence[str] | None) -> str | None:
    """The one subcommand of `group` that the words after its name certainly run; None when all are needed.

    Building a Click command reads its function's signature, which costs more than running most commands:
    `coach goal show 1` need not build goal's nine other subcommands. Help, completion, and words that a
    group may answer with "Did you mean ...?" get every subcommand, as before.
    """
    from coachcli.cli.common import DefaultCommandGroup

    if following is None or any(word in ("--help", "-h") for word in following):
        return None
    names = [info.name for info in group.registered_commands]
    if following[:1] and following[0] in names:
        return following[0]
    kind = group.info.cls
    if not (isinstance(kind, type) and issubclass(kind, DefaultCommandGroup)):
        return None
    # A group whose parse_args looks at the other names only to find them (not to suggest one) runs its
    # default for any other words.
    plain = kind.parse_args is DefaultCommandGroup.parse_args and kind.default_command in names
    if plain and (following or kind.default_without_arguments):
        return kind.default_command
    return None


def build_command(name: str, following: Sequence[str] | None = None) -> Any:
    """The Click command for `name`, imported and built on demand (of a group, only the subcommand that the
    words `following` run, when that is certain)."""
    import importlib

    from typer.main import get_command, get_group

    module_name, attribute = COMMANDS[name][0].split(":")
    target = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(target, typer.Typer):
        wrapper = typer.Typer(add_completion=False)
        wrapper.command(name)(target)
        target = wrapper
    target.rich_markup_mode = None  # plain Click help and errors, as for the root: fast, and one line
    registered = target.registered_commands
    only = None
    if len(registered) > 1 and not target._add_completion:
        only = subcommand_to_run(target, following)
    if only is None:
        command = get_command(target)
    else:
        # Still a group (get_command would make a lone subcommand the command itself), of one subcommand.
        target.registered_commands = [info for info in registered if info.name == only]
        try:
            command = get_group(target)
        finally:
            target.registered_commands = registered
    command.name = name
    convert_plainly(command)
    return command


# The characters shlex.quote leaves a word bare with (its _find_unsafe), so that most commands need no shlex.
SHELL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")


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
    if all(word and SHELL_SAFE.issuperset(word) for word in kept):
        return " ".join(kept)  # what shlex.join gives for such words
    import shlex

    return shlex.join(kept)


class CoachGroup(typer.core.TyperGroup):
    """The root group: lazy subcommands, and the one place CoachError and interrupted prompts become messages."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_plainly(self)  # the root's own options (--db); subcommands get theirs in build_command
        return super().parse_args(ctx, args)

    # The words after the command's name, while it is being resolved to run (build_command builds less).
    following: Sequence[str] | None = None

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        return build_command(cmd_name, None if ctx.resilient_parsing else self.following)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Click does, with "Did you mean ...?" from the table above for a mistyped command."""
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            from difflib import get_close_matches

            matches = get_close_matches(args[0], list(COMMANDS))
            if matches:
                ctx.fail(f"No such command {args[0]!r}. Did you mean {' or '.join(matches)}?")
        self.following = args[1:]
        try:
            return super().resolve_command(ctx, args)
        finally:
            self.following = None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `coach --help`, from the table above, without building every command."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help) for name, (_, short_help) in COMMANDS.items()])

    def main(self, args: Any = None, *pargs: Any, **kwargs: Any) -> Any:
        """Run one command, its changes recorded in the history as the command typed."""
        import sys

        from coachcli.store.command import recording

        words = list(sys.argv[1:] if args is None else args)
        with recording(command_as_typed(words)):
            return super().main(words, *pargs, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError as shown:
            # A group run without a subcommand (`coach goal`) shows its help, as asked: that is no error.
            typer.echo(shown.ctx.get_help())
            raise typer.Exit(0) from None
        except CoachError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError, typer.Abort):
            typer.echo(f"\n{STOPPED}", err=True)
            raise typer.Exit(1) from None
        except OSError as error:
            # Files coach writes report their own errors; an OSError with no file name is standard output.
            if error.filename is not None or error.errno is None:
                raise
            report_output_failure(error)
            raise typer.Exit(1) from None


STOPPED = "Stopped. Anything already saved is kept; nothing else was written."


class StoppedBySignal(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that it unwinds like Ctrl-C: every `finally`
    removes its temporary files and every open transaction rolls back."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def stop_on_signal(number: int, _frame: Any) -> None:
    """The handler of SIGTERM and SIGHUP: further signals are ignored while the first one unwinds."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise StoppedBySignal(number)


def handle_stop_signals() -> None:
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop_on_signal)


def report_output_failure(error: OSError) -> None:
    """One `Error:` line for standard output that cannot be written, saying whether a change was saved."""
    import sys

    store = sys.modules.get("coachcli.store.db")
    saved = bool(getattr(store, "changes_saved", False))
    outcome = "; the change was saved, so do not run the command again" if saved else ""
    report_error(CoachError(f"cannot write to standard output ({error.strerror}){outcome}"))
    silence_standard_output()


def silence_standard_output() -> None:
    """Point standard output at the null device, so that what is still buffered cannot fail again at exit."""
    import os
    import sys

    with suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def degrade_narrow_output() -> None:
    """Output in an encoding that cannot show every character (ascii, latin-1) gets replacement characters
    instead of a UnicodeEncodeError; files coach writes are always UTF-8."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):
                reconfigure(errors="replace")


def text_arguments(arguments: list[str]) -> list[str]:
    """The command line as text: bytes that are not UTF-8 are an error naming the argument.

    Python decodes arguments with the locale's encoding and keeps bad bytes as surrogates; they are decoded
    again as UTF-8 (so that UTF-8 text typed in the C locale still works).
    """
    import os

    from coachcli.errors import InputError

    decoded = []
    for position, argument in enumerate(arguments, start=1):
        raw = os.fsencode(argument)
        try:
            decoded.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", errors="replace")
            raise InputError(
                f"argument {position} ({shown}) is not UTF-8 text; type it again, with your terminal set to UTF-8"
            ) from None
    return decoded


app = typer.Typer(
    name="coach",
    cls=CoachGroup,
    help=(
        "A personal coaching journal: SMART goals, strengths, weekly commitments and reviews."
        " With no command: what is due now, and the one command to run next."
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
        bool,
        typer.Option("--no-pager", help="Never page long output on a terminal ($PAGER, else less -R)."),
    ] = False,
) -> None:
    """A personal coaching journal: SMART goals, strengths, weekly commitments and reviews."""
    ctx.obj = AppState(db=db)
    if no_pager:
        from coachcli.render.output import Paging

        Paging.enabled = False
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        show_due(db)


def show_due(db: str | None) -> None:
    """Bare `coach`: what is due now and the one command to run next; a welcome on an empty journal.

    Read with sqlite3 only (store/reader.py); a journal that does not exist yet is not created.
    """
    from coachcli.cli.common import say, today
    from coachcli.environment import journal_path
    from coachcli.render.due import rich_due
    from coachcli.settings import review_day
    from coachcli.store.reader import check_kind, reading
    from coachcli.views.due import load_due

    path = journal_path(db)
    if check_kind(path) == "missing":
        view = load_due(None, today(), review_day())
    else:
        with reading(path) as reader:
            view = load_due(reader, today(), review_day())
    for line in rich_due(view):
        say(line)


def main() -> None:
    """The console script: signals that unwind, output that degrades, arguments checked to be text."""
    import sys

    handle_stop_signals()
    degrade_narrow_output()
    try:
        try:
            arguments = text_arguments(sys.argv[1:])
        except CoachError as error:
            report_error(error)
            sys.exit(1)
        code = run(arguments)
    except StoppedBySignal as stopped:
        import signal

        name = signal.Signals(stopped.number).name
        message = f"\nStopped by {name}. Anything already saved is kept; nothing else was written.\n"
        with suppress(OSError):
            sys.stderr.write(message)
        code = 128 + stopped.number
    sys.exit(code)


def run(arguments: list[str]) -> Any:
    """Run the command line; its exit code (standard output flushed, or its failure reported)."""
    import sys

    try:
        app(args=arguments, prog_name="coach")
        code: Any = 0
    except SystemExit as finished:
        code = finished.code
    try:
        sys.stdout.flush()
    except OSError as error:
        report_output_failure(error)
        code = code or 1
    return code
