"""The files devices exchange in PLACE, each written by one device only and sealed (seal.py):

    journal                  the header: format, the journal's sync id, its first key's id (public; no secret),
                             and a proof sealed under that key, so a wrong recovery key is told at once
    ops/<device>/<seq>       one batch of a device's changes; seq 1, 2, 3... never reused, never rewritten
    snapshots/<device>-<n>   the whole journal as one device had it, covering every device's seqs up to
                             `covered` (n is their sum: the snapshot covering the most is the latest)
    acks/<device>            the device's own note, replaced as it goes: its name, when it last synced, the last
                             seq it applied of every device, and the devices it was told are gone
    keys/<key id>            after `coach key rotate`: the new key sealed under the previous one, and the previous
                             sealed under the new, so devices move on and old files stay readable

`<device>` is an opaque id; a device's name travels only inside its sealed ack. What a payload holds is sync's.
A file that cannot be opened is skipped with a warning and never applied: a device's later files wait behind it,
so what a device has applied of another is always an unbroken run 1..seen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachcli.environment import now
from coachcli.errors import InputError
from coachcli.store.db import HEAD_REVISION
from coachcli.store.unlock import key_id
from coachcli.sync.place import Place, PlaceError, Warn, open_place
from coachcli.sync.seal import SealError, read_header, seal, unseal

FORMAT = 1
HEADER = "journal"
DEVICE_ID = re.compile(r"^[0-9a-z][0-9a-z-]{0,63}$")
OP = re.compile(r"^ops/(?P<device>[^/]+)/(?P<seq>[1-9][0-9]*)$")
SNAPSHOT = re.compile(r"^snapshots/(?P<device>[^/]+)-(?P<total>0|[1-9][0-9]*)$")
ACK = re.compile(r"^acks/(?P<device>[^/]+)$")
KEY = re.compile(r"^keys/(?P<id>[0-9a-f]{12})$")
PROOF = "journal proof"


@dataclass(frozen=True)
class JournalHeader:
    format: int
    sync_id: str
    key_id: str


@dataclass(frozen=True)
class Batch:
    """One op file of another device, opened."""

    device: str
    seq: int
    revision: str
    payload: bytes


@dataclass(frozen=True)
class Snapshot:
    device: str
    revision: str
    covered: dict[str, int]
    payload: bytes


@dataclass(frozen=True)
class Ack:
    device: str
    name: str
    last_seen: str
    seen: dict[str, int]
    forgotten: dict[str, int]  # device id -> the number of its ack when it was forgotten
    number: int  # how many times the device has written its ack: it is back when this grows past forgotten


def create_journal(place: Place, key: bytes, sync_id: str) -> JournalHeader:
    """Write the header of a new journal in PLACE; an error when PLACE holds one already."""
    header = JournalHeader(FORMAT, sync_id, key_id(key))
    proof = seal(key, PROOF, sync_id.encode(), HEAD_REVISION)
    text = json.dumps(
        {
            "coach": "sync",
            "format": FORMAT,
            "journal": sync_id,
            "key_id": header.key_id,
            "proof": proof.hex(),
        },
        indent=2,
    )
    if not place.write_new(HEADER, (text + "\n").encode()):
        raise PlaceError(
            f"{place.shown} already holds a coach journal: join it with `coach sync join`, or choose an empty PLACE"
        )
    return header


def read_journal(place: Place) -> tuple[JournalHeader, bytes] | None:
    """The header of the journal in PLACE (and its sealed proof); None when PLACE holds none yet."""
    data = place.read(HEADER)
    if data is None:
        return None
    try:
        fields = json.loads(data)
        header = JournalHeader(int(fields["format"]), str(fields["journal"]), str(fields["key_id"]))
        proof = bytes.fromhex(fields["proof"])
    except (ValueError, KeyError, TypeError):
        raise PlaceError(f"the file `journal` in {place.shown} is damaged or not coach's") from None
    if header.format > FORMAT:
        raise PlaceError(
            f"the journal in {place.shown} is in sync format {header.format}, newer than this coach knows"
            f" ({FORMAT}): upgrade coach on this device"
        )
    return header, proof


class Exchange:
    """This device's side of PLACE, for the journal whose key is `key` (the journal's key, not a subkey)."""

    def __init__(self, place: Place, key: bytes, device: str, *, warn: Warn | None = None) -> None:
        if not DEVICE_ID.match(device):
            raise ValueError(f"not a device id: {device!r}")
        self.place = place
        self.device = device
        self.warn = warn or place.warn
        self.keys = {key_id(key): key}
        self.newer: dict[str, tuple[str, str]] = {}  # key id -> (the key id that replaced it, when)
        self.learn_keys()

    def journal(self) -> JournalHeader:
        """The header of the journal in PLACE, checked to be this key's journal; an error that says what
        is wrong (no journal there, or another key's)."""
        found = read_journal(self.place)
        if found is None:
            raise PlaceError(
                f"there is no coach journal in {self.place.shown} yet: `coach sync init` starts one"
            )
        header, proof = found
        key = self.keys.get(header.key_id)
        try:
            if key is None or unseal(key, PROOF, proof) != header.sync_id.encode():
                raise SealError(PROOF)
        except SealError:
            raise PlaceError(
                f"the journal in {self.place.shown} is sealed with another key: is it the recovery key of"
                " another journal?"
            ) from None
        return header

    # Keys

    def learn_keys(self) -> None:
        """Follow keys/ from the keys known to every key linked to them, older and newer."""
        names = [name for name in self.place.names() if KEY.match(name)]
        learned = True
        while learned:
            learned = False
            for name in names:
                new_id = name.removeprefix("keys/")
                data = self.place.read(name)
                if data is None:
                    continue
                for part in split_parts(data):
                    try:
                        header = read_header(name, part)
                        opener = self.keys.get(header.key_id)
                        if opener is None:
                            continue
                        link = json.loads(unseal(opener, name, part))
                        found = bytes.fromhex(link["key"])
                    except (SealError, ValueError, KeyError, TypeError):
                        self.warn_once(name, f"Skipped {name} in {self.place.shown}: it cannot be opened.")
                        continue
                    if key_id(found) not in (new_id, link.get("previous")):
                        continue
                    if link["previous"] != new_id:
                        self.newer[link["previous"]] = (new_id, str(link.get("at", "")))
                    if key_id(found) not in self.keys:
                        self.keys[key_id(found)] = found
                        learned = True

    def newest_key(self) -> bytes:
        """The newest key this device can open: the one it should keep and seal with."""
        current = next(iter(self.keys))
        seen = {current}
        while current in self.newer and self.newer[current][0] in self.keys:
            current = self.newer[current][0]
            if current in seen:
                break
            seen.add(current)
        return self.keys[current]

    def carry_over(self, new_key: bytes) -> None:
        """Write keys/<new key id>: `new_key` sealed under this device's newest key, and that key sealed under
        `new_key`, so other devices move to it and files sealed before stay readable."""
        old_key = self.newest_key()
        name = f"keys/{key_id(new_key)}"
        at = now_text()
        forward = {"key": new_key.hex(), "previous": key_id(old_key), "at": at}
        back = {"key": old_key.hex(), "previous": key_id(old_key), "at": at}
        parts = [
            seal(old_key, name, json.dumps(forward).encode(), HEAD_REVISION),
            seal(new_key, name, json.dumps(back).encode(), HEAD_REVISION),
        ]
        self.write(name, b"".join(len(part).to_bytes(4, "big") + part for part in parts))
        self.keys[key_id(new_key)] = new_key
        self.newer[key_id(old_key)] = (key_id(new_key), at)

    def open(self, name: str, data: bytes) -> tuple[str, bytes]:
        """The revision and plaintext of a file, with whichever known key sealed it."""
        header = read_header(name, data)
        key = self.keys.get(header.key_id)
        if key is None:
            raise SealError(
                f"{name} was sealed with a key this device does not have: a file of another journal?"
            )
        return header.revision, unseal(key, name, data)

    def read_sealed(self, name: str) -> tuple[str, bytes] | None:
        """A file opened, or None after a warning when it is gone or cannot be opened."""
        data = self.place.read(name)
        if data is None:
            return None
        try:
            return self.open(name, data)
        except SealError as error:
            self.warn_once(name, f"Skipped {name} in {self.place.shown}: {error.message}.")
            return None

    def warn_once(self, name: str, message: str) -> None:
        if name not in self.place.warned:
            self.place.warned.add(name)
            self.warn(message)

    def write_sealed(self, name: str, plaintext: bytes, revision: str, *, replace: bool = False) -> bool:
        return self.write(name, seal(self.newest_key(), name, plaintext, revision), replace=replace)

    def write(self, name: str, data: bytes, *, replace: bool = False) -> bool:
        if replace:
            self.place.replace(name, data)
        elif not self.place.write_new(name, data):
            return False
        return True

    # Operations

    def op_seqs(self) -> dict[str, list[int]]:
        """Every device's op files in PLACE, by device, in seq order."""
        found: dict[str, list[int]] = {}
        for name in self.place.names():
            match = OP.match(name)
            if match:
                found.setdefault(match["device"], []).append(int(match["seq"]))
        return {device: sorted(seqs) for device, seqs in found.items()}

    def incoming(self, seen: dict[str, int]) -> list[Batch]:
        """Every other device's op files after `seen[device]`, each device's in seq order, stopping at the
        first one missing or unreadable (warned about: it and the ones after it wait for the next sync)."""
        batches = []
        for device, seqs in sorted(self.op_seqs().items()):
            if device == self.device:
                continue
            expected = seen.get(device, 0) + 1
            for seq in seqs:
                if seq < expected:
                    continue
                name = f"ops/{device}/{seq}"
                if seq > expected:
                    if expected < seqs[0] and self.device in self.forgotten(self.acks()):
                        raise PlaceError(
                            f"this device was forgotten (coach sync forget) and the changes it missed have"
                            f" been cleaned up from {self.place.shown}; nothing was changed. Join again with a"
                            " new journal: coach --db NEW-FILE sync join PLACE"
                        )
                    self.warn_once(
                        name,
                        f"Waiting for ops/{device}/{expected} in {self.place.shown} before applying {name}"
                        " (has your sync tool brought it yet?).",
                    )
                    break
                opened = self.read_sealed(name)
                if opened is None:
                    break
                batches.append(Batch(device, seq, opened[0], opened[1]))
                expected += 1
        return batches

    def last_sent(self, known: int = 0) -> int:
        """The last seq this device used: the most of `known` (the journal's own count), its files in PLACE
        and its ack, so a seq is never used twice even by a journal restored from a backup."""
        own = self.op_seqs().get(self.device, [])
        ack = self.own_ack()
        return max(known, own[-1] if own else 0, ack.seen.get(self.device, 0) if ack else 0)

    def send(self, payload: bytes, revision: str, last_sent: int = 0) -> int:
        """Seal `payload` as this device's next op file; its seq (never one used before)."""
        seq = self.last_sent(last_sent) + 1
        while not self.write_sealed(f"ops/{self.device}/{seq}", payload, revision):
            seq += 1
        return seq

    # Snapshots

    def snapshot_names(self) -> list[tuple[int, str, str]]:
        """(total, device, name) of every snapshot, the latest first."""
        found = []
        for name in self.place.names():
            match = SNAPSHOT.match(name)
            if match:
                found.append((int(match["total"]), match["device"], name))
        return sorted(found, reverse=True)

    def latest_snapshot(self) -> Snapshot | None:
        """The snapshot that covers the most, of those that open; None when there is none."""
        for total, device, name in self.snapshot_names():
            opened = self.read_sealed(name)
            if opened is None:
                continue
            try:
                covered, payload = split_snapshot(opened[1])
            except ValueError:
                self.warn_once(
                    name, f"Skipped {name} in {self.place.shown}: it is not a snapshot coach wrote."
                )
                continue
            if sum(covered.values()) != total:
                self.warn_once(name, f"Skipped {name} in {self.place.shown}: its name and contents disagree.")
                continue
            return Snapshot(device, opened[0], covered, payload)
        return None

    def write_snapshot(self, payload: bytes, covered: dict[str, int], revision: str) -> str:
        """Write this device's snapshot of the journal covering `covered`; its name (one already there for
        the same coverage is kept)."""
        name = f"snapshots/{self.device}-{sum(covered.values())}"
        head = json.dumps({"covered": covered}).encode()
        self.write_sealed(name, len(head).to_bytes(4, "big") + head + payload, revision)
        return name

    # Acks and devices

    def acks(self) -> dict[str, Ack]:
        """Every device's ack that opens, by device id."""
        found = {}
        for name in self.place.names():
            match = ACK.match(name)
            if not match:
                continue
            opened = self.read_sealed(name)
            if opened is None:
                continue
            try:
                fields = json.loads(opened[1])
                found[match["device"]] = Ack(
                    match["device"],
                    str(fields["name"]),
                    str(fields["last_seen"]),
                    {str(device): int(seq) for device, seq in fields["seen"].items()},
                    {str(device): int(at) for device, at in fields.get("forgotten", {}).items()},
                    int(fields.get("number", 0)),
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                self.warn_once(name, f"Skipped {name} in {self.place.shown}: it is not an ack coach wrote.")
        return found

    def own_ack(self) -> Ack | None:
        return self.acks().get(self.device)

    def acknowledge(self, seen: dict[str, int], device_name: str, last_sent: int = 0) -> None:
        """Replace this device's ack: its name, now, and how far it has applied every device (itself: how
        far it has sent)."""
        self.write_ack(seen, device_name, self.own_ack(), last_sent=last_sent)

    def write_ack(
        self, seen: dict[str, int], name: str, old: Ack | None, *, gone: Ack | None = None, last_sent: int = 0
    ) -> None:
        forgotten = {**(old.forgotten if old else {}), **({gone.device: gone.number} if gone else {})}
        fields = {
            "name": name,
            "last_seen": now_text(),
            "seen": {**seen, self.device: self.last_sent(last_sent)},
            "forgotten": forgotten,
            "number": (old.number if old else 0) + 1,
        }
        self.write_sealed(f"acks/{self.device}", json.dumps(fields).encode(), HEAD_REVISION, replace=True)

    def devices(self) -> list[tuple[str, str]]:
        """(name, last seen) of every device that has synced, the forgotten ones aside."""
        acks = self.acks()
        gone = self.forgotten(acks)
        return sorted((ack.name, ack.last_seen) for device, ack in acks.items() if device not in gone)

    def forgotten(self, acks: dict[str, Ack]) -> set[str]:
        """The devices some device was told are gone, and that have not synced since."""
        gone = set()
        for ack in acks.values():
            for device, number in ack.forgotten.items():
                back = acks.get(device)
                if back is None or back.number <= number:
                    gone.add(device)
        return gone

    def gone_device(self, device: str) -> Ack:
        """The ack of the device to forget, by name or id; an InputError saying why it cannot be forgotten."""
        acks = self.acks()
        gone = self.forgotten(acks)
        matches = [
            ack for ack in acks.values() if device in (ack.name, ack.device) and ack.device not in gone
        ]
        if not matches:
            known = ", ".join(name for name, _ in self.devices()) or "none yet"
            raise InputError(
                f"no device called {device!r} syncs here (coach sync status lists them: {known})"
            )
        if len(matches) > 1:
            ids = ", ".join(sorted(ack.device for ack in matches))
            raise InputError(f"{len(matches)} devices are called {device!r}: name one by its id ({ids})")
        if matches[0].device == self.device:
            raise InputError("this device cannot forget itself: run `coach sync forget` on another device")
        if self.device not in acks:
            raise InputError("sync once on this device before forgetting another: coach sync")
        return matches[0]

    def forget(self, gone: Ack) -> None:
        """Stop waiting for the acks of a device that is gone (`gone_device`'s answer), noted in this device's
        own ack. The device is back as soon as it syncs again (its ack's number grows)."""
        own = self.acks()[self.device]
        self.write_ack(own.seen, own.name, own, gone=gone)

    def clean_up(self) -> list[str]:
        """Remove this device's op files that every device still synced has applied and that the latest
        snapshot covers, and its own snapshots older than the latest; the names removed."""
        acks = self.acks()
        gone = self.forgotten(acks)
        snapshot = self.latest_snapshot()
        if snapshot is None:
            return []
        others = [ack for device, ack in acks.items() if device not in gone and device != self.device]
        applied = min((ack.seen.get(self.device, 0) for ack in others), default=0)
        upto = min(applied, snapshot.covered.get(self.device, 0))
        removed = [f"ops/{self.device}/{seq}" for seq in self.op_seqs().get(self.device, []) if seq <= upto]
        latest_total = sum(snapshot.covered.values())
        removed += [
            name
            for total, device, name in self.snapshot_names()
            if device == self.device and total < latest_total
        ]
        for name in removed:
            self.place.remove(name)
        return removed


def carry_devices_over(
    location: str, data_folder: Path, device: str, old_key: bytes, new_key: bytes, warn: Warn
) -> None:
    """Leave `new_key` in PLACE for the other devices (sealed under `old_key`), published before anything on
    this device depends on it; a PlaceError when PLACE cannot be reached."""
    place = open_place(location, data_folder, warn)
    place.refresh()
    exchange = Exchange(place, old_key, device)
    exchange.journal()
    exchange.carry_over(new_key)
    place.publish()


def split_parts(data: bytes) -> list[bytes]:
    """The sealed parts of a keys/ file: each a 4-byte length, then the part."""
    parts, start = [], 0
    while start + 4 <= len(data):
        length = int.from_bytes(data[start : start + 4], "big")
        parts.append(data[start + 4 : start + 4 + length])
        start += 4 + length
    return parts


def split_snapshot(plaintext: bytes) -> tuple[dict[str, int], bytes]:
    length = int.from_bytes(plaintext[:4], "big")
    fields: Any = json.loads(plaintext[4 : 4 + length])
    covered = {str(device): int(seq) for device, seq in fields["covered"].items()}
    return covered, plaintext[4 + length :]


def now_text() -> str:
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")
