"""The weeks' commitments, and the routines that make some of them."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import date, datetime

from sqlmodel import Field

from coachcli.domain.vocabulary import CommitmentStatus
from coachcli.store.tables import goal, strategy  # noqa: F401  (the tables its foreign keys name)
from coachcli.store.tables.base import COUNTED_IDS, JournalTable, moment_field


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
    created_at: datetime = moment_field()


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
    created_at: datetime = moment_field()
    updated_at: datetime = moment_field()
