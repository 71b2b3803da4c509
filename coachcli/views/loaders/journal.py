"""Loading journal views: the reflections and week notes `coach journal` shows, and a goal's reflections."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.views.journal import (
    GOAL_REFLECTIONS_SHOWN,
    JournalFilters,
    JournalView,
    ReflectionView,
    build_journal_view,
    build_reflection_views,
    week_note_bounds,
)

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


def goal_reflection_views(reader: Reader, goal_id: int) -> tuple[ReflectionView, ...]:
    """The latest reflections on a goal, for `coach goal show`."""
    rows = reader.reflections(goal_id=goal_id, limit=GOAL_REFLECTIONS_SHOWN)
    return build_reflection_views(rows, reader.reflection_tags([reflection.id for reflection, _ in rows]))


def load_journal(
    reader: Reader,
    *,
    search: str | None = None,
    goal_id: int | None = None,
    tag: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> JournalView:
    """Reflections (and, unless a goal or tag narrows it, week notes) that match, newest first; with `limit`
    the newest `limit` of them, reading no more than that many of each kind."""
    goal_title = reader.goal(goal_id).title if goal_id is not None else None
    filters = JournalFilters(
        search=search, goal_id=goal_id, goal_title=goal_title, tag=tag, since=since, until=until
    )
    # One more than asked, so that the view knows whether older entries were left out.
    wanted = limit + 1 if limit is not None else None
    rows = reader.reflections(search=search, goal_id=goal_id, tag=tag, since=since, until=until, limit=wanted)
    tags = reader.reflection_tags([reflection.id for reflection, _ in rows])
    notes: list[Any] = []
    if filters.includes_week_notes:
        first_week, last_week = week_note_bounds(since, until)
        notes = reader.week_notes(search=search, first_week=first_week, last_week=last_week, limit=wanted)
    return build_journal_view(build_reflection_views(rows, tags), notes, filters, limit)
