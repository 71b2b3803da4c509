"""The store on its own: weeks, strengths, reports and transfer, each on a fresh journal (the `session` fixture)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from coachcli.domain.export_format import FIELDS, SECTIONS, validate_export
from coachcli.errors import InputError, NotFoundError
from coachcli.store.goals import add_goal
from coachcli.store.reader import read_moment, reader_in, reading
from coachcli.store.reports import commitments_between, week_notes_between
from coachcli.store.schema import SCHEMA
from coachcli.store.strengths import (
    add_strategy,
    add_strengths,
    list_strategies,
    list_strengths,
    remove_strengths,
    retire_strategy,
    strategy_strengths,
)
from coachcli.store.transfer import (
    INSERT_ORDER,
    LINKS,
    NOT_EXPORTED,
    SECTION_TABLES,
    insert_journal,
    read_journal,
    stored_moment_text,
)
from coachcli.store.weeks import (
    add_commitment,
    add_to_week_note,
    carried_copies,
    carry_commitment,
    get_commitment,
    goal_recent_commitments,
    goal_status_counts,
    open_weeks_before,
    set_commitment_status,
    week_commitments,
)

DAY = date(2026, 11, 25)


def goal(session: Any, title: str = "Run a half marathon in spring") -> int:
    return add_goal(session, created=DAY, tags=["health"], title=title, measure="km", target=20.0).id


def test_commitments_belong_to_their_week_in_the_order_made(session):
    goal_id = goal(session)
    first = add_commitment(session, text="Run twice", week="2026-W48", goal_id=goal_id, strategy_id=None)
    second = add_commitment(session, text="Stretch", week="2026-W48", goal_id=None, strategy_id=None)
    add_commitment(session, text="Later", week="2026-W49", goal_id=None, strategy_id=None)
    assert [row.id for row in week_commitments(session, "2026-W48")] == [first.id, second.id]
    assert first.status == "open" and first.goal_id == goal_id


def test_a_strategy_implies_its_goal_and_must_be_active(session):
    goal_id = goal(session)
    strategy = add_strategy(session, goal_id, text="With the club", strengths=[], created=DAY)
    commitment = add_commitment(
        session, text="Tuesday run", week="2026-W48", goal_id=None, strategy_id=strategy.id
    )
    assert commitment.goal_id == goal_id
    retire_strategy(session, strategy.id)
    with pytest.raises(InputError):
        add_commitment(session, text="Again", week="2026-W48", goal_id=None, strategy_id=strategy.id)


def test_status_note_and_counts(session):
    goal_id = goal(session)
    ids = [
        add_commitment(session, text=f"c{n}", week="2026-W47", goal_id=goal_id, strategy_id=None).id
        for n in range(3)
    ]
    set_commitment_status(session, ids[0], "done", "It helped to plan")
    set_commitment_status(session, ids[1], "partial")
    assert get_commitment(session, ids[0]).note == "It helped to plan"
    counts = goal_status_counts(session, goal_id)
    assert (counts.get("done"), counts.get("partial"), counts.get("open")) == (1, 1, 1)
    assert open_weeks_before(session, "2026-W48") == [("2026-W47", 1)]
    assert [row.id for row in goal_recent_commitments(session, goal_id, 2)] and len(
        goal_recent_commitments(session, goal_id, 2)
    ) == 2


def test_carrying_copies_once_per_week(session):
    original = add_commitment(session, text="Read", week="2026-W47", goal_id=None, strategy_id=None)
    copy = carry_commitment(session, original, "2026-W48")
    assert (copy.carried_from, copy.status, copy.week) == (original.id, "open", "2026-W48")
    assert [row.id for row in carried_copies(session, "2026-W47", [original.id])[original.id]] == [copy.id]
    with pytest.raises(InputError, match="already carried"):
        carry_commitment(session, original, "2026-W48")


def test_a_missing_commitment_is_not_found(session):
    with pytest.raises(NotFoundError):
        get_commitment(session, 99)


def test_strengths_keep_the_users_order_and_strategies_their_strengths(session):
    add_strengths(session, ["relator", "Achiever"], custom=False)
    add_strengths(session, ["extrovert"], custom=True)
    assert [(s.name, s.kind) for s in list_strengths(session)] == [
        ("Relator", "theme"),
        ("Achiever", "theme"),
        ("extrovert", "custom"),
    ]
    goal_id = goal(session)
    strategy = add_strategy(
        session, goal_id, text="Run with Sam", strengths=["Relator", "extrovert"], created=DAY
    )
    assert strategy_strengths(session, [strategy.id]) == {strategy.id: ["Relator", "extrovert"]}
    assert remove_strengths(session, ["achiever"]) == ["Achiever"]
    assert [s.id for s in list_strategies(session, goal_id=goal_id)] == [strategy.id]


def test_reports_read_a_range_of_weeks_or_all_of_them(session):
    for week in ("2026-W45", "2026-W46", "2026-W47"):
        add_commitment(session, text=week, week=week, goal_id=None, strategy_id=None)
        add_to_week_note(session, week, f"note {week}")
    assert [c.week for c in commitments_between(session, "2026-W46", "2026-W47")] == ["2026-W46", "2026-W47"]
    assert len(commitments_between(session)) == 3
    assert week_notes_between(session, "2026-W47", None) == {"2026-W47": "note 2026-W47"}


def test_read_journal_writes_every_field_of_fields_in_order(session):
    goal_id = goal(session)
    add_strengths(session, ["Relator"], custom=False)
    add_strategy(session, goal_id, text="Together", strengths=["Relator"], created=DAY)
    add_commitment(session, text="Run", week="2026-W48", goal_id=goal_id, strategy_id=None)
    add_to_week_note(session, "2026-W48", "Went well")
    document = read_journal(reader_in(session))
    assert list(document) == list(SECTIONS)
    for section in SECTIONS:
        for record in document[section]:
            assert list(record) == list(FIELDS[section]), section
    assert document["strengths"][0]["domain"] == "Relationship Building"
    assert document["goals"][0]["tags"] == ["health"]
    validate_export({"version": 1, **document})


@pytest.mark.parametrize(
    "stored",
    [
        "2026-11-25 09:30:00.000000",
        "2026-11-25 09:30:00.123400",
        "0001-01-08 00:00:00.000001",
        "9998-12-24 23:59:59.999999",
        "2026-11-25 09:30:00",
        "2026-11-25T09:30:00.5",
    ],
)
def test_a_stored_moment_is_exported_as_its_datetime_writes_it(stored):
    assert stored_moment_text(stored) == read_moment(stored).isoformat()


def test_insert_journal_gives_back_what_read_journal_read(session, tmp_path):
    from coachcli.store.db import open_journal

    goal_id = goal(session)
    add_strengths(session, ["Relator", "Learner"], custom=False)
    add_strategy(session, goal_id, text="Together", strengths=["Relator"], created=DAY)
    original = add_commitment(session, text="Run", week="2026-W47", goal_id=goal_id, strategy_id=None)
    carry_commitment(session, original, "2026-W48")
    add_to_week_note(session, "2026-W47", "Line one")
    document = read_journal(reader_in(session))
    copy = open_journal(tmp_path / "copy.db")
    try:
        with copy.transaction(write=True) as other:
            insert_journal(other, document)
        with reading(tmp_path / "copy.db") as reader:
            assert read_journal(reader) == document
    finally:
        copy.close()


def test_an_older_export_without_carried_to_gets_it_from_its_copies(session):
    records = [
        {"id": 1, "text": "Read", "week": "2026-W46", "status": "missed", "created_at": "2026-11-10T09:00:00+00:00"},
        {"id": 2, "text": "Read", "week": "2026-W47", "status": "open", "carried_from": 1,
         "created_at": "2026-11-17T09:00:00+00:00"},
    ]  # fmt: skip
    insert_journal(session, {"commitments": records})
    assert get_commitment(session, 1).carried_to == "2026-W47"
    assert get_commitment(session, 2).carried_to is None
    assert get_commitment(session, 2).updated_at == get_commitment(session, 2).created_at


def test_every_table_is_exported_or_says_why_not():
    exported = set(SECTION_TABLES.values()) | {table for table, _, _ in LINKS.values()}
    tables = set(SCHEMA.tables)
    assert tables - exported == set(NOT_EXPORTED), (
        "a new table: add it to the export (FIELDS) or NOT_EXPORTED"
    )


def test_every_section_is_written_on_import():
    assert sorted(INSERT_ORDER) == sorted(SECTIONS) == sorted(SECTION_TABLES)
