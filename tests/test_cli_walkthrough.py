"""What a new user met on a first walk through coach: wording, hints and layout, through the real CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_one_day_left_or_past_is_said_in_the_singular(coach: Any) -> None:
    coach("goal", "add", "Read twelve novels this year", "--by", "2026-11-26", "--no-input")
    assert "(1 day left)" in coach("goal", "list").stdout
    assert "(1 day left)" in coach("report", "--format", "markdown").stdout
    assert "(in 1 day)" in coach("report", "--format", "markdown").stdout
    past = coach("goal", "show", "1", env={"COACH_TODAY": "2026-11-27"}).stdout
    assert "(1 day past)" in past


def test_import_counts_each_kind_in_the_right_number(coach: Any, tmp_path: Path) -> None:
    coach("goal", "add", "Read twelve novels this year", "--no-input")
    coach("goal", "log", "1", "3")
    coach("goal", "log", "1", "4")
    export = tmp_path / "journal.json"
    coach("export", "--output", export)
    result = coach("--db", tmp_path / "copy.db", "import", export)
    assert result.stdout.strip() == "Imported 1 goal, 2 check-ins."
