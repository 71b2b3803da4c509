"""`coach journal -n/--limit N`: the newest N entries, reflections and week notes together."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def written(coach, journal):
    for day in ("2026-11-02", "2026-11-10", "2026-11-18", "2026-11-24"):
        coach("reflect", f"Written on {day}", "--on", day)
    connection = sqlite3.connect(journal)
    with connection:  # a week note, as the end of a review writes it; dated by its Sunday, 2026-11-15
        connection.execute(
            "INSERT INTO week_note (week, text, created_at, updated_at) VALUES ('2026-W46',"
            " 'The week of the long run', '2026-11-15 18:00:00', '2026-11-15 18:00:00')"
        )
    connection.close()


def test_limit_keeps_the_newest_entries_of_both_kinds(coach_json, written):
    entries = coach_json("journal", "-n", "3")
    assert [(entry["kind"], entry["date"]) for entry in entries] == [
        ("reflection", "2026-11-24"),
        ("reflection", "2026-11-18"),
        ("week_note", "2026-11-15"),
    ]
    assert [entry["date"] for entry in coach_json("journal", "--limit", "1")] == ["2026-11-24"]
    assert len(coach_json("journal", "-n", "50")) == 5


def test_limit_with_filters(coach_json, written):
    entries = coach_json("journal", "--search", "written", "-n", "2", "--until", "2026-11-20")
    assert [entry["date"] for entry in entries] == ["2026-11-18", "2026-11-10"]


def test_the_header_says_older_entries_were_left_out(coach, written):
    assert "the newest 2 entries" in coach("journal", "-n", "2").stdout
    assert "the newest" not in coach("journal", "-n", "5").stdout
    assert "The newest 2 entries." in coach("journal", "-n", "2", "--format", "markdown").stdout


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_limit_that_is_no_positive_number_is_a_usage_error(coach, written, value):
    result = coach("journal", "-n", value, expect=2)
    assert "--limit" in result.stderr and "Traceback" not in result.stderr
