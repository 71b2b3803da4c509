"""Moving a whole journal in and out as export-format data (the JSON of `coach export`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coachcli.store.models import (
    CheckIn,
    Commitment,
    Goal,
    GoalTag,
    Reflection,
    ReflectionTag,
    Strategy,
    StrategyStrength,
    Strength,
    WeekNote,
)

if TYPE_CHECKING:
    from sqlmodel import Session


def parse_day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def parse_moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def journal_is_empty(session: Session) -> bool:
    """Whether the journal holds nothing at all (the only kind `import` writes into)."""
    from sqlmodel import select

    return all(
        session.exec(select(model).limit(1)).first() is None
        for model in (Goal, Strength, Commitment, WeekNote, Reflection)
    )


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of one table in one statement."""
    from sqlalchemy import insert

    if rows:
        session.execute(insert(model), rows)


def rows_with(
    items: list[dict[str, Any]], build: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    return [build(item) for item in items]


def insert_journal(session: Session, data: dict[str, Any]) -> None:
    """Write export-format data (already validated) into an empty journal, keeping every id."""
    goals = data.get("goals", [])
    insert_rows(
        session,
        Goal,
        rows_with(
            goals,
            lambda g: {
                "id": g["id"],
                "title": g["title"],
                "status": g["status"],
                "measure": g.get("measure"),
                "unit": g.get("unit"),
                "baseline": g.get("baseline"),
                "target": g.get("target"),
                "deadline": parse_day(g.get("deadline")),
                "why": g.get("why"),
                "achievable": g.get("achievable"),
                "created": parse_day(g["created"]),
                "closed": parse_day(g.get("closed")),
                "created_at": parse_moment(g["created_at"]),
            },
        ),
    )
    insert_rows(
        session,
        GoalTag,
        [
            {"goal_id": g["id"], "tag": tag, "position": position}
            for g in goals
            for position, tag in enumerate(g.get("tags", []))
        ],
    )
    insert_rows(
        session,
        CheckIn,
        rows_with(
            data.get("checkins", []),
            lambda c: {
                "id": c["id"],
                "goal_id": c["goal_id"],
                "day": parse_day(c["date"]),
                "value": c["value"],
                "note": c.get("note"),
                "created_at": parse_moment(c["created_at"]),
            },
        ),
    )
    insert_rows(
        session,
        Strength,
        [
            {"name": s["name"], "kind": s["kind"], "position": position}
            for position, s in enumerate(data.get("strengths", []))
        ],
    )
    strategies = data.get("strategies", [])
    insert_rows(
        session,
        Strategy,
        rows_with(
            strategies,
            lambda s: {
                "id": s["id"],
                "goal_id": s["goal_id"],
                "text": s["text"],
                "status": s["status"],
                "created": parse_day(s["created"]),
                "created_at": parse_moment(s["created_at"]),
            },
        ),
    )
    insert_rows(
        session,
        StrategyStrength,
        [
            {"strategy_id": s["id"], "strength": name, "position": position}
            for s in strategies
            for position, name in enumerate(s.get("strengths", []))
        ],
    )
    insert_rows(
        session,
        Commitment,
        rows_with(
            data.get("commitments", []),
            lambda c: {
                "id": c["id"],
                "text": c["text"],
                "week": c["week"],
                "goal_id": c.get("goal_id"),
                "strategy_id": c.get("strategy_id"),
                "status": c["status"],
                "note": c.get("note"),
                "carried_from": c.get("carried_from"),
                "created_at": parse_moment(c["created_at"]),
                "updated_at": parse_moment(c.get("updated_at") or c["created_at"]),
            },
        ),
    )
    insert_rows(
        session,
        WeekNote,
        rows_with(
            data.get("week_notes", []),
            lambda n: {
                "week": n["week"],
                "text": n["text"],
                "created_at": parse_moment(n["created_at"]),
                "updated_at": parse_moment(n.get("updated_at") or n["created_at"]),
            },
        ),
    )
    reflections = data.get("reflections", [])
    insert_rows(
        session,
        Reflection,
        rows_with(
            reflections,
            lambda r: {
                "id": r["id"],
                "day": parse_day(r["date"]),
                "text": r["text"],
                "goal_id": r.get("goal_id"),
                "week": r.get("week"),
                "reframe": r.get("reframe"),
                "created_at": parse_moment(r["created_at"]),
            },
        ),
    )
    insert_rows(
        session,
        ReflectionTag,
        [
            {"reflection_id": r["id"], "tag": tag, "position": position}
            for r in reflections
            for position, tag in enumerate(r.get("tags", []))
        ],
    )
