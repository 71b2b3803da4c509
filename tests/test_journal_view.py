"""The journal as plain data: how week notes are dated and where they fall among reflections."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from coachcli.store.reflections import fold_text
from coachcli.views.journal import (
    JournalFilters,
    ReflectionView,
    WeekNoteView,
    build_journal_view,
    build_reflection_view,
    week_note_bounds,
    week_note_day,
)


@pytest.mark.parametrize(
    ("week", "day"),
    [("2026-W48", date(2026, 11, 29)), ("2026-W01", date(2026, 1, 4)), ("2020-W53", date(2021, 1, 3))],
)
def test_a_week_note_is_dated_by_its_sunday(week, day):
    assert week_note_day(week) == day


@pytest.mark.parametrize(
    ("since", "until", "bounds"),
    [
        (None, None, (None, None)),
        (date(2026, 11, 23), None, ("2026-W48", None)),  # a Monday: its own week's note is later
        (date(2026, 11, 29), None, ("2026-W48", None)),  # a Sunday: the note of that very day
        (None, date(2026, 11, 29), (None, "2026-W48")),  # a Sunday: that week's note is in
        (None, date(2026, 11, 28), (None, "2026-W47")),  # a Saturday: that week's note is still to come
        (date(2026, 11, 24), date(2026, 11, 28), ("2026-W48", "2026-W47")),  # no Sunday between: none
        (date(2025, 12, 29), date(2026, 1, 4), ("2026-W01", "2026-W01")),
    ],
)
def test_week_note_bounds(since, until, bounds):
    assert week_note_bounds(since, until) == bounds


def reflection(id: int, day: date, text: str = "A calm day") -> ReflectionView:
    row = SimpleNamespace(id=id, day=day, text=text, goal_id=None, week="2026-W48", reframe=None)
    return build_reflection_view(row, goal_title=None, tags=())


def test_entries_are_newest_first_and_a_week_note_leads_its_sunday():
    notes = [SimpleNamespace(week="2026-W47", text="note")]
    view = build_journal_view(
        [
            reflection(1, date(2026, 11, 22)),
            reflection(2, date(2026, 11, 22)),
            reflection(3, date(2026, 11, 25)),
        ],
        notes,
        JournalFilters(),
    )
    kinds = [(type(e).__name__, getattr(e, "id", None)) for e in view.entries]
    assert kinds == [
        ("ReflectionView", 3),
        ("WeekNoteView", None),
        ("ReflectionView", 2),
        ("ReflectionView", 1),
    ]
    assert view.entries[1] == WeekNoteView(week="2026-W47", date=date(2026, 11, 22), text="note")


def test_reflection_view_finds_belief_language():
    view = reflection(1, date(2026, 11, 22), "I should rest, I never do")
    assert [b["phrase"] for b in view.to_json()["beliefs"]] == ["should", "never"]


@pytest.mark.parametrize(
    ("filters", "any_filter", "notes"),
    [
        (JournalFilters(), False, True),
        (JournalFilters(search="x"), True, True),
        (JournalFilters(since=date(2026, 1, 1)), True, True),
        (JournalFilters(goal_id=1), True, False),
        (JournalFilters(tag="x"), True, False),
    ],
)
def test_filters(filters, any_filter, notes):
    assert (filters.any, filters.includes_week_notes) == (any_filter, notes)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("RUN", "run"), ("ÉTÉ", "été"), ("Straße", "strasse"), ("e\u0301te\u0301", "été"), (None, None)],
)
def test_fold_text_for_search(text, folded):
    assert fold_text(text) == folded
