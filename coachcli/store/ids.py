"""The id of a stored row, for code that holds rows SQLModel types as possibly not yet inserted."""

from __future__ import annotations

from typing import Protocol


class Stored(Protocol):
    """A row of a table with an integer primary key `id`."""

    @property
    def id(self) -> int | None: ...


def require_id(row: Stored) -> int:
    """The row's id; a row read from the journal or flushed into it always has one."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush the session first")
    return row.id
