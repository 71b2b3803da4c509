"""`coach session`: the weekly coaching conversation, Goal -> Reality -> Options -> Will, resumable."""

import typer

from coachcli.cli.console import can_prompt, say
from coachcli.cli.options import FormatOption, NoInputOption, OutputOption, format_was_given
from coachcli.cli.transaction import journal_reader
from coachcli.environment import today
from coachcli.render.output import OutputFormat, emit


def session(
    ctx: typer.Context,
    no_input: NoInputOption = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """The weekly session: review, reality, reflect, options, will, close. Without a terminal: its agenda.

    \b
    Examples:
      coach session
      coach session --no-input -f json
    """
    from coachcli.domain.weeks import week_to_close
    from coachcli.settings import review_day

    day = review_day()
    closed = week_to_close(today(), day)
    # A format from `output.format` shapes the agenda; only a typed --format (or a file) stops the questions.
    shown_for_a_script = fmt is not OutputFormat.rich and format_was_given(ctx)
    if shown_for_a_script or output is not None or not can_prompt(no_input):
        from coachcli.render.session import markdown_agenda, rich_agenda
        from coachcli.views.session import load_agenda

        with journal_reader(ctx) as reader:
            agenda = load_agenda(reader, closed, day, today())
        emit(agenda, fmt=fmt, output=output, rich=rich_agenda, markdown=markdown_agenda)
        return
    from coachcli.prompts.session import StopForNow, run_session

    try:
        run_session(ctx, closed, closed.next(), day)
    except StopForNow:
        say(
            "\nStopped for now. Every answer so far is saved; ",
            ("coach session", "bold"),
            " goes on where you stopped.",
        )
    except (KeyboardInterrupt, EOFError, typer.Abort):
        typer.echo(
            "\nStopped. Every answer so far is saved; `coach session` goes on where you stopped.", err=True
        )
        raise typer.Exit(1) from None
