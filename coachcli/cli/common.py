"""What every command shares: the journal it works on, output options, prompts, and error handling."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from coachcli.domain.limits import MAX_ID
from coachcli.domain.text import is_blank
from coachcli.environment import journal_path
from coachcli.environment import today as today  # re-exported: commands take today (COACH_TODAY) from here
from coachcli.errors import CoachError, InputError, JournalError
from coachcli.render.output import OutputFormat

if TYPE_CHECKING:
    from rich.console import RenderableType
    from sqlmodel import Session

    from coachcli.domain.dates import IsoWeek
    from coachcli.render.text import Piece
    from coachcli.store.reader import Reader

T = TypeVar("T")

# Where a --format left out was filled in from `output.format` (SPEC "Config"), for commands that ask questions.
FORMAT_FROM_CONFIG = "coach.format_from_config"


def configured_format() -> OutputFormat:
    """`output.format` from the config file: the default of every --format (rich when unset)."""
    from coachcli.settings import output_format

    return OutputFormat(output_format())


def format_default(ctx: typer.Context, param: typer.CallbackParam, value: OutputFormat | None) -> Any:
    """The one place a --format is resolved: as given, else the configured `output.format`."""
    source = ctx.get_parameter_source(param.name or "")
    if ctx.resilient_parsing or (source is not None and source.name != "DEFAULT"):
        return value
    ctx.meta[FORMAT_FROM_CONFIG] = True
    return configured_format()


def format_was_given(ctx: typer.Context) -> bool:
    """Whether the command's --format was typed (not the configured default)."""
    return not ctx.meta.get(FORMAT_FROM_CONFIG, False)


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        callback=format_default,
        help="rich (for people), markdown, or json (for scripts); default: output.format in coach config.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        dir_okay=False,
        readable=False,  # /dev/stdout or a pipe is a fine place to write, though it cannot be read
        help="Write to FILE (whole or not at all) instead.",
    ),
]
NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Never prompt: a missing required value is an error.")
]


def check_id(value: int | None) -> int | None:
    """An id from 1 to SQLite's largest integer; anything else is a usage error.

    Checked here rather than with min/max, whose help text ("[1<=x<=9223372036854775807]") says nothing useful.
    """
    if value is not None and not 1 <= value <= MAX_ID:
        raise typer.BadParameter(f"{value} is not an id; ids are whole numbers from 1 up")
    return value


def id_argument(what: str, metavar: str = "ID") -> Any:
    """A positional id argument, checked to fit SQLite's 64-bit integers."""
    return typer.Argument(callback=check_id, metavar=metavar, help=f"The {what}'s id.", show_default=False)


class AppState:
    """Options given before the command (`coach --db PATH ...`)."""

    __slots__ = ("db",)

    def __init__(self, db: str | None = None) -> None:
        self.db = db


def state(ctx: typer.Context) -> AppState:
    """The state the root command stored for its subcommands."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


@contextmanager
def journal_transaction(ctx: typer.Context, *, write: bool) -> Iterator[Session]:
    """One transaction on the user's journal, which is opened (and created or migrated) first.

    A journal coach may not write is still opened for reading (`write=False`); a writing command on it gets
    one error saying how to make it writable. SQLite's errors arrive as JournalError, never as tracebacks.
    """
    from coachcli.store.db import open_journal

    journal = open_journal(journal_path(state(ctx).db), write=write)
    try:
        if not journal.read_only:
            try:
                keep_routines_filled(journal.path)
            except JournalError:
                if write:
                    raise
                # Showing never fails for want of a write (a busy or full disk): the copies are computed.
        with journal.transaction(write=write) as session:
            yield session
    finally:
        journal.close()


YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Delete without asking (coach undo brings it back).")
]


def confirm_removal(what: str, shown: str, consequences: tuple[str, ...], *, yes: bool) -> bool:
    """Ask before removing `what` (after showing it and what happens to what points to it).

    --yes skips the question; off a terminal without --yes it is an error, and nothing is removed.
    """
    if yes:
        return True
    if not can_prompt():
        raise InputError(f"deleting {what} needs a yes: run it on a terminal, or add --yes")
    say(shown)
    for line in consequences:
        say(f"  {line[0].upper()}{line[1:]}.")
    if typer.confirm(f"Delete {what}? (coach undo brings it back)", default=False):
        return True
    say("Nothing deleted.")
    return False


def delete_after_asking(
    ctx: typer.Context,
    what: str,
    *,
    yes: bool,
    describe: Callable[[Session], tuple[str, tuple[str, ...]]],
    remove: Callable[[Session], tuple[str, ...]],
) -> None:
    """A `delete` command: show what `describe` reads and ask (unless --yes), then `remove` it in one write
    transaction and say what became of what pointed to it (the consequences `remove` returns)."""
    if not yes:
        with journal_transaction(ctx, write=False) as session:
            shown, consequences = describe(session)
        if not confirm_removal(what, shown, consequences, yes=yes):
            return
    with journal_transaction(ctx, write=True) as session:
        consequences = remove(session)
    say(*removal_message(what, consequences))


def removal_message(what: str, consequences: tuple[str, ...]) -> tuple[str, tuple[str, str]]:
    """`Commitment 4 deleted; commitment 7 ... stays as it is.` with how to take it back, as say's pieces."""
    after = "; " + "; ".join(consequences) if consequences else ""
    return f"{what[0].upper()}{what[1:]} deleted{after}. ", ("(coach undo brings it back.)", "dim")


