"""The note that ends a week's review."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import datetime

from sqlmodel import Field

from coachcli.store.tables.base import JournalTable, moment_field


class WeekNote(JournalTable, table=True):
    """The note written at the end of a week's review."""

    __tablename__ = "week_note"

    week: str = Field(primary_key=True)
    text: str
    created_at: datetime = moment_field()
    updated_at: datetime = moment_field()
