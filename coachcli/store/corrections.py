"""Correcting and removing entries: check-ins, commitments, strategies, reflections and week notes.

Each function works in the caller's transaction and returns what a confirmation needs to say, including what
happens to the entries that pointed to the one removed (they stay, readable, without the link).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import col, delete, select

from coachcli.domain.vocabulary import counted
from coachcli.errors import NotFoundError
from coachcli.store.models import (
    CheckIn,
    Commitment,
    Reflection,
    Strategy,
    StrategyStrength,
    WeekNote,
    utc_now,
)
from coachcli.store.reader import reader_in
from coachcli.store.reflections import get_reflection
from coachcli.store.weeks import commitment_goal, get_commitment

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.store.models import WeekNote
    from coachcli.store.reader import Reader

COMMITMENT_FIELDS = ("text", "week", "goal_id", "strategy_id", "when_where", "confidence", "support")


def checkin_to_remove(session: Session, goal_id: int, day: date | None) -> CheckIn:
    """The goal's latest check-in (of `day`, when given), or a NotFoundError saying what there is."""
    reader_in(session).goal(goal_id)  # it must exist
    query = select(CheckIn).where(CheckIn.goal_id == goal_id)
    if day is not None:
        query = query.where(CheckIn.day == day)
    checkin = session.exec(query.order_by(col(CheckIn.day).desc(), col(CheckIn.id).desc())).first()
    if checkin is None:
        where = f" on {day.isoformat()}" if day is not None else ""
        raise NotFoundError(
            f"goal {goal_id} has no check-in{where}; `coach goal show {goal_id}` lists its check-ins"
        )
    return checkin


def remove_checkin(session: Session, goal_id: int, day: date | None) -> CheckIn:
    """Remove a goal's latest check-in (of `day`, when given)."""
    checkin = checkin_to_remove(session, goal_id, day)
    session.delete(checkin)
    session.flush()
    return checkin


def update_commitment(session: Session, commitment_id: int, changes: dict[str, Any]) -> Commitment:
    """Change the given fields of a commitment; a strategy must belong to its goal."""
    commitment = get_commitment(session, commitment_id)
    for name, value in changes.items():
        if name not in COMMITMENT_FIELDS:
            raise ValueError(f"not a commitment field: {name}")
        setattr(commitment, name, value)
    if "strategy_id" in changes and commitment.strategy_id is not None:
        commitment.goal_id = commitment_goal(session, changes.get("goal_id"), commitment.strategy_id)
    elif "goal_id" in changes:
        commitment_goal(session, commitment.goal_id, None)  # it must exist
        strategy = reader_in(session).strategy(commitment.strategy_id) if commitment.strategy_id else None
        if strategy is None or strategy.goal_id != commitment.goal_id:
            commitment.strategy_id = None  # a strategy serves one goal: not the one the commitment left
    commitment.updated_at = utc_now()
    session.add(commitment)
    session.flush()
    return commitment


@dataclass(frozen=True)
class Removed:
    """What was removed, and what happened to the entries that pointed to it."""

    id: int
    text: str
    consequences: tuple[str, ...] = ()


def commitment_consequences(reader: Reader, commitment_id: int) -> tuple[str, ...]:
    """What deleting a commitment does to what points to it."""
    copies = reader.carried_from(commitment_id)
    return tuple(f"commitment {copy.id} in {copy.week}, carried from it, stays as it is" for copy in copies)


def delete_commitment(session: Session, commitment_id: int) -> Removed:
    """Delete a commitment; a copy carried from it stays, no longer pointing back."""
    commitment = get_commitment(session, commitment_id)
    consequences = commitment_consequences(reader_in(session), commitment_id)
    session.delete(commitment)
    session.flush()
    return Removed(commitment_id, commitment.text, consequences)


def update_strategy(
    session: Session, strategy_id: int, *, text: str | None, strengths: Sequence[str] | None
) -> Strategy:
    """Change a strategy's text and/or replace the strengths it plays to (which must be the user's)."""
    from coachcli.domain.strengths import strengths_for_strategy
    from coachcli.store.strengths import get_strategy

    strategy = get_strategy(session, strategy_id)
    if text is not None:
        strategy.text = text
        session.add(strategy)
    if strengths is not None:
        names = (
            strengths_for_strategy([strength.name for strength in reader_in(session).strengths()], strengths)
            if strengths
            else []
        )
        session.exec(delete(StrategyStrength).where(StrategyStrength.strategy_id == strategy_id))  # type: ignore[arg-type]
        for position, name in enumerate(names):
            session.add(StrategyStrength(strategy_id=strategy_id, strength=name, position=position))
    session.flush()
    return strategy


def strategy_consequences(reader: Reader, strategy_id: int) -> tuple[str, ...]:
    """What deleting a strategy does to what points to it."""
    used = reader.pointing_to("commitment", "strategy_id", strategy_id)
    if not used:
        return ()
    which = (
        "the commitment that uses it keeps its"
        if used == 1
        else f"the {used} commitments that use it keep their"
    )
    return (f"{which} text, goal and status, without the strategy",)


def delete_strategy(session: Session, strategy_id: int) -> Removed:
    """Delete a strategy; commitments that used it keep their goal and lose the link."""
    from coachcli.store.strengths import get_strategy

    strategy = get_strategy(session, strategy_id)
    consequences = strategy_consequences(reader_in(session), strategy_id)
    session.delete(strategy)
    session.flush()
    return Removed(strategy_id, strategy.text, consequences)


def goal_consequences(reader: Reader, goal_id: int) -> tuple[str, ...]:
    """What deleting a goal does to what points to it."""
    consequences = []
    checkins = reader.pointing_to("checkin", "goal_id", goal_id)
    strategies = reader.pointing_to("strategy", "goal_id", goal_id)
    if checkins or strategies:
        parts = [
            counted(n, *word)
            for n, word in ((checkins, ("check-in",)), (strategies, ("strategy", "strategies")))
            if n
        ]
        verb = "goes" if len(parts) == 1 and checkins + strategies == 1 else "go"
        consequences.append(f"{' and '.join(parts)} {verb} with it")
    commitments = reader.pointing_to("commitment", "goal_id", goal_id)
    if commitments:
        verb = "stays in its week" if commitments == 1 else "stay in their weeks"
        consequences.append(f"{counted(commitments, 'commitment')} {verb}, without the goal")
    reflections = reader.pointing_to("reflection", "goal_id", goal_id)
    if reflections:
        verb = "stays" if reflections == 1 else "stay"
        consequences.append(f"{counted(reflections, 'reflection')} {verb} in the journal, without the goal")
    return tuple(consequences)


def update_reflection(
    session: Session, reflection_id: int, *, text: str | None, private: bool | None
) -> Reflection:
    """Replace a reflection's text and/or make it private or shared."""
    reflection = get_reflection(session, reflection_id)
    if text is not None:
        reflection.text = text
    if private is not None:
        reflection.private = private
    session.add(reflection)
    session.flush()
    return reflection


def delete_reflection(session: Session, reflection_id: int) -> Removed:
    """Delete a reflection with its reframe and tags."""
    reflection = get_reflection(session, reflection_id)
    session.delete(reflection)
    session.flush()
    return Removed(reflection_id, reflection.text)


def write_week_note(session: Session, week: str, text: str) -> tuple[WeekNote, bool]:
    """Write or replace a week's note; whether one was replaced."""
    note = session.get(WeekNote, week)
    replaced = note is not None
    if note is None:
        note = WeekNote(week=week, text=text)
    else:
        note.text = text
        note.updated_at = utc_now()
    session.add(note)
    session.flush()
    return note, replaced
