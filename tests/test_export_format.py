"""Validation of export documents, before an import writes anything."""

from __future__ import annotations

import copy

import pytest

from coachcli.domain.export_format import validate_export
from coachcli.errors import InputError

MOMENT = "2026-11-01T08:00:00+00:00"
DOCUMENT = {
    "version": 1,
    "goals": [{"id": 1, "title": "Run", "status": "active", "created": "2026-11-01", "created_at": MOMENT},
              {"id": 2, "title": "Read", "status": "done", "created": "2026-11-01", "created_at": MOMENT}],
    "checkins": [{"id": 1, "goal_id": 1, "date": "2026-11-02", "value": 3.5, "created_at": MOMENT}],
    "strengths": [{"name": "Relator", "kind": "theme", "domain": "Relationship Building"},
                  {"name": "extrovert", "kind": "custom", "domain": None}],
    "strategies": [{"id": 1, "goal_id": 1, "text": "Run with the club", "strengths": ["Relator"],
                    "status": "active", "created": "2026-11-01", "created_at": MOMENT}],
    "commitments": [{"id": 1, "text": "Run twice", "week": "2026-W47", "goal_id": 1, "strategy_id": 1,
                     "status": "partial", "note": "rain", "carried_from": None, "created_at": MOMENT},
                    {"id": 2, "text": "Run twice", "week": "2026-W48", "goal_id": 1, "strategy_id": 1,
                     "status": "open", "note": None, "carried_from": 1, "created_at": MOMENT}],
    "week_notes": [{"week": "2026-W47", "text": "A good week", "created_at": MOMENT}],
    "reflections": [{"id": 1, "date": "2026-11-03", "text": "I should", "goal_id": 2, "week": "2026-W45",
                     "tags": ["a"], "reframe": None, "created_at": MOMENT}],
}  # fmt: skip


def test_a_complete_document_is_valid():
    validate_export(copy.deepcopy(DOCUMENT))


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        (("commitments", 1, "carried_from"), 9, "'carried_from' 9 names no record in 'commitments'"),
        (("commitments", 0, "goal_id"), 2, "its strategy 1 belongs to another goal"),
        (("commitments", 0, "week"), "2026-W54", "'week' must be an ISO week"),
        (("commitments", 0, "week"), "2026-w47", "must be written like 2026-W47"),
        (("commitments", 0, "status"), "failed", "must be one of open, done, partial, missed, dropped"),
        (("strengths", 1, "name"), "RELATOR", "repeats the name"),
        (("strengths", 0, "kind"), "talent", "must be one of theme, custom"),
        (("reflections", 0, "tags"), ["a", "a"], "must not repeat"),
        (("reflections", 0, "date"), "2026-02-30", "ISO date"),
        (("goals", 0, "id"), True, "whole number"),
        (("goals", 0, "id"), 2**64, "between 1 and 2^63-1"),
        (("goals", 0, "target"), float("inf"), "finite"),
        (("goals", 0, "title"), "   ", "must not be empty"),
        (("checkins", 0, "created_at"), "yesterday", "ISO timestamp"),
    ],
)
def test_first_bad_record_is_named(path, value, fragment):
    document = copy.deepcopy(DOCUMENT)
    section, index, field = path
    document[section][index][field] = value
    with pytest.raises(InputError) as error:
        validate_export(document)
    assert fragment in error.value.message
    assert f"{section}[{index}]" in error.value.message


@pytest.mark.parametrize("document", [[], "text", None, {"goals": []}, {"version": "1"}])
def test_not_an_export(document):
    with pytest.raises(InputError):
        validate_export(document)
