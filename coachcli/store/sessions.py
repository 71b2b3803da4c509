"""Writing weekly coaching sessions and the questions they have asked, so that a resumed one asks nothing twice.

What a session reads (the commitments to review, a stopped session) is in store/reader.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.environment import now
from coachcli.store.models import CoachingSession, Commitment, SessionStep, utc_now

if TYPE_CHECKING:
    from sqlmodel import Session


def start_session(session: Session, closed_week: str, planned_week: str, stage: str) -> CoachingSession:
    """Record a new session at its first stage."""
    record = CoachingSession(closed_week=closed_week, planned_week=planned_week, stage=stage, started=now())
    session.add(record)
    session.flush()
    return record


def get_session(session: Session, session_id: int) -> CoachingSession:
    """The session with this id (it exists: the conversation holds its id)."""
    record = session.get(CoachingSession, session_id)
    assert record is not None
    return record


def set_stage(session: Session, session_id: int, stage: str) -> None:
    """Move a session on to a stage: a stopped session resumes there."""
    record = get_session(session, session_id)
    record.stage = stage
    session.add(record)
    session.flush()


def finish_session(session: Session, session_id: int) -> None:
    """Mark a session finished: nothing to resume any more."""
    record = get_session(session, session_id)
    record.stage = None
    record.finished = now()
    session.add(record)
    session.flush()


def set_questions(session: Session, session_id: int, questions: str) -> None:
    """Keep what the person wants to take to their coach (the brief reads it)."""
    record = get_session(session, session_id)
    record.questions = questions
    session.add(record)
    session.flush()


def set_wanted(session: Session, session_id: int, wanted: str) -> None:
    """Keep what the person wants from the session (asked as it opens; its close and the brief show it)."""
    record = get_session(session, session_id)
    record.wanted = wanted
    session.add(record)
    session.flush()


def record_step(session: Session, session_id: int, stage: str, item: str, answer: str | None) -> None:
    """Note that a question was asked and answered (or skipped), in the transaction that saves the answer."""
    session.merge(SessionStep(session_id=session_id, stage=stage, item=item, answer=answer))
    session.flush()


def update_commitment(session: Session, commitment_id: int, **changes: object) -> Commitment:
    """Change fields of a commitment (its when and where, confidence, note, strategy)."""
    from coachcli.store.weeks import get_commitment

    commitment = get_commitment(session, commitment_id)
    for name, value in changes.items():
        setattr(commitment, name, value)
    commitment.updated_at = utc_now()
    session.add(commitment)
    session.flush()
    return commitment
