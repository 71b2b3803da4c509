"""Moving a whole journal in and out as export-format data (the JSON of `coach export`).

Both directions are driven by domain/export_format.FIELDS: each section is one table (SECTION_TABLES), each
field one column (or one link table, for lists), so a new column needs its model, its migration and one line of
FIELDS. Tables that are not part of the export are named in NOT_EXPORTED, with the reason. The export reads
through store/reader.py (the standard library's sqlite3, no ORM: `coach export` is a read command); the import
writes through the tables' SQLModel classes (table_model).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from coachcli.domain.export_format import FIELDS, SECTION_TABLES, SECTIONS, ExportField
from coachcli.store.moments import read_moment

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.store.models import JournalTable
    from coachcli.store.reader import Reader

# The order tables are written in on import: each before the rows that name it (a routine's weekly copies).
INSERT_ORDER = (
    "goals",
    "checkins",
    "strengths",
    "strategies",
    "routines",
    "commitments",
    "week_notes",
    "reflections",
    "sessions",
)
# (section, list field) -> (link table, its column naming the record, its column holding a value)
LINKS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("goals", "tags"): ("goal_tag", "goal_id", "tag"),
    ("strategies", "strengths"): ("strategy_strength", "strategy_id", "strength"),
    ("reflections", "tags"): ("reflection_tag", "reflection_id", "tag"),
}
STEPS_TABLE = "session_step"
# Sections kept in their list's order by a position column (the user's ranking), and sections keyed by another
# column than `id`.
POSITIONS = {"strengths": "position"}
KEYS = {"week_notes": "week"}
# Tables the export leaves out, and why. tests/test_store.py checks that every table is named here or above.
NOT_EXPORTED = {
    STEPS_TABLE: "exported with its session, as its `steps`",
    "history": "the undo log: how the journal changed, not what it holds",
    "history_row": "the undo log: how the journal changed, not what it holds",
    **dict.fromkeys(
        (
            "sync_state",
            "sync_outbox",
            "sync_seen",
            "sync_row",
            "sync_event",
            "sync_version",
            "sync_conflict",
            "sync_waiting",
        ),
        "the journal as a replica: how it syncs with other devices, not what it holds",
    ),
}


def table_model(name: str) -> type[JournalTable]:
    """The SQLModel class of a journal table (the import's write path)."""
    from coachcli.store.models import JournalTable

    for model in JournalTable.__subclasses__():
        if model.__tablename__ == name:
            return model
    raise KeyError(name)


def parse_moment(text: str) -> datetime:
    """An exported timestamp, as an aware UTC datetime (naive ones are taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stored_moment_text(stored: str) -> str:
    """A moment as the journal stores it (UTC text without an offset) as the export writes it: ISO, +00:00.

    What SQLAlchemy writes (`2026-11-25 09:30:00.000000`) is rearranged as text, as datetime.isoformat()
    would write it (no fraction when it is zero); anything else is parsed.
    """
    if (
        len(stored) == 26
        and stored[10] == " "
        and stored[19] == "."
        and stored[20:].isascii()
        and stored[20:].isdigit()
    ):
        fraction = "" if stored.endswith("000000") else stored[19:]
        return f"{stored[:10]}T{stored[11:19]}{fraction}+00:00"

    return read_moment(stored).isoformat()


def stored_value(value: Any, spec: ExportField) -> Any:
    """An exported (validated) value as its column holds it."""
    if value is None:
        return None
    if spec.stored == "date":
        return date.fromisoformat(value)
    if spec.stored == "moment":
        return parse_moment(value)
    return value


def strength_domain(stored: dict[str, Any]) -> str | None:
    """A theme's domain (derived from the themes data, not stored); None for the user's own words."""
    from coachcli.domain.themes import find_theme

    theme = find_theme(stored["name"]) if stored["kind"] == "theme" else None
    return theme.domain if theme else None


def reflection_beliefs(stored: dict[str, Any]) -> list[dict[str, Any]]:
    """The belief language in a reflection's text (derived from the text, not stored)."""
    from coachcli.domain.beliefs import notice_beliefs

    return [belief.to_json() for belief in notice_beliefs(stored["text"])]


# Each derived field, from its row's stored columns.
DERIVED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("strengths", "domain"): strength_domain,
    ("reflections", "beliefs"): reflection_beliefs,
    ("sessions", "steps"): lambda stored: [],  # filled in by read_journal, which reads the session_step rows
}


def exporter(spec: ExportField, column: str) -> Callable[[Any], Any] | None:
    """How a stored (non-null) value becomes its exported value; None: as it is."""
    from coachcli.store.reader import BOOLEAN_COLUMNS

    if spec.stored == "moment":
        return stored_moment_text
    if spec.stored == "column" and column in BOOLEAN_COLUMNS:
        return bool
    return None  # dates are stored as ISO text already, which is what the export writes


