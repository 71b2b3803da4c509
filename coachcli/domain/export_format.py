"""The journal's JSON export format, and the checks an import file must pass before anything is written.

Validation is pure: it reads a parsed JSON document with pydantic models built from FIELDS (pydantic comes with
SQLModel and is imported by `coach import` alone) and raises InputError naming the first bad record and field,
so that `coach import` can refuse a broken, truncated or hostile file before it opens a transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from coachcli.domain.dates import IsoWeek
from coachcli.domain.limits import (
    LINE_LENGTH,
    MAX_CONFIDENCE,
    MAX_ID,
    MIN_CONFIDENCE,
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

# What a field holds, which the import's pydantic models check (validate_export): a name below, or a tuple of
# the values it may take.
Kind = Literal[
    "text", "nonblank", "id", "number", "date", "moment", "week", "texts", "boolean", "confidence", "steps",
    "beliefs",
] | tuple[str, ...]  # fmt: skip
Stored = Literal["column", "date", "moment", "list", "derived"]


@dataclass(frozen=True)
class ExportField:
    """One field of an exported record: what it holds, whether it must be there, and how it is stored.

    `nullable` lets it be null. `stored` says what store/transfer does with it: `column` (the value as is),
    `date` / `moment` (ISO text in the export, a date / an aware datetime in the table), `list` (rows of the
    section's link table, in order), `derived` (computed on export, not stored). `column` names the table's
    column when it is not the field's name; `fallback` names the field whose value a missing one takes on
    import (older exports).
    """

    kind: Kind
    required: bool = False
    nullable: bool = False
    stored: Stored = "column"
    column: str | None = None
    fallback: str | None = None


def field(
    kind: Kind, *, required: bool = False, stored: Stored = "column", column: str | None = None
) -> ExportField:
    return ExportField(kind, required, stored=stored, column=column)


def optional(kind: Kind, *, stored: Stored = "column", column: str | None = None) -> ExportField:
    """A field that may be missing or null."""
    return ExportField(kind, nullable=True, stored=stored, column=column)


def day(*, required: bool = False, column: str | None = None) -> ExportField:
    return ExportField("date", required, nullable=not required, stored="date", column=column)


def moment(*, required: bool = False, fallback: str | None = None) -> ExportField:
    return ExportField("moment", required, nullable=not required, stored="moment", fallback=fallback)


# Every field of every section: the one table validation, export and import read. A new column touches its
# model, its migration and this table.
FIELDS: dict[str, dict[str, ExportField]] = {
    "goals": {
        "id": field("id", required=True),
        "title": field("nonblank", required=True),
        "status": field(GOAL_STATUSES, required=True),
        "measure": optional("text"),
        "unit": optional("text"),
        "baseline": optional("number"),
        "target": optional("number"),
        "deadline": day(),
        "why": optional("text"),
        "achievable": optional("text"),
        "tags": field("texts", stored="list"),
        "created": day(required=True),
        "closed": day(),
        "created_at": moment(required=True),
        "updated_at": moment(fallback="created_at"),
    },
    "checkins": {
        "id": field("id", required=True),
        "goal_id": field("id", required=True),
        "date": day(required=True, column="day"),
        "value": field("number", required=True),
        "note": optional("text"),
        "created_at": moment(required=True),
    },
    "strengths": {
        "name": field("nonblank", required=True),
        "kind": field(STRENGTH_KINDS, required=True),
        "domain": optional("text", stored="derived"),
    },
    "strategies": {
        "id": field("id", required=True),
        "goal_id": field("id", required=True),
        "text": field("nonblank", required=True),
        "strengths": field("texts", stored="list"),
        "status": field(STRATEGY_STATUSES, required=True),
        "created": day(required=True),
        "created_at": moment(required=True),
    },
    "commitments": {
        "id": field("id", required=True),
        "text": field("nonblank", required=True),
        "week": field("week", required=True),
        "goal_id": optional("id"),
        "strategy_id": optional("id"),
        "status": field(COMMITMENT_STATUSES, required=True),
        "note": optional("text"),
        "carried_from": optional("id"),
        "carried_to": optional("week"),
        "when": optional("text", column="when_where"),
        "confidence": optional("confidence"),
        "support": optional("text"),
        "routine_id": optional("id"),
        "created_at": moment(required=True),
        "updated_at": moment(fallback="created_at"),
    },
    "week_notes": {
        "week": field("week", required=True),
        "text": field("nonblank", required=True),
        "created_at": moment(required=True),
        "updated_at": moment(fallback="created_at"),
    },
    "reflections": {
        "id": field("id", required=True),
        "date": day(required=True, column="day"),
        "text": field("nonblank", required=True),
        "goal_id": optional("id"),
        "week": optional("week"),
        "tags": field("texts", stored="list"),
        "reframe": optional("text"),
        "private": field("boolean"),
        "created_at": moment(required=True),
        # The belief language noticed in the text (as `journal --format json` shows it): read from the text
        # again on export, so an import ignores it.
        "beliefs": field("beliefs", stored="derived"),
    },
    "routines": {
        "id": field("id", required=True),
        "text": field("nonblank", required=True),
        "goal_id": optional("id"),
        "strategy_id": optional("id"),
        "first_week": field("week", required=True),
        "until": day(),
        "stopped_week": optional("week"),
        "filled_week": optional("week"),
        "when": optional("text", column="when_where"),
        "confidence": optional("confidence"),
        "created_at": moment(required=True),
    },
    "sessions": {
        "id": field("id", required=True),
        "started": moment(required=True),
        "finished": moment(),
        "closed_week": field("week", required=True),
        "planned_week": field("week", required=True),
        "stage": optional(SESSION_STAGES),
        "questions": optional("text"),
        "wanted": optional("text"),
        # Every question the session asked, so that an imported stopped session resumes asking nothing twice.
        "steps": field("steps", stored="derived"),
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
    """Raise InputError naming the first problem in an export document; return None when it can be imported.

    Each section's records are read by a pydantic model built from FIELDS (record_models); the first error it
    finds, with its location, becomes one message naming the record and the field. Then the rules across
    records: unique keys, references, carried chains, a strategy's goal.
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise InputError("the file does not hold a coach export (a JSON object with a version and goals)")
    if data.get("version") != EXPORT_VERSION:
        raise InputError(
            f"the export version {data.get('version')!r} is not one this coach reads (it reads version {EXPORT_VERSION})"
        )
    try:
        record_models()["document"].model_validate({section: data.get(section, []) for section in SECTIONS})
    except ValidationError as error:
        raise InputError(problem_message(error.errors()[0], data)) from None
    ids: dict[str, set[Any]] = {}
    for section in SECTIONS:
        seen: set[Any] = set()
        key = UNIQUE_KEYS.get(section, "id")
        for index, record in enumerate(data.get(section, [])):
            identity = record["name"].casefold() if section == "strengths" else record[key]
            if identity in seen:
                raise InputError(
                    f"{record_label(section, index, record)} repeats the {key} of an earlier record"
                )
            seen.add(identity)
        ids[section] = seen
    for (section, field_name), target in REFERENCES.items():
        for index, record in enumerate(data.get(section, [])):
            reference = record.get(field_name)
            if reference is not None and reference not in ids[target]:
                label = record_label(section, index, record)
                raise InputError(f"{label}: '{field_name}' {reference} names no record in '{target}'")
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


def problem_message(error: Any, data: dict[str, Any]) -> str:
    """One pydantic error of an export document as coach says it, naming the record (and field) by its location."""
    section, *rest = error["loc"]
    if not rest:
        return f"'{section}' must be a list of records"
    index = rest[0]
    label = record_label(section, index, data[section][index])
    if len(rest) == 1:
        return f"{label} is not a record (a JSON object)"
    if error["type"] == "missing":
        return f"{label} has no '{rest[1]}'"
    return f"{label}: '{rest[1]}' {error['msg']}"


@functools.cache
def record_models() -> dict[str, Any]:
    """The pydantic model of each section's records, built from FIELDS, and of the whole document."""
    # pydantic comes with SQLModel; only `coach import` needs it, so it is imported here.
    from pydantic import (
        BaseModel,
        ConfigDict,
        Field,
        Strict,
        ValidationError,
        ValidationInfo,
        WrapValidator,
        create_model,
        field_validator,
    )
    from pydantic_core import PydanticCustomError

    def fails(message: str) -> PydanticCustomError:
        return PydanticCustomError("coach", message)

    def says(
        message: str, then: Callable[[Any], str | None], gate: Callable[[Any], bool], nullable: bool
    ) -> Any:
        """A validator that words every failure of the type it wraps as `message`, then asks `then`."""

        def validate(value: Any, handler: Any) -> Any:
            if value is None and nullable:
                return None
            if value is None or not gate(value):
                raise fails(message)
            try:
                checked = handler(value)
            except ValidationError as error:
                kind = error.errors()[0]["type"]
                # A whole number too large for a float (thousands of digits) is still a number: pydantic
                # refuses it as not one, so ask `then` of the value itself, as it is out of range.
                too_large = kind == "float_type" and isinstance(value, int) and not isinstance(value, bool)
                raise fails((then(value) if too_large else None) or WORDED.get(kind, message)) from None
            problem = then(checked)
            if problem:
                raise fails(problem)
            return checked

        return WrapValidator(validate)

    def anything(_: Any) -> bool:
        return True

    def nothing(_: Any) -> None:
        return None

    strict = Strict()
    # kind: (type, its constraints, what coach says when it is not that, what else it asks, what it must be first)
    kinds: dict[str, tuple[Any, tuple[Any, ...], str, Callable[[Any], str | None], Callable[[Any], bool]]] = {
        "text": (str, (strict,), "must be text", nothing, anything),
        "nonblank": (str, (strict,), "must be text", lambda v: None if v.strip() else "must not be empty", anything),
        "id": (int, (strict,), "must be a whole number", lambda v: None if 1 <= v <= MAX_ID else "must be between 1 and 2^63-1", anything),
        "number": (float, (strict, Field(allow_inf_nan=False)), "must be a number", number_problem, anything),
        "date": (date, (), ISO_DATE, date_problem, lambda v: isinstance(v, str) and len(v) == 10),
        "moment": (datetime, (), "must be an ISO timestamp", moment_problem, lambda v: isinstance(v, str)),
        "week": (str, (strict,), "must be an ISO week such as 2026-W48", week_problem, anything),
        "texts": (list[Annotated[str, strict]], (strict,), "must be a list of non-empty texts", texts_problem, anything),
        "boolean": (bool, (strict,), "must be true or false", nothing, anything),
        "confidence": (int, (strict, Field(ge=MIN_CONFIDENCE, le=MAX_CONFIDENCE)), f"must be a whole number from {MIN_CONFIDENCE} to {MAX_CONFIDENCE}", nothing, anything),
        "beliefs": (list[dict[str, Any]], (strict,), "must be a list of belief objects", nothing, anything),
    }  # fmt: skip

    class Step(BaseModel):
        item: Annotated[str, strict]
        stage: Literal[SESSION_STAGES]  # type: ignore[valid-type]
        answer: Annotated[str | None, strict] = None
        at: Annotated[datetime, says("", nothing, lambda v: isinstance(v, str), False)]

    step_problems = {
        "item": "must hold steps, each with an item",
        "stage": f"must hold steps whose stage is one of {', '.join(SESSION_STAGES)}",
        "answer": "must hold steps whose answer is text or null",
        "at": "must hold steps with an ISO timestamp 'at'",
    }

    def steps(value: Any, handler: Any) -> Any:
        if not isinstance(value, list):
            raise fails("must be a list of steps")
        try:
            checked = handler(value)
        except ValidationError as error:
            where = [str(part) for part in error.errors()[0]["loc"][1:2]]
            raise fails(step_problems.get(where[0] if where else "item", step_problems["item"])) from None
        if len({(step.stage, step.item) for step in checked}) != len(checked):
            raise fails("must not repeat a step")
        return checked

    def annotation(spec: ExportField) -> Any:
        if spec.kind == "steps":
            return Annotated[list[Step], WrapValidator(steps)]
        if isinstance(spec.kind, tuple):
            choices = spec.kind
            wanted = f"must be one of {', '.join(choices)}"
            kind: Any = (str, (strict,), wanted, lambda v: None if v in choices else wanted, anything)
        else:
            kind = kinds[spec.kind]
        base, constraints, message, then, gate = kind
        return Annotated[
            (base | None) if spec.nullable else base, *constraints, says(message, then, gate, spec.nullable)
        ]

    class Record(BaseModel):
        """A record of an export: unknown keys are left alone, as older and newer coaches write other ones."""

        model_config = ConfigDict(extra="ignore")

        @field_validator("*")
        @classmethod
        def fits(cls, value: Any, info: ValidationInfo) -> Any:
            """Texts short enough for their column, and storable."""
            problem = text_field_problem(cls.__name__, info.field_name or "", value)
            if problem:
                raise fails(problem)
            return value

    models: dict[str, Any] = {
        section: create_model(  # type: ignore[call-overload]
            section,
            __base__=Record,
            **{name: (annotation(spec), ... if spec.required else None) for name, spec in fields.items()},
        )
        for section, fields in FIELDS.items()
    }
    models["document"] = create_model(  # type: ignore[call-overload]
        "document",
        **{section: (list[models[section]], []) for section in SECTIONS},  # type: ignore[valid-type]
    )
    return models


ISO_DATE = "must be an ISO date (YYYY-MM-DD)"
# pydantic's own errors that coach words more precisely than what the field must be
WORDED = {"finite_number": "must be a finite number"}


def moment_problem(moment: datetime) -> str | None:
    try:
        in_utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    except OverflowError:
        return "is out of range: in UTC it falls outside the calendar"
    return date_problem(in_utc.date())


def week_problem(text: str) -> str | None:
    try:
        week = IsoWeek.parse_iso(text)
    except InputError:
        return "must be an ISO week such as 2026-W48"
    return None if str(week) == text else f"must be written like {week}"


def texts_problem(texts: list[str]) -> str | None:
    if not all(text.strip() for text in texts):
        return "must be a list of non-empty texts"
    return None if len(set(texts)) == len(texts) else "must not repeat an entry"
