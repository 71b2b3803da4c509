"""Queries on reflections, their tags, and the week notes the journal shows beside them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from coachcli.store.ids import require_id
from coachcli.store.models import Reflection, ReflectionTag
from coachcli.store.reader import fold_text as fold_text  # re-exported: where searching folds text
from coachcli.store.reader import no_reflection_error, reader_in

if TYPE_CHECKING:
    from sqlmodel import Session


def get_reflection(session: Session, reflection_id: int) -> Reflection:
    """The reflection with this id, or a NotFoundError that says how to find ids."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None:
        raise no_reflection_error(reflection_id)
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
    private: bool = False,
) -> Reflection:
    """Save a reflection with its tags (in the order given, repeats dropped); a private one stays out of briefs."""
    if goal_id is not None:
        reader_in(session).goal(goal_id)  # it must exist
    reflection = Reflection(day=day, text=text, goal_id=goal_id, week=week, reframe=reframe, private=private)
    session.add(reflection)
    session.flush()
    for position, tag in enumerate(dict.fromkeys(tags)):
        session.add(ReflectionTag(reflection_id=require_id(reflection), tag=tag, position=position))
    session.flush()
    return reflection


def set_reframe(session: Session, reflection_id: int, reframe: str | None) -> Reflection:
    """Record the user's reframe of a reflection (replacing an earlier one); None removes it."""
    reflection = get_reflection(session, reflection_id)
    reflection.reframe = reframe
    session.add(reflection)
    session.flush()
    return reflection
