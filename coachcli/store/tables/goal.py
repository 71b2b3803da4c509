"""A goal: the table every other part of the journal may name."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import date, datetime

from sqlmodel import Field

from coachcli.domain.vocabulary import GoalStatus
from coachcli.store.tables.base import COUNTED_IDS, JournalTable, moment_field


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
