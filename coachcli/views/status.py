"""What `coach status` says: what is due now, as one line for a shell prompt or as JSON for scripts.

`coach status` runs before Typer and imports neither `typing` nor `dataclasses` (tests/test_startup.py), so its
one view is a plain class with slots; the Reader it reads with is imported anyway by the status line.
"""

from __future__ import annotations

from datetime import date

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import week_to_close
from coachcli.store.reader import Reader

# A goal's deadline is worth a word in the status line when it is this close (days, today included).
DEADLINE_SOON_DAYS = 7


class StatusView:
    """What is due: weeks to review, open commitments this week, the session (and the stage a stopped one is
    at), the next deadline."""

    __slots__ = (
        "days_to_next_deadline",
        "open_this_week",
        "session_due",
        "stopped_session",
        "sync_conflicts",
        "to_review",
    )

    def __init__(
        self,
        to_review: tuple[str, ...] = (),
        open_this_week: int = 0,
        session_due: bool = False,
        days_to_next_deadline: int | None = None,
        stopped_session: str | None = None,
        sync_conflicts: int = 0,
    ) -> None:
        self.to_review = to_review
        self.open_this_week = open_this_week
        self.session_due = session_due
        self.days_to_next_deadline = days_to_next_deadline
        self.stopped_session = stopped_session
        self.sync_conflicts = sync_conflicts

    def to_json(self) -> dict[str, object]:
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
        if self.sync_conflicts:
            parts.append(sync_conflicts_text(self.sync_conflicts))
        return "coach: " + " · ".join(parts) if parts else ""


def sync_conflicts_text(count: int) -> str:
    """`1 sync conflict` (values another device's edit won over: coach sync conflicts)."""
    return f"{count} sync conflict{'s' if count != 1 else ''}"


def load_status(reader: Reader | None, today: date, review_day: str) -> StatusView:
    """What is due today, with the week to close as SPEC says (`week.review_day`); nothing without a journal.

    The session is due from the week to close's review day until a session closing that week is finished,
    whatever is still open (SPEC "Rhythm"); a stopped one is named by its stage.
    """
    if reader is None:
        return StatusView()
    closed = week_to_close(today, review_day)
    this_week = IsoWeek.of(today)
    to_review = tuple(week for week, _ in reader.open_weeks_through(str(closed)))
    open_this_week = reader.open_count(str(this_week)) + reader.routines_without_copy(str(this_week))
    in_use = reader.has_active_goals() or reader.has_commitments()
    session_due = in_use and not reader.session_finished(str(closed))
    deadlines = reader.active_deadlines(today)
    return StatusView(
        to_review=to_review,
        open_this_week=open_this_week,
        session_due=session_due,
        stopped_session=reader.stopped_session_stage(str(closed)) if session_due else None,
        days_to_next_deadline=(deadlines[0] - today).days if deadlines else None,
        sync_conflicts=reader.sync_conflict_count(),
    )
