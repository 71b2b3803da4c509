"""Queries on the user's strengths (in their order) and on strategies with the strengths they play to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from coachcli.domain.strengths import (
    StrengthAdditions,
    check_goal_takes_strategies,
    plan_additions,
    strengths_for_strategy,
    strengths_to_remove,
)
from coachcli.domain.vocabulary import STRATEGY_STATUSES, StrategyStatus
from coachcli.errors import InputError
from coachcli.store.ids import require_id
from coachcli.store.models import Strategy, StrategyStrength, Strength
from coachcli.store.reader import no_strategy_error, reader_in

if TYPE_CHECKING:
    from sqlmodel import Session


def list_strengths(session: Session) -> list[Strength]:
    """The user's strengths, first-ranked first, to change them (Reader.strengths reads them)."""
    return list(session.exec(select(Strength).order_by(col(Strength.position), col(Strength.id))))


def add_strengths(session: Session, names: Sequence[str], *, custom: bool) -> StrengthAdditions:
    """Append the strengths not yet kept, in the order given; all of them or (on a bad name) none."""
    existing = reader_in(session).strengths()
    additions = plan_additions([strength.name for strength in existing], names, custom=custom)
    position = max((strength.position for strength in existing), default=-1) + 1
    for offset, (name, kind) in enumerate(additions.added):
        session.add(Strength(name=name, kind=kind, position=position + offset))
    session.flush()
    return additions


def remove_strengths(session: Session, names: Sequence[str]) -> list[str]:
    """Remove strengths by name (all or, when one is not kept, none) and close the gaps in the ranking.

    Strategies keep the names of the strengths they played to, so their history stays readable.
    """
    existing = list_strengths(session)
    removed = strengths_to_remove([strength.name for strength in existing], names)
    for strength in existing:
        if strength.name in removed:
            session.delete(strength)
    session.flush()
    for position, strength in enumerate(s for s in existing if s.name not in removed):
        strength.position = position
        session.add(strength)
    session.flush()
    return removed


def active_goal(session: Session, goal_id: int) -> None:
    """The goal a new strategy is for must be there and still be worked on."""
    check_goal_takes_strategies(goal_id, reader_in(session).goal(goal_id).status)


def add_strategy(
    session: Session, goal_id: int, *, text: str, strengths: Sequence[str], created: date
) -> Strategy:
    """Add a strategy for an active goal, playing to strengths that must be among the user's."""
    active_goal(session, goal_id)
    names = strengths_for_strategy([strength.name for strength in reader_in(session).strengths()], strengths)
    strategy = Strategy(goal_id=goal_id, text=text, created=created)
    session.add(strategy)
    session.flush()
    for position, name in enumerate(names):
        session.add(StrategyStrength(strategy_id=require_id(strategy), strength=name, position=position))
    session.flush()
    return strategy


def get_strategy(session: Session, strategy_id: int) -> Strategy:
    """The strategy with this id, or a NotFoundError that says how to find ids."""
    strategy = session.get(Strategy, strategy_id)
    if strategy is None:
        raise no_strategy_error(strategy_id)
    return strategy


def retire_strategy(session: Session, strategy_id: int) -> Strategy:
    """Mark a strategy retired: it stays in the journal, out of the active list."""
    strategy = get_strategy(session, strategy_id)
    if strategy.status == StrategyStatus.RETIRED:
        raise InputError(f"strategy {strategy_id} is already retired")
    strategy.status = StrategyStatus.RETIRED
    session.add(strategy)
    session.flush()
    return strategy


def list_strategies(
    session: Session, *, statuses: Iterable[str] = STRATEGY_STATUSES, goal_id: int | None = None
) -> list[Any]:
    """Strategies with one of `statuses` (of one goal, when given; it must exist), by goal, oldest first."""
    return reader_in(session).strategies(statuses, goal_id=goal_id)


def strategy_strengths(session: Session, strategy_ids: Sequence[int]) -> dict[int, list[str]]:
    """The strength names each strategy plays to, in the order given when it was added."""
    return reader_in(session).strategy_strengths(strategy_ids)
