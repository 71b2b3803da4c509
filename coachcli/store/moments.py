"""How a moment is stored: UTC text without an offset (`2026-11-25 08:00:00.000000`), one writer, one parser.

Every stored timestamp goes through these two functions: the ORM's column type (store/models.UTCDateTime),
the reader (store/reader.py), the routine fill (store/routines.py) and the history (store/history.py).
"""

from __future__ import annotations

from datetime import UTC, datetime


def stored_moment(moment: datetime) -> str:
    """A moment as the journal stores it: in UTC, without an offset (a naive moment is taken as UTC already)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def read_moment(text: str) -> datetime:
    """A stored moment (UTC text without an offset), aware in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
