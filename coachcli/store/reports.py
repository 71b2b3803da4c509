"""The report's queries on an ORM session; the SQL is written once, in store/reader.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachcli.store.reader import reader_in

if TYPE_CHECKING:
    from sqlmodel import Session


def commitments_between(
    session: Session, first: str | None = None, last: str | None = None, goal_id: int | None = None
) -> list[Any]:
    """The commitments of the weeks `first`..`last` (None: no bound), by week and id; of one goal if given."""
    return reader_in(session).commitments_between(first, last, goal_id)


def week_notes_between(session: Session, first: str | None = None, last: str | None = None) -> dict[str, str]:
    """The week notes of the weeks `first`..`last` (None: no bound)."""
    return reader_in(session).week_notes_between(first, last)
