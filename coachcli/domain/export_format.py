"""The journal's JSON export format, and the checks an import file must pass before anything is written.

Validation is pure: it reads a parsed JSON document and raises InputError naming the first bad record, so that
`coach import` can refuse a broken, truncated or hostile file before it opens a transaction.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from coachcli.domain.dates import IsoWeek
from coachcli.domain.limits import (
    LINE_LENGTH,
    MAX_ID,
    TEXT_LIMITS,
    date_problem,
    number_problem,
    text_problem,
)
from coachcli.domain.session import STAGES as SESSION_STAGES
from coachcli.domain.vocabulary import COMMITMENT_STATUSES, GOAL_STATUSES, STRATEGY_STATUSES
from coachcli.errors import InputError

EXPORT_VERSION = 1
SECTIONS = (
    "goals",
    "checkins",
    "strengths",
    "strategies",
    "commitments",
    "week_notes",
    "reflections",
    "routines",
    "sessions",
)
STRENGTH_KINDS = ("theme", "custom")

Check = Callable[[Any], str | None]  # returns what is wrong, or None


def text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be text"


def nonblank(value: Any) -> str | None:
    return text(value) or (None if value.strip() else "must not be empty")


def optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def identifier(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number"
    return None if 1 <= value <= MAX_ID else "must be between 1 and 2^63-1"


def number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    return number_problem(value)


def iso_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be an ISO date (YYYY-MM-DD)"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return "must be an ISO date (YYYY-MM-DD)"
    if len(value) != 10:
        return "must be an ISO date (YYYY-MM-DD)"
    return date_problem(day)


def iso_moment(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be an ISO timestamp"
    try:
        moment = datetime.fromisoformat(value)
        in_utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    except ValueError:
        return "must be an ISO timestamp"
    except OverflowError:
        return "is out of range: in UTC it falls outside the calendar"
    return date_problem(in_utc.date())


def iso_week(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be an ISO week such as 2026-W48"
    try:
        week = IsoWeek.parse_iso(value)
    except InputError:
        return "must be an ISO week such as 2026-W48"
    return None if str(week) == value else f"must be written like {week}"


def one_of(choices: tuple[str, ...]) -> Check:
    return lambda value: None if value in choices else f"must be one of {', '.join(choices)}"


def text_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        return "must be a list of non-empty texts"
    return None if len(set(value)) == len(value) else "must not repeat an entry"


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def whole_number(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


Stored = Literal["column", "date", "moment", "list", "derived"]


@dataclass(frozen=True)
class ExportField:
    """One field of an exported record: whether it must be there, how it is checked, and how it is stored.

    `stored` says what store/transfer does with it: `column` (the value as is), `date` / `moment` (ISO text in
    the export, a date / an aware datetime in the table), `list` (rows of the section's link table, in order),
    `derived` (computed on export, not stored). `column` names the table's column when it is not the field's
    name; `fallback` names the field whose value a missing one takes on import (older exports).
    Unpacks as `(required, check)`, the pair validate_export reads.
    """

    required: bool
    check: Check
    stored: Stored = "column"
    column: str | None = None
    fallback: str | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.required, self.check))


def field(
    check: Check, *, required: bool = False, stored: Stored = "column", column: str | None = None
) -> ExportField:
    return ExportField(required, check, stored, column)


def day(*, required: bool = False, column: str | None = None) -> ExportField:
    return ExportField(required, iso_date if required else optional(iso_date), "date", column)


def moment(*, required: bool = False, fallback: str | None = None) -> ExportField:
    return ExportField(
        required, iso_moment if required else optional(iso_moment), "moment", fallback=fallback
    )


def session_steps(value: Any) -> str | None:
    """A session's answered steps: a list of {stage, item, answer, at}, each (stage, item) once."""
    if not isinstance(value, list):
        return "must be a list of steps"
    seen = set()
    for step in value:
        if not isinstance(step, dict) or not isinstance(step.get("item"), str):
            return "must hold steps, each with an item"
        if step.get("stage") not in SESSION_STAGES:
            return f"must hold steps whose stage is one of {', '.join(SESSION_STAGES)}"
        if step.get("answer") is not None and text(step.get("answer")):
            return "must hold steps whose answer is text or null"
        if iso_moment(step.get("at")):
            return "must hold steps with an ISO timestamp 'at'"
        if (step["stage"], step["item"]) in seen:
            return "must not repeat a step"
        seen.add((step["stage"], step["item"]))
    return None


# Every field of every section: the one table validation, export and import read. A new column touches its
# model, its migration and this table.
FIELDS: dict[str, dict[str, ExportField]] = {
    "goals": {
        "id": field(identifier, required=True),
        "title": field(nonblank, required=True),
        "status": field(one_of(GOAL_STATUSES), required=True),
        "measure": field(optional(text)),
        "unit": field(optional(text)),
        "baseline": field(optional(number)),
        "target": field(optional(number)),
        "deadline": day(),
        "why": field(optional(text)),
        "achievable": field(optional(text)),
        "tags": field(text_list, stored="list"),
        "created": day(required=True),
        "closed": day(),
        "created_at": moment(required=True),
    },
    "checkins": {
        "id": field(identifier, required=True),
        "goal_id": field(identifier, required=True),
        "date": day(required=True, column="day"),
        "value": field(number, required=True),
        "note": field(optional(text)),
        "created_at": moment(required=True),
    },
    "strengths": {
        "name": field(nonblank, required=True),
        "kind": field(one_of(STRENGTH_KINDS), required=True),
        "domain": field(optional(text), stored="derived"),
    },
    "strategies": {
        "id": field(identifier, required=True),
        "goal_id": field(identifier, required=True),
        "text": field(nonblank, required=True),
        "strengths": field(text_list, stored="list"),
        "status": field(one_of(STRATEGY_STATUSES), required=True),
        "created": day(required=True),
        "created_at": moment(required=True),
    },
    "commitments": {
        "id": field(identifier, required=True),
        "text": field(nonblank, required=True),
        "week": field(iso_week, required=True),
        "goal_id": field(optional(identifier)),
        "strategy_id": field(optional(identifier)),
        "status": field(one_of(COMMITMENT_STATUSES), required=True),
        "note": field(optional(text)),
        "carried_from": field(optional(identifier)),
        "carried_to": field(optional(iso_week)),
        "when": field(optional(text), column="when_where"),
        "confidence": field(optional(whole_number(1, 10))),
        "support": field(optional(text)),
        "routine_id": field(optional(identifier)),
        "created_at": moment(required=True),
        "updated_at": moment(fallback="created_at"),
    },
    "week_notes": {
        "week": field(iso_week, required=True),
        "text": field(nonblank, required=True),
        "created_at": moment(required=True),
        "updated_at": moment(fallback="created_at"),
    },
    "reflections": {
        "id": field(identifier, required=True),
        "date": day(required=True, column="day"),
        "text": field(nonblank, required=True),
        "goal_id": field(optional(identifier)),
        "week": field(optional(iso_week)),
        "tags": field(text_list, stored="list"),
        "reframe": field(optional(text)),
        "private": field(boolean),
        "created_at": moment(required=True),
    },
    "routines": {
        "id": field(identifier, required=True),
        "text": field(nonblank, required=True),
        "goal_id": field(optional(identifier)),
        "strategy_id": field(optional(identifier)),
        "first_week": field(iso_week, required=True),
        "until": day(),
        "stopped_week": field(optional(iso_week)),
        "filled_week": field(optional(iso_week)),
        "when": field(optional(text), column="when_where"),
        "confidence": field(optional(whole_number(1, 10))),
        "created_at": moment(required=True),
    },
    "sessions": {
        "id": field(identifier, required=True),
        "started": moment(required=True),
        "finished": moment(),
        "closed_week": field(iso_week, required=True),
        "planned_week": field(iso_week, required=True),
        "stage": field(optional(one_of(SESSION_STAGES))),
        "questions": field(optional(text)),
        "wanted": field(optional(text)),
        # Every question the session asked, so that an imported stopped session resumes asking nothing twice.
        "steps": field(session_steps, stored="derived"),
    },
}

# (section, field) -> the section whose ids it must name
REFERENCES = {
    ("checkins", "goal_id"): "goals",
    ("strategies", "goal_id"): "goals",
    ("commitments", "goal_id"): "goals",
    ("commitments", "strategy_id"): "strategies",
    ("commitments", "carried_from"): "commitments",
    ("reflections", "goal_id"): "goals",
    ("commitments", "routine_id"): "routines",
    ("routines", "goal_id"): "goals",
    ("routines", "strategy_id"): "strategies",
}
UNIQUE_KEYS = {"strengths": "name", "week_notes": "week"}
# The table each section is stored in (store/transfer.py reads and writes them; domain.limits.TEXT_LIMITS
# names their columns).
SECTION_TABLES = {
    "goals": "goal",
    "checkins": "checkin",
    "strengths": "strength",
    "strategies": "strategy",
    "commitments": "commitment",
    "week_notes": "week_note",
    "reflections": "reflection",
    "routines": "routine",
    "sessions": "coaching_session",
}


def text_field_problem(section: str, field: str, value: Any) -> str | None:
    """Why a text (or a list of texts) of an import record cannot be stored: too long, or not UTF-8 text."""
    limit = TEXT_LIMITS.get((SECTION_TABLES.get(section, section), field), LINE_LENGTH)
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            problem = text_problem(item, limit if item is value else LINE_LENGTH)
            if problem:
                return problem
    return None


def carry_loop(records: list[Any]) -> int | None:
    """The index of a commitment whose `carried_from` chain comes back to itself, or None."""
    parent = {record["id"]: record.get("carried_from") for record in records}
    for index, record in enumerate(records):
        seen = {record["id"]}
        current = parent.get(record["id"])
        while current is not None:
            if current in seen:
                return index
            seen.add(current)
            current = parent.get(current)
    return None


def record_label(section: str, index: int, record: Any) -> str:
    """How an error names a record: `goals[3] (id 4)`."""
    if isinstance(record, dict):
        key = UNIQUE_KEYS.get(section, "id")
        if key in record and isinstance(record[key], int | str):
            return f"{section}[{index}] ({key} {record[key]})"
    return f"{section}[{index}]"


def validate_export(data: Any) -> None:
    """Raise InputError naming the first problem in an export document; return None when it can be imported."""
    if not isinstance(data, dict):
        raise InputError("the file does not hold a coach export (a JSON object with a version and goals)")
    if data.get("version") != EXPORT_VERSION:
        raise InputError(
            f"the export version {data.get('version')!r} is not one this coach reads (it reads version {EXPORT_VERSION})"
        )
    ids: dict[str, set[Any]] = {}
    for section in SECTIONS:
        records = data.get(section, [])
        if not isinstance(records, list):
            raise InputError(f"'{section}' must be a list of records")
        seen: set[Any] = set()
        key = UNIQUE_KEYS.get(section, "id")
        for index, record in enumerate(records):
            label = record_label(section, index, record)
            if not isinstance(record, dict):
                raise InputError(f"{label} is not a record (a JSON object)")
            for field, (required, check) in FIELDS[section].items():
                if field not in record:
                    if required:
                        raise InputError(f"{label} has no '{field}'")
                    continue
                problem = check(record[field]) or text_field_problem(section, field, record[field])
                if problem:
                    raise InputError(f"{label}: '{field}' {problem}")
            identity = record["name"].casefold() if section == "strengths" else record[key]
            if identity in seen:
                raise InputError(f"{label} repeats the {key} of an earlier record")
            seen.add(identity)
        ids[section] = seen
    for (section, field), target in REFERENCES.items():
        for index, record in enumerate(data.get(section, [])):
            reference = record.get(field)
            if reference is not None and reference not in ids[target]:
                label = record_label(section, index, record)
                raise InputError(f"{label}: '{field}' {reference} names no record in '{target}'")
    loop = carry_loop(data.get("commitments", []))
    if loop is not None:
        label = record_label("commitments", loop, data["commitments"][loop])
        raise InputError(
            f"{label}: its 'carried_from' chain comes back to itself; a copy is always of an earlier one"
        )
    strategy_goals = {s["id"]: s["goal_id"] for s in data.get("strategies", [])}
    for index, record in enumerate(data.get("commitments", [])):
        strategy = record.get("strategy_id")
        if strategy is not None and record.get("goal_id") not in (None, strategy_goals[strategy]):
            label = record_label("commitments", index, record)
            raise InputError(
                f"{label}: its strategy {strategy} belongs to another goal than goal {record['goal_id']}"
            )
