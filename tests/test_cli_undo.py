"""`coach undo`: every command that writes can be taken back, leaving the journal exactly as it was."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import dump_database

LAST_WEEK = "2026-W47"


@pytest.fixture
def filled(coach, journal):
    """A journal with a bit of everything, its history then emptied so that each test starts from it."""
    coach("goal", "add", "Run a half marathon", "--measure", "km per week", "--unit", "km", "--baseline",
          "10", "--target", "35", "--by", "2027-03-31", "--why", "Energy", "--achievable", "A club", "--tag",
          "health", "--no-input")  # fmt: skip
    coach("goal", "log", "1", "12", "--on", "2026-11-18")
    coach("goal", "log", "1", "15", "--on", "2026-11-24", "--note", "Ran with Sam")
    coach("goal", "add", "Read twelve novels this year", "--no-input")
    coach("goal", "add", "Learn to juggle three balls", "--no-input")
    coach("goal", "drop", "3")
    coach("strengths", "add", "Relator", "Learner")
    coach("strategy", "add", "1", "Run with the Tuesday club", "--strength", "Relator")
    coach("commit", "Two runs", "--goal", "1", "--strategy", "1")
    coach("commit", "Call mum", "--week", LAST_WEEK)
    coach("commit", "Read a chapter", "--goal", "2", "--week", LAST_WEEK)
    coach("reflect", "I always give up on hard things", "--goal", "1", "--tag", "mindset")
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute("DELETE FROM history_row")
        connection.execute("DELETE FROM history")
    connection.close()
    return journal


def journal_state(coach, journal):
    """The JSON export (private reflections too) and every row outside the history."""
    exported = json.loads(coach("export", "--format", "json").stdout)
    rows = [(table, rows) for table, rows in dump_database(journal) if not table.startswith("history")]
    return exported, rows


WRITERS = [
    ("goal", "add", "Write a short novel", "--no-input"),
    ("goal", "edit", "1", "--title", "Run a full marathon", "--why", "For my kids"),
    ("goal", "log", "1", "20"),
    ("goal", "log", "1", "+2", "--on", "2026-11-24"),
    ("goal", "done", "1"),
    ("goal", "drop", "2"),
    ("goal", "reopen", "3"),
    ("goal", "delete", "1", "--yes"),
    ("strengths", "add", "Achiever"),
    ("strengths", "add", "Making tea", "--custom"),
    ("strengths", "remove", "Relator"),
    ("strategy", "add", "1", "Run with a friend", "--strength", "Learner"),
    ("strategy", "retire", "1"),
    ("commit", "Stretch after runs", "--goal", "1"),
    ("commit", "add", "list"),
    ("mark", "2", "done", "--note", "Sunday call"),
    ("carry", "2"),
    ("reflect", "A good week", "--week", LAST_WEEK),
    ("reframe", "1", "Sometimes I keep going"),
    ("goal", "unlog", "1"),
    ("goal", "unlog", "1", "--on", "2026-11-18"),
    ("commit", "edit", "1", "--text", "Three runs", "--when", "Tue 7pm", "--confidence", "6"),
    ("commit", "edit", "3", "--no-goal", "--week", "this"),
    ("commit", "delete", "1", "--yes"),
    ("strategy", "edit", "1", "--text", "Run with the club", "--no-strengths"),
    ("strategy", "delete", "1", "--yes"),
    ("journal", "edit", "1", "I often keep going"),
    ("journal", "edit", "1", "--private"),
    ("journal", "delete", "1", "--yes"),
    ("week", "note", LAST_WEEK, "Calls went well"),
]


# The writers whose change touches more than one entry: undoing them is shown and asked about first (SPEC),
# so off a terminal it needs --yes.
SEVERAL_ENTRIES = {
    ("carry", "2"),  # the copy, and the commitment it was carried from
    ("goal", "delete", "1", "--yes"),  # the goal, and the commitments and reflection that pointed to it
    ("strengths", "remove", "Relator"),  # the strength, and the strategy that played to it
    ("strategy", "delete", "1", "--yes"),  # the strategy, and the commitment that used it
}


@pytest.mark.parametrize("command", WRITERS, ids=" ".join)
def test_undo_takes_back_each_command_exactly(coach, coach_error, filled, command):
    before = journal_state(coach, filled)
    coach(*command)
    assert journal_state(coach, filled) != before, "the command changed nothing"
    if command in SEVERAL_ENTRIES:
        changed = journal_state(coach, filled)
        assert "needs a yes" in coach_error("undo") and journal_state(coach, filled) == changed
    result = coach("undo", *(["--yes"] if command in SEVERAL_ENTRIES else []))
    assert result.stdout.startswith(f'Undid "{shlex.join(command)}": ')
    assert journal_state(coach, filled) == before
    assert "Nothing to take back" in coach("undo").stdout


def test_undo_takes_back_an_interactive_review_answer_by_answer(coach, filled, interactive):
    before = journal_state(coach, filled)
    answers = [
        "done",
        "Called on Sunday",
        "not done",
        "Too tired",
        "c",
        "Calls",
        "Evenings",
        "Rest",
        "",
        "",
        "",
    ]
    coach("week", "review", LAST_WEEK, input="\n".join(answers) + "\n")
    after = journal_state(coach, filled)
    assert after != before
    # SPEC "Correcting and undoing" (changed): each saved answer is its own change, taken back one at a time.
    assert (
        undo_until(coach, filled, before) == 8
    )  # two statuses, two notes, the carry, three week note answers


def test_undo_takes_back_an_interactive_plan_answer_by_answer(coach, filled, interactive):
    before = journal_state(coach, filled)
    coach("week", "plan", input="c\nc\nLong run\n1\n\n\n\nA chapter a day\n\n\n\n\n\n\n\n")
    assert journal_state(coach, filled) != before
    assert undo_until(coach, filled, before) > 2


def undo_until(coach, filled, state) -> int:
    """Run `coach undo --yes` until the journal is back at `state`; how many it took (each a "week ..." change;
    a carry changes two entries, so it is asked about first)."""
    for count in range(1, 30):
        assert 'Undid "week ' in coach("undo", "--yes").stdout
        if journal_state(coach, filled) == state:
            return count
    raise AssertionError("undo never got back to the state before")


def test_undo_twice_takes_back_two_commands(coach, filled):
    before = journal_state(coach, filled)
    coach("goal", "log", "1", "260", "--on", "2026-11-24")
    coach("commit", "Stretch")
    assert coach("undo").stdout == 'Undid "commit Stretch": commitment 4 is removed.\n'
    assert coach("undo").stdout == (
        'Undid "goal log 1 260 --on 2026-11-24": the check-in of 2026-11-24 (260) is removed.\n'
    )
    assert journal_state(coach, filled) == before


def test_a_deleted_goal_comes_back_with_everything_that_pointed_to_it(coach, coach_json, filled):
    before = journal_state(coach, filled)
    coach("goal", "delete", "1", "--yes")
    result = coach("undo", "--yes")
    assert "goal 1 is back" in result.stdout
    assert journal_state(coach, filled) == before
    assert coach_json("goal", "show", "1")["current"] == 15


def test_undo_of_several_entries_off_a_terminal_needs_a_yes_and_changes_nothing(coach, filled, journal):
    coach("goal", "delete", "1", "--yes")
    before = dump_database(journal)
    result = coach("undo", expect=1)
    assert result.stderr == (
        'Error: undoing "goal delete 1 --yes" changes 3 entries, so it needs a yes: run coach undo on a'
        " terminal to see them first, or add --yes\n"
    )
    assert result.stdout == "" and dump_database(journal) == before
    assert coach("undo", "--yes", "--format", "json", expect=0).stdout.startswith("{")


def test_undo_of_one_entry_never_asks_even_on_a_terminal(coach, filled, interactive):
    coach("goal", "log", "1", "16")
    assert coach("undo").stdout == 'Undid "goal log 1 16": the check-in of 2026-11-25 (16) is removed.\n'


def test_undo_of_several_entries_on_a_terminal_shows_them_and_asks_first(coach, filled, journal, interactive):
    before = journal_state(coach, filled)
    coach("goal", "delete", "1", "--yes")
    deleted = dump_database(journal)
    declined = coach("undo", input="n\n")
    assert declined.stdout == (
        'The latest change, "goal delete 1 --yes", changed 3 entries. Taking it back:\n'
        "  goal 1 is back\n"
        "  reflection 1 has its goal back\n"
        "  commitment 1 has its goal and strategy back\n"
        "Take it back? [y/N]: n\n"
        "Nothing taken back.\n"
    )
    assert dump_database(journal) == deleted
    taken = coach("undo", input="y\n")
    assert taken.stdout.splitlines()[-1].startswith('Undid "goal delete 1 --yes": goal 1 is back')
    assert journal_state(coach, filled) == before


def test_undo_takes_back_only_the_change_that_was_shown(coach, filled, journal):
    """Between the question and the answer another command may write: its change is not taken back."""
    from coachcli.store.db import open_journal
    from coachcli.store.history import CannotUndo, latest_entry, undo_latest
    from coachcli.store.reader import reader_in

    coach("goal", "delete", "1", "--yes")
    opened = open_journal(journal)
    try:
        with opened.transaction(write=False) as session:
            shown = latest_entry(reader_in(session))
        coach("commit", "Written while the person was asked")
        before = dump_database(journal)
        with pytest.raises(CannotUndo) as refused, opened.transaction(write=True) as session:
            undo_latest(session, reader_in(session), shown=shown.id)
        assert (
            "\"commit 'Written while the person was asked'\", made while you were asked"
            in refused.value.message
        )
    finally:
        opened.close()
    assert dump_database(journal) == before


def test_undo_list_shows_the_recent_changes_in_every_format(coach, coach_json, filled):
    coach("goal", "log", "1", "16")
    coach("commit", "Stretch | a <b>")
    changes = coach_json("undo", "--list")
    assert [change["command"] for change in changes] == ["commit 'Stretch | a <b>'", "goal log 1 16"]
    assert all({"id", "at", "command"} <= set(change) for change in changes)
    assert changes[0]["id"] > changes[1]["id"]
    markdown = coach("undo", "--list", "--format", "markdown").stdout
    assert "Stretch \\| a \\<b\\>" in markdown
    assert "goal log 1 16" in coach("undo", "--list").stdout


def test_undo_on_an_empty_history_says_there_is_nothing_to_take_back(coach, journal):
    assert coach("undo").stdout.startswith("Nothing to take back")
    assert coach("undo", "--list").stdout.startswith("No changes yet")


def test_the_history_keeps_the_latest_hundred_changes(coach, journal):
    from coachcli.store.history import HISTORY_KEPT

    for number in range(HISTORY_KEPT + 5):
        coach("strengths", "add", f"Strength {number}", "--custom")
    changes = coach_json_list(coach)
    assert len(changes) == HISTORY_KEPT
    assert changes[-1]["command"] == "strengths add 'Strength 5' --custom"


def coach_json_list(coach):
    return json.loads(coach("undo", "--list", "--format", "json").stdout)


def test_undo_refuses_a_change_a_later_one_touched_and_changes_nothing(coach, filled, journal):
    coach("goal", "log", "1", "260", "--on", "2026-11-24")
    connection = sqlite3.connect(journal)  # another program changes the same row, outside coach's history
    with connection:
        connection.execute("UPDATE checkin SET value = 27 WHERE day = '2026-11-24'")
    connection.close()
    before = dump_database(journal)
    result = coach("undo", expect=1)
    assert "the check-in of 2026-11-24" in result.stderr and "nothing was changed" in result.stderr
    assert dump_database(journal) == before


def test_import_and_demo_cannot_be_undone_and_undo_says_so(coach, filled, tmp_path):
    export = tmp_path / "export.json"
    coach("export", "--format", "json", "--output", export)
    other = tmp_path / "other.db"
    coach("--db", other, "import", export)
    before = dump_database(other)
    result = coach("--db", other, "undo", expect=1)
    assert '"import' in result.stderr and "cannot be undone" in result.stderr
    assert dump_database(other) == before
    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo", "--weeks", "4")
    assert "cannot be undone" in coach("--db", demo, "undo", expect=1).stderr


def test_the_history_is_not_exported(coach, filled):
    coach("goal", "log", "1", "16")
    assert "history" not in coach("export", "--format", "json").stdout


def test_a_reframe_can_be_removed_alone_and_undo_brings_it_back(coach, coach_json, filled):
    coach("reframe", "1", "Sometimes I keep going")
    before = journal_state(coach, filled)
    assert coach("reframe", "1", "--remove").stdout.startswith("Reframe of reflection 1 removed.")
    entry = coach_json("journal")[0]
    assert entry["text"] == "I always give up on hard things" and entry["reframe"] is None
    assert "has no reframe" in coach("reframe", "1", "--remove").stdout
    assert "not both" in coach("reframe", "1", "Again", "--remove", expect=1).stderr
    coach("undo")
    assert journal_state(coach, filled) == before


@pytest.mark.parametrize("value", ["0.3", "0.7", "2.675", "0.30000000000000004", "1e-07", "123456.789"])
def test_undo_gives_back_floats_to_the_last_digit(coach, journal, value):
    """REALs are recorded with every digit (SQLite's JSON keeps 15, its printf 16): a target and a check-in
    deleted with their goal come back exactly, and an edit is taken back exactly."""
    coach("goal", "add", "Save", "--measure", "saved", "--target", value, "--no-input")
    coach("goal", "log", "1", value)
    stored = sqlite3.connect(journal).execute("SELECT target FROM goal").fetchone()[0]
    assert stored == float(value)
    before = dump_database(journal)
    coach("goal", "delete", "1", "--yes")
    coach("undo")
    assert dump_database(journal) == before
    coach("goal", "edit", "1", "--target", "5")
    coach("undo")
    assert dump_database(journal) == before


def test_an_entry_recorded_by_an_earlier_coach_is_still_taken_back(coach, journal):
    """Before the triggers called coach_row, a REAL was kept as [its 17-digit text]: such entries still undo."""
    coach("goal", "add", "Save", "--measure", "saved", "--target", "0.1", "--no-input")
    connection = sqlite3.connect(journal)
    with connection:
        after = json.loads(
            connection.execute("SELECT after FROM history_row WHERE table_name = 'goal'").fetchone()[0]
        )
        assert after["target"] == 0.1
        after["target"] = ["0.10000000000000001"]
        connection.execute("UPDATE history_row SET after = ? WHERE table_name = 'goal'", (json.dumps(after),))
    connection.close()
    assert coach("undo").stdout.startswith('Undid "goal add Save')
    assert coach("goal", "list", "--format", "json").stdout.strip() == "[]"


@pytest.mark.parametrize(("answer", "taken_back"), [("y", True), ("n", False)], ids=["yes", "no"])
def test_undo_of_several_entries_asks_on_a_real_terminal(tmp_path, answer, taken_back):
    pexpect = pytest.importorskip("pexpect")
    journal = tmp_path / "coach.db"
    env = dict(os.environ, COACH_DB=str(journal), COACH_TODAY="2026-11-25", NO_COLOR="1")
    env["COACH_CONFIG"] = str(tmp_path / "config.toml")
    script = [sys.executable, "-m", "coachcli"]
    for args in (["goal", "add", "Run", "--no-input"], ["commit", "Two runs", "--goal", "1"]):
        subprocess.run([*script, *args], env=env, check=True, capture_output=True, timeout=60)
    subprocess.run(
        [*script, "goal", "delete", "1", "--yes"], env=env, check=True, capture_output=True, timeout=60
    )
    child = pexpect.spawn(script[0], [*script[1:], "undo"], env=env, encoding="utf-8", timeout=60)
    child.expect_exact('The latest change, "goal delete 1 --yes", changed 2 entries. Taking it back:')
    child.expect_exact("goal 1 is back")
    child.expect_exact("commitment 1 has its goal back")
    child.expect_exact("Take it back? [y/N]: ")
    child.sendline(answer)
    child.expect_exact('Undid "goal delete 1 --yes"' if taken_back else "Nothing taken back.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    connection = sqlite3.connect(journal)
    try:
        goals = connection.execute("SELECT count(*) FROM goal").fetchone()[0]
        linked = connection.execute("SELECT goal_id FROM commitment").fetchall()
    finally:
        connection.close()
    assert (goals, linked) == ((1, [(1,)]) if taken_back else (0, [(None,)]))


def test_undoing_a_routine_stop_says_the_routine_runs_on(coach):
    coach("commit", "Walk to work", "--every", "week")
    coach("commit", "stop", "1")
    undone = coach("undo", "--yes").stdout
    assert 'Undid "commit stop 1": routine 1 has no stopped week again.' in undone
    assert "back" not in undone  # nothing came back: the stop was cleared
