"""A strategy: a way of working towards a goal."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import date, datetime

from sqlmodel import Field

from coachcli.domain.vocabulary import StrategyStatus
from coachcli.store.tables import goal  # noqa: F401  (the tables its foreign keys name)
from coachcli.store.tables.base import COUNTED_IDS, JournalTable, moment_field


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
