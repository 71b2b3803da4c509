"""Saying in words what `coach undo` took back, from the rows of a history entry (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

# How a person names a row of each table; the values of the row fill the braces.
ROW_NAMES: dict[str, str] = {
    "goal": "goal {id}",
    "goal_tag": "the tag #{tag} of goal {goal_id}",
    "checkin": "the check-in of {day}",
    "strength": "the strength {name}",
    "strategy": "strategy {id}",
    "strategy_strength": "{strength} on strategy {strategy_id}",
    "commitment": "commitment {id}",
    "routine": "routine {id}",
    "week_note": "the note of {week}",
    "reflection": "reflection {id}",
    "reflection_tag": "the tag #{tag} of reflection {reflection_id}",
    "coaching_session": "session {id}",
    "session_step": "an answer in session {session_id}",
}
# Rows that belong to another one: named only when that one is not in the same change.
BELONGS_TO: dict[str, tuple[str, str]] = {
    "goal_tag": ("goal", "goal_id"),
    "checkin": ("goal", "goal_id"),
    "strategy": ("goal", "goal_id"),
    "strategy_strength": ("strategy", "strategy_id"),
    "reflection_tag": ("reflection", "reflection_id"),
    "session_step": ("coaching_session", "session_id"),
}
# Columns whose old value says best what an update took back ("is 26 again"), per table.
TELLING_COLUMNS: dict[str, tuple[str, ...]] = {
    "checkin": ("value",),
    "goal": ("status",),
    "commitment": ("status",),
    "strategy": ("status",),
}
BOOKKEEPING_COLUMNS = frozenset({"created_at", "updated_at", "at"})
COLUMN_WORDS = {
    "goal_id": "goal",
    "strategy_id": "strategy",
    "when_where": "when and where",
    "support": "what would raise the confidence",
    "private": "privacy",
}
MOST_NAMED = 3


class Change(Protocol):
    """A row's change as store/history.py records it (read-only here)."""

    @property
    def table(self) -> str: ...

    @property
    def before(self) -> dict[str, Any] | None: ...

    @property
    def after(self) -> dict[str, Any] | None: ...


def shown_value(value: Any) -> str:
    """A stored value as a person reads it: 26.0 is 26."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def describe_row(table: str, values: dict[str, Any]) -> str:
    """`the check-in of 2026-11-24`, `commitment 4`: how a person names one row."""
    template = ROW_NAMES.get(table)
    if template is None:
        return f"a row of {table.replace('_', ' ')}"
    try:
        return template.format(**{name: shown_value(value) for name, value in values.items()})
    except (KeyError, IndexError):
        return f"a {table.replace('_', ' ')}"


def with_value(table: str, values: dict[str, Any]) -> str:
    """A row's name, and for a check-in its value: `the check-in of 2026-11-24 (260)`."""
    name = describe_row(table, values)
    if table == "checkin" and values.get("value") is not None:
        return f"{name} ({shown_value(values['value'])})"
    return name


def describe_change(change: Change) -> str:
    """What taking back one row's change did, e.g. `the check-in of 2026-11-24 is 26 again`."""
    if change.after is None:
        return f"{with_value(change.table, change.before or {})} is back"
    if change.before is None:
        return f"{with_value(change.table, change.after)} is removed"
    name = describe_row(change.table, change.before)
    changed = [
        column
        for column in change.before
        if change.before.get(column) != change.after.get(column) and column not in BOOKKEEPING_COLUMNS
    ]
    telling = [column for column in TELLING_COLUMNS.get(change.table, ()) if column in changed]
    if telling and len(changed) == 1:
        return f"{name} is {shown_value(change.before[telling[0]])} again"
    if not changed:
        return f"{name} is as it was"
    words = [COLUMN_WORDS.get(column, column.replace("_", " ")) for column in changed]
    if all(change.before.get(column) is None for column in changed):  # what the command set is cleared again
        return f"{name} has no {and_list(words)} again"
    return f"{name} has its {and_list(words)} back"


def and_list(parts: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def main_changes(changes: Sequence[Change]) -> list[Change]:
    """The changes to the entries themselves (a goal, a commitment, ...), whole rows first: a row that belongs
    to another one of the same change (a goal's tag, a deleted goal's check-ins) is part of that one."""
    present = {(change.table, (change.before or change.after or {}).get("id")) for change in changes}
    main = [
        change
        for change in changes
        if not (
            change.table in BELONGS_TO
            and (
                BELONGS_TO[change.table][0],
                (change.before or change.after or {}).get(BELONGS_TO[change.table][1]),
            )
            in present
        )
    ]
    main.sort(key=lambda change: change.before is not None and change.after is not None)
    return main


def describe_undo(changes: Sequence[Change]) -> str:
    """A sentence's worth: the main rows taken back, then how many more."""
    main = main_changes(changes)
    parts = [describe_change(change) for change in main[:MOST_NAMED]]
    rest = len(changes) - len(parts)
    if rest:
        parts.append(f"{rest} more {'change' if rest == 1 else 'changes'} taken back")
    return and_list(parts)
