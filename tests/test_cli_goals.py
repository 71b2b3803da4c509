"""`coach goal ...` end to end, on a real journal file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import dump_database

MARKUP_TITLE = "Ship [bold]v2[/bold] | then rest"


def add_full_goal(coach, title: str = "Run a half marathon") -> None:
    coach(
        "goal", "add", title, "--measure", "km run per week", "--unit", "km", "--baseline", "10",
        "--target", "40", "--by", "2027-03-31", "--why", "I want energy for my kids",
        "--achievable", "The running club meets on Tuesdays", "--tag", "health", "--tag", "running",
    )  # fmt: skip


def test_add_with_every_part_is_smart(coach, coach_json):
    result = coach(
        "goal", "add", "Run a half marathon", "--measure", "km run per week", "--unit", "km",
        "--baseline", "10", "--target", "40", "--by", "2027-03-31", "--why", "energy",
        "--achievable", "club on Tuesdays", "--tag", "health",
    )  # fmt: skip
    assert result.stdout.startswith("Goal 1 added.")
    goal = coach_json("goal", "show", "1")
    assert goal["smart"] == dict.fromkeys(
        ("specific", "measurable", "achievable", "relevant", "time_bound"), True
    )
    assert goal["title"] == "Run a half marathon"
    assert (goal["baseline"], goal["target"], goal["current"], goal["progress"]) == (10, 40, 10, 0)
    assert goal["deadline"] == "2027-03-31"
    assert goal["created"] == "2026-11-25"
    assert goal["tags"] == ["health"]
    assert goal["forecast"] is None
    spec_keys = {"id", "title", "status", "measure", "unit", "baseline", "target", "current", "progress",
                 "deadline", "why", "achievable", "tags", "created", "smart", "forecast"}  # fmt: skip
    assert spec_keys <= set(goal)


def test_add_without_input_never_asks_and_shows_the_gaps(coach, coach_json):
    result = coach("goal", "add", "Get fit", "--no-input")
    assert "How will you know you got there?" in result.stdout
    goal = coach_json("goal", "show", "1")
    assert goal["smart"] == dict.fromkeys(
        ("specific", "measurable", "achievable", "relevant", "time_bound"), False
    )
    assert goal["progress"] is None and goal["forecast"] is None


def test_add_on_a_terminal_asks_for_each_missing_part(coach, coach_json, interactive):
    answers = "\n".join(
        ["pages read", "pages", "0", "banana", "3000", "next friday", "I love stories", "a book by the bed"]
    )
    result = coach("goal", "add", "Read 12 novels this year", input=answers + "\n")
    assert "How will you know you got there?" in result.stdout
    assert "is not a number" in result.stderr  # "banana" as a target is asked again
    goal = coach_json("goal", "show", "1")
    assert (goal["measure"], goal["unit"], goal["baseline"], goal["target"]) == (
        "pages read",
        "pages",
        0,
        3000,
    )
    assert goal["deadline"] == "2026-11-27"
    assert goal["why"] == "I love stories"
    assert goal["achievable"] == "a book by the bed"
    assert all(goal["smart"].values())


def test_interactive_add_skips_empty_answers(coach, coach_json, interactive):
    coach("goal", "add", "Learn to play the cello", input="\n" * 8)
    goal = coach_json("goal", "show", "1")
    assert goal["measure"] is None and goal["deadline"] is None and goal["why"] is None


def test_markup_title_is_shown_and_exported_exactly(coach, coach_json):
    coach("goal", "add", MARKUP_TITLE, "--no-input")
    assert coach_json("goal", "show", "1")["title"] == MARKUP_TITLE
    assert MARKUP_TITLE in coach("goal", "show", "1").stdout
    listed = coach("goal", "list", env={"COLUMNS": "200"}).stdout
    assert MARKUP_TITLE in listed
    markdown = coach("goal", "list", "--format", "markdown").stdout
    assert r"Ship \[bold\]v2\[/bold\] \| then rest" in markdown


def test_log_total_and_relative_values(coach, coach_json):
    add_full_goal(coach)
    coach("goal", "log", "1", "14", "--on", "2026-11-10")
    coach("goal", "log", "1", "+4", "--on", "2026-11-17", "--note", "ran with [red]friends[/red]")
    coach("goal", "log", "1", "-2")
    goal = coach_json("goal", "show", "1")
    assert [c["value"] for c in goal["checkins"]] == [14, 18, 16]
    assert [c["date"] for c in goal["checkins"]] == ["2026-11-10", "2026-11-17", "2026-11-25"]
    assert goal["checkins"][1]["note"] == "ran with [red]friends[/red]"
    assert goal["current"] == 16
    assert goal["progress"] == pytest.approx((16 - 10) / (40 - 10))


def test_forecast_after_two_checkins(coach, coach_json):
    add_full_goal(coach)
    coach("goal", "log", "1", "12", "--on", "2026-11-11")
    coach("goal", "log", "1", "14", "--on", "2026-11-18")
    forecast = coach_json("goal", "show", "1")["forecast"]
    assert set(forecast) >= {"projected", "on_track", "needed_per_week"}
    # 2 km a week from 14 km on 2026-11-18 to 2027-03-31 (19 weeks) projects to 52 km: on track.
    assert forecast["projected"] == pytest.approx(14 + 2 * (133 / 7))
    assert forecast["on_track"] is True
    assert forecast["needed_per_week"] == pytest.approx(
        (40 - 14) / (126 / 7), rel=5e-4
    )  # 4 significant digits


def test_decreasing_goal_progress(coach, coach_json):
    coach("goal", "add", "Weigh 80 kg by summer", "--measure", "weight", "--unit", "kg", "--baseline", "90",
          "--target", "80", "--by", "2027-06-30", "--no-input")  # fmt: skip
    coach("goal", "log", "1", "86")
    assert coach_json("goal", "show", "1")["progress"] == pytest.approx(0.4)
    coach("goal", "log", "1", "95")
    assert coach_json("goal", "show", "1")["progress"] == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("goal", "add", "Run a half marathon", "--by", "banana"), '"banana"'),
        (("goal", "add", "Run a half marathon", "--target", "nan"), '"nan"'),
        (("goal", "add", "Run a half marathon", "--target", "inf"), '"inf"'),
        (("goal", "add", "Run a half marathon", "--baseline", "ten"), '"ten"'),
        (("goal", "add", "   "), "title"),
        (("goal", "log", "1", "abc"), '"abc"'),
        (("goal", "log", "1", "1e400"), "1e400"),
        (("goal", "log", "1", "5", "--on", "next blursday"), "blursday"),
        (("goal", "log", "1", "5", "--on", "2027-01-01"), "future"),
        (("goal", "log", "99", "5"), "no goal 99"),
        (("goal", "show", "99"), "no goal 99"),
        (("goal", "done", "99"), "no goal 99"),
        (("goal", "edit", "1"), "nothing to change"),
        (("goal", "edit", "1", "--by", "05/01/2027"), "ambiguous"),
        (("goal", "reopen", "1"), "already active"),
        (("goal", "delete", "1"), "--yes"),
    ],
)
def test_bad_input_is_one_clear_error_and_changes_nothing(coach, coach_error, journal, args, fragment):
    add_full_goal(coach)
    before = dump_database(journal)
    message = coach_error(*args)
    assert fragment in message
    assert dump_database(journal) == before


@pytest.mark.parametrize("bad_id", ["0", "-3", str(2**64), "x"])
def test_ids_out_of_range_are_usage_errors(coach, bad_id):
    result = coach("goal", "show", bad_id, expect=2)
    assert "Traceback" not in result.stderr


def test_lifecycle_done_drop_reopen_and_list_all(coach, coach_json):
    add_full_goal(coach, "Run a half marathon")
    add_full_goal(coach, "Write a short story for the contest")
    add_full_goal(coach, "Learn thirty Spanish verbs by heart")
    assert coach("goal", "done", "1").stdout.startswith("Goal 1 marked done.")
    coach("goal", "drop", "2")
    assert [g["id"] for g in coach_json("goal", "list")] == [3]
    everything = {g["id"]: g["status"] for g in coach_json("goal", "list", "--all")}
    assert everything == {1: "done", 2: "dropped", 3: "active"}
    coach("goal", "reopen", "2")
    assert [g["id"] for g in coach_json("goal", "list")] == [2, 3]


def test_list_by_tag(coach, coach_json):
    add_full_goal(coach)
    coach("goal", "add", "Read twelve novels this year", "--tag", "books", "--no-input")
    assert [g["id"] for g in coach_json("goal", "list", "--tag", "books")] == [2]
    assert [g["id"] for g in coach_json("goal", "list", "--tag", "running")] == [1]


def test_edit_changes_and_clears_parts(coach, coach_json):
    add_full_goal(coach)
    coach(
        "goal", "edit", "1", "--title", "Run a full marathon", "--target", "60", "--why", "", "--tag", "big"
    )
    goal = coach_json("goal", "show", "1")
    assert (goal["title"], goal["target"], goal["why"], goal["tags"]) == (
        "Run a full marathon",
        60,
        None,
        ["big"],
    )
    assert goal["smart"]["relevant"] is False


def test_delete_asks_first_and_removes_checkins(coach, coach_json, journal, interactive):
    add_full_goal(coach)
    coach("goal", "log", "1", "12")
    assert "Nothing deleted." in coach("goal", "delete", "1", input="n\n").stdout
    assert coach_json("goal", "list")[0]["id"] == 1
    result = coach("goal", "delete", "1", input="y\n").stdout
    assert "1 check-in goes with it" in result
    assert "Goal 1 deleted; 1 check-in goes with it. (coach undo brings it back.)" in result
    assert coach_json("goal", "list", "--all") == []
    assert dict(dump_database(journal))["checkin"] == []


def test_delete_with_yes_needs_no_terminal(coach, coach_json):
    add_full_goal(coach)
    coach("goal", "delete", "1", "--yes")
    assert coach_json("goal", "list", "--all") == []


def test_output_file_is_written_whole_and_private(coach, tmp_path):
    add_full_goal(coach)
    target = tmp_path / "goals.md"
    result = coach("goal", "list", "--format", "markdown", "--output", target)
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Goals") and "Run a half marathon" in text
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_output_to_missing_folder_is_an_error(coach, coach_error, tmp_path):
    add_full_goal(coach)
    assert "does not exist" in coach_error("goal", "list", "--output", tmp_path / "nowhere" / "goals.txt")


def test_journal_is_created_private_with_its_folders(coach, journal):
    assert not journal.parent.exists()
    coach("goal", "list")
    assert stat.S_IMODE(os.stat(journal).st_mode) == 0o600


def test_db_option_wins_over_environment(coach, coach_json, tmp_path):
    other = tmp_path / "other.db"
    add_full_goal(coach)
    assert coach_json("--db", other, "goal", "list") == []
    assert len(coach_json("goal", "list")) == 1


def test_version(coach):
    from coachcli import __version__

    assert coach("--version").stdout.strip() == f"coach {__version__}"


def test_rich_list_and_show_render_for_people(coach):
    add_full_goal(coach)
    coach("goal", "log", "1", "25")
    listed = coach("goal", "list", env={"COLUMNS": "120"}).stdout
    assert "Run a half marathon" in listed and "50%" in listed
    shown = coach("goal", "show", "1").stdout
    assert "SMART" in shown and "25 km" in shown and "2027-03-31" in shown


def test_markdown_show_escapes_notes(coach):
    add_full_goal(coach)
    coach("goal", "log", "1", "12", "--note", "a | b\nsecond <b>line</b>")
    markdown = coach("goal", "show", "1", "--format", "markdown").stdout
    assert r"a \| b<br>second \<b\>line\</b\>" in markdown


def test_error_for_bad_coach_today(coach_error, monkeypatch):
    monkeypatch.setenv("COACH_TODAY", "tomorrow-ish")
    assert "COACH_TODAY" in coach_error("goal", "add", "Run a half marathon", "--by", "in 6 weeks")


def test_path_is_a_folder(coach_error, tmp_path):
    assert "is a folder" in coach_error("--db", tmp_path, "goal", "list")


def test_not_a_journal_is_refused_and_untouched(coach_error, tmp_path: Path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my notes, not a database" * 10)
    before = bogus.read_bytes()
    assert "not a coach journal" in coach_error("--db", bogus, "goal", "list")
    assert bogus.read_bytes() == before


def test_goal_done_on_a_terminal_keeps_what_made_the_difference(coach, coach_json, interactive):
    """Issue 24.3: "What made the difference?" has room for an answer, kept as a reflection on the goal."""
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    result = coach("goal", "done", "1", input="Running with the club\n")
    assert "What made the difference?" in result.stdout and "Reflection 1 added to goal 1" in result.stdout
    (reflection,) = coach_json("journal")
    assert (reflection["text"], reflection["goal_id"]) == ("Running with the club", 1)
    coach("goal", "reopen", "1")
    assert "Reflection" not in coach("goal", "done", "1", "--no-input").stdout
