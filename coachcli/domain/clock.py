"""Sync's clock and names: a hybrid logical clock (Kulkarni et al. 2014) and the stable uid of every synced row.

A clock reading (a "stamp") is one integer: the wall clock in milliseconds shifted left by 16 bits, plus a counter.
A device's next stamp is later than its own last one and than every stamp it has received, so an edit made after
seeing another is always later, even when the two devices' clocks disagree by an hour; between concurrent edits
the later wall clock wins, and the device id breaks a tie.

A row's uid is a UUIDv7 (time-ordered, random), or a UUIDv5 of what the row is when it has a natural key (a week
note by its week, a strength by its name, a tag by its parent and tag, a routine's copy by routine and week), so
that two devices making the same thing offline make the same row, not two.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

COUNTER_BITS = 16
NAMESPACE = uuid.UUID("5d1c2c4e-6a8f-4a44-9c55-0b0a5e7c0a11")  # coach's own namespace for UUIDv5


def wall_ms() -> int:
    """This device's wall clock, in milliseconds since the epoch."""
    return time.time_ns() // 1_000_000


def tick(last: int, now_ms: int) -> int:
    """The next stamp after `last` at wall time `now_ms`."""
    return max(now_ms << COUNTER_BITS, last + 1)


def stamp_moment(stamp: int) -> datetime:
    """The wall-clock moment a stamp was taken (UTC)."""
    return datetime.fromtimestamp((stamp >> COUNTER_BITS) / 1000, UTC)


def uuid7(now_ms: int | None = None) -> str:
    """A new UUIDv7 (RFC 9562): 48 bits of milliseconds, then random bits."""
    millis = wall_ms() if now_ms is None else now_ms
    value = (millis & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # the RFC's variant
    return str(uuid.UUID(int=value))


def natural_uid(table: str, *parts: object) -> str:
    """The uid of a row known by what it is (its table and natural key)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join([table, *(str(part) for part in parts)])))
