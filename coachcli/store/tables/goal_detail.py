"""What belongs to one goal: its tags and its check-ins."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import date, datetime

from sqlmodel import Field

from coachcli.store.tables import goal  # noqa: F401  (the tables its foreign keys name)
from coachcli.store.tables.base import COUNTED_IDS, JournalTable, moment_field


class GoalTag(JournalTable, table=True):
    """A tag on a goal, kept in the order the user gave."""

    __tablename__ = "goal_tag"

    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)
    position: int = 0


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
