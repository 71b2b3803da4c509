"""Queries for the progress report: only the weeks and goals it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.store.models import CoachingSession, Commitment, WeekNote

if TYPE_CHECKING:
    from sqlmodel import Session


def commitments_between(
    session: Session, first: str, last: str, goal_id: int | None = None
) -> list[Commitment]:
    """The commitments of the weeks `first`..`last` (ISO week text), by week and id; of one goal if given."""
    from sqlmodel import col, select

    query = select(Commitment).where(col(Commitment.week) >= first, col(Commitment.week) <= last)
    if goal_id is not None:
        query = query.where(Commitment.goal_id == goal_id)
    return list(session.exec(query.order_by(col(Commitment.week), col(Commitment.id))))


def week_notes_between(session: Session, first: str, last: str) -> dict[str, str]:
    """The week notes of the weeks `first`..`last`."""
    from sqlmodel import col, select

    query = select(WeekNote).where(col(WeekNote.week) >= first, col(WeekNote.week) <= last)
    return {note.week: note.text for note in session.exec(query)}


def latest_session_questions(session: Session) -> CoachingSession | None:
    """The latest coaching session that wrote down questions for the person's coach, if any."""
    from sqlmodel import col, select

    query = (
        select(CoachingSession)
        .where(col(CoachingSession.questions).is_not(None), col(CoachingSession.questions) != "")
        .order_by(col(CoachingSession.started).desc(), col(CoachingSession.id).desc())
        .limit(1)
    )
    return session.exec(query).first()
