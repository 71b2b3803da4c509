"""Routines in the journal: adding and stopping them (the ORM write path), and making each week's copy.

A routine's copy in a week is an ordinary commitment with `routine_id` set, so it has its own status and counts
in follow-through like any other. Copies are made up to the fill horizon (this week, or the week to plan) by
`fill_routine_copies`, in plain SQL on a sqlite3 connection so that both the ORM path (cli/transaction.py) and the
read path (store.reader) can run it; `routine.filled_week` records the last week done, so a copy the person
deleted is not made again. Which copies are due is one rule, the reader's (Reader.routine_weeks_due): a journal
coach may not write gets no copies written, and every read computes them the same way (Reader.missing_copies).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.routines import weeks_to_fill
from coachcli.domain.vocabulary import RoutineEvery
from coachcli.errors import InputError, NotFoundError
from coachcli.store.files import connect_sqlite, sqlite_errors
from coachcli.store.history import install_capture, record_fill, take_changes
from coachcli.store.moments import stored_moment
from coachcli.store.reader import Reader, reader_in
from coachcli.store.replica import capture

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.store.models import Commitment, Routine

INSERT_COPY_SQL = (
    "INSERT INTO commitment (text, week, goal_id, strategy_id, status, when_where, confidence, routine_id,"
    " days_planned, created_at, updated_at) VALUES (:text, :week, :goal_id, :strategy_id, 'open', :when_where,"
    " :confidence, :routine_id, :days_planned, :now, :now)"
)


def fill_routine_copies(connection: sqlite3.Connection, through: IsoWeek) -> int:
    """Make every routine's missing copies up to `through` (one short write, only when one is due).

    Which copies are due is the reader's one rule (Reader.routine_weeks_due); `connection` is a writable
    sqlite3 connection outside a transaction. Returns how many copies were made.
    """
    if not Reader(connection).routine_weeks_due(through):
        return 0
    made = 0
    connection.execute("BEGIN IMMEDIATE")
    try:
        install_capture(connection)
        now = stored_moment(datetime.now(UTC))
        for routine, weeks in Reader(connection).routine_weeks_due(through):
            for week in weeks:
                if str(week) in routine.made:
                    continue
                values = {
                    "text": routine.text,
                    "week": str(week),
                    "goal_id": routine.goal_id,
                    "strategy_id": routine.strategy_id,
                    "when_where": routine.when_where,
                    "confidence": routine.confidence,
                    "routine_id": routine.id,
                    "days_planned": RoutineEvery(routine.every).days_planned,
                    "now": now,
                }
                made += connection.execute(INSERT_COPY_SQL, values).rowcount
            connection.execute(
                "UPDATE routine SET filled_week = :week WHERE id = :id",
                {"week": str(weeks[-1]), "id": routine.id},
            )
        record_fill(connection, capture(connection, take_changes(connection), fill=True))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return made


def get_routine(session: Session, routine_id: int) -> Routine:
    from coachcli.store.models import Routine

    routine = session.get(Routine, routine_id)
    if routine is None:
        raise NotFoundError(
            f"there is no routine {routine_id}; `coach week` shows each routine's id beside its copy"
        )
    return routine


def add_routine(
    session: Session,
    *,
    text: str,
    first_week: IsoWeek,
    through: IsoWeek,
    goal_id: int | None,
    strategy_id: int | None,
    until: date | None = None,
    when_where: str | None = None,
    confidence: int | None = None,
    every: RoutineEvery = RoutineEvery.WEEK,
) -> tuple[Routine, list[Commitment]]:
    """A new routine and its copies from its first week up to `through` (at least the first week's); a daily
    routine's copies count their days."""
    from coachcli.store.models import Commitment, Routine
    from coachcli.store.weeks import commitment_goal

    routine = Routine(
        text=text,
        goal_id=commitment_goal(session, goal_id, strategy_id),
        strategy_id=strategy_id,
        first_week=str(first_week),
        until=until,
        when_where=when_where,
        confidence=confidence,
        every=every,
    )
    session.add(routine)
    session.flush()
    weeks = weeks_to_fill(routine.first_week, until, None, None, max(through, first_week))
    copies = [
        Commitment(
            text=text,
            week=str(week),
            goal_id=routine.goal_id,
            strategy_id=strategy_id,
            when_where=when_where,
            confidence=confidence,
            routine_id=routine.id,
            days_planned=every.days_planned,
        )
        for week in weeks
    ]
    session.add_all(copies)
    routine.filled_week = str(weeks[-1]) if weeks else None
    session.add(routine)
    session.flush()
    return routine, copies


def routine_of(session: Session, commitment_or_routine_id: int, *, by_commitment: bool) -> Routine:
    """The routine named by its id, or by the id of one of its copies."""
    if not by_commitment:
        return get_routine(session, commitment_or_routine_id)
    commitment = reader_in(session).commitment(commitment_or_routine_id)
    if commitment.routine_id is None:
        raise InputError(
            f"commitment {commitment_or_routine_id} is not part of a routine;"
            ' a routine is made with coach commit "TEXT" --every week'
        )
    return get_routine(session, commitment.routine_id)


def stop_routine(session: Session, routine: Routine, last: IsoWeek) -> list[int]:
    """End a routine after `last`: open copies of later weeks that nothing was written on are removed.

    Returns the ids of the copies removed; every earlier copy, and any later one with a status or a note,
    stays as it is.
    """
    from sqlmodel import col, select

    from coachcli.store.models import Commitment

    if routine.stopped_week is not None and routine.stopped_week <= str(last):
        raise InputError(f"routine {routine.id} was already stopped after {routine.stopped_week}")
    routine.stopped_week = str(last)
    session.add(routine)
    later = session.exec(
        select(Commitment).where(Commitment.routine_id == routine.id, col(Commitment.week) > str(last))
    ).all()
    removed = []
    for copy in later:
        if copy.status == "open" and copy.note is None and copy.carried_from is None:
            removed.append(copy.id or 0)
            session.delete(copy)
    session.flush()
    return removed


def this_weeks_routines(session: Session, week: IsoWeek) -> list[Any]:
    """The copies of every routine in `week` (made or computed: those have no id), for the session's *will*
    stage to offer."""
    return [row for row in reader_in(session).shown_commitments(str(week)) if row.routine_id is not None]


def fill_routines_at(path: Any, through: IsoWeek, journal_id: str | None) -> int:
    """Make the routines' missing copies in the journal at `path` (writable, at the current revision; its
    engine may hold a connection already, so the caller says whether it is encrypted: see connect_sqlite)."""
    with sqlite_errors(path):
        connection = connect_sqlite(path, read_only=False, journal_id=journal_id)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            return fill_routine_copies(connection, through)
        finally:
            connection.close()
