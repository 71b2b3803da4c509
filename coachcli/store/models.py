"""Every table of the journal's content, one SQLModel class each: the schema that writes use.

The tables written and read only in plain SQL (the history's, by store/history.py and the triggers; the
replica's, migration 0009, by store/replica.py) are in store/schema.py, with SCHEMA: the whole schema.

Dates are stored as ISO text by SQLAlchemy's Date type; weeks as ISO week text ("2026-W48"), which sorts in
time order; timestamps in UTC. Foreign keys cascade where a row means nothing without its parent (check-ins,
strategies, tags) and are set to NULL where the row stands on its own (commitments, reflections).
"""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel

from coachcli.domain.vocabulary import CommitmentStatus, GoalStatus, RoutineEvery, StrategyStatus
from coachcli.store.moments import read_moment, stored_moment

# The table arguments of a table whose ids a person sees: SQLite's AUTOINCREMENT, so that an id, once given, is
# never given again, even after its row is deleted (SPEC; migration 0008).
COUNTED_IDS = ({"sqlite_autoincrement": True},)


class JournalTable(SQLModel):
    """Base of the journal's tables: pydantic builds each validator only if it is ever used."""

    model_config = {"defer_build": True}


def utc_now() -> datetime:
    """The current moment in UTC, as stored in `created_at` columns."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as UTC text without an offset (SQLAlchemy's DateTime in SQLite), read back aware in UTC."""

    impl = DateTime  # the column's declared type; its values are written and read by store/moments.py alone
    cache_ok = True

    def bind_processor(self, dialect: Any) -> Any:
        """Aware values are converted to UTC; naive ones are taken as UTC already (stored_moment)."""
        return lambda value: None if value is None else stored_moment(value)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        return lambda value: None if value is None else read_moment(value)


def uid_field() -> Any:
    """A synced row's stable name on every device (given by store/replica.py as the row is written)."""
    return Field(default=None, index=True, unique=True)


def moment_field() -> Any:
    """A `created_at` / `updated_at` column: UTC, now by default."""
    return Field(default_factory=utc_now, sa_type=UTCDateTime)


def revision_field() -> Any:
    """A `revision` column: how many times the row changed, raised by the journal's own trigger (migration
    0010), never by a writer."""
    return Field(default=0, sa_column_kwargs={"server_default": "0"})


class Goal(JournalTable, table=True):
    """A goal, with every SMART part the user has given so far."""

    __tablename__ = "goal"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    title: str
    status: str = Field(default=GoalStatus.ACTIVE, index=True)
    measure: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    deadline: date | None = None
    why: str | None = None
    achievable: str | None = None
    created: date
    closed: date | None = None
    created_at: datetime = moment_field()
    updated_at: datetime | None = Field(
        default_factory=utc_now, sa_type=UTCDateTime, sa_column_kwargs={"onupdate": utc_now}
    )
    revision: int = revision_field()
    uid: str | None = uid_field()


class GoalTag(JournalTable, table=True):
    """A tag on a goal, kept in the order the user gave."""

    __tablename__ = "goal_tag"

    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)
    position: int = 0
    uid: str | None = uid_field()


class CheckIn(JournalTable, table=True):
    """A measured value of a goal on a day."""

    __tablename__ = "checkin"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    day: date = Field(index=True)
    value: float
    note: str | None = None
    created_at: datetime = moment_field()
    uid: str | None = uid_field()


class Strategy(JournalTable, table=True):
    """A way of working towards a goal."""

    __tablename__ = "strategy"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    text: str
    status: str = StrategyStatus.ACTIVE
    created: date
    created_at: datetime = moment_field()
    uid: str | None = uid_field()


class Strength(JournalTable, table=True):
    """One of the user's strengths: a CliftonStrengths theme or their own word, in their order."""

    __tablename__ = "strength"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str
    position: int
    uid: str | None = uid_field()


class StrategyStrength(JournalTable, table=True):
    """A strength a strategy plays to, by name, so that history survives removing the strength."""

    __tablename__ = "strategy_strength"

    strategy_id: int = Field(foreign_key="strategy.id", primary_key=True, ondelete="CASCADE")
    strength: str = Field(primary_key=True, index=True)
    position: int = 0
    uid: str | None = uid_field()


