"""Devices in one process for the merge tests: journals from one template, batches kept in memory."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coachcli.domain import clock
from coachcli.store import replica
from coachcli.store.db import HEAD_REVISION, Journal, open_journal
from coachcli.store.history import driver_connection
from coachcli.sync.engine import Outcome, sync_journal


@dataclass(frozen=True)
class Batch:
    device: str
    seq: int
    revision: str
    payload: bytes


@dataclass
class MemoryPlace:
    """What PLACE holds: every device's batches by seq."""

    batches: dict[str, dict[int, Batch]] = field(default_factory=dict)


@dataclass
class MemoryExchange:
    place: MemoryPlace
    device: str
    hidden: set[tuple[str, int]] = field(default_factory=set)  # batches not (yet) arrived here
    duplicate: bool = False

    def incoming(self, seen: dict[str, int]) -> list[Batch]:
        found = []
        for device, batches in sorted(self.place.batches.items()):
            if device == self.device:
                continue
            expected = seen.get(device, 0) + 1
            while expected in batches and (device, expected) not in self.hidden:
                found.append(batches[expected])
                if self.duplicate:
                    found.append(batches[expected])
                expected += 1
        return found

    def send(self, payload: bytes, revision: str, last_sent: int = 0) -> int:
        own = self.place.batches.setdefault(self.device, {})
        seq = max([last_sent, *own]) + 1
        own[seq] = Batch(self.device, seq, revision, payload)
        return seq

    def acknowledge(self, seen: dict[str, int], device_name: str, last_sent: int = 0) -> None:
        pass


class Device:
    """One device: its journal, its id and its clock's skew."""

    def __init__(self, path: Path, name: str, device: str, skew_ms: int = 0) -> None:
        self.path = path
        self.name = name
        self.device = device
        self.skew_ms = skew_ms
        self.journal: Journal = open_journal(path)

    def write(self, *statements: tuple[str, tuple[Any, ...]]) -> None:
        """One command: these statements in one write transaction (captured like any command's)."""
        with skewed(self.skew_ms), self.journal.transaction(write=True) as session:
            db = driver_connection(session)
            for sql, parameters in statements:
                db.execute(sql, parameters)

    def read(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.journal.transaction(write=False) as session:
            return driver_connection(session).execute(sql, parameters).fetchall()

    def sync(self, place: MemoryPlace, **options: Any) -> Outcome:
        with skewed(self.skew_ms):
            return sync_journal(self.journal, MemoryExchange(place, self.device, **options))

    def close(self) -> None:
        self.journal.close()


class skewed:
    """This device's wall clock, off by `skew_ms`."""

    def __init__(self, skew_ms: int) -> None:
        self.skew_ms = skew_ms
        self.original = clock.wall_ms

    def __enter__(self) -> None:
        original = self.original
        clock.wall_ms = lambda: original() + self.skew_ms  # type: ignore[method-assign]

    def __exit__(self, *_: object) -> None:
        clock.wall_ms = self.original  # type: ignore[method-assign]


def template(folder: Path) -> Path:
    """An empty journal at the current revision, to copy."""
    path = folder / "template.db"
    if not path.exists():
        open_journal(path).close()
    return path


def devices(folder: Path, names: list[str], skews: list[int] | None = None) -> list[Device]:
    """Fresh journals: the first starts syncing, the others join from its snapshot."""
    source = template(folder)
    made = []
    for position, name in enumerate(names):
        path = folder / f"{name}.db"
        shutil.copyfile(source, path)
        made.append(Device(path, name, f"{position:016x}", (skews or [0] * len(names))[position]))
    first = made[0]
    with first.journal.transaction(write=True) as session:
        replica.start(driver_connection(session), {"device": first.device, "name": first.name})
    with first.journal.transaction(write=False) as session:
        taken = replica.snapshot(driver_connection(session))
    for other in made[1:]:
        with other.journal.transaction(write=True) as session:
            replica.join(driver_connection(session), {"device": other.device, "name": other.name}, taken)
    return made


assert HEAD_REVISION
