"""Queries for the progress report: only the weeks and goals it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.store.models import CheckIn, Commitment, Goal, Reflection, WeekNote

if TYPE_CHECKING:
    from datetime import date

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


def writing_since(session: Session, first: date) -> list[tuple[date, str]]:
    """Everything the person wrote from a day on, with its day: shared reflections, week notes (by their
    Sunday), commitment notes (by their week's Sunday), check-in notes, a goal's why and achievable note."""
    from sqlmodel import col, select

    from coachcli.domain.dates import IsoWeek

    first_week = str(IsoWeek.of(first))
    written: list[tuple[date, str]] = []
    for reflection in session.exec(
        select(Reflection).where(col(Reflection.day) >= first, col(Reflection.private).is_(False))
    ):
        written.append((reflection.day, reflection.text))
    for note in session.exec(select(WeekNote).where(col(WeekNote.week) >= first_week)):
        written.append((IsoWeek.parse_iso(note.week).end, note.text))
    for commitment in session.exec(
        select(Commitment).where(col(Commitment.week) >= first_week, col(Commitment.note).is_not(None))
    ):
        written.append((IsoWeek.parse_iso(commitment.week).end, commitment.note or ""))
    for checkin in session.exec(
        select(CheckIn).where(col(CheckIn.day) >= first, col(CheckIn.note).is_not(None))
    ):
        written.append((checkin.day, checkin.note or ""))
    for goal in session.exec(select(Goal).where(col(Goal.created) >= first)):
        written += [(goal.created, text) for text in (goal.why, goal.achievable) if text]
    return written
