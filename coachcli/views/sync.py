"""What `coach sync status` and `coach sync conflicts` show, built from the reader."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coachcli.domain.clock import stamp_moment
from coachcli.store.reader import Reader


@dataclass(frozen=True)
class SyncStatusView:
    place: str | None
    device: str | None
    devices: tuple[tuple[str, str | None], ...]  # (name, last seen)
    pending: int
    conflicts: int

    def to_json(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "device": self.device,
            "devices": [{"name": name, "last_seen": seen} for name, seen in self.devices],
            "pending": self.pending,
            "conflicts": self.conflicts,
        }


def load_sync_status(reader: Reader, devices: list[tuple[str, str]] | None) -> SyncStatusView:
    """This device's sync; `devices` as PLACE lists them (None: PLACE not reached, the ones applied here)."""
    settings = reader.sync_settings()
    known = (
        devices if devices is not None else [(row.name or row.device, None) for row in reader.sync_devices()]
    )
    return SyncStatusView(
        settings.get("place"),
        settings.get("name"),
        tuple(known),
        reader.sync_pending(),
        reader.sync_conflict_count(),
    )


@dataclass(frozen=True)
class ConflictView:
    id: int
    entry: str
    field: str
    kept: Any
    lost: Any
    lost_device: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entry": self.entry,
            "field": self.field,
            "kept": self.kept,
            "lost": self.lost,
            "lost_device": self.lost_device,
            "at": self.at,
        }


@dataclass(frozen=True)
class ConflictsView:
    conflicts: tuple[ConflictView, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [conflict.to_json() for conflict in self.conflicts]


def entry_name(reader: Reader, table: str | None, uid: str, wanted: int | None) -> str:
    """`commitment 12` (its id here, or the one it had where it was deleted), `week note`, `goal tag`..."""
    words = (table or "entry").replace("_", " ").replace("checkin", "check-in")
    if table in (None, "goal_tag", "strategy_strength", "week_note", "reflection_tag", "session_step"):
        return words
    number = reader.row_id(table or "", uid)
    return f"{words} {number if number is not None else wanted}"


def load_conflicts(reader: Reader) -> ConflictsView:
    own = reader.sync_settings()
    return ConflictsView(
        tuple(
            ConflictView(
                row.id,
                entry_name(reader, row.table_name, row.uid, row.wanted),
                row.field,
                "(deleted)" if row.kept is None else json.loads(row.kept),
                json.loads(row.lost),
                str(
                    row.device_name
                    or (own.get("name") if row.lost_device == own.get("device") else row.lost_device)
                ),
                stamp_moment(row.lost_stamp).isoformat(timespec="seconds"),
            )
            for row in reader.sync_conflicts()
        )
    )
