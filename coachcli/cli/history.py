"""`coach undo`: take back the latest change (again: the one before), or list the recent changes."""

from typing import Annotated

import typer

from coachcli.cli.console import say
from coachcli.cli.options import FormatOption, OutputOption
from coachcli.cli.transaction import journal_reader, journal_transaction
from coachcli.render.output import OutputFormat


def undo(
    ctx: typer.Context,
    show_list: Annotated[
        bool, typer.Option("--list", help="Show the recent changes, newest first, instead of undoing one.")
    ] = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Take back the latest change (run again: the one before); --list shows the recent changes."""
    from coachcli.render.output import emit, to_json_text, write_file_atomically
    from coachcli.render.text import rich_escape

    if show_list:
        from coachcli.render.history import markdown_history, rich_history
        from coachcli.store.history import list_history
        from coachcli.views.history import ChangeView, HistoryView

        with journal_reader(ctx) as reader:
            entries = list_history(reader)
        view = HistoryView(
            tuple(
                ChangeView(entry.id, entry.at, entry.command, entry.rows, entry.undoable, entry.note)
                for entry in entries
            )
        )
        emit(view, fmt=fmt, output=output, rich=rich_history, markdown=markdown_history)
        return
    from coachcli.domain.history import describe_undo
    from coachcli.store.history import NothingToUndo, undo_latest
    from coachcli.store.reader import reader_in

    try:
        with journal_transaction(ctx, write=True) as session:
            entry = undo_latest(session, reader_in(session))
    except NothingToUndo as nothing:
        say(f"Nothing to take back: {nothing.message}.")
        return
    words = describe_undo(entry.changes)
    if fmt is OutputFormat.json:
        text = to_json_text(
            {"id": entry.id, "at": entry.at.isoformat(), "command": entry.command, "undid": words}
        )
        if output is not None:
            write_file_atomically(output, text)
        else:
            typer.echo(text, nl=False)
        return
    say(f'Undid "{rich_escape(entry.command)}": {rich_escape(words)}.')
