"""The `coach` command: global options, the command groups, and the one place errors become messages."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from coachcli import __version__
from coachcli.cli import demo, goals, maintenance
from coachcli.cli.common import AppState, report_error
from coachcli.errors import CoachError


class CoachGroup(typer.core.TyperGroup):
    """The root group: turns CoachError and interrupted prompts into one line and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CoachError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError, typer.Abort):
            typer.echo("\nStopped. Anything already saved is kept; nothing else was written.", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    name="coach",
    cls=CoachGroup,
    help="A personal coaching journal: SMART goals, strengths, weekly commitments and reviews.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(goals.app, name="goal")
app.command("demo")(demo.demo)
app.command("backup")(maintenance.backup)
app.command("doctor")(maintenance.doctor)


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
) -> None:
    """A personal coaching journal: SMART goals, strengths, weekly commitments and reviews."""
    ctx.obj = AppState(db=db)


def main() -> None:
    """The console script."""
    app()
