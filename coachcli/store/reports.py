"""Queries for the progress report: only the weeks and goals it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.store.models import Commitment, WeekNote

if TYPE_CHECKING:
    from sqlmodel import Session


def commitments_between(
    session: Session, first: str | None = None, last: str | None = None, goal_id: int | None = None
) -> list[Commitment]:
    """The commitments of the weeks `first`..`last` (ISO week text; None: no bound), by week and id; of one
    goal if given."""
    from sqlmodel import col, select

    query = select(Commitment)
    if first is not None:
        query = query.where(col(Commitment.week) >= first)
    if last is not None:
        query = query.where(col(Commitment.week) <= last)
    if goal_id is not None:
        query = query.where(Commitment.goal_id == goal_id)
    return list(session.exec(query.order_by(col(Commitment.week), col(Commitment.id))))


def week_notes_between(session: Session, first: str | None = None, last: str | None = None) -> dict[str, str]:
    """The week notes of the weeks `first`..`last` (None: no bound)."""
    from sqlmodel import col, select

    query = select(WeekNote)
    if first is not None:
        query = query.where(col(WeekNote.week) >= first)
    if last is not None:
        query = query.where(col(WeekNote.week) <= last)
    return {note.week: note.text for note in session.exec(query)}