def routine_horizon() -> IsoWeek:
    """How far ahead routines get their copies: this week, or the week to plan (`week.review_day`)."""
    from coachcli.domain.routines import fill_horizon
    from coachcli.settings import review_day

    return fill_horizon(today(), review_day())


def keep_routines_filled(path: Path) -> None:
    """Give every routine its copy in each week up to the horizon, in its own short transaction before the
    command's own (so that `coach undo` takes back what the person did, not the calendar turning)."""
    from coachcli.store.routines import fill_routines_at

    fill_routines_at(path, routine_horizon())


@contextmanager
def journal_reader(ctx: typer.Context) -> Iterator[Reader]:
    """The user's journal for a command that only shows it: one read transaction with the standard library's
    sqlite3 (store/reader.py), so that showing never loads the ORM. A journal not yet created or at an older
    revision is set up or migrated first, exactly as for journal_transaction.
    """
    from coachcli.store.reader import reading

    path = journal_path(state(ctx).db)

    def fill_routines(connection: Any) -> None:
        """As journal_transaction does when coach may write, on the reader's connection before its read
        transaction; showing never fails for want of a write (a busy or full disk): the copies are computed."""
        from coachcli.store.files import sqlite_errors
        from coachcli.store.routines import fill_routine_copies

        with suppress(JournalError), sqlite_errors(path):
            fill_routine_copies(connection, routine_horizon())

    with reading(path, before=fill_routines) as reader:
        yield reader


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (tests replace this to script answers)."""
    return sys.stdin.isatty()


def can_prompt(no_input: bool = False) -> bool:
    """Prompts appear only on a terminal and never with --no-input."""
    return not no_input and stdin_is_terminal()


def ask(question: str, *, default: str | None = None) -> str:
    """Ask one open question; an empty answer gives '' (or the default).

    The question (and a default, which may be journal text) are shown with control codes escaped.
    """
    from coachcli.render.text import printable

    shown = printable(question) + (f" [{printable(default)}]" if default else "")
    # A question mark already asks; Click's usual ": " after it would read "...now?: ".
    suffix = " " if question.endswith("?") else ": "
    answer = typer.prompt(
        shown, default=default if default is not None else "", show_default=False, prompt_suffix=suffix
    )
    return answer.strip()


def ask_until_valid(question: str, parse: Callable[[str], T]) -> T | None:
    """Ask until the answer parses; an empty answer skips the question (None)."""
    while True:
        answer = ask(question)
        if not answer:
            return None
        try:
            return parse(answer)
        except CoachError as error:
            warn(f"  {error.message}")


def say(*message: Piece | RenderableType) -> None:
    """A short confirmation for the person, on standard output: a line of pieces as render.text.rich_text
    takes them (text exactly as it is, never markup, or (text, style)), or one renderable (a table).

    On a terminal a line wraps between words, like every other output of coach (the terminal itself
    would break it mid-word). Piped or redirected, a line stays one line, so that a script never finds a file
    name in it cut in two; renderables (tables) are laid out to the width either way.
    """
    from coachcli.render.output import make_console, plain_output
    from coachcli.render.text import rich_text, unstyled

    plain = [piece for piece in message if isinstance(piece, str | tuple)]
    if len(plain) == len(message) and plain_output() and "\t" not in unstyled(*plain):
        # Piped or redirected, a line of pieces is its plain text: no need to load Rich (a write's confirmation).
        sys.stdout.write(unstyled(*plain) + "\n")
        return
    from rich.text import Text

    console = make_console()
    line = [piece for piece in message if isinstance(piece, str | tuple | Text)]
    if len(line) == len(message):
        console.print(rich_text(*line), soft_wrap=not console.is_terminal)
    else:
        console.print(*message)  # a renderable (a table)


def notice_beliefs_in(*texts: str | None) -> None:
    """After saving what the person wrote: the one question its belief language invites most, if any."""
    written = [text for text in texts if text]
    if not written:
        return  # nothing written: the belief patterns are not even compiled
    from coachcli.domain.beliefs import most_telling, notice_beliefs

    belief = most_telling([found for text in written for found in notice_beliefs(text)])
    if belief is not None and belief.question is not None:
        say((belief.question, "yellow"))


def fail_usage(message: str) -> None:
    """Raise a usage error (exit 2) for options that cannot be used together."""
    raise typer.BadParameter(message)


def report_error(error: CoachError) -> None:
    """Print a CoachError as one `Error:` line on standard error."""
    typer.echo(f"Error: {one_line(error.message)}", err=True)


def one_line(message: str) -> str:
    """A message as one line with no control codes, for standard error."""
    from coachcli.render.text import printable

    return printable(message.replace("\r\n", " ").replace("\n", " "))


def warn(message: str) -> None:
    """A short note on standard error (e.g. why an answer was not taken), as one inert line."""
    typer.echo(one_line(message), err=True)


def check_tags(tags: list[str] | None) -> list[str]:
    """The tags given, each stripped; an empty one is refused."""
    cleaned = [tag.strip() for tag in tags or []]
    if any(is_blank(tag) for tag in cleaned):
        raise InputError("a --tag is empty; give each tag some text")
    return cleaned


class DefaultCommandGroup(typer.core.TyperGroup):
    """A command group that runs its default subcommand for anything that names no subcommand.

    `coach week`, `coach week 2026-W48` and `coach week --format json` all mean `coach week show ...`, while
    `coach week review` still finds its own subcommand and `coach week --help` the group's help. A group
    whose default needs arguments (`coach commit`) shows its help when run with none.
    """

    default_command = "show"
    default_without_arguments = True

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        names_a_command = bool(args) and (args[0] in self.commands or args[0] in ctx.help_option_names)
        wants_default = bool(args) or self.default_without_arguments
        if not names_a_command and wants_default and not ctx.resilient_parsing:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


class JournalGroup(DefaultCommandGroup):
    """`coach journal [filters]` lists (`coach journal list`); edit and delete are subcommands."""

    default_command = "list"


class CommitGroup(DefaultCommandGroup):
    """`coach commit`: TEXT alone means `coach commit add TEXT`; edit, delete and stop are subcommands."""

    default_command = "add"
    default_without_arguments = False
    # One word that reads as a request to see commitments, not as something to do.
    SHOWING_WORDS = ("list", "ls", "show")

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not ctx.resilient_parsing and args[0] not in self.commands:
            word = args[0]
            if word.lower() in self.SHOWING_WORDS and len(args) == 1:
                ctx.fail(
                    f"{word!r} is not a subcommand of coach commit: `coach week` shows your commitments."
                    f" To commit to {word!r} itself, write: coach commit add {word}"
                )
            from difflib import get_close_matches

            matches = get_close_matches(word, [name for name in self.commands if name != "add"], n=1)
            if matches and len(args) > 1 and args[1].isdigit():
                ctx.fail(f"No such command {word!r}. Did you mean {matches[0]}?")
        return super().parse_args(ctx, args)
