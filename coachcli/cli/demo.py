"""`coach demo`: a sample journal to explore, kept apart from the user's own."""

import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.console import say, warn
from coachcli.cli.options import FormatOption, OutputOption
from coachcli.cli.transaction import journal_reader, state
from coachcli.domain.limits import FIRST_DAY, LAST_DAY, MAX_SEED, MAX_WEEKS
from coachcli.environment import DEMO_FILE, demo_path, journal_path, today
from coachcli.errors import InputError, JournalError
from coachcli.render.output import OutputFormat, emit
from coachcli.store.command import mark_not_undoable

# Above this many weeks, the demo takes long enough to show its progress (on a terminal).
PROGRESS_FROM_WEEKS = 104
DEMO_STEPS = 15  # building, thirteen tables, saving


@contextmanager
def demo_progress(*, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A transient progress bar on standard error; `step(label)` moves it on. Does nothing when not enabled."""
    if not enabled:
        yield lambda label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), console=Console(stderr=True), transient=True
    ) as progress:
        task = progress.add_task("", total=DEMO_STEPS)

        def step(label: str) -> None:
            progress.update(task, advance=1, description=label)

        yield step


def remove_old_demo(path: Path) -> None:
    """Remove an earlier demo journal (only the one coach itself named demo.db) with its WAL files."""
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


# The demo's history goes `weeks` back from today, its deadlines and plans up to two years ahead.
DEMO_ROOM_WEEKS = 104


def check_demo_room(current_day: date, weeks: int) -> None:
    """Refuse a demo whose weeks would fall off either end of the calendar coach handles."""
    earliest = FIRST_DAY + timedelta(weeks=weeks + DEMO_ROOM_WEEKS)
    latest = LAST_DAY - timedelta(weeks=DEMO_ROOM_WEEKS)
    if not earliest <= current_day <= latest:
        raise InputError(
            f"coach demo writes {weeks} weeks before today and plans up to two years after it, which from"
            f" {current_day} would leave the calendar; set COACH_TODAY between {earliest} and {latest}"
            " (or ask for fewer --weeks)"
        )


def demo(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=MAX_WEEKS, help="How many weeks of history.")
    ] = 16,
    seed: Annotated[
        int, typer.Option("--seed", min=0, max=MAX_SEED, help="Another seed, another journal.")
    ] = 7,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Build a sample journal in the demo database (never your own journal) and show its report.

    Building the demo cannot be undone with `coach undo`: run coach demo again for a fresh one.
    """
    from coachcli.sample_journal import build_demo_journal
    from coachcli.store.db import open_journal
    from coachcli.store.transfer import insert_journal, journal_is_empty

    current_day = today()
    check_demo_room(current_day, weeks)
    chosen = state(ctx).db
    path = demo_path(chosen)
    is_own_demo = path.name == DEMO_FILE and not chosen and path.parent.exists()
    if is_own_demo:
        remove_old_demo(path)
    with demo_progress(enabled=weeks > PROGRESS_FROM_WEEKS and sys.stderr.isatty()) as step:
        step("building the sample journal")
        data = build_demo_journal(today=current_day, weeks=weeks, seed=seed)
        mark_not_undoable("the demo journal is built anew by running coach demo again")
        journal = open_journal(path)
        try:
            with journal.transaction(write=True) as session:
                if not journal_is_empty(session):
                    raise JournalError(
                        f"{path} already holds a journal; coach demo only writes into an empty one"
                        " (leave out --db and COACH_DB to use the demo database)"
                    )
                insert_journal(
                    session, data, on_table=lambda table: step(f"writing {table.replace('_', ' ')}")
                )
                step("saving")
        finally:
            journal.close()
    # A Markdown or JSON report on standard output is all that goes there; the lines about it go aside.
    aside = fmt is not OutputFormat.rich and output is None
    if aside:
        warn(f"Demo journal written to {path}: {weeks} weeks, seed {seed}.")
    else:
        say(f"Demo journal written to {path}: {weeks} weeks, seed {seed}.")
    show_demo(ctx, path, fmt=fmt, output=output, aside=aside)


def show_demo(ctx: typer.Context, path: Path, *, fmt: OutputFormat, output: Path | None, aside: bool) -> None:
    """Show the demo journal's progress report, and how to explore it."""
    from coachcli.domain.report import report_range
    from coachcli.render.report import markdown_report, rich_report
    from coachcli.views.report import load_report

    state(ctx).db = str(path)
    current_day = today()
    first, last = report_range(current_day, weeks=None, since=None, until=None)
    with journal_reader(ctx) as reader:
        view = load_report(reader, first, last, None, current_day)
    emit(view, fmt=fmt, output=output, rich=rich_report, markdown=markdown_report)
    # Plain `coach` already opens the demo when COACH_DB points at it; otherwise it needs --db.
    opens_without_db = journal_path(None).expanduser().resolve() == path.expanduser().resolve()
    prefix = "coach" if opens_without_db else f"coach --db {shlex.quote(str(path))}"
    lines = ["Explore it with:", f"  {prefix} week   (or goal list, journal, report --weeks 52)"]
    for line in lines:
        if aside:
            warn(line)
        else:
            say((line, "dim"))
