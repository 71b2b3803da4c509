"""coach's words, defined once: the statuses of commitments, goals and strategies, with how coach says them.

Each status is a StrEnum member, so it is stored, compared and written to JSON as its plain name ("partial");
its label, its mark and the open question that goes with it are read from the member. Whatever coach says
about a status is information, never a verdict: "not done", "let go", "What got in the way?".
"""

from __future__ import annotations

from collections import namedtuple
from enum import StrEnum

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import NamedTuple

    class Words(NamedTuple):
        """How coach shows one status: a label, a mark and its colour (Rich), and the question it asks."""

        label: str
        mark: str
        colour: str
        question: str
else:
    Words = namedtuple("Words", ("label", "mark", "colour", "question"))


class CommitmentStatus(StrEnum):
    """How a week's commitment went (SPEC: open, done, partial, missed, dropped)."""

    OPEN = "open"
    DONE = "done"
    PARTIAL = "partial"
    MISSED = "missed"
    DROPPED = "dropped"

    @property
    def words(self) -> Words:
        return COMMITMENT_WORDS[self]

    @property
    def label(self) -> str:
        """The status as a person says it: open, done, partly done, not done, let go."""
        return self.words.label

    @property
    def question(self) -> str:
        """The open question asked after this answer in a review (or `coach mark` without a note)."""
        return self.words.question


# "not done" is information, so it gets no alarming red.
COMMITMENT_WORDS = {
    CommitmentStatus.OPEN: Words("open", "○", "cyan", "Anything to note?"),
    CommitmentStatus.DONE: Words("done", "✓", "green", "What helped?"),
    CommitmentStatus.PARTIAL: Words("partly done", "◐", "yellow", "What got in the way?"),
    CommitmentStatus.MISSED: Words("not done", "·", "magenta", "What got in the way?"),
    CommitmentStatus.DROPPED: Words(
        "let go", "–", "dim", "Anything you want to remember about letting it go?"
    ),
}

COMMITMENT_STATUSES: tuple[CommitmentStatus, ...] = tuple(CommitmentStatus)
UNFINISHED_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.PARTIAL, CommitmentStatus.MISSED)
# The statuses a review gives (open is what it starts from).
REVIEWED_STATUSES = (
    CommitmentStatus.DONE,
    CommitmentStatus.PARTIAL,
    CommitmentStatus.MISSED,
    CommitmentStatus.DROPPED,
)
# The statuses that close a commitment in a way worth a note (`coach mark` asks the question without one).
COMPLETED_STATUSES = (CommitmentStatus.DONE, CommitmentStatus.PARTIAL, CommitmentStatus.MISSED)
# A commitment that did not fully happen: the review offers to carry it, the report lists what got in the way.
OBSTACLE_STATUSES = (CommitmentStatus.PARTIAL, CommitmentStatus.MISSED)

# What a person may answer in a review (and give to `coach mark`), besides the status names themselves.
STATUS_WORDS = {
    "d": CommitmentStatus.DONE,
    "p": CommitmentStatus.PARTIAL,
    "partly": CommitmentStatus.PARTIAL,
    "partly done": CommitmentStatus.PARTIAL,
    "n": CommitmentStatus.MISSED,
    "not done": CommitmentStatus.MISSED,
    "l": CommitmentStatus.DROPPED,
    "let go": CommitmentStatus.DROPPED,
    "o": CommitmentStatus.OPEN,
}
REVIEW_CHOICES = "done / partly / not done / let go"
STATUS_CHOICES = ", ".join(COMMITMENT_STATUSES)


def or_list(words: tuple[str, ...]) -> str:
    """ "done, partial, missed or dropped"."""
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


# What a person gives `coach mark` as a status, by the people-names (SPEC's names work too):
# done, "partly done", "not done" or "let go".
MARK_CHOICES = or_list(tuple(f'"{s.label}"' if " " in s.label else s.label for s in REVIEWED_STATUSES))


class GoalStatus(StrEnum):
    """Where a goal stands (SPEC: active, done, dropped)."""

    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


GOAL_STATUSES: tuple[GoalStatus, ...] = tuple(GoalStatus)
# What coach says when a goal gets a status: the message, then an open question or a word of encouragement.
GOAL_STATUS_MESSAGES = {
    GoalStatus.DONE: "Goal {id} marked done. What made the difference?",
    GoalStatus.DROPPED: "Goal {id} dropped. Letting go makes room for what matters now.",
    GoalStatus.ACTIVE: "Goal {id} is active again.",
}


class StrategyStatus(StrEnum):
    """Whether a strategy is still in use (SPEC: active, retired)."""

    ACTIVE = "active"
    RETIRED = "retired"


STRATEGY_STATUSES: tuple[StrategyStatus, ...] = tuple(StrategyStatus)


class RoutineEvery(StrEnum):
    """How often a routine repeats (`coach commit TEXT --every week|day|weekday`)."""

    WEEK = "week"
    DAY = "day"
    WEEKDAY = "weekday"

    @property
    def days_planned(self) -> int | None:
        """The days a week's copy plans (None: a weekly routine, one commitment without days)."""
        return ROUTINE_DAYS_PLANNED[self]

    @property
    def words(self) -> str:
        """How a routine's copy is marked wherever a commitment is shown."""
        return f"every {self.value}"


ROUTINE_DAYS_PLANNED = {RoutineEvery.WEEK: None, RoutineEvery.DAY: 7, RoutineEvery.WEEKDAY: 5}

RETIRE_QUESTION = "What did it teach you about how you work best?"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: `1 day`, `3 days`, `1 check-in`, `2 strategies`."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
