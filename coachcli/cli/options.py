"""What the commands share on their command line: --format, --output, --no-input, --yes, ids and tags, and
the command groups (a group run bare shows its help; a group with a default subcommand runs it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.cli.completion import ID_COMPLETIONS, complete_goal_id, complete_strategy_id
from coachcli.domain.limits import MAX_ID
from coachcli.domain.text import is_blank
from coachcli.errors import InputError
from coachcli.render.output import STANDARD_KINDS, OutputFormat, format_from_extension

# Where a --format left out was filled in from `output.format` (SPEC "Config"), for commands that ask questions.
FORMAT_FROM_CONFIG = "coach.format_from_config"


def configured_format() -> OutputFormat:
    """`output.format` from the config file: the default of every --format (rich when unset)."""
    from coachcli.settings import output_format

    return OutputFormat(output_format())


def format_default(ctx: typer.Context, param: typer.CallbackParam, value: OutputFormat | None) -> Any:
    """The one place a --format is resolved: as given, else what the --output file's extension names, else
    the configured `output.format`.

    Click handles the options given on the command line before those left out, so a --format left out is
    resolved after --output is known.
    """
    source = ctx.get_parameter_source(param.name or "")
    if ctx.resilient_parsing or (source is not None and source.name != "DEFAULT"):
        return value
    named = format_from_extension(ctx.params.get("output"), STANDARD_KINDS, command_name(ctx))
    if named is not None:
        return named
    ctx.meta[FORMAT_FROM_CONFIG] = True
    return configured_format()


def command_name(ctx: typer.Context) -> str:
    """The command as the person typed it, without `coach` (`week show`, `brief`)."""
    return ctx.command_path.partition(" ")[2] or ctx.command_path


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


# No default here, so that a group (`coach strengths -f json list`, bare `coach -f json`) can tell a format
# given to it from none given.
GivenFormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        show_default=False,
        help="rich (for people), markdown, or json (for scripts); default: output.format in coach config.",
    ),
]


def standard_output_dash(value: Path | None) -> Path | None:
    """`-o -` is standard output (None), as in every command (SPEC "Output")."""
    return None if value is not None and str(value) == "-" else value


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        dir_okay=False,
        readable=False,  # /dev/stdout or a pipe is a fine place to write, though it cannot be read
        callback=standard_output_dash,
        help="Write to FILE (whole or not at all) instead; its extension chooses the format (.md, .json).",
    ),
]

NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Never prompt: a missing required value is an error.")
]

YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Delete without asking (coach undo brings it back).")
]


def check_id(value: int | None) -> int | None:
    """An id from 1 to SQLite's largest integer; anything else is a usage error.

    Checked here rather than with min/max, whose help text ("[1<=x<=9223372036854775807]") says nothing useful.
    """
    if value is not None and not 1 <= value <= MAX_ID:
        raise typer.BadParameter(f"{value} is not an id; ids are whole numbers from 1 up")
    return value


def id_argument(what: str, metavar: str = "ID") -> Any:
    """A positional id argument, checked to fit SQLite's 64-bit integers; goal and commitment ids complete
    (in a shell) with their titles."""
    return typer.Argument(
        callback=check_id,
        metavar=metavar,
        help=f"The {what}'s id.",
        show_default=False,
        autocompletion=ID_COMPLETIONS.get(what.split()[0]),
    )


def goal_option(help_text: str) -> Any:
    """A --goal ID option, checked as every id and completed with the goals' titles."""
    return typer.Option(
        "--goal", metavar="ID", callback=check_id, autocompletion=complete_goal_id, help=help_text
    )


def strategy_option(help_text: str) -> Any:
    """A --strategy ID option, checked as every id and completed with the strategies' words."""
    return typer.Option(
        "--strategy", metavar="ID", callback=check_id, autocompletion=complete_strategy_id, help=help_text
    )


def check_tags(tags: list[str] | None) -> list[str]:
    """The tags given, each stripped; an empty one is refused."""
    cleaned = [tag.strip() for tag in tags or []]
    if any(is_blank(tag) for tag in cleaned):
        raise InputError("a --tag is empty; give each tag some text")
    return cleaned


def fail_usage(message: str) -> None:
    """Raise a usage error (exit 2) for options that cannot be used together."""
    raise typer.BadParameter(message)


class CommandGroup(typer.core.TyperGroup):
    """A group of coach's commands: run with no words where it needs a subcommand (`coach goal`), it shows
    its help, as asked: on standard output, and no error."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)


class DefaultCommandGroup(CommandGroup):
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
