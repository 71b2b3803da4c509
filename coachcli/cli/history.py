"""`coach undo`: take back the latest change (again: the one before), or list the recent changes."""

from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.console import confirmed, say
from coachcli.cli.options import FormatOption, OutputOption
from coachcli.cli.transaction import journal_reader, journal_transaction
from coachcli.domain.history import describe_change, describe_undo, main_changes
from coachcli.errors import OutputError
from coachcli.render.output import OutputFormat, check_output_target, emit, to_json_text, write_output

if TYPE_CHECKING:
    from coachcli.store.history import HistoryEntry


def undo(
    ctx: typer.Context,
    show_list: Annotated[
        bool, typer.Option("--list", help="Show the recent changes, newest first, instead of undoing one.")
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Take back a change of several entries without showing it and asking."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Take back the latest change (run again: the one before); --list shows the recent changes.

    A change of several entries (a deleted goal and the commitments that pointed to it) is shown first and
    asked about; off a terminal it needs --yes.
    """
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
    from coachcli.store.history import NothingToUndo, latest_entry, undo_latest
    from coachcli.store.reader import reader_in
    from coachcli.store.replica import capture

    if output is not None:
        try:  # an --output that can never be written is refused before the change, not after
            check_output_target(output)
        except OutputError as error:
            raise OutputError(f"{error.message}; nothing was undone") from None
    try:
        with journal_transaction(ctx, write=True) as session:
            reader = reader_in(session)
            latest = latest_entry(reader)
            several = len(main_changes(latest.changes)) > 1
            entry = undo_latest(session, reader, prepare=capture) if yes or not several else None
        if entry is None:
            if not confirm_undo(latest):
                say("Nothing taken back.")
                return
            with journal_transaction(ctx, write=True) as session:
                entry = undo_latest(session, reader_in(session), shown=latest.id, prepare=capture)
    except NothingToUndo as nothing:
        say(f"Nothing to take back: {nothing.message}.")
        return
    words = describe_undo(entry.changes)
    if fmt is OutputFormat.json:
        text = to_json_text(
            {"id": entry.id, "at": entry.at.isoformat(), "command": entry.command, "undid": words}
        )
        if output is not None:
            write_output(output, text)
        else:
            typer.echo(text, nl=False)
        return
    say(f'Undid "{entry.command}": {words}.')


# How many of a change's entries are listed before `coach undo` asks; the rest are counted.
SHOWN_BEFORE_ASKING = 10


def confirm_undo(entry: "HistoryEntry") -> bool:
    """Show what taking back a change of several entries does, and ask (off a terminal: --yes is needed)."""
    main = main_changes(entry.changes)
    shown = [
        f'The latest change, "{entry.command}", changed {len(main)} entries. Taking it back:',
        *(f"  {describe_change(change)}" for change in main[:SHOWN_BEFORE_ASKING]),
    ]
    if len(main) > SHOWN_BEFORE_ASKING:
        shown.append(f"  and {len(main) - SHOWN_BEFORE_ASKING} more")
    needs_yes = (
        f'undoing "{entry.command}" changes {len(main)} entries, so it needs a yes:'
        " run coach undo on a terminal to see them first, or add --yes"
    )
    return confirmed("Take it back?", shown, needs_yes=needs_yes)
