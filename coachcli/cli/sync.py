"""`coach sync ...`: the same journal on several devices, exchanged through PLACE (SPEC "Devices and sync").

Thin commands over store/replica.py (the journal as a replica), sync/engine.py (one sync) and place's
sync/exchange.py (the sealed files in PLACE). Only this module, `coach key`, and writes with `sync.auto` import them.
"""

from __future__ import annotations

import getpass
import platform
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.console import can_prompt, confirmed, say, warn
from coachcli.cli.options import FormatOption, OutputFormat, OutputOption, id_argument
from coachcli.cli.recovery import WriteRecoveryOption, hand_over_recovery
from coachcli.cli.transaction import journal_reader, journal_transaction, reading_journal, state
from coachcli.environment import data_folder, journal_path
from coachcli.errors import CoachError, InputError
from coachcli.render.output import emit

if TYPE_CHECKING:
    from coachcli.store.db import Journal
    from coachcli.sync.exchange import Exchange
    from coachcli.sync.place import Place

app = typer.Typer(
    help="The same journal on several devices: init, join, sync, status, conflicts, keep.",
    invoke_without_command=True,
)

NameOption = Annotated[
    str | None,
    typer.Option("--name", help="What this device is called on the others (default: its host name)."),
]


def device_name(name: str | None) -> str:
    return (name or platform.node() or "this device").strip()[:40]


def open_journal_for(ctx: typer.Context) -> Journal:
    from coachcli.store.db import open_journal

    return open_journal(journal_path(state(ctx).db))


def reached(location: str, *, create: bool = False) -> Place:
    """PLACE, refreshed (a git remote pulled)."""
    from coachcli.sync.place import open_place

    place = open_place(location, data_folder(), warn, create=create)
    place.refresh()
    return place


def settings_of(journal: Journal) -> dict[str, str]:
    from coachcli.store import replica
    from coachcli.store.history import driver_connection

    with journal.transaction(write=False) as session:
        db = driver_connection(session)
        return {
            name: replica.state(db, name) or ""
            for name in ("device", "name", "place", "journal", "key_record")
        }


def exchange_for(settings: dict[str, str], journal_id: str | None) -> tuple[Place, Exchange]:
    """This synced journal's PLACE and exchange (`journal_id`: an encrypted journal file's own, whose key record
    is the one to use); an error for a journal that does not sync."""
    from coachcli.store.unlock import journal_key
    from coachcli.sync.exchange import Exchange

    if not settings.get("device"):
        raise InputError("this journal does not sync yet: coach sync init PLACE (or coach sync join PLACE)")
    place = reached(settings["place"])
    record = journal_id or settings["key_record"]
    key = journal_key(record)
    exchange = Exchange(place, key, settings["device"])
    if exchange.newest_key() != key:
        move_to_key(record, exchange.newest_key(), encrypted=journal_id is not None)
    if exchange.journal().sync_id != settings["journal"]:
        raise InputError(f"{settings['place']} holds another journal than this one; nothing was changed")
    return place, exchange


def move_to_key(record: str, key: bytes, *, encrypted: bool) -> None:
    """Another device gave the journal a new key (`coach key rotate`): keep it here in the same kind of slot.

    A journal file encrypted with the old key keeps it, as does a passphrase slot (no passphrase is asked in
    a sync): the old key still opens every file in PLACE, through the new key sealed under it.
    """
    from coachcli.store.keys import store_key
    from coachcli.store.unlock import read_record

    slot = (read_record(record) or {}).get("slot", "file")
    if encrypted or slot == "passphrase":
        return
    store_key(record, key, slot)
    say("This device now keeps the journal's new key (another device ran coach key rotate).")


