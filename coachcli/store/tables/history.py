"""The change history behind `coach undo` (store/history.py writes it)."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import datetime

from sqlmodel import Field

from coachcli.store.tables.base import COUNTED_IDS, JournalTable, UTCDateTime, utc_now


class History(JournalTable, table=True):
    """One command's whole change to the journal, as typed: what `coach undo` takes back."""

    __tablename__ = "history"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    command: str
    summary: str | None = None


class HistoryRow(JournalTable, table=True):
    """One row a change inserted, updated or deleted: its key and its values before and after, as JSON."""

    __tablename__ = "history_row"

    id: int | None = Field(default=None, primary_key=True)
    history_id: int = Field(foreign_key="history.id", index=True, ondelete="CASCADE")
    position: int
    table_name: str
    row_key: str
    before: str | None = None
    after: str | None = None
