"""What `coach status` says: what is due now, as one line for a shell prompt or as JSON for scripts.

Light on purpose (no Rich, no Typer, no database library, and named tuples rather than dataclasses, whose
import alone costs more than the rest of the status line): it must cost little more than starting Python.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    class _StatusFields(NamedTuple):
        to_review: tuple[str, ...] = ()
        open_this_week: int = 0
        session_due: bool = False
        days_to_next_deadline: int | None = None
        stopped_session: str | None = None
else:
    _StatusFields = namedtuple(
        "_StatusFields",
        ("to_review", "open_this_week", "session_due", "days_to_next_deadline", "stopped_session"),
        defaults=((), 0, False, None, None),
    )

# A goal's deadline is worth a word in the status line when it is this close (days, today included).
DEADLINE_SOON_DAYS = 7


class StatusView(_StatusFields):
    """What is due: weeks to review, open commitments this week, the session (and the stage a stopped one is
    at), the next deadline."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "to_review": list(self.to_review),
            "open_this_week": self.open_this_week,
            "session_due": self.session_due,
            "days_to_next_deadline": self.days_to_next_deadline,
            "stopped_session": self.stopped_session,
        }

    def line(self) -> str:
        """One line such as `coach: 2026-W48 to review · 3 open this week`; empty when nothing is due."""
        parts = []
        if len(self.to_review) == 1:
            parts.append(f"{self.to_review[0]} to review")
        elif self.to_review:
            parts.append(f"{len(self.to_review)} weeks to review (from {self.to_review[0]})")
        if self.open_this_week:
            parts.append(f"{self.open_this_week} open this week")
        if self.stopped_session:
            parts.append(f"session stopped at {self.stopped_session}")
        elif self.session_due:
            parts.append("session due")
        days = self.days_to_next_deadline
        if days is not None and days <= DEADLINE_SOON_DAYS:
            parts.append(
                {0: "a deadline today", 1: "a deadline tomorrow"}.get(days, f"a deadline in {days} days")
            )
        return "coach: " + " · ".join(parts) if parts else ""