def run_sync(db: str | None) -> str:
    """One sync; what it did, in a sentence (and each renumbering on a line of its own).

    Nothing new (no batch in PLACE, nothing to send) is answered from the sqlite3 reader alone: the ORM, the
    larger part of a sync's start-up, is opened only when there is something to apply or send.
    """
    from coachcli.store.db import open_journal
    from coachcli.store.disk import read_journal_id
    from coachcli.sync.engine import Outcome, summary, sync_journal, write_snapshot

    path = journal_path(db)
    with reading_journal(db) as reader:
        settings = reader.sync_settings()
        seen = {row.device: row.seq for row in reader.sync_devices()}
        busy = reader.sync_pending() or reader.sync_waiting_count()
        conflicts = reader.sync_conflict_count()
    place, exchange = exchange_for(settings, read_journal_id(path))
    batches = exchange.incoming(seen)
    if not batches and not busy:
        exchange.acknowledge(seen, settings.get("name", ""), int(settings.get("sent") or 0))
        exchange.clean_up()
        place.publish()
        return summary(Outcome(conflicts=conflicts))
    journal = open_journal(path)
    try:
        outcome = sync_journal(journal, exchange, batches)
        write_snapshot(journal, exchange)
    finally:
        journal.close()
    exchange.clean_up()
    place.publish()
    return "\n".join([summary(outcome), *outcome.renumbered])


@app.callback(invoke_without_command=True)
def sync(ctx: typer.Context) -> None:
    """Apply the other devices' changes and send this device's."""
    if ctx.invoked_subcommand is None:
        say(run_sync(state(ctx).db))


@app.command()
def init(
    ctx: typer.Context, place: str, name: NameOption = None, write_recovery: WriteRecoveryOption = None
) -> None:
    """Give this journal its sync identity and key, and write its first snapshot into PLACE."""
    from coachcli.store import replica
    from coachcli.store.history import driver_connection
    from coachcli.store.keys import new_journal_id, new_key, store_key
    from coachcli.store.unlock import journal_key
    from coachcli.sync.engine import write_snapshot
    from coachcli.sync.exchange import Exchange, create_journal
    from coachcli.sync.place import is_git_location

    path = journal_path(state(ctx).db)
    if not is_git_location(place):
        folder = Path(place).expanduser().absolute().resolve()
        if path.absolute().resolve().is_relative_to(folder):
            raise InputError(
                f"the journal {path} is inside {folder}: a sync tool must never copy a live journal;"
                " choose a PLACE outside the journal's folder"
            )
    journal = open_journal_for(ctx)
    try:
        if settings_of(journal)["device"]:
            raise InputError("this journal syncs already: coach sync status says where")
        if journal.journal_id is not None:  # encrypted at rest: its own key is the journal's key
            key, record = journal_key(journal.journal_id), journal.journal_id
        else:
            key, record = new_key(), new_journal_id()
            if not hand_over_recovery(key, write_recovery):
                return
            store_key(record, key, "file")
        found = reached(place, create=True)
        sync_id = new_journal_id()
        create_journal(found, key, sync_id)
        device, shown = uuid.uuid4().hex[:16], device_name(name)
        with journal.transaction(write=True) as session:
            replica.start(
                driver_connection(session),
                {"device": device, "name": shown, "place": place, "journal": sync_id, "key_record": record},
            )
        exchange = Exchange(found, key, device)
        write_snapshot(journal, exchange, always=True)
        exchange.acknowledge({}, shown)
        found.publish()
    finally:
        journal.close()
    say(f"This journal now syncs through {place} as {shown}.")
    say("On each other device, with a new journal: ", (f"coach sync join {place}", "bold"))


