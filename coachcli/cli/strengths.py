"""`coach strengths ...`: the user's strengths in their order, and the 34 CliftonStrengths themes."""

from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.cli.completion import complete_strength, complete_theme
from coachcli.cli.console import say
from coachcli.cli.options import GivenFormatOption, OutputOption, command_name, configured_format, fail_usage
from coachcli.cli.transaction import journal_reader, journal_transaction
from coachcli.render.output import STANDARD_KINDS, OutputFormat, emit, format_from_extension

app = typer.Typer(
    help="Your strengths, in your order: list (the default), add, remove, and the 34 themes.",
    invoke_without_command=True,
    add_completion=False,
)

SHOWING_COMMANDS = ("list", "themes")
NamesArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME",
        help="Theme names (any case) or, with --custom, your own words.",
        autocompletion=complete_theme,
    ),
]


@app.callback()
def strengths(
    ctx: typer.Context,
    fmt: GivenFormatOption = None,
    output: OutputOption = None,
) -> None:
    """Your strengths, in your order; without a command, the same as `coach strengths list`."""
    if ctx.invoked_subcommand is None:
        show_strengths(ctx, *chosen_output(ctx, fmt, output))
    elif ctx.invoked_subcommand not in SHOWING_COMMANDS and (fmt is not None or output is not None):
        fail_usage(f"--format and --output show data; `coach strengths {ctx.invoked_subcommand}` shows none")


def chosen_output(
    ctx: typer.Context, fmt: OutputFormat | None, output: Path | None
) -> tuple[OutputFormat, Path | None]:
    """A command's own --format/--output, else those given before it (`coach strengths -f json list`)."""
    group = ctx.parent.params if ctx.parent is not None else {}
    output = output or group.get("output")
    named = format_from_extension(output, STANDARD_KINDS, command_name(ctx))
    return fmt or group.get("fmt") or named or configured_format(), output


def show_strengths(ctx: typer.Context, fmt: OutputFormat, output: Path | None) -> None:
    """Show the user's strengths in the chosen format."""
    from coachcli.render.strengths import markdown_strength_list, rich_strength_list
    from coachcli.views.strengths import StrengthListView, own_strengths

    with journal_reader(ctx) as reader:
        view = StrengthListView(strengths=own_strengths(reader))
    emit(view, fmt=fmt, output=output, rich=rich_strength_list, markdown=markdown_strength_list)


@app.command("list")
def list_strengths(ctx: typer.Context, fmt: GivenFormatOption = None, output: OutputOption = None) -> None:
    """Your strengths, first-ranked first, with their domains."""
    show_strengths(ctx, *chosen_output(ctx, fmt, output))


def ranked_names(strengths: Any, names: list[str]) -> str:
    """Names with their rank: "Relator (#1), Achiever (#2)"."""
    ranks = {strength.name: strength.rank for strength in strengths}
    return ", ".join(f"{name} (#{ranks[name]})" for name in names)


@app.command("add")
def add(
    ctx: typer.Context,
    names: NamesArgument,
    custom: Annotated[
        bool,
        typer.Option("--custom", help="Keep names that are no theme as your own words (e.g. extrovert)."),
    ] = False,
) -> None:
    """Add strengths after the ones you have, in the order given (it is your ranking).

    \b
    Examples:
      coach strengths add Learner Achiever Focus
      coach strengths add extrovert --custom
    """
    from coachcli.store.reader import reader_in
    from coachcli.store.strengths import add_strengths
    from coachcli.views.strengths import own_strengths

    with journal_transaction(ctx, write=True) as session:
        additions = add_strengths(session, names, custom=custom)
        strengths = own_strengths(reader_in(session))
    added = [name for name, _ in additions.added]
    if added:
        noun = "Strength" if len(added) == 1 else "Strengths"
        say(f"{noun} added: {ranked_names(strengths, added)}.")
    for name in additions.already:
        say(f"{name} is already one of your strengths; nothing changed for it.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME", help="Names of your strengths (any case).", autocompletion=complete_strength
        ),
    ],
) -> None:
    """Remove strengths (all the names given, or none); strategies keep the names they played to."""
    from coachcli.store.strengths import remove_strengths

    with journal_transaction(ctx, write=True) as session:
        removed = remove_strengths(session, names)
    noun = "Strength" if len(removed) == 1 else "Strengths"
    say(f"{noun} removed: {', '.join(removed)}.")


@app.command("themes")
def themes(ctx: typer.Context, fmt: GivenFormatOption = None, output: OutputOption = None) -> None:
    """The 34 CliftonStrengths themes by domain, yours marked with your ranking."""
    from coachcli.render.strengths import markdown_themes, rich_themes
    from coachcli.views.strengths import load_themes

    fmt, output = chosen_output(ctx, fmt, output)
    with journal_reader(ctx) as reader:
        view = load_themes(reader)
    emit(view, fmt=fmt, output=output, rich=rich_themes, markdown=markdown_themes)
