"""What every journal table shares: its SQLModel base, and how moments are stored."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel

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


def moment_field() -> Any:
    """A `created_at` / `updated_at` column: UTC, now by default."""
    return Field(default_factory=utc_now, sa_type=UTCDateTime)
