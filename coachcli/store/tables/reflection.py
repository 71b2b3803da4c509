"""Reflections: dated journal entries and their tags."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import date, datetime

from sqlmodel import Field

from coachcli.store.tables import goal  # noqa: F401  (the tables its foreign keys name)
from coachcli.store.tables.base import COUNTED_IDS, JournalTable, moment_field


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


class ReflectionTag(JournalTable, table=True):
    """A tag on a reflection, kept in the order the user gave."""

    __tablename__ = "reflection_tag"

    reflection_id: int = Field(foreign_key="reflection.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)
    position: int = 0
