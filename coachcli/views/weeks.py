"""What the week commands show, and how it is read: commitments, a week, a goal's commitments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.progress import completion_rate, significant, status_counts
from coachcli.domain.vocabulary import CommitmentStatus
from coachcli.domain.weeks import counts_as_open, days_left
from coachcli.store.reader import Reader


@dataclass(frozen=True)
class CommitmentView:
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


@dataclass(frozen=True)
class GoalRef:
    """A goal named by id and title."""

    id: int
    title: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True)
class CommitmentGroup:
    """The commitments of a week that serve one goal (goal None: not tied to a goal)."""

    goal: GoalRef | None
    commitments: tuple[CommitmentView, ...]


@dataclass(frozen=True)
class WeekNoteView:
    """The note written at the end of a week's review."""

    week: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"week": self.week, "text": self.text}


@dataclass(frozen=True)
class WeekView:
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
    previous: WeekView | None = None  # the week before, for the one-page summary

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
            "completion_rate": significant(self.completion_rate),
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


GOAL_RECENT_COMMITMENTS = 10


def commitment_views(reader: Reader, rows: Sequence[Any]) -> list[CommitmentView]:
    """Views of commitment rows, with their goal titles and where they were carried from and to."""
    if not rows:
        return []
    titles = reader.goal_titles(sorted({row.goal_id for row in rows if row.goal_id is not None}))
    origins = reader.commitment_weeks(sorted({row.carried_from for row in rows if row.carried_from}))
    return [build_commitment_view(row, goal_titles=titles, carried_from_weeks=origins) for row in rows]


def week_commitment_views(reader: Reader, week: IsoWeek) -> list[CommitmentView]:
    """A week's commitments, with the copies of routines that run in it but are not written there yet
    (a journal coach may not write, or a week beyond the ones routines are filled to)."""
    return commitment_views(reader, reader.shown_commitments(str(week)))


def week_note_view(reader: Reader, week: IsoWeek) -> WeekNoteView | None:
    """A week's note, if it has one."""
    note = reader.week_note(str(week))
    return WeekNoteView(note.week, note.text) if note else None


def load_week_outcomes(reader: Reader, week: IsoWeek, today: date) -> WeekView:
    """A week's commitments and week note only (how the week before went, in the weekly summary)."""
    return build_week_view(
        week,
        today=today,
        commitments=week_commitment_views(reader, week),
        week_note=week_note_view(reader, week),
    )


def load_week_view(reader: Reader, week: IsoWeek, today: date, *, with_previous: bool = False) -> WeekView:
    """Everything `coach week` shows about one week, read in the caller's transaction.

    `with_previous` also reads how the week before went, which only the Markdown summary shows.
    """
    return build_week_view(
        week,
        today=today,
        previous=load_week_outcomes(reader, week.previous(), today) if with_previous else None,
        commitments=week_commitment_views(reader, week),
        needs_review=reader.open_weeks_before(str(IsoWeek.of(today))),
        week_note=week_note_view(reader, week),
        active_goals=[
            GoalRef(goal.id or 0, goal.title)
            for goal in reader.goals(("active",))
            if goal.created <= week.end
        ],
    )


def goal_commitments_section(reader: Reader, goal_id: int) -> tuple[tuple[CommitmentView, ...], float | None]:
    """A goal's recent commitments and the completion rate of all its commitments, for `coach goal show`."""
    rows = reader.goal_recent_commitments(goal_id, GOAL_RECENT_COMMITMENTS)
    return tuple(commitment_views(reader, rows)), completion_rate(reader.goal_status_counts(goal_id))
