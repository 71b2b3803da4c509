"""The journal a command works on (`coach --db PATH`, else COACH_DB, else the data folder): one transaction
on it, one read of it, and a deletion asked about first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from coachcli.cli.console import confirm_removal, say, warn
from coachcli.environment import journal_path, today
from coachcli.errors import JournalError

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.domain.dates import IsoWeek
    from coachcli.store.db import Journal
    from coachcli.store.reader import Reader


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
    say_when_the_disk_is_full(journal.path)
    try:
        if not journal.read_only:
            try:
                keep_routines_filled(journal)
            except JournalError:
                if write:
                    raise
                # Showing never fails for want of a write (a busy or full disk): the copies are computed.
        with journal.transaction(write=write) as session:
            yield session
    finally:
        journal.close()


@contextmanager
def journal_reader(ctx: typer.Context) -> Iterator[Reader]:
    """The user's journal for a command that only shows it: one read transaction with the standard library's
    sqlite3 (store/reader.py), so that showing never loads the ORM. A journal not yet created or at an older
    revision is set up or migrated first, exactly as for journal_transaction.
    """
    with reading_journal(state(ctx).db) as reader:
        yield reader


@contextmanager
def reading_journal(db: str | None) -> Iterator[Reader]:
    """journal_reader for the journal at `--db` (or COACH_DB, or the data folder): every read goes through here."""
    from coachcli.store.reader import reading

    path = journal_path(db)

    def fill_routines(connection: Any) -> None:
        """As journal_transaction does when coach may write, on the reader's connection before its read
        transaction; showing never fails for want of a write (a busy or full disk): the copies are computed.
        The write's code (history, replica) is loaded only when a copy is due, which is once a week at most."""
        from coachcli.store.files import sqlite_errors
        from coachcli.store.reader import Reader

        with suppress(JournalError), sqlite_errors(path):
            horizon = routine_horizon()
            if Reader(connection).routine_weeks_due(horizon):
                from coachcli.store.routines import fill_routine_copies

                fill_routine_copies(connection, horizon)

    with reading(path, before=fill_routines) as reader:
        say_when_the_disk_is_full(path)
        yield reader


def say_when_the_disk_is_full(path: Path) -> None:
    """A note on standard error when the journal is shown read-only because its disk is full."""
    from coachcli.store.files import disk_is_full

    if disk_is_full(path):
        warn(
            f"The disk that holds {path} is full: this is your journal as it is, and nothing can be changed"
            " until you free some space."
        )


def routine_horizon() -> IsoWeek:
    """How far ahead routines get their copies: this week, or the week to plan (`week.review_day`)."""
    from coachcli.domain.routines import fill_horizon
    from coachcli.settings import review_day

    return fill_horizon(today(), review_day())


def keep_routines_filled(journal: Journal) -> None:
    """Give every routine its copy in each week up to the horizon, in its own short transaction before the
    command's own (so that `coach undo` takes back what the person did, not the calendar turning)."""
    from coachcli.store.routines import fill_routines_at

    fill_routines_at(journal.path, routine_horizon(), journal.journal_id)


def delete_after_asking(
    ctx: typer.Context,
    what: str,
    *,
    yes: bool,
    describe: Callable[[Reader], tuple[str, tuple[str, ...]]],
    remove: Callable[[Session], tuple[str, ...]],
) -> None:
    """A `delete` command: show what `describe` reads and ask (unless --yes), then `remove` it in one write
    transaction and say what became of what pointed to it (the consequences `remove` returns)."""
    if not yes:
        with journal_reader(ctx) as reader:
            shown, consequences = describe(reader)
        if not confirm_removal(what, shown, consequences, yes=yes):
            return
    with journal_transaction(ctx, write=True) as session:
        consequences = remove(session)
    say(*removal_message(what, consequences))


def removal_message(what: str, consequences: tuple[str, ...]) -> tuple[str, tuple[str, str]]:
    """`Commitment 4 deleted; commitment 7 ... stays as it is.` with how to take it back, as say's pieces."""
    after = "; " + "; ".join(consequences) if consequences else ""
    return f"{what[0].upper()}{what[1:]} deleted{after}. ", ("(coach undo brings it back.)", "dim")
