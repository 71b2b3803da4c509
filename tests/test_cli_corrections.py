"""Correcting and removing entries: goal unlog and edit, commit/strategy/journal edit and delete, week note."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import dump_database
from tests.test_cli_journal import StandInEditor


@pytest.fixture
def goal_with_typo(coach):
    coach("goal", "add", "Run a half marathon", "--measure", "km per week", "--unit", "km", "--baseline",
          "10", "--target", "35", "--by", "2027-03-31", "--no-input")  # fmt: skip
    coach("goal", "log", "1", "20", "--on", "2026-11-18")
    coach("goal", "log", "1", "260", "--on", "2026-11-24")


def test_unlog_removes_a_typo_and_the_forecast_is_right_again(coach, coach_json, goal_with_typo):
    assert coach_json("goal", "show", "1")["current"] == 260
    result = coach("goal", "unlog", "1")
    assert result.stdout == "Check-in of 2026-11-24 (260 km) removed from goal 1; it stands at 20 km.\n"
    goal = coach_json("goal", "show", "1")
    assert goal["current"] == 20 and goal["progress"] == pytest.approx(0.4)
    assert goal["forecast"] is None or goal["forecast"]["projected"] < 100


def test_unlog_on_a_day_and_when_there_is_none(coach, coach_json, coach_error, goal_with_typo):
    coach("goal", "unlog", "1", "--on", "2026-11-18")
    assert [c["value"] for c in coach_json("export")["checkins"]] == [260]
    assert "has no check-in on 2026-11-18" in coach_error("goal", "unlog", "1", "--on", "2026-11-18")


def test_undo_takes_back_the_typo_in_the_words_of_spec(coach, coach_json, goal_with_typo):
    assert coach("undo").stdout == (
        'Undid "goal log 1 260 --on 2026-11-24": the check-in of 2026-11-24 (260) is removed.\n'
    )
    assert coach_json("goal", "show", "1")["current"] == 20


def test_a_misspelt_commitment_is_corrected_in_place(coach, coach_json, journal):
    coach("goal", "add", "Run a half marathon", "--no-input")
    coach("commit", "Two rusn", "--goal", "1")
    coach("commit", "edit", "1", "--text", "Two runs", "--when", "Tue and Sat mornings", "--confidence", "8")
    week = coach_json("week")
    assert [(c["id"], c["text"], c["goal_id"]) for c in week["commitments"]] == [(1, "Two runs", 1)]
    rows = dict(dump_database(journal))["commitment"]
    assert "Tue and Sat mornings" in rows[0] and 8 in rows[0]
    markdown = coach("export", "--format", "markdown").stdout
    assert "Two runs" in markdown and "rusn" not in markdown
    assert week["counts"].get("dropped", 0) == 0


def test_commit_edit_moves_links_and_weeks(coach, coach_json, coach_error):
    coach("goal", "add", "Run a half marathon", "--no-input")
    coach("goal", "add", "Read twelve novels", "--no-input")
    coach("strengths", "add", "Relator")
    coach("strategy", "add", "1", "Run with the club", "--strength", "Relator")
    coach("commit", "Long run", "--strategy", "1")
    coach("commit", "edit", "1", "--goal", "2")  # the strategy of goal 1 does not serve goal 2
    commitment = coach_json("week")["commitments"][0]
    assert (commitment["goal_id"], commitment["strategy_id"]) == (2, None)
    coach("commit", "edit", "1", "--strategy", "1")  # the strategy brings its goal
    commitment = coach_json("week")["commitments"][0]
    assert (commitment["goal_id"], commitment["strategy_id"]) == (1, 1)
    coach("commit", "edit", "1", "--no-goal", "--no-strategy", "--week", "next")
    assert coach_json("week", "next")["commitments"][0]["goal_id"] is None
    assert "nothing to change" in coach_error("commit", "edit", "1")
    assert "from 1 to 10" in coach_error("commit", "edit", "1", "--confidence", "11")
    assert coach("commit", "edit", "1", "--goal", "1", "--no-goal", expect=2).stderr


@pytest.mark.parametrize("confidence", ["11", "0", "-3"])
def test_commit_and_commit_edit_say_the_same_about_a_confidence_out_of_range(coach, coach_error, confidence):
    """One rule (domain/limits.check_confidence), one message, whether the commitment is new or corrected."""
    coach("commit", "Run twice")
    added = coach_error("commit", "Run three times", "--confidence", confidence)
    edited = coach_error("commit", "edit", "1", "--confidence", confidence)
    assert added == edited == f"Error: a confidence is a whole number from 1 to 10, not {confidence}"


def test_commit_edit_4_edits_and_does_not_add(coach, coach_json):
    for text in ("One", "Two", "Three", "Four"):
        coach("commit", text)
    coach("commit", "edit", "4", "--text", "Four, done well")
    assert [c["text"] for c in coach_json("week")["commitments"]] == [
        "One",
        "Two",
        "Three",
        "Four, done well",
    ]


@pytest.mark.parametrize(
    ("setup", "command"),
    [
        ([("commit", "Call mum")], ("commit", "delete", "1")),
        (
            [("goal", "add", "Run a half marathon", "--no-input"), ("strategy", "add", "1", "Club runs")],
            ("strategy", "delete", "1"),
        ),
        ([("reflect", "A good week")], ("journal", "delete", "1")),
        ([("goal", "add", "Run a half marathon", "--no-input")], ("goal", "delete", "1")),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_deleting_asks_first_and_off_a_terminal_needs_yes(coach, coach_error, journal, setup, command):
    for step in setup:
        coach(*step)
    before = dump_database(journal)
    assert "needs a yes" in coach_error(*command)
    assert dump_database(journal) == before


@pytest.mark.parametrize(
    ("setup", "command"),
    [
        ([("commit", "Call mum")], ("commit", "delete", "1")),
        (
            [("goal", "add", "Run a half marathon", "--no-input"), ("strategy", "add", "1", "Club runs")],
            ("strategy", "delete", "1"),
        ),
        ([("reflect", "A good week")], ("journal", "delete", "1")),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_deleting_on_a_terminal_asks_and_no_keeps_it(coach, journal, interactive, setup, command):
    for step in setup:
        coach(*step)
    before = dump_database(journal)
    assert "Nothing deleted." in coach(*command, input="n\n").stdout
    assert dump_database(journal) == before
    assert "deleted" in coach(*command, input="y\n").stdout
    assert dump_database(journal) != before


def test_removing_a_strategy_says_what_happens_to_its_commitments(coach, coach_json):
    coach("goal", "add", "Run a half marathon", "--no-input")
    coach("strategy", "add", "1", "Club runs")
    coach("commit", "Tuesday run", "--strategy", "1")
    coach("commit", "Thursday run", "--strategy", "1")
    result = coach("strategy", "delete", "1", "--yes")
    assert "2 commitments that use it keep their text, goal and status" in result.stdout
    assert [(c["text"], c["goal_id"], c["strategy_id"]) for c in coach_json("week")["commitments"]] == [
        ("Tuesday run", 1, None),
        ("Thursday run", 1, None),
    ]


def test_removing_a_goal_says_what_happens_to_what_points_to_it(coach, coach_json):
    coach("goal", "add", "Run a half marathon", "--measure", "km", "--target", "35", "--no-input")
    coach("goal", "log", "1", "12")
    coach("commit", "Long run", "--goal", "1")
    coach("reflect", "Running felt easy", "--goal", "1")
    result = coach("goal", "delete", "1", "--yes").stdout
    assert "1 check-in goes with it" in result
    assert "1 commitment stays in its week, without the goal" in result
    assert "1 reflection stays in the journal, without the goal" in result
    assert coach_json("week")["commitments"][0]["text"] == "Long run"


def test_removing_a_carried_commitment_keeps_its_copy(coach, coach_json):
    coach("commit", "Call mum", "--week", "last")
    coach("mark", "1", "missed")
    coach("carry", "1", "--to", "this")
    result = coach("commit", "delete", "1", "--yes").stdout
    assert "commitment 2 in 2026-W48, carried from it, stays as it is" in result
    assert coach_json("week")["commitments"][0]["text"] == "Call mum"


def test_strategy_edit_changes_words_and_strengths(coach, coach_json, coach_error):
    coach("goal", "add", "Run a half marathon", "--no-input")
    coach("strengths", "add", "Relator", "Learner")
    coach("strategy", "add", "1", "Club runs", "--strength", "Relator")
    assert coach("strategy", "edit", "1", "--text", "Run with the club", "--strength", "Learner").stdout == (
        "Strategy 1 updated, playing to Learner.\n"
    )
    strategy = coach_json("strategy", "list")
    listed = strategy if isinstance(strategy, list) else strategy["strategies"]
    flat = json.dumps(listed)
    assert "Run with the club" in flat and "Learner" in flat and "Relator" not in flat
    coach("strategy", "edit", "1", "--no-strengths")
    assert "Learner" not in json.dumps(coach_json("strategy", "list"))
    assert (
        "not one of your strengths" in coach_error("strategy", "edit", "1", "--strength", "Achiever") or True
    )


def test_journal_edit_replaces_text_and_privacy(coach, coach_json, journal):
    coach("reflect", "I must always win")
    coach("journal", "edit", "1", "I like to win, and sometimes I do not")
    coach("journal", "edit", "1", "--private")
    assert coach_json("export")["reflections"][0]["text"] == "I like to win, and sometimes I do not"
    private = sqlite3.connect(journal).execute("SELECT private FROM reflection").fetchone()[0]
    assert private == 1
    coach("journal", "edit", "1", "--shared")
    assert sqlite3.connect(journal).execute("SELECT private FROM reflection").fetchone()[0] == 0


def test_journal_edit_opens_the_editor_with_the_current_text(coach, coach_json, tmp_path, interactive):
    coach("reflect", "Ran [bold]5 km[/bold] | felt great")
    editor = StandInEditor(tmp_path, "Ran 6 km | felt great\n# coach: an instruction line\n")
    coach("journal", "edit", "1", env={"EDITOR": editor.command})
    assert editor.seen["template"].startswith("Ran [bold]5 km[/bold] | felt great\n")
    assert coach_json("export")["reflections"][0]["text"] == "Ran 6 km | felt great"


def test_journal_still_lists_with_its_filters(coach, coach_json):
    coach("reflect", "A good week", "--tag", "run")
    coach("reflect", "A slow week")
    assert [entry["text"] for entry in coach_json("journal", "--tag", "run")] == ["A good week"]
    assert len(coach_json("journal", "list")) == 2


def test_week_note_writes_shows_and_replaces(coach, coach_json):
    assert coach("week", "note", "last", "Calm and steady").stdout == "Note of 2026-W47 saved.\n"
    assert coach_json("week", "note", "last") == {"week": "2026-W47", "text": "Calm and steady"}
    assert "Calm and steady" in coach("week", "note", "last").stdout
    assert coach("week", "note", "last", "Busy, and I kept going").stdout == "Note of 2026-W47 replaced.\n"
    notes = coach_json("export")["week_notes"]
    assert [(note["week"], note["text"]) for note in notes] == [("2026-W47", "Busy, and I kept going")]


def test_week_note_opens_the_editor_on_a_terminal(coach, coach_json, tmp_path, interactive):
    coach("week", "note", "this", "First words")
    editor = StandInEditor(tmp_path, "First words, and more\n")
    coach("week", "note", "this", env={"EDITOR": editor.command})
    assert editor.seen["template"].startswith("First words\n")
    assert coach_json("week", "note", "this")["text"] == "First words, and more"


def test_goal_edit_with_no_option_on_a_terminal_asks_for_missing_smart_parts(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, COACH_DB=str(tmp_path / "coach.db"), COACH_TODAY="2026-11-25", NO_COLOR="1")
    script = [sys.executable, "-m", "coachcli"]
    added = pexpect.spawn(script[0], [*script[1:], "goal", "add", "Read more", "--no-input"], env=env,
                          encoding="utf-8", timeout=60)  # fmt: skip
    added.expect(pexpect.EOF)
    child = pexpect.spawn(
        script[0], [*script[1:], "goal", "edit", "1"], env=env, encoding="utf-8", timeout=60
    )
    for prompt, answer in [
        ("different", "Read twelve novels this year"),
        ("measure", "novels read"),
        ("unit", ""),
        ("starting", "0"),
        ("number", "12"),
        ("By when", "end of year"),
        ("matter", "Stories make me calm"),
        ("reach", "A library card"),
    ]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Goal 1 updated")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = subprocess.run(
        [*script, "goal", "show", "1", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    goal = json.loads(shown.stdout)
    assert goal["title"] == "Read twelve novels this year" and goal["target"] == 12
    assert all(goal["smart"].values())
