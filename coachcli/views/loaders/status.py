"""Loading what `coach status` says is due, with the standard library's sqlite3 only (store/reader.py)."""

from __future__ import annotations

from datetime import date

from coachcli.domain.dates import IsoWeek
from coachcli.domain.weeks import week_to_close
from coachcli.views.status import StatusView

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from coachcli.store.reader import Reader


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
    open_this_week = reader.open_count(str(this_week)) + reader.routines_without_copy(
        str(this_week), this_week.start
    )
    in_use = reader.has_active_goals() or reader.has_commitments()
    session_due = in_use and not reader.session_finished(str(closed))
    deadlines = reader.active_deadlines(today)
    return StatusView(
        to_review=to_review,
        open_this_week=open_this_week,
        session_due=session_due,
        stopped_session=reader.stopped_session_stage(str(closed)) if session_due else None,
        days_to_next_deadline=(deadlines[0] - today).days if deadlines else None,
    )
