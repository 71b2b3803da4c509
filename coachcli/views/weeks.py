"""What the week commands show: plain data built from commitment rows and the pure domain logic.

Named tuples (immutable, compared by value, as frozen dataclasses would be) because every week view is
built on each run of `coach week`: defining a frozen dataclass costs about 0.5 ms, a named tuple a tenth of it.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from coachcli.domain.dates import IsoWeek
from coachcli.domain.progress import completion_rate, status_counts
from coachcli.domain.vocabulary import CommitmentStatus
from coachcli.domain.weeks import counts_as_open, days_left

if TYPE_CHECKING:
    pass  # only for type hints: coach week needs no goal views


class CommitmentView(NamedTuple):
    """One commitment, with the goal title and the week it was carried from when there are some.

    A routine's copy that is computed rather than written (a read-only journal, a week beyond the ones
    routines are filled to) has no id yet.
    """

    id: int | None
    text: str
    week: str
    goal_id: int | None
    strategy_id: int | None
    status: str
    note: str | None
    carried_from: int | None
    goal_title: str | None = None
    carried_from_week: str | None = None
    carried_to: str | None = None
    when: str | None = None
    confidence: int | None = None
    support: str | None = None  # what would make the confidence higher (the plan, apart from `note`)
    updated_at: datetime | None = None  # when it was last changed: an answer saves only if it still is
    routine_id: int | None = None

    @property
    def shown_id(self) -> str:
        """The id as shown in a list: a dash for a routine's copy that is not written yet."""
        return "–" if self.id is None else str(self.id)

    @property
    def label(self) -> str:
        """The status as a person says it (partly done, not done, let go...)."""
        return CommitmentStatus(self.status).label

    @property
    def is_open(self) -> bool:
        """Still waiting for its review: open and not carried on (carrying closes it)."""
        return counts_as_open(self.status, self.carried_to)

    def to_json(self) -> dict[str, Any]:
        """The SPEC's commitment object."""
        return {
            "id": self.id,
            "text": self.text,
            "week": self.week,
            "goal_id": self.goal_id,
            "strategy_id": self.strategy_id,
            "status": self.status,
            "note": self.note,
            "carried_from": self.carried_from,
            "carried_to": self.carried_to,
            "when": self.when,
            "confidence": self.confidence,
            "support": self.support,
            "routine_id": self.routine_id,
        }


def build_commitment_view(
    row: Any,
    *,
    goal_titles: Mapping[int, str] | None = None,
    carried_from_weeks: Mapping[int, str] | None = None,
) -> CommitmentView:
    """A CommitmentView from a commitment row and what is known about its goal and its carrying."""
    return CommitmentView(
        id=row.id,
        text=row.text,
        week=row.week,
        goal_id=row.goal_id,
        strategy_id=row.strategy_id,
        status=row.status,
        note=row.note,
        carried_from=row.carried_from,
        goal_title=(goal_titles or {}).get(row.goal_id) if row.goal_id is not None else None,
        carried_from_week=(carried_from_weeks or {}).get(row.carried_from)
        if row.carried_from is not None
        else None,
        carried_to=getattr(row, "carried_to", None),
        when=getattr(row, "when_where", None),
        confidence=getattr(row, "confidence", None),
        support=getattr(row, "support", None),
        updated_at=getattr(row, "updated_at", None),
        routine_id=getattr(row, "routine_id", None),
    )


class GoalRef(NamedTuple):
    """A goal named by id and title."""

    id: int
    title: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title}


class CommitmentGroup(NamedTuple):
    """The commitments of a week that serve one goal (goal None: not tied to a goal)."""

    goal: GoalRef | None
    commitments: tuple[CommitmentView, ...]


class WeekNoteView(NamedTuple):
    """The note written at the end of a week's review."""

    week: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"week": self.week, "text": self.text}


class WeekView(NamedTuple):
    """One week: its commitments by goal, counts, completion rate, note, and what asks for attention."""

    week: IsoWeek
    today: date
    commitments: tuple[CommitmentView, ...]
    groups: tuple[CommitmentGroup, ...]
    counts: dict[str, int]
    completion_rate: float | None
    needs_review: tuple[tuple[str, int], ...] = ()
    week_note: WeekNoteView | None = None
    goals_without_commitments: tuple[GoalRef, ...] = ()
    previous: "WeekView | None" = None  # the week before, for the one-page summary

    @property
    def this_week(self) -> IsoWeek:
        return IsoWeek.of(self.today)

    @property
    def days_left(self) -> int:
        return days_left(self.week, self.today)

    @property
    def when(self) -> str:
        """Where the week sits relative to today: this week, last week, next week, or past / future."""
        offset = (self.week.start - self.this_week.start).days // 7
        names = {0: "this week", -1: "last week", 1: "next week"}
        return names.get(offset, "past" if offset < 0 else "future")

    def to_json(self) -> dict[str, Any]:
        """The SPEC's week object, with what asks for attention besides."""
        return {
            "week": str(self.week),
            "start": self.week.start.isoformat(),
            "end": self.week.end.isoformat(),
            "days_left": self.days_left,
            "commitments": [commitment.to_json() for commitment in self.commitments],
            "counts": dict(self.counts),
            "completion_rate": self.completion_rate,
            "week_note": self.week_note.to_json() if self.week_note else None,
            "needs_review": [week for week, _ in self.needs_review],
            "goals_without_commitments": [goal.to_json() for goal in self.goals_without_commitments],
        }


def group_by_goal(commitments: Sequence[CommitmentView]) -> tuple[CommitmentGroup, ...]:
    """The commitments grouped by goal (goal order by id), those tied to no goal last."""
    by_goal: dict[int | None, list[CommitmentView]] = {}
    for commitment in commitments:
        by_goal.setdefault(commitment.goal_id, []).append(commitment)
    groups = [
        CommitmentGroup(GoalRef(goal_id, items[0].goal_title or f"goal {goal_id}"), tuple(items))
        for goal_id, items in sorted((key, value) for key, value in by_goal.items() if key is not None)
    ]
    if None in by_goal:
        groups.append(CommitmentGroup(None, tuple(by_goal[None])))
    return tuple(groups)


def build_week_view(
    week: IsoWeek,
    *,
    today: date,
    commitments: Sequence[CommitmentView],
    needs_review: Sequence[tuple[str, int]] = (),
    week_note: WeekNoteView | None = None,
    active_goals: Sequence[GoalRef] = (),
    previous: WeekView | None = None,
) -> WeekView:
    """A WeekView from the week's commitments; active goals without a commitment make the nudge."""
    counts = status_counts(
        commitment.status for commitment in commitments if commitment.is_open or commitment.status != "open"
    )
    touched = {commitment.goal_id for commitment in commitments}
    return WeekView(
        week=week,
        today=today,
        commitments=tuple(commitments),
        groups=group_by_goal(commitments),
        counts=counts,
        completion_rate=completion_rate(counts),
        needs_review=tuple(needs_review),
        week_note=week_note,
        goals_without_commitments=tuple(goal for goal in active_goals if goal.id not in touched),
        previous=previous,
    )