def typed_key(key_file: Path | None) -> bytes:
    from coachcli.store.keys import parse_recovery

    if key_file is not None:
        try:
            return parse_recovery(key_file.read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(f"cannot read {key_file}: {error.strerror}") from None
    if can_prompt():
        return parse_recovery(getpass.getpass("Recovery key of the journal: "))
    return parse_recovery(sys.stdin.readline())


@app.command()
def join(
    ctx: typer.Context,
    place: str,
    key_file: Annotated[
        Path | None, typer.Option("--key-file", metavar="FILE", help="Read the recovery key from this file.")
    ] = None,
    name: NameOption = None,
) -> None:
    """Build this (new, empty) journal from PLACE: its latest snapshot, then every change since."""
    from coachcli.store import replica
    from coachcli.store.history import driver_connection
    from coachcli.store.keys import new_journal_id, store_key
    from coachcli.sync.engine import decode, known, summary, sync_journal
    from coachcli.sync.exchange import Exchange

    with journal_reader(ctx) as reader:
        empty = reader.is_empty() and not reader.sync_settings()
    path = journal_path(state(ctx).db)
    if not empty:
        raise InputError(
            f"the journal {path} is not empty, and joining builds a journal from PLACE: join with a new one,"
            f" e.g. coach --db {path.with_name('synced.db')} sync join {place}"
        )
    key = typed_key(key_file)
    found = reached(place)
    device, shown = uuid.uuid4().hex[:16], device_name(name)
    exchange = Exchange(found, key, device)
    sync_id = exchange.journal().sync_id
    snapshot = exchange.latest_snapshot()
    if snapshot is None:
        raise InputError(f"{place} holds no snapshot to join from yet: run coach sync on the first device")
    if not known(snapshot.revision):
        raise InputError(f"{place}'s snapshot was written by a newer coach: upgrade coach here first")
    record = new_journal_id()
    store_key(record, key, "file")
    journal = open_journal_for(ctx)
    try:
        with journal.transaction(write=True) as session:
            replica.join(
                driver_connection(session),
                {"device": device, "name": shown, "place": place, "journal": sync_id, "key_record": record},
                decode(snapshot.payload),
            )
        outcome = sync_journal(journal, exchange)
        found.publish()
    finally:
        journal.close()
    say(f"This journal joined {place} as {shown}: {summary(outcome)}")


@app.command("status")
def status(ctx: typer.Context, fmt: FormatOption = OutputFormat.rich, output: OutputOption = None) -> None:
    """Where this journal syncs, the devices, what waits to be sent, and the conflicts."""
    from coachcli.render.sync import markdown_sync_status, rich_sync_status
    from coachcli.views.sync import load_sync_status

    devices: list[tuple[str, str]] | None = None
    journal = open_journal_for(ctx)
    try:
        if settings_of(journal)["device"]:
            try:
                devices = exchange_for(settings_of(journal), journal.journal_id)[1].devices()
            except CoachError as error:
                warn(f"{error.message} (the devices shown are the ones applied here)")
    finally:
        journal.close()
    with journal_reader(ctx) as reader:
        view = load_sync_status(reader, devices)
    emit(view, fmt=fmt, output=output, rich=rich_sync_status, markdown=markdown_sync_status)


@app.command()
def conflicts(ctx: typer.Context, fmt: FormatOption = OutputFormat.rich, output: OutputOption = None) -> None:
    """The values another device's edit (or deletion) won over; `coach sync keep ID` takes one instead."""
    from coachcli.render.sync import markdown_conflicts, rich_conflicts
    from coachcli.views.sync import load_conflicts

    with journal_reader(ctx) as reader:
        view = load_conflicts(reader)
    emit(view, fmt=fmt, output=output, rich=rich_conflicts, markdown=markdown_conflicts)


@app.command()
def keep(ctx: typer.Context, conflict_id: Annotated[int, id_argument("conflict")]) -> None:
    """Take the value that lost instead of the one kept (a change the other devices get too)."""
    from coachcli.store.history import driver_connection
    from coachcli.store.replica import keep_lost

    with journal_transaction(ctx, write=True) as session:
        what = keep_lost(driver_connection(session), conflict_id)
    say(f"Kept the value that lost for {what}; it goes to the other devices on the next sync.")


@app.command()
def forget(
    ctx: typer.Context,
    device: Annotated[
        str, typer.Argument(help="The device's name, as `coach sync status` shows it, or its id.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Forget it without asking.")] = False,
) -> None:
    """Stop waiting for a device that is gone before its changes are cleaned up; asks first."""
    journal = open_journal_for(ctx)
    try:
        place, exchange = exchange_for(settings_of(journal), journal.journal_id)
        gone = exchange.gone_device(device)
        shown = [f"{gone.name} last synced {gone.last_seen.replace('T', ' ').removesuffix('Z')} UTC."]
        question = f"Forget {gone.name}? Its changes stay; if it syncs again, it is back"
        if not yes and not confirmed(question, shown, needs_yes="forgetting a device needs a yes: add --yes"):
            say("Nothing changed.")
            return
        exchange.forget(gone)
        exchange.clean_up()
        place.publish()
    finally:
        journal.close()
    say(f"{gone.name} is forgotten: the other devices no longer wait for it.")


def auto_sync(db: str | None) -> None:
    """`sync.auto`: after a writing command, one sync; a PLACE that cannot be reached is one warning line."""
    with reading_journal(db) as reader:
        synced = bool(reader.sync_settings().get("device"))
    if not synced:
        return
    try:
        say(run_sync(db))
    except CoachError as error:
        warn(f"Not synced ({error.message}); the change waits for the next sync.")
