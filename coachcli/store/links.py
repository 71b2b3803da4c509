"""Reading link tables (tags, strategy strengths): the values of each parent row, in the order given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session


def linked_values(
    session: Session, model: Any, parent: str, value: str, parent_ids: Sequence[int] | None = None
) -> dict[int, list[str]]:
    """`value` of every `model` row, listed per `parent` id in position order (only `parent_ids` when given)."""
    from sqlmodel import col, select

    parent_column = col(getattr(model, parent))
    values: dict[int, list[str]] = {parent_id: [] for parent_id in parent_ids or ()}
    query = select(model)
    if parent_ids is not None:
        if not parent_ids:
            return values
        query = query.where(parent_column.in_(list(parent_ids)))
    for row in session.exec(query.order_by(parent_column, col(model.position))):
        values.setdefault(getattr(row, parent), []).append(getattr(row, value))
    return values
