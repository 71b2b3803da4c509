"""What every journal table shares: its SQLModel base, and how moments are stored."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel


class JournalTable(SQLModel):
    """Base of the journal's tables: pydantic builds each validator only if it is ever used."""

    model_config = {"defer_build": True}


def utc_now() -> datetime:
    """The current moment in UTC, as stored in `created_at` columns."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as UTC text without an offset (SQLAlchemy's DateTime in SQLite), read back aware in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Aware values are converted to UTC; naive ones are taken as UTC already."""
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def moment_field() -> Any:
    """A `created_at` / `updated_at` column: UTC, now by default."""
    return Field(default_factory=utc_now, sa_type=UTCDateTime)
