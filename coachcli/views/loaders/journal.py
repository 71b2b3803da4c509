"""Loading journal views: the reflections and week notes `coach journal` shows, and a goal's reflections."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.store.ids import require_id
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
    from sqlmodel import Session


def goal_reflection_views(session: Session, goal_id: int) -> tuple[ReflectionView, ...]:
    """The latest reflections on a goal, for `coach goal show`."""
    from coachcli.store.reflections import find_reflections, reflection_tags

    rows = find_reflections(session, goal_id=goal_id, limit=GOAL_REFLECTIONS_SHOWN)
    return build_reflection_views(
        rows, reflection_tags(session, [require_id(reflection) for reflection, _ in rows])
    )


def load_journal(
    session: Session,
    *,
    search: str | None = None,
    goal_id: int | None = None,
    tag: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> JournalView:
    """Reflections (and, unless a goal or tag narrows it, week notes) that match, newest first."""
    from coachcli.store.goals import get_goal
    from coachcli.store.reflections import find_reflections, find_week_notes, reflection_tags

    goal_title = get_goal(session, goal_id).title if goal_id is not None else None
    filters = JournalFilters(
        search=search, goal_id=goal_id, goal_title=goal_title, tag=tag, since=since, until=until
    )
    rows = find_reflections(session, search=search, goal_id=goal_id, tag=tag, since=since, until=until)
    tags = reflection_tags(session, [require_id(reflection) for reflection, _ in rows])
    notes: list[Any] = []
    if filters.includes_week_notes:
        first_week, last_week = week_note_bounds(since, until)
        notes = find_week_notes(session, search=search, first_week=first_week, last_week=last_week)
    return build_journal_view(build_reflection_views(rows, tags), notes, filters)
