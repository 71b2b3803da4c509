"""What `coach calendar` puts in the iCalendar file: the weekly session, the commitments, goal deadlines.

Every item carries its version from the journal itself (never from the clock of the export): a commitment's and
a goal's `revision` (raised by the journal on every change) and the moment it last changed, so that a calendar
which imports the file again updates each item instead of duplicating it, and two exports of an unchanged
journal are the same bytes. A commitment stays in the file while it is open and for KEPT_WEEKS after its week
or its last change, with its outcome: a calendar that imported it open sees it completed or cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.vocabulary import CommitmentStatus, GoalStatus
from coachcli.domain.weeks import review_date, week_to_close, week_to_plan

if TYPE_CHECKING:
    from coachcli.store.reader import Reader

KEPT_WEEKS = 4  # how long a finished commitment or a closed goal's deadline stays in the file
# The moment the session's defaults (SPEC: friday at 16:00) date from, for a person who never changed them.
DEFAULTS_SINCE = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Version:
    """An item's version as a calendar compares them: SEQUENCE (grows with each change) and LAST-MODIFIED."""

    sequence: int
    modified: datetime


@dataclass(frozen=True)
class SessionSlot:
    """The weekly session: every `review_day` at `at`, the series starting on `first`."""

    review_day: str
    at: time
    first: date
    version: Version


@dataclass(frozen=True)
class CalendarTodo:
    """A commitment as a to-do, due at the end of its week, with its status.

    `uid_key` is what makes the UID stable: `commitment-ID`, or for a routine's copy (written or computed)
    `routine-ID-WEEK`.
    """

    uid_key: str
    text: str
    week: IsoWeek
    when: str | None
    goal_title: str | None
    status: CommitmentStatus
    carried_to: str | None
    version: Version


@dataclass(frozen=True)
class CalendarDeadline:
    """A goal's deadline, as an all-day event (cancelled once the goal is done or let go)."""

    goal_id: int
    title: str
    deadline: date
    status: GoalStatus
    version: Version


@dataclass(frozen=True)
class CalendarView:
    """Everything in the file; `zone` is the IANA time zone of the session's time, or None for floating."""

    session: SessionSlot
    todos: tuple[CalendarTodo, ...]
    deadlines: tuple[CalendarDeadline, ...]
    zone: str | None


def todo_key(commitment_id: int | None, routine_id: int | None, week: str) -> str:
    """What a to-do's UID is made of: a routine's copy by routine and week (the same whether it has been
    written yet or not), any other commitment by its id."""
    return f"routine-{routine_id}-{week}" if routine_id is not None else f"commitment-{commitment_id}"


def session_version(config_changed: datetime | None) -> Version:
    """The session's version: the last change of the config file that holds its day and time (whole minutes
    since DEFAULTS_SINCE), or the defaults' own."""
    if config_changed is None or config_changed < DEFAULTS_SINCE:
        return Version(0, DEFAULTS_SINCE)
    moment = config_changed.astimezone(UTC).replace(second=0, microsecond=0)
    return Version(int((moment - DEFAULTS_SINCE).total_seconds()) // 60, moment)


def load_calendar(
    reader: Reader,
    today: date,
    *,
    review_day: str,
    session_time: str,
    zone: str | None,
    config_changed: datetime | None = None,
) -> CalendarView:
    """The session series (from the latest session day, today or before), the commitments up to the week to
    plan (open ones, and the others of the last KEPT_WEEKS), and the deadlines of active goals (and of goals
    closed in the last KEPT_WEEKS)."""
    hours, minutes = (int(part) for part in session_time.split(":"))
    closed = week_to_close(today, review_day)
    first = IsoWeek.of(today).shift(-KEPT_WEEKS)
    last = max(IsoWeek.of(today), week_to_plan(today, review_day))
    kept_since = datetime.combine(today - timedelta(weeks=KEPT_WEEKS), time(), UTC)
    todos = [
        CalendarTodo(
            todo_key(row.id, row.routine_id, row.week),
            row.text,
            IsoWeek.parse_iso(row.week),
            row.when_where,
            row.goal_title,
            CommitmentStatus(row.status),
            row.carried_to,
            Version(row.revision, row.updated_at),
        )
        for row in reader.calendar_commitments(str(first), str(last), kept_since)
    ]
    deadlines = [
        CalendarDeadline(
            row.id,
            row.title,
            row.deadline,
            GoalStatus(row.status),
            Version(row.revision, row.updated_at or row.created_at),
        )
        for row in reader.calendar_deadlines(kept_since.date())
    ]
    return CalendarView(
        session=SessionSlot(
            review_day, time(hours, minutes), review_date(closed, review_day), session_version(config_changed)
        ),
        todos=tuple(todos),
        deadlines=tuple(deadlines),
        zone=zone,
    )