class Routine(JournalTable, table=True):
    """A standing commitment (`coach commit TEXT --every week`): one copy in every week from its first."""

    __tablename__ = "routine"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    text: str
    goal_id: int | None = Field(default=None, foreign_key="goal.id", index=True, ondelete="SET NULL")
    strategy_id: int | None = Field(default=None, foreign_key="strategy.id", ondelete="SET NULL")
    first_week: str
    until: date | None = None
    stopped_week: str | None = None  # the last week that gets a copy, once stopped
    filled_week: str | None = None  # the last week whose copy was made (a deleted copy is not made again)
    when_where: str | None = None
    confidence: int | None = None
    every: str = Field(
        default=RoutineEvery.WEEK, sa_column_kwargs={"server_default": RoutineEvery.WEEK.value}
    )
    created_at: datetime = moment_field()
    uid: str | None = uid_field()


class Commitment(JournalTable, table=True):
    """Something the user committed to do in one ISO week."""

    __tablename__ = "commitment"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    text: str
    week: str = Field(index=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", index=True, ondelete="SET NULL")
    strategy_id: int | None = Field(default=None, foreign_key="strategy.id", index=True, ondelete="SET NULL")
    status: str = Field(default=CommitmentStatus.OPEN, index=True)
    note: str | None = None
    carried_from: int | None = Field(
        default=None, foreign_key="commitment.id", index=True, ondelete="SET NULL"
    )
    # The week it was carried into: a carried commitment keeps its status and no longer counts as open.
    carried_to: str | None = None
    when_where: str | None = None  # the person's own "when and where" (JSON key `when`)
    confidence: int | None = None  # 1..10
    support: str | None = None  # what would make the confidence higher (`note` is only ever how it went)
    routine_id: int | None = Field(default=None, foreign_key="routine.id", index=True, ondelete="SET NULL")
    # A daily routine's copy: how many days the week plans, and the days checked in (ISO weekdays, "135").
    days_planned: int | None = None
    days_checked: str | None = None
    created_at: datetime = moment_field()
    updated_at: datetime = moment_field()
    revision: int = revision_field()
    uid: str | None = uid_field()


class WeekNote(JournalTable, table=True):
    """The note written at the end of a week's review."""

    __tablename__ = "week_note"

    week: str = Field(primary_key=True)
    text: str
    created_at: datetime = moment_field()
    updated_at: datetime = moment_field()
    uid: str | None = uid_field()


class Reflection(JournalTable, table=True):
    """A dated journal entry, perhaps linked to a goal or a week, with the user's reframe of it."""

    __tablename__ = "reflection"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    text: str
    goal_id: int | None = Field(default=None, foreign_key="goal.id", index=True, ondelete="SET NULL")
    week: str | None = Field(default=None, index=True)
    reframe: str | None = None
    private: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = moment_field()
    uid: str | None = uid_field()


class ReflectionTag(JournalTable, table=True):
    """A tag on a reflection, kept in the order the user gave."""

    __tablename__ = "reflection_tag"

    reflection_id: int = Field(foreign_key="reflection.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)
    position: int = 0
    uid: str | None = uid_field()


class CoachingSession(JournalTable, table=True):
    """One weekly session (`coach session`): the week it closes, the week it plans, and where it stands."""

    __tablename__ = "coaching_session"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    started: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    finished: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_week: str = Field(index=True)
    planned_week: str
    stage: str | None = None  # the stage a stopped session resumes at; None once finished
    questions: str | None = None  # what the person wants to take to their coach
    wanted: str | None = None  # what the person wants from the session (asked first)
    uid: str | None = uid_field()


class SessionStep(JournalTable, table=True):
    """One answered (or skipped) question of a session, so that a resumed session asks nothing twice."""

    __tablename__ = "session_step"

    session_id: int = Field(foreign_key="coaching_session.id", primary_key=True, ondelete="CASCADE")
    stage: str = Field(primary_key=True)
    item: str = Field(primary_key=True)  # what was asked about, e.g. "commitment:12" or "goal:3"
    answer: str | None = None
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    uid: str | None = uid_field()
