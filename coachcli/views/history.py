"""The recent changes `coach undo --list` shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ChangeView:
    """One command's change: when, the command as typed, how many rows, and whether undo can take it back."""

    id: int
    at: datetime
    command: str
    rows: int
    undoable: bool
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "command": self.command,
            "rows": self.rows,
            "undoable": self.undoable,
        }


@dataclass(frozen=True)
class HistoryView:
    """The history, newest first."""

    changes: tuple[ChangeView, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [change.to_json() for change in self.changes]
