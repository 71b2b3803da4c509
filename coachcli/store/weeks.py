"""Queries on weekly commitments and week notes.

Weeks are ISO week text ("2026-W48"), which sorts in time order, so "earlier weeks" is a plain comparison that
the index on `commitment.week` serves. Every query reads only the weeks or ids it is asked about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.routines import check_in_day
from coachcli.domain.vocabulary import StrategyStatus
from coachcli.errors import InputError
from coachcli.store.changes import expect_unchanged
from coachcli.store.models import Commitment, WeekNote, utc_now
from coachcli.store.reader import no_commitment_error, reader_in

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.store.models import WeekNote


def get_commitment(session: Session, commitment_id: int) -> Commitment:
    """The commitment with this id, or a NotFoundError that says how to find ids."""
    commitment = session.get(Commitment, commitment_id)
    if commitment is None:
        raise no_commitment_error(commitment_id)
    return commitment


def commitment_goal(session: Session, goal_id: int | None, strategy_id: int | None) -> int | None:
    """The goal a new commitment belongs to: the given one, or the strategy's (which must agree)."""
    reader = reader_in(session)
    if strategy_id is not None:
        strategy = reader.strategy(strategy_id)
        if strategy.status != StrategyStatus.ACTIVE:
            raise InputError(
                f"strategy {strategy_id} is {strategy.status}; commit to an active strategy"
                " (coach strategy list) or leave out --strategy"
            )
        if goal_id is not None and goal_id != strategy.goal_id:
            raise InputError(
                f"strategy {strategy_id} belongs to goal {strategy.goal_id}, not goal {goal_id};"
                " leave out --goal, since the strategy says which goal it serves"
            )
        goal_id = strategy.goal_id
    if goal_id is not None:
        reader.goal(goal_id)  # it must exist
    return goal_id


def add_commitment(
    session: Session,
    *,
    text: str,
    week: str,
    goal_id: int | None,
    strategy_id: int | None,
    when_where: str | None = None,
    confidence: int | None = None,
    support: str | None = None,
) -> Commitment:
    """Add an open commitment for a week; a strategy implies its goal."""
    commitment = Commitment(
        text=text,
        week=week,
        goal_id=commitment_goal(session, goal_id, strategy_id),
        strategy_id=strategy_id,
        when_where=when_where,
        confidence=confidence,
        support=support,
    )
    session.add(commitment)
    session.flush()
    return commitment


class AlreadyCarried(InputError):
    """The commitment already has a copy in that week (perhaps carried from another terminal meanwhile)."""

    def __init__(self, message: str, copy_id: int) -> None:
        super().__init__(message)
        self.copy_id = copy_id


def check_in_routine_day(
    session: Session, commitment_id: int, step: int, today: date, note: str | None = None
) -> Commitment:
    """`coach mark ID +1` / `-1`: a day of a daily routine's copy checked in, or taken back (and its note)."""
    commitment = get_commitment(session, commitment_id)
    if commitment.days_planned is None:
        raise InputError(
            f"commitment {commitment_id} counts no days: +1 and -1 check in a day of a daily routine"
            " (coach commit TEXT --every day); give this one a status, e.g. coach mark"
            f" {commitment_id} done"
        )
    week = IsoWeek.parse_iso(commitment.week)
    days = check_in_day(week, commitment.days_checked, commitment.days_planned, today, step)
    commitment.days_checked = days or None
    return saved_change(session, commitment, note)


def saved_change(session: Session, commitment: Commitment, note: str | None) -> Commitment:
    """A commitment just changed, with its note when one is given, saved as changed now."""
    if note is not None:
        commitment.note = note
    commitment.updated_at = utc_now()
    session.add(commitment)
    session.flush()
    return commitment


def set_commitment_status(
    session: Session,
    commitment_id: int,
    status: str,
    note: str | None = None,
    *,
    seen: tuple[str, datetime | None] | None = None,
) -> Commitment:
    """Set a commitment's status, and its note when one is given.

    `seen`: the (status, updated_at) the person was shown; if the commitment no longer has them, another coach
    answered it meanwhile and ChangedElsewhere is raised with nothing changed (see store.changes).
    """
    if seen is None:
        commitment = get_commitment(session, commitment_id)
    else:
        commitment = expect_unchanged(
            session,
            Commitment,
            commitment_id,
            what=f"commitment {commitment_id}",
            status=seen[0],
            updated_at=seen[1],
        )
    commitment.status = status
    return saved_change(session, commitment, note)


def carry_commitment(
    session: Session, original: Commitment, week: str, text: str | None = None
) -> Commitment:
    """Carry a commitment into a later week: an open copy (or a changed `text`) with `carried_from` set.

    Carrying closes the original: it keeps the status it was given, gets `carried_to`, and counts as open nowhere.
    Carried already (perhaps from another terminal meanwhile): AlreadyCarried, naming the copy.
    """
    if original.carried_to is not None:
        copies = carried_copies(session, original.week, [original.id or 0]).get(original.id or 0, [])
        named = f" as commitment {copies[0].id}" if copies else ""
        raise AlreadyCarried(
            f"commitment {original.id} is already carried into {original.carried_to}{named}",
            copies[0].id or 0 if copies else 0,
        )
    copy = Commitment(
        text=original.text if text is None else text,
        week=week,
        goal_id=original.goal_id,
        strategy_id=original.strategy_id,
        carried_from=original.id,
        when_where=original.when_where if text is None else None,  # a changed version gets its own "when"
    )
    original.carried_to = week
    original.updated_at = utc_now()
    session.add(original)
    session.add(copy)
    session.flush()
    return copy


def carry_commitment_by_id(
    session: Session,
    commitment_id: int,
    week: str,
    text: str | None = None,
    *,
    seen: tuple[str, datetime | None] | None = None,
) -> Commitment:
    """Carry the commitment `commitment_id` into `week` (as `text`, if given); with `seen`, only if it is still
    as it was shown."""
    if seen is None:
        original = get_commitment(session, commitment_id)
    else:
        original = expect_unchanged(
            session,
            Commitment,
            commitment_id,
            what=f"commitment {commitment_id}",
            status=seen[0],
            updated_at=seen[1],
        )
    return carry_commitment(session, original, week, text)


def add_to_week_note(session: Session, week: str, text: str) -> WeekNote:
    """Add a line to a week's note (creating the note), so that nothing written before is lost."""
    note = session.get(WeekNote, week)
    if note is None:
        note = WeekNote(week=week, text=text)
    else:
        note.text = f"{note.text}\n{text}"
        note.updated_at = utc_now()
    session.add(note)
    session.flush()
    return note


# The ORM session's views of the read queries, which live (written once) in store/reader.py.


def week_commitments(session: Session, week: str) -> list[Any]:
    """The commitments of one week, in the order they were made."""
    return reader_in(session).week_commitments(week)


def open_weeks_before(session: Session, week: str) -> list[tuple[str, int]]:
    """The weeks before `week` that still have open commitments, oldest first, with how many."""
    return reader_in(session).open_weeks_before(week)


def carried_copies(session: Session, week: str, ids: Sequence[int]) -> dict[int, list[Any]]:
    """The copies carried from the given commitments of `week`."""
    return reader_in(session).carried_copies(week, ids)


def goal_recent_commitments(session: Session, goal_id: int, limit: int) -> list[Any]:
    """The latest `limit` commitments of a goal, oldest first."""
    return reader_in(session).goal_recent_commitments(goal_id, limit)


def goal_status_counts(session: Session, goal_id: int) -> dict[str, int]:
    """How many of a goal's commitments have each status."""
    return reader_in(session).goal_status_counts(goal_id)
