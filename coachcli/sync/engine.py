"""One sync of a journal with the other devices: their new batches applied, this device's changes sent.

The payload of a batch or snapshot is zlib'd JSON (place's files seal it). Each batch is applied in a write
transaction of its own, which also records how far that device has been applied, so a sync killed at any point
applies nothing twice: the next one goes on from there. A batch is sent before the outbox is emptied, so a kill
in between sends those changes again under a new number, and applying them again changes nothing.

Versions: each batch names the schema revision that wrote it. A batch from a newer coach is kept in the journal
(`sync_waiting`) and applied once this coach knows that revision; an operation from an older revision is brought
up to this one by UPGRADES, one function per revision that changed what operations hold (a renamed column: the
field renamed in `v` and `p`; a retyped one: its values converted), applied in order from the batch's revision.
No revision so far has needed one.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coachcli.store import replica
from coachcli.store.db import HEAD_REVISION, REVISIONS
from coachcli.store.history import driver_connection

if TYPE_CHECKING:
    from coachcli.store.db import Journal

# revision -> how an operation written before that revision is brought up to it.
UPGRADES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Exchange(Protocol):
    """What sync needs of PLACE (coachcli/sync/exchange.py)."""

    def incoming(self, seen: dict[str, int]) -> list[Any]: ...

    def send(self, payload: bytes, revision: str, last_sent: int = 0) -> int: ...

    def acknowledge(self, seen: dict[str, int], device_name: str, last_sent: int = 0) -> None: ...


def encode(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode())


def decode(payload: bytes) -> Any:
    return json.loads(zlib.decompress(payload))


def known(revision: str) -> bool:
    return revision in REVISIONS


def upgraded(operations: list[dict[str, Any]], revision: str) -> list[dict[str, Any]]:
    """Operations written at `revision` as this coach's schema has them."""
    for later in REVISIONS[REVISIONS.index(revision) + 1 :]:
        upgrade = UPGRADES.get(later)
        if upgrade is not None:
            operations = [upgrade(op) for op in operations]
    return operations


@dataclass
class Outcome:
    """What one sync did."""

    applied: dict[str, int] = field(default_factory=dict)  # device name -> changes applied
    sent: int = 0
    waiting: int = 0  # batches from a newer coach, kept
    renumbered: list[str] = field(default_factory=list)
    conflicts: int = 0


def renumbered_message(moved: replica.Renumbered, names: dict[str, str]) -> str:
    what = moved.table.replace("_", " ")
    if moved.local:
        return f"Your {what} {moved.wanted} is now {what} {moved.number}: another device's came first."
    where = names.get(moved.device, moved.device)
    return f"{what[0].upper()}{what[1:]} {moved.wanted} from {where} is {what} {moved.number} here."


def apply_one(
    journal: Journal, device: str, seq: int, revision: str, payload: bytes, outcome: Outcome
) -> bool:
    """Apply (or keep, from a newer coach) one batch in its own transaction; False: the device's later ones wait."""
    with journal.transaction(write=True) as session:
        db = driver_connection(session)
        if not known(revision):
            replica.keep_waiting(db, device, seq, revision, payload)
            outcome.waiting += 1
            return False
        batch = decode(payload)
        count, moved = replica.apply_batch(
            db, device, seq, batch.get("name"), upgraded(batch["ops"], revision)
        )
        names = replica.device_names(db)
        replica.forget_waiting(db, device, seq)
    if count:
        name = names.get(device, device)
        outcome.applied[name] = outcome.applied.get(name, 0) + count
    outcome.renumbered += [renumbered_message(item, names) for item in moved]
    return True


def sync_journal(journal: Journal, exchange: Exchange, incoming: list[Any] | None = None) -> Outcome:
    """Apply what the other devices sent (`incoming`, when read already) and what waited for an upgrade, then
    send this device's changes."""
    outcome = Outcome()
    with journal.transaction(write=False) as session:
        db = driver_connection(session)
        waiting = replica.waiting_batches(db)
    stopped: set[str] = set()
    for device, seq, revision, payload in waiting:
        if device not in stopped and not apply_one(journal, device, seq, revision, payload, outcome):
            stopped.add(device)
    with journal.transaction(write=False) as session:
        seen = replica.seen_map(driver_connection(session))
    for batch in exchange.incoming(seen) if incoming is None else incoming:
        if batch.device in stopped:
            continue
        if not apply_one(journal, batch.device, batch.seq, batch.revision, batch.payload, outcome):
            stopped.add(batch.device)
    with journal.transaction(write=False) as session:
        db = driver_connection(session)
        through, operations = replica.pending_operations(db)
        name = replica.state(db, "name") or ""
        last_sent = int(replica.state(db, "sent") or 0)
    if operations:
        seq = exchange.send(encode({"name": name, "ops": operations}), HEAD_REVISION, last_sent)
        with journal.transaction(write=True) as session:
            replica.mark_sent(driver_connection(session), through, seq)
        outcome.sent = len(operations)
        last_sent = seq
    with journal.transaction(write=False) as session:
        db = driver_connection(session)
        seen = replica.seen_map(db)
        outcome.conflicts = replica.conflict_count(db)
    exchange.acknowledge(seen, name, last_sent)
    return outcome


# A device writes a new snapshot once the batches it covers have grown by this many since its last one, so that
# a device joining later (after acks let old batches be cleaned up) starts from a recent one.
SNAPSHOT_EVERY = 100


def covered(db: Any) -> dict[str, int]:
    """How far this device's state goes: every device's last batch applied here, and its own last sent."""
    found = replica.seen_map(db)
    found[replica.state(db, "device") or ""] = int(replica.state(db, "sent") or 0)
    return found


def write_snapshot(journal: Journal, exchange: Any, *, always: bool = False) -> None:
    """This device's snapshot into PLACE (always, or when SNAPSHOT_EVERY batches came since its last one)."""
    with journal.transaction(write=False) as session:
        db = driver_connection(session)
        total = sum(covered(db).values())
        if not always and total - int(replica.state(db, "snapshot_total") or 0) < SNAPSHOT_EVERY:
            return
        taken = replica.snapshot(db)
    exchange.write_snapshot(encode(taken), taken["covered"], HEAD_REVISION)
    with journal.transaction(write=True) as session:
        replica.set_state(driver_connection(session), "snapshot_total", total)


def sync_identity(path: Path) -> tuple[str, str, str] | None:
    """(place, device id, key record id) of the journal at `path`; None when it does not sync (`coach key
    rotate` carries the devices over with it)."""
    from coachcli.store.reader import reading

    with reading(path) as reader:
        settings = reader.sync_settings()
    if not settings.get("device"):
        return None
    return settings["place"], settings["device"], settings["key_record"]


def summary(outcome: Outcome) -> str:
    """`2 changes from laptop applied, 5 sent; 1 conflict (coach sync conflicts)`."""
    parts = [
        f"{count} change{'s' if count != 1 else ''} from {name} applied"
        for name, count in outcome.applied.items()
    ]
    parts.append(
        f"{outcome.sent} sent" if parts else f"{outcome.sent} change{'s' if outcome.sent != 1 else ''} sent"
    )
    if not outcome.applied and not outcome.sent:
        parts = ["Nothing new to apply or send"]
    text = ", ".join(parts)
    if outcome.conflicts:
        text += (
            f"; {outcome.conflicts} conflict{'s' if outcome.conflicts != 1 else ''} (coach sync conflicts)"
        )
    if outcome.waiting:
        text += f"; {outcome.waiting} waiting for a newer coach (upgrade coach on this device)"
    return text + "."
