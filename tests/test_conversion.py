"""coach converts its own option values (cli/conversion.py), so Typer never needs pydantic for them."""

from __future__ import annotations

import pytest

from tests.test_startup import imported_heavy_modules


@pytest.mark.parametrize(
    "args",
    [
        ["week"],
        ["goal", "list", "--all"],
        ["journal", "-n", "3", "--tag", "x"],
        ["report", "--weeks", "4"],
        ["--help"],
    ],
    ids=str,
)
def test_commands_convert_their_options_without_pydantic(coach, args):
    coach("goal", "add", "Read twelve books this year", "--tag", "books", "--tag", "evenings", "--no-input")
    assert imported_heavy_modules(args, heavy=("pydantic",)) == []


def test_values_are_converted_as_before(coach, coach_json):
    coach(
        "goal",
        "add",
        "Read twelve books this year",
        "--target",
        "12",
        "--tag",
        "books",
        "--tag",
        "evenings",
        "--no-input",
    )
    goal = coach_json("goal", "show", "1")
    assert goal["tags"] == ["books", "evenings"] and goal["target"] == 12
    assert coach_json("week", "--format", "JSON") == coach_json("week")  # choices ignore case, as before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["week", "--format", "xml"], "'xml' is not one of 'rich', 'markdown', 'json'"),
        (["goal", "show", "one"], "'one' is not a whole number"),
        (["demo", "--weeks", "0"], "0 is out of range; give a number from 1 to"),
        (["report", "--weeks", "many"], "'many' is not a whole number"),
    ],
    ids=str,
)
def test_bad_values_are_usage_errors(coach, args, fragment):
    result = coach(*args, expect=2)
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_an_output_folder_is_refused_by_typers_own_path_check(coach, tmp_path):
    result = coach("export", "-o", str(tmp_path), expect=2)
    assert "is a directory" in result.stderr
