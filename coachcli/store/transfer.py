"""Moving a whole journal in and out as export-format data (the JSON of `coach export`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from coachcli.store.links import linked_values
from coachcli.store.models import (
    CheckIn,
    Commitment,
    Goal,
    GoalTag,
    Reflection,
    ReflectionTag,
    Routine,
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
    """An exported timestamp, as an aware UTC datetime (naive ones are taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def day_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def moment_text(moment: datetime) -> str:
    """A stored timestamp as ISO text in UTC."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat()


def read_journal(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every row of the journal in the export format, ordered by id (strengths by their rank)."""
    from sqlmodel import col, select

    from coachcli.domain.themes import find_theme

    goal_tags = linked_values(session, GoalTag, "goal_id", "tag")
    strategy_strengths = linked_values(session, StrategyStrength, "strategy_id", "strength")
    reflection_tags = linked_values(session, ReflectionTag, "reflection_id", "tag")

    def theme_domain(name: str, kind: str) -> str | None:
        theme = find_theme(name) if kind == "theme" else None
        return theme.domain if theme else None

    return {
        "goals": [
            {
                "id": g.id,
                "title": g.title,
                "status": g.status,
                "measure": g.measure,
                "unit": g.unit,
                "baseline": g.baseline,
                "target": g.target,
                "deadline": day_text(g.deadline),
                "why": g.why,
                "achievable": g.achievable,
                "tags": goal_tags.get(g.id, []),
                "created": day_text(g.created),
                "closed": day_text(g.closed),
                "created_at": moment_text(g.created_at),
            }
            for g in session.exec(select(Goal).order_by(col(Goal.id)))
        ],
        "checkins": [
            {
                "id": c.id,
                "goal_id": c.goal_id,
                "date": day_text(c.day),
                "value": c.value,
                "note": c.note,
                "created_at": moment_text(c.created_at),
            }
            for c in session.exec(select(CheckIn).order_by(col(CheckIn.id)))
        ],
        "strengths": [
            {"name": s.name, "kind": s.kind, "domain": theme_domain(s.name, s.kind)}
            for s in session.exec(select(Strength).order_by(col(Strength.position), col(Strength.id)))
        ],
        "strategies": [
            {
                "id": s.id,
                "goal_id": s.goal_id,
                "text": s.text,
                "strengths": strategy_strengths.get(s.id, []),
                "status": s.status,
                "created": day_text(s.created),
                "created_at": moment_text(s.created_at),
            }
            for s in session.exec(select(Strategy).order_by(col(Strategy.id)))
        ],
        "commitments": [
            {
                "id": c.id,
                "text": c.text,
                "week": c.week,
                "goal_id": c.goal_id,
                "strategy_id": c.strategy_id,
                "status": c.status,
                "note": c.note,
                "carried_from": c.carried_from,
                "routine_id": c.routine_id,
                "created_at": moment_text(c.created_at),
                "updated_at": moment_text(c.updated_at),
            }
            for c in session.exec(select(Commitment).order_by(col(Commitment.id)))
        ],
        "week_notes": [
            {
                "week": n.week,
                "text": n.text,
                "created_at": moment_text(n.created_at),
                "updated_at": moment_text(n.updated_at),
            }
            for n in session.exec(select(WeekNote).order_by(col(WeekNote.week)))
        ],
        "reflections": [
            {
                "id": r.id,
                "date": day_text(r.day),
                "text": r.text,
                "goal_id": r.goal_id,
                "week": r.week,
                "tags": reflection_tags.get(r.id, []),
                "reframe": r.reframe,
                "created_at": moment_text(r.created_at),
            }
            for r in session.exec(select(Reflection).order_by(col(Reflection.id)))
        ],
        "routines": read_routines(session),
    }


def read_routines(session: Session) -> list[dict[str, Any]]:
    """The routines in the export format (their weekly copies are among the commitments)."""
    from sqlmodel import col, select

    return [
        {
            "id": r.id,
            "text": r.text,
            "goal_id": r.goal_id,
            "strategy_id": r.strategy_id,
            "first_week": r.first_week,
            "until": day_text(r.until),
            "stopped_week": r.stopped_week,
            "filled_week": r.filled_week,
            "when": r.when_where,
            "confidence": r.confidence,
            "created_at": moment_text(r.created_at),
        }
        for r in session.exec(select(Routine).order_by(col(Routine.id)))
    ]


def journal_is_empty(session: Session) -> bool:
    """Whether the journal holds nothing at all (the only kind `import` writes into)."""
    from sqlmodel import select

    return all(
        session.exec(select(model).limit(1)).first() is None
        for model in (Goal, Strength, Commitment, WeekNote, Reflection, Routine)
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


def originals_first(commitments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Commitments ordered so that each one comes after the one it was carried from (a foreign key).

    An export lists them by id, but a hand-edited or merged file may name a later record in `carried_from`;
    validation has made sure the chains have no loops.
    """
    by_id = {commitment["id"]: commitment for commitment in commitments}
    depth: dict[Any, int] = {}

    def depth_of(commitment_id: Any) -> int:
        chain = []
        current = commitment_id
        while current is not None and current not in depth:
            chain.append(current)
            current = by_id[current].get("carried_from")
        known = -1 if current is None else depth[current]
        for item in reversed(chain):
            known += 1
            depth[item] = known
        return depth[commitment_id]

    return sorted(commitments, key=lambda commitment: depth_of(commitment["id"]))


def insert_journal(
    session: Session, data: dict[str, Any], on_table: Callable[[str], None] | None = None
) -> None:
    """Write export-format data (already validated) into an empty journal, keeping every id."""

    def insert(model: Any, rows: list[dict[str, Any]]) -> None:
        if on_table is not None:
            on_table(model.__tablename__)
        insert_rows(session, model, rows)

    goals = data.get("goals", [])
    insert(
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
    insert(
        GoalTag,
        [
            {"goal_id": g["id"], "tag": tag, "position": position}
            for g in goals
            for position, tag in enumerate(g.get("tags", []))
        ],
    )
    insert(
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
    insert(
        Strength,
        [
            {"name": s["name"], "kind": s["kind"], "position": position}
            for position, s in enumerate(data.get("strengths", []))
        ],
    )
    strategies = data.get("strategies", [])
    insert(
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
    insert(
        StrategyStrength,
        [
            {"strategy_id": s["id"], "strength": name, "position": position}
            for s in strategies
            for position, name in enumerate(s.get("strengths", []))
        ],
    )
    # Routines before commitments: each weekly copy names its routine.
    insert(
        Routine,
        rows_with(
            data.get("routines", []),
            lambda r: {
                "id": r["id"],
                "text": r["text"],
                "goal_id": r.get("goal_id"),
                "strategy_id": r.get("strategy_id"),
                "first_week": r["first_week"],
                "until": parse_day(r.get("until")),
                "stopped_week": r.get("stopped_week"),
                "filled_week": r.get("filled_week"),
                "when_where": r.get("when"),
                "confidence": r.get("confidence"),
                "created_at": parse_moment(r["created_at"]),
            },
        ),
    )
    insert(
        Commitment,
        rows_with(
            originals_first(data.get("commitments", [])),
            lambda c: {
                "id": c["id"],
                "text": c["text"],
                "week": c["week"],
                "goal_id": c.get("goal_id"),
                "strategy_id": c.get("strategy_id"),
                "status": c["status"],
                "note": c.get("note"),
                "carried_from": c.get("carried_from"),
                "routine_id": c.get("routine_id"),
                "created_at": parse_moment(c["created_at"]),
                "updated_at": parse_moment(c.get("updated_at") or c["created_at"]),
            },
        ),
    )
    insert(
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
    insert(
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
    insert(
        ReflectionTag,
        [
            {"reflection_id": r["id"], "tag": tag, "position": position}
            for r in reflections
            for position, tag in enumerate(r.get("tags", []))
        ],
    )