def read_section(reader: Reader, section: str) -> list[dict[str, Any]]:
    """Every row of a section's table as export records, in FIELDS' key order (by id, or position, or key)."""
    table = SECTION_TABLES[section]
    order = f"{POSITIONS[section]}, id" if section in POSITIONS else KEYS.get(section, "id")
    links = {
        name: reader.linked_values(link_table, owner, value, None)
        for (linked_section, name), (link_table, owner, value) in LINKS.items()
        if linked_section == section
    }
    # What to do for each field, worked out once per section rather than once per row: every field is first
    # given its column's stored value (None for a list or a derived one), in FIELDS' order, then the few that
    # need it are converted or filled in. Only the columns the export shows are read (not the sync identity
    # or the calendar's revision counter).
    index: dict[str, int] = {}  # column -> its position in a row read
    positions: list[tuple[str, int]] = []
    converted: list[tuple[str, int, Callable[[Any], Any]]] = []
    lists: list[str] = []
    derived: list[str] = []
    for name, spec in FIELDS[section].items():
        if spec.stored in ("list", "derived"):
            positions.append((name, -1))  # the None appended to every row below
            (lists if spec.stored == "list" else derived).append(name)
            continue
        column = spec.column or name
        position = index.setdefault(column, len(index))
        positions.append((name, position))
        convert = exporter(spec, column)
        if convert is not None:
            converted.append((name, position, convert))
    columns = list(index)
    rows = reader.stored_table(table, columns, order)
    id_position = index.get("id", -1)
    records = []
    for stored in rows:
        values = (*stored, None)
        record = {name: values[position] for name, position in positions}
        for name, position, convert in converted:
            if values[position] is not None:
                record[name] = convert(values[position])
        for name in lists:
            record[name] = links[name].get(values[id_position], [])
        for name in derived:
            record[name] = DERIVED[(section, name)](dict(zip(columns, stored, strict=True)))
        records.append(record)
    return records


def read_journal(reader: Reader) -> dict[str, list[dict[str, Any]]]:
    """Every row of the journal in the export format, ordered by id (strengths by their rank)."""
    journal = {section: read_section(reader, section) for section in SECTIONS}
    steps = session_steps(reader)
    for record in journal["sessions"]:
        record["steps"] = steps.get(record["id"], [])
    return journal


def session_steps(reader: Reader) -> dict[int, list[dict[str, Any]]]:
    """The questions each weekly session asked, in the order they were answered."""
    steps: dict[int, list[dict[str, Any]]] = {}
    for step in reader.session_steps():
        steps.setdefault(step.session_id, []).append(
            {"stage": step.stage, "item": step.item, "answer": step.answer, "at": step.at.isoformat()}
        )
    return steps


def journal_is_empty(session: Session) -> bool:
    """Whether the journal holds nothing at all (the only kind `import` writes into)."""
    from sqlalchemy import text

    return all(
        session.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None
        for table in SECTION_TABLES.values()
    )


def column_default(model: type[JournalTable], column: str) -> Any:
    """What a column gets when an (older) export does not have its field."""
    info = model.model_fields[column]
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None if info.is_required() else info.default


def table_rows(section: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a section's table for its (validated) records; every row has every column."""
    model = table_model(SECTION_TABLES[section])
    columns = [
        (name, spec) for name, spec in FIELDS[section].items() if spec.stored not in ("list", "derived")
    ]
    rows = []
    for index, record in enumerate(records):
        row = {}
        for name, spec in columns:
            column = spec.column or name
            if name in record:
                row[column] = stored_value(record[name], spec)
            elif spec.fallback is not None:
                row[column] = stored_value(record[spec.fallback], FIELDS[section][spec.fallback])
            else:
                row[column] = column_default(model, column)
        if section in POSITIONS:
            row[POSITIONS[section]] = index
        rows.append(row)
    return rows


def link_rows(section: str, name: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The link-table rows of a list field: (record id, value, position) for each value, in order."""
    _, owner, value = LINKS[(section, name)]
    return [
        {owner: record["id"], value: item, "position": position}
        for record in records
        for position, item in enumerate(record.get(name, []))
    ]


def backfill_carried_to(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Commitments of an export from before `carried_to`: a carried original gets its latest copy's week."""
    carried_into: dict[int, str] = {}
    for record in sorted(records, key=lambda record: record["week"]):
        if record.get("carried_from") is not None:
            carried_into[record["carried_from"]] = record["week"]
    return [
        record if "carried_to" in record else {**record, "carried_to": carried_into.get(record["id"])}
        for record in records
    ]


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of one table in one statement."""
    from sqlalchemy import insert

    if rows:
        session.execute(insert(model), rows)


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

    def insert(table: str, rows: list[dict[str, Any]]) -> None:
        if on_table is not None:
            on_table(table)
        insert_rows(session, table_model(table), rows)

    for section in INSERT_ORDER:
        records = data.get(section, [])
        if section == "commitments":
            records = originals_first(backfill_carried_to(records))
        insert(SECTION_TABLES[section], table_rows(section, records))
        for (linked_section, name), (table, _, _) in LINKS.items():
            if linked_section == section:
                insert(table, link_rows(section, name, records))
    insert(
        STEPS_TABLE,
        [
            {
                "session_id": record["id"],
                "stage": step["stage"],
                "item": step["item"],
                "answer": step.get("answer"),
                "at": parse_moment(step["at"]),
            }
            for record in data.get("sessions", [])
            for step in record.get("steps", [])
        ],
    )
