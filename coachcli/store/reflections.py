"""Queries on reflections, their tags, and the week notes the journal shows beside them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.errors import NotFoundError
from coachcli.store.goals import get_goal
from coachcli.store.ids import require_id
from coachcli.store.links import linked_values
from coachcli.store.models import Goal, Reflection, ReflectionTag, WeekNote

if TYPE_CHECKING:
    from sqlmodel import Session

# A SQL function registered on the connection for case-insensitive search beyond ASCII (SQLite's own
# lower() and LIKE only fold A-Z).
FOLD_FUNCTION = "coach_fold"


def fold_text(text: str | None) -> str | None:
    """Text reduced for case-insensitive matching: Unicode case folding of its NFC form."""
    return None if text is None else unicodedata.normalize("NFC", text).casefold()


def register_fold_function(session: Session) -> None:
    """Make `coach_fold(text)` available to this session's queries."""
    connection = session.connection().connection.driver_connection
    assert connection is not None, "a session in a transaction holds a sqlite3 connection"
    connection.create_function(FOLD_FUNCTION, 1, fold_text, deterministic=True)


def contains_folded(column: Any, needle: str) -> Any:
    """A SQL condition: the column contains the (already folded) needle, ignoring case."""
    from sqlalchemy import func

    return func.instr(getattr(func, FOLD_FUNCTION)(column), needle) > 0


def get_reflection(session: Session, reflection_id: int) -> Reflection:
    """The reflection with this id, or a NotFoundError that says how to find ids."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None:
        raise NotFoundError(
            f"there is no reflection {reflection_id}; `coach journal` shows every reflection and its id"
        )
    return reflection


def add_reflection(
    session: Session,
    *,
    day: date,
    text: str,
    goal_id: int | None,
    week: str | None,
    tags: Sequence[str],
    reframe: str | None = None,
) -> Reflection:
    """Save a reflection with its tags (in the order given, repeats dropped)."""
    if goal_id is not None:
        get_goal(session, goal_id)
    reflection = Reflection(day=day, text=text, goal_id=goal_id, week=week, reframe=reframe)
    session.add(reflection)
    session.flush()
    for position, tag in enumerate(dict.fromkeys(tags)):
        session.add(ReflectionTag(reflection_id=require_id(reflection), tag=tag, position=position))
    session.flush()
    return reflection


def set_reframe(session: Session, reflection_id: int, reframe: str) -> Reflection:
    """Record the user's reframe of a reflection (replacing an earlier one)."""
    reflection = get_reflection(session, reflection_id)
    reflection.reframe = reframe
    session.add(reflection)
    session.flush()
    return reflection


def find_reflections(
    session: Session,
    *,
    search: str | None = None,
    goal_id: int | None = None,
    tag: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[tuple[Reflection, str | None]]:
    """Reflections that pass every filter given, newest first, each with its goal's title.

    `search` matches text, reframe or a tag, ignoring case.
    """
    from sqlmodel import col, or_, select

    query = select(Reflection, Goal.title).join(Goal, col(Reflection.goal_id) == col(Goal.id), isouter=True)
    if goal_id is not None:
        query = query.where(col(Reflection.goal_id) == goal_id)
    if tag is not None:
        query = query.where(
            col(Reflection.id).in_(select(ReflectionTag.reflection_id).where(ReflectionTag.tag == tag))
        )
    if since is not None:
        query = query.where(col(Reflection.day) >= since)
    if until is not None:
        query = query.where(col(Reflection.day) <= until)
    if search is not None:
        register_fold_function(session)
        needle = fold_text(search) or ""
        tagged = select(ReflectionTag.reflection_id).where(contains_folded(col(ReflectionTag.tag), needle))
        query = query.where(
            or_(
                contains_folded(col(Reflection.text), needle),
                contains_folded(col(Reflection.reframe), needle),
                col(Reflection.id).in_(tagged),
            )
        )
    query = query.order_by(col(Reflection.day).desc(), col(Reflection.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return [(reflection, title) for reflection, title in session.exec(query)]


def reflection_tags(session: Session, reflection_ids: Sequence[int]) -> dict[int, list[str]]:
    """The tags of each reflection, in the order the user gave them."""
    return linked_values(session, ReflectionTag, "reflection_id", "tag", reflection_ids)


def find_week_notes(
    session: Session,
    *,
    search: str | None = None,
    first_week: str | None = None,
    last_week: str | None = None,
) -> list[WeekNote]:
    """Week notes from `first_week` to `last_week` (ISO week text, which sorts in time order), newest first."""
    from sqlmodel import col, select

    query = select(WeekNote)
    if first_week is not None:
        query = query.where(col(WeekNote.week) >= first_week)
    if last_week is not None:
        query = query.where(col(WeekNote.week) <= last_week)
    if search is not None:
        register_fold_function(session)
        query = query.where(contains_folded(col(WeekNote.text), fold_text(search) or ""))
    return list(session.exec(query.order_by(col(WeekNote.week).desc())))
