"""Loading what the week commands show: commitments, a week, the review list, a goal's commitments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.progress import completion_rate
from coachcli.domain.weeks import counts_as_open
from coachcli.views.weeks import (
    CommitmentView,
    GoalRef,
    WeekNoteView,
    WeekView,
    build_commitment_view,
    build_week_view,
)

if TYPE_CHECKING:
    from coachcli.store.reader import Reader
    from coachcli.views.plan import ReviewListView

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


def load_review(reader: Reader, week: IsoWeek | None, current: IsoWeek) -> ReviewListView:
    """The week to review (the one given, else the earliest past one with open commitments), its open
    commitments and note, and the other weeks still waiting for a review."""
    from coachcli.views.plan import ReviewListView

    waiting = reader.open_weeks_before(str(current))
    target = week if week is not None else IsoWeek.parse_iso(waiting[0][0]) if waiting else None
    open_items: list[CommitmentView] = []
    note = None
    if target is not None:
        rows = [
            row for row in reader.shown_commitments(str(target)) if counts_as_open(row.status, row.carried_to)
        ]
        open_items = commitment_views(reader, rows)
        note = week_note_view(reader, target)
    others = tuple(item for item in waiting if item[0] != str(target))
    return ReviewListView(target, tuple(open_items), others, note)


def goal_commitments_section(reader: Reader, goal_id: int) -> tuple[tuple[CommitmentView, ...], float | None]:
    """A goal's recent commitments and the completion rate of all its commitments, for `coach goal show`."""
    rows = reader.goal_recent_commitments(goal_id, GOAL_RECENT_COMMITMENTS)
    return tuple(commitment_views(reader, rows)), completion_rate(reader.goal_status_counts(goal_id))
