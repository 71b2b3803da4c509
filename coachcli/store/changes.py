"""Saving what a person answered about a row they were shown, only if nobody changed it meanwhile.

Interactive flows (the week review and plan, `mark`, the weekly session) show a row, wait for an answer, and
then save it. Another coach process may have saved an answer to the same row in between: `expect_unchanged`,
called inside the write transaction (which holds the write lock), compares the row with what was shown and
raises ChangedElsewhere instead of letting the later answer silently overwrite the earlier one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from coachcli.errors import CoachError

if TYPE_CHECKING:
    from sqlmodel import Session

Row = TypeVar("Row")


class ChangedElsewhere(CoachError):
    """The row was changed (or removed) by another coach after it was shown; that change is kept.

    `current` holds the row's values as they are now (None when it was removed), read before the transaction
    rolled back, so the caller can say what was answered.
    """

    def __init__(self, message: str, current: dict[str, Any] | None) -> None:
        super().__init__(message)
        self.current = current


def same_value(seen: Any, now: Any) -> bool:
    """Whether a value read earlier is the value stored now (moments compared in UTC, to the microsecond)."""
    if isinstance(seen, datetime) and isinstance(now, datetime):
        return as_utc(seen) == as_utc(now)
    return bool(seen == now)


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def expect_unchanged(session: Session, model: type[Row], key: Any, *, what: str, **seen: Any) -> Row:
    """The row `key` of `model`, which must still hold the values `seen` (e.g. status and updated_at).

    Call it in the write transaction that saves the answer, before changing the row. Raises ChangedElsewhere
    (naming `what`, e.g. "commitment 4") when the row is gone or any value differs from what was shown.
    """
    current = session.get(model, key)
    if current is None:
        raise ChangedElsewhere(f"{what} was removed elsewhere meanwhile; nothing was saved for it", None)
    changed = [name for name, value in seen.items() if not same_value(value, getattr(current, name))]
    if changed:
        values = {name: getattr(current, name) for name in type(current).model_fields}  # type: ignore[attr-defined]
        raise ChangedElsewhere(
            f"{what} was changed elsewhere meanwhile; that change is kept and this answer was not saved",
            values,
        )
    return current
