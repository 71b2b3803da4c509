"""Queries on weekly coaching sessions and the questions they have asked, so that a resumed one asks nothing twice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coachcli.domain.vocabulary import CommitmentStatus
from coachcli.store.models import CoachingSession, Commitment, SessionStep, utc_now

if TYPE_CHECKING:
    from sqlmodel import Session


def resumable_session(session: Session, closed_week: str) -> CoachingSession | None:
    """The latest unfinished session that closes `closed_week`, if there is one."""
    from sqlmodel import col, select

    query = (
        select(CoachingSession)
        .where(CoachingSession.closed_week == closed_week, col(CoachingSession.finished).is_(None))
        .order_by(col(CoachingSession.id).desc())
    )
    return session.exec(query).first()


def start_session(session: Session, closed_week: str, planned_week: str, stage: str) -> CoachingSession:
    """Record a new session at its first stage."""
    record = CoachingSession(closed_week=closed_week, planned_week=planned_week, stage=stage)
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
    record.finished = utc_now()
    session.add(record)
    session.flush()


def set_questions(session: Session, session_id: int, questions: str) -> None:
    """Keep what the person wants to take to their coach (the brief reads it)."""
    record = get_session(session, session_id)
    record.questions = questions
    session.add(record)
    session.flush()


def session_steps(session: Session, session_id: int) -> dict[tuple[str, str], str | None]:
    """The questions a session has asked, as {(stage, item): answer} (None: skipped)."""
    from sqlmodel import select

    query = select(SessionStep).where(SessionStep.session_id == session_id)
    return {(step.stage, step.item): step.answer for step in session.exec(query)}


def record_step(session: Session, session_id: int, stage: str, item: str, answer: str | None) -> None:
    """Note that a question was asked and answered (or skipped), in the transaction that saves the answer."""
    session.merge(SessionStep(session_id=session_id, stage=stage, item=item, answer=answer))
    session.flush()


def commitments_to_review(session: Session, up_to_week: str, also: Sequence[int] = ()) -> list[Commitment]:
    """The open commitments (not carried on) of `up_to_week` and earlier weeks, with the given ones besides."""
    from sqlmodel import and_, col, or_, select

    still_open = and_(Commitment.status == CommitmentStatus.OPEN, col(Commitment.carried_to).is_(None))
    query = (
        select(Commitment)
        .where(col(Commitment.week) <= up_to_week, or_(still_open, col(Commitment.id).in_(list(also))))
        .order_by(col(Commitment.week), col(Commitment.id))
    )
    return list(session.exec(query))


def carried_chain(session: Session, commitment: Commitment) -> list[Commitment]:
    """The commitments this one was carried from, nearest first (along `carried_from`)."""
    chain: list[Commitment] = []
    seen = {commitment.id}
    origin = commitment.carried_from
    while origin is not None and origin not in seen:
        earlier = session.get(Commitment, origin)
        if earlier is None:
            break
        chain.append(earlier)
        seen.add(origin)
        origin = earlier.carried_from
    return chain


def strategy_status_counts(session: Session, strategy_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many commitments made through each strategy have each status."""
    from sqlmodel import col, func, select

    counts: dict[int, dict[str, int]] = {strategy_id: {} for strategy_id in strategy_ids}
    if not strategy_ids:
        return counts
    query = (
        select(Commitment.strategy_id, Commitment.status, func.count())
        .where(col(Commitment.strategy_id).in_(list(strategy_ids)))
        .group_by(col(Commitment.strategy_id), col(Commitment.status))
    )
    for strategy_id, status, count in session.exec(query):
        counts[strategy_id or 0][status] = count
    return counts


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
