"""Weekly commitments as values: statuses and how people name them, carrying rules, days left in a week."""

from __future__ import annotations

from datetime import date, timedelta

from coachcli.domain.dates import IsoWeek
from coachcli.domain.text import require_text
from coachcli.domain.vocabulary import COMMITMENT_STATUSES, STATUS_CHOICES, STATUS_WORDS, CommitmentStatus
from coachcli.errors import InputError

# The short note at the end of a review: each answer becomes one line of the week note, starting with its label.
WEEK_NOTE_QUESTIONS = (
    ("Went well", "What went well that week?"),
    ("Got in the way", "What got in the way?"),
    ("Learned", "What did you learn?"),
)


def counts_as_open(status: str, carried_to: str | None) -> bool:
    """Whether a commitment still waits for its review: open, and not carried on (carrying closes it)."""
    return status == CommitmentStatus.OPEN and carried_to is None


def parse_status(text: str) -> CommitmentStatus:
    """A commitment status from a status name or a review answer (done, partly, not done, let go, d/p/n/l)."""
    words = " ".join(text.lower().split())
    if words in COMMITMENT_STATUSES:
        return CommitmentStatus(words)
    if words in STATUS_WORDS:
        return STATUS_WORDS[words]
    shown = f'"{text.strip()}"' if text.strip() else "an empty text"
    raise InputError(
        f'coach cannot read {shown} as how it went; use done, partly, "not done", "let go" or open'
        f" (the names scripts use work too: {STATUS_CHOICES})"
    )


def check_commitment_text(text: str) -> str:
    """A commitment's text, kept as typed; blank text is refused."""
    return require_text(text, 'the commitment is empty; say what you will do, e.g. coach commit "Run twice"')


def default_carry_week(own: IsoWeek, this_week: IsoWeek) -> IsoWeek:
    """Where a commitment is carried by default: the week after its own, or this week if that one is past."""
    return max(own.next(), this_week)


def check_carry(commitment_id: int, status: str, own: IsoWeek, target: IsoWeek) -> None:
    """Refuse carrying a done commitment, or into its own week or an earlier one."""
    if status == CommitmentStatus.DONE:
        raise InputError(
            f"commitment {commitment_id} is done, so there is nothing to carry;"
            ' to do it again, commit to it anew with coach commit "TEXT"'
        )
    if target <= own:
        raise InputError(
            f"commitment {commitment_id} belongs to {own}; carry it into a later week than that"
            f" (e.g. --to {own.next()})"
        )


def days_left(week: IsoWeek, today: date) -> int:
    """How many days of the week are still to come, today included: 7 for a future week, 0 for a past one."""
    first = max(week.start, today)
    return max(0, min(7, (week.end - first).days + 1))


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_REVIEW_DAY = "friday"


def review_date(week: IsoWeek, review_day: str = DEFAULT_REVIEW_DAY) -> date:
    """The day `week` is reviewed: the first `review_day` on or after its Thursday (SPEC: the week to close)."""
    thursday = week.start + timedelta(days=3)
    return thursday + timedelta(days=(WEEKDAYS.index(review_day) - 3) % 7)


def week_to_close(today: date, review_day: str = DEFAULT_REVIEW_DAY) -> IsoWeek:
    """The latest week whose review day has come (today or before).

    A Monday, Tuesday or Wednesday review falls in the week after: early in a week, even the week before may
    not have had its review yet, so this steps back as far as it must (at most two weeks).
    """
    week = IsoWeek.of(today)
    while review_date(week, review_day) > today:
        week = week.previous()
    return week


def week_to_plan(today: date, review_day: str = DEFAULT_REVIEW_DAY) -> IsoWeek:
    """The week after the week to close."""
    return week_to_close(today, review_day).next()
