"""The person's strengths, and the strengths each strategy plays to."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from sqlmodel import Field

from coachcli.store.tables import strategy  # noqa: F401  (the tables its foreign keys name)
from coachcli.store.tables.base import COUNTED_IDS, JournalTable


class Strength(JournalTable, table=True):
    """One of the user's strengths: a CliftonStrengths theme or their own word, in their order."""

    __tablename__ = "strength"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str
    position: int


class StrategyStrength(JournalTable, table=True):
    """A strength a strategy plays to, by name, so that history survives removing the strength."""

    __tablename__ = "strategy_strength"

    strategy_id: int = Field(foreign_key="strategy.id", primary_key=True, ondelete="CASCADE")
    strength: str = Field(primary_key=True, index=True)
    position: int = 0
