"""`coach reflect`, `coach reframe` and `coach journal` end to end, on a real journal file."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import dump_database

TRICKY_TEXT = (
    "Ran [bold]5 km[/bold] | felt *great*\n\n  - café ☕ with Zoë\n# Not a heading to strip\n<b>x</b>"
)
TEMPLATE_MARK = "<<TEMPLATE>>"

EDITOR_SCRIPT = """\
import json, os, pathlib, stat, sys

record, reply, status = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
path = pathlib.Path(sys.argv[-1])
template = path.read_text(encoding="utf-8")
mode = stat.S_IMODE(os.stat(path).st_mode)
record.write_text(json.dumps({"path": str(path), "mode": mode, "template": template}), encoding="utf-8")
path.write_text(reply.read_text(encoding="utf-8").replace("<<TEMPLATE>>", template), encoding="utf-8")
sys.exit(status)
"""


class StandInEditor:
    """A small editor program: it records the file it was given and writes a prepared reply into it."""

    def __init__(self, folder: Path, reply: str, status: int = 0) -> None:
        self.script = folder / "stand-in editor.py"
        self.script.write_text(f"#!{sys.executable}\n{EDITOR_SCRIPT}", encoding="utf-8")
        self.script.chmod(0o700)
        self.record = folder / "editor-record.json"
        self.reply = folder / "editor-reply.txt"
        self.reply.write_text(reply, encoding="utf-8")
        self.command = shlex.join([str(self.script), str(self.record), str(self.reply), str(status)])

    @property
    def opened(self) -> bool:
        return self.record.exists()

    @property
    def seen(self) -> dict:
        return json.loads(self.record.read_text(encoding="utf-8"))


def reflections(coach_json, *args) -> list[dict]:
    return [entry for entry in coach_json("journal", *args) if entry["kind"] == "reflection"]


def add_goal(coach, title: str = "Run a half marathon") -> None:
    coach("goal", "add", title, "--no-input")


def add_week_note(journal: Path, week: str, text: str) -> None:
    """A week note as `coach week review` writes it (that command belongs to another part of coach)."""
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute(
            "INSERT INTO week_note (week, text, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (week, text, "2026-11-30 08:00:00", "2026-11-30 08:00:00"),
        )
    connection.close()


# --- where the text comes from ------------------------------------------------------------------------


def test_reflect_from_the_argument_keeps_the_text_exactly(coach, coach_json):
    result = coach("reflect", TRICKY_TEXT)
    assert result.stdout.startswith("Reflection 1 saved.")
    (entry,) = reflections(coach_json)
    assert entry["text"] == TRICKY_TEXT
    assert (entry["id"], entry["date"], entry["week"], entry["goal_id"], entry["tags"]) == (
        1,
        "2026-11-25",
        "2026-W48",
        None,
        [],
    )
    assert {"id", "date", "text", "goal_id", "week", "tags", "reframe"} <= set(entry)


def test_reflect_from_a_pipe_keeps_the_text_but_one_final_newline(coach, coach_json):
    coach("reflect", "--tag", "piped", input=TRICKY_TEXT + "\n\n")
    (entry,) = reflections(coach_json)
    assert entry["text"] == TRICKY_TEXT + "\n"
    assert entry["tags"] == ["piped"]


def test_reflect_from_a_pipe_of_crlf_text(coach, coach_json):
    coach("reflect", input="first line\r\nsecond line\r\n")
    assert reflections(coach_json)[0]["text"] == "first line\r\nsecond line"


def test_reflect_in_the_editor_end_to_end(coach, coach_json, interactive, tmp_path, monkeypatch):
    editor = StandInEditor(tmp_path, TRICKY_TEXT + "\n" + TEMPLATE_MARK)
    monkeypatch.setenv("EDITOR", editor.command)
    add_goal(coach)
    result = coach("reflect", "--goal", "1", "--tag", "run", "--tag", "joy")
    assert result.stdout.startswith("Reflection 1 saved.")
    seen = editor.seen
    assert seen["template"].startswith("\n# coach: ")
    assert seen["mode"] == 0o600
    assert seen["path"].endswith(".md")
    assert not Path(seen["path"]).exists(), "the temporary file is removed"
    (entry,) = reflections(coach_json)
    assert entry["text"] == TRICKY_TEXT
    assert (entry["goal_id"], entry["goal_title"], entry["tags"]) == (
        1,
        "Run a half marathon",
        ["run", "joy"],
    )


def test_visual_wins_over_editor(coach, coach_json, interactive, tmp_path, monkeypatch):
    visual = StandInEditor(tmp_path, "Written in VISUAL")
    monkeypatch.setenv("VISUAL", visual.command)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    coach("reflect")
    assert reflections(coach_json)[0]["text"] == "Written in VISUAL"


def test_editor_left_empty_saves_nothing(coach, coach_json, interactive, tmp_path, monkeypatch):
    editor = StandInEditor(tmp_path, TEMPLATE_MARK)
    monkeypatch.setenv("EDITOR", editor.command)
    result = coach("reflect")
    assert editor.opened
    assert "Nothing saved" in result.stdout
    assert coach_json("journal") == []


def test_editor_left_blank_saves_nothing(coach, coach_json, interactive, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", StandInEditor(tmp_path, "  \n\n\t\n" + TEMPLATE_MARK).command)
    assert "Nothing saved" in coach("reflect").stdout
    assert coach_json("journal") == []


def test_editor_that_fails_saves_nothing(coach, coach_error, coach_json, interactive, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", StandInEditor(tmp_path, "half a thought", status=3).command)
    assert "exit status 3" in coach_error("reflect")
    assert coach_json("journal") == []


def test_missing_editor_program_is_a_clear_error(coach_error, interactive, monkeypatch, tmp_path):
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    assert "cannot start the editor" in coach_error("reflect")


def test_no_editor_on_a_terminal_is_a_clear_error(coach_error, interactive):
    assert "EDITOR" in coach_error("reflect")


def test_no_input_on_a_terminal_never_opens_the_editor(coach_error, interactive, tmp_path, monkeypatch):
    editor = StandInEditor(tmp_path, "never written")
    monkeypatch.setenv("EDITOR", editor.command)
    assert "argument" in coach_error("reflect", "--no-input")
    assert not editor.opened


def test_unknown_goal_is_refused_before_the_editor_opens(coach_error, interactive, tmp_path, monkeypatch):
    editor = StandInEditor(tmp_path, "a long reflection I would hate to lose")
    monkeypatch.setenv("EDITOR", editor.command)
    assert "no goal 7" in coach_error("reflect", "--goal", "7")
    assert not editor.opened


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (("reflect", "   \n  "), None, "empty"),
        (("reflect", ""), None, "empty"),
        (("reflect",), "", "empty"),
        (("reflect",), " \n\n", "empty"),
        (("reflect", "x", "--goal", "7"), None, "no goal 7"),
        (("reflect", "x", "--week", "someday"), None, "someday"),
        (("reflect", "x", "--week", "2026-W54"), None, "2026-W54"),
        (("reflect", "x", "--on", "2026-12-01"), None, "future"),
        (("reflect", "x", "--on", "banana"), None, "banana"),
        (("reflect", "x", "--tag", " "), None, "tag"),
        (("reflect", "x", "--reframe", " "), None, "reframe is empty"),
        (("reframe", "9", "something kinder"), None, "no reflection 9"),
        (("reframe", "1"), None, "coach reframe 1"),
        (("reframe", "1", "  "), None, "empty"),
        (("journal", "--goal", "7"), None, "no goal 7"),
        (("journal", "--since", "2026-11-20", "--until", "2026-11-01"), None, "swap"),
        (("journal", "--since", "05/01/2026"), None, "ambiguous"),
        (("journal", "--search", " "), None, "--search"),
    ],
)
def test_bad_input_is_one_clear_error_and_changes_nothing(coach, coach_error, journal, args, stdin, fragment):
    coach("reflect", "I should stretch after running")
    before = dump_database(journal)
    assert fragment in coach_error(*args, input=stdin)
    assert dump_database(journal) == before


def test_piped_text_that_is_not_utf8_is_refused(journal):
    from typer.testing import CliRunner

    from coachcli.cli.app import app

    result = CliRunner().invoke(app, ["reflect"], input=b"caf\xe9 au lait")
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr


# --- dates, weeks, goals and tags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "stored"),
    [("this", "2026-W48"), ("last", "2026-W47"), ("2026-w40", "2026-W40"), ("2026-11-02", "2026-W45"),
     ("next week", "2026-W49"), ("Nov 2", "2026-W45")],
)  # fmt: skip
def test_week_takes_every_week_form(coach, coach_json, week, stored):
    coach("reflect", "A calm week", "--week", week)
    assert reflections(coach_json)[0]["week"] == stored


def test_on_back_fills_and_defaults_the_week_to_its_date(coach, coach_json):
    coach("reflect", "Back then", "--on", "Mar 31")
    coach("reflect", "Yesterday", "--on", "yesterday")
    entries = reflections(coach_json)
    assert [(e["date"], e["week"]) for e in entries] == [
        ("2026-11-24", "2026-W48"),
        ("2026-03-31", "2026-W14"),
    ]


def test_tags_keep_their_order_and_drop_repeats(coach, coach_json):
    coach("reflect", "Tagged", "--tag", "zeta", "--tag", "alpha", "--tag", "zeta", "--tag", "mid")
    assert reflections(coach_json)[0]["tags"] == ["zeta", "alpha", "mid"]


def test_deleting_the_goal_keeps_the_reflection(coach, coach_json):
    add_goal(coach)
    coach("reflect", "About the run", "--goal", "1")
    coach("goal", "delete", "1", "--yes")
    (entry,) = reflections(coach_json)
    assert (entry["text"], entry["goal_id"], entry["goal_title"]) == ("About the run", None, None)


# --- belief language and reframes ---------------------------------------------------------------------


def test_belief_language_off_a_terminal_asks_and_says_how_to_reframe_later(coach, coach_json):
    result = coach("reflect", "I MUST finish everything before Friday", input="")
    assert '"MUST"' in result.stdout
    question = 'You wrote "MUST". What would happen if you didn\'t, and what do you want here?'
    assert question in result.stdout
    assert 'coach reframe 1 "..."' in result.stdout
    (entry,) = reflections(coach_json)
    assert entry["reframe"] is None
    assert entry["beliefs"] == [{"phrase": "MUST", "kind": "obligation", "question": question}]


def test_no_question_without_belief_language(coach):
    result = coach("reflect", "Ran with the club and enjoyed it")
    assert result.stdout.strip() == "Reflection 1 saved."


def test_belief_language_on_a_terminal_records_the_reframe(coach, coach_json, interactive):
    reframe = "I choose to run three times a week because it makes me feel strong"
    result = coach("reflect", "I should be running every day", input=reframe + "\n")
    assert 'You wrote "should".' in result.stdout
    assert "Reframe saved with reflection 1." in result.stdout
    assert reflections(coach_json)[0]["reframe"] == reframe


def test_an_empty_answer_skips_the_reframe(coach, coach_json, interactive):
    result = coach("reflect", "I never rest", input="\n")
    assert "Reframe saved" not in result.stdout
    assert reflections(coach_json)[0]["reframe"] is None


def test_editor_then_reframe_on_the_terminal(coach, coach_json, interactive, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "EDITOR", StandInEditor(tmp_path, "I have to say yes to everyone\n" + TEMPLATE_MARK).command
    )
    coach("reflect", input="I say yes when I mean it\n")
    (entry,) = reflections(coach_json)
    assert (entry["text"], entry["reframe"]) == ("I have to say yes to everyone", "I say yes when I mean it")


def test_reframe_option_saves_it_without_asking(coach, coach_json, interactive):
    result = coach("reflect", "I always say yes", "--reframe", "I say yes when I mean it", input="")
    assert "You wrote" not in result.stdout
    assert reflections(coach_json)[0]["reframe"] == "I say yes when I mean it"


def test_reframe_later_by_argument_and_on_a_terminal(coach, coach_json, interactive):
    coach("reflect", "I ought to call more often", "--no-input")
    assert "Reframe saved" in coach("reframe", "1", "I call when I [i]want[/i] to").stdout
    assert reflections(coach_json)[0]["reframe"] == "I call when I [i]want[/i] to"
    shown = coach("reframe", "1", input="Calling is a gift I give\n").stdout
    assert "I ought to call more often" in shown and "Whose expectation" in shown
    assert reflections(coach_json)[0]["reframe"] == "Calling is a gift I give"
    assert "Nothing changed" in coach("reframe", "1", input="\n").stdout
    assert reflections(coach_json)[0]["reframe"] == "Calling is a gift I give"


# --- the journal --------------------------------------------------------------------------------------


@pytest.fixture
def written(coach, journal):
    """A goal, four reflections over three weeks, and two week notes."""
    add_goal(coach)
    coach("goal", "add", "Read twelve novels this year", "--no-input")
    coach("reflect", "I should run every day", "--goal", "1", "--tag", "health", "--on", "2026-11-10",
          "--reframe", "I choose three runs a week")  # fmt: skip
    coach("reflect", "Long run in the rain, 100% soaked", "--goal", "1", "--on", "2026-11-17")
    coach("reflect", "Un été à lire_au_lit", "--goal", "2", "--tag", "Lecture", "--on", "2026-11-17")
    coach("reflect", "A quiet day", "--tag", "Rest")
    add_week_note(journal, "2026-W46", "A steady week; the rain did not stop me")
    add_week_note(journal, "2026-W47", "Reading before sleep helped")


def test_journal_lists_newest_first_with_week_notes(coach_json, written):
    entries = coach_json("journal")
    assert [(e["kind"], e.get("id") or e["week"], e["date"]) for e in entries] == [
        ("reflection", 4, "2026-11-25"),
        ("week_note", "2026-W47", "2026-11-22"),
        ("reflection", 3, "2026-11-17"),
        ("reflection", 2, "2026-11-17"),
        ("week_note", "2026-W46", "2026-11-15"),
        ("reflection", 1, "2026-11-10"),
    ]
    assert entries[1]["text"] == "Reading before sleep helped"
    assert entries[3]["goal_title"] == "Run a half marathon"
    assert entries[5]["reframe"] == "I choose three runs a week"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--search", "RAIN"), [2, "2026-W46"]),
        (("--search", "ÉTÉ"), [3]),
        (("--search", "three RUNS"), [1]),  # in the reframe
        (("--search", "rest"), [4]),  # in a tag, any case
        (("--search", "100%"), [2]),
        (("--search", "%"), [2]),
        (("--search", "_"), [3]),
        (("--search", "lire_au"), [3]),
        (("--search", "nothing like this"), []),
        (("--goal", "1"), [2, 1]),
        (("--goal", "2"), [3]),
        (("--tag", "health"), [1]),
        (("--tag", "HEALTH"), []),
        (("--since", "2026-11-17"), [4, "2026-W47", 3, 2]),
        (("--until", "2026-11-17"), [3, 2, "2026-W46", 1]),
        (("--since", "2026-11-11", "--until", "2026-11-22"), ["2026-W47", 3, 2, "2026-W46"]),
        (("--since", "2026-11-16", "--until", "2026-11-21"), [3, 2]),
        (("--since", "Nov 17", "--until", "yesterday"), ["2026-W47", 3, 2]),
        (("--goal", "1", "--search", "run"), [2, 1]),
        (("--search", "run", "--since", "2026-11-11"), [2]),
    ],
)
def test_journal_search_and_filters(coach_json, written, args, expected):
    entries = coach_json("journal", *args)
    assert [e.get("id") or e["week"] for e in entries] == expected


def test_journal_rich_shows_text_goal_week_and_notes(coach, written):
    coach("reflect", TRICKY_TEXT, "--goal", "1")
    shown = coach("journal", env={"COLUMNS": "200"}).stdout
    assert "Run a half marathon" in shown and "2026-W48" in shown
    assert "Ran [bold]5 km[/bold] | felt *great*" in shown
    assert "café ☕ with Zoë" in shown
    assert "Week note 2026-W47" in shown
    assert "Reframe: I choose three runs a week" in shown


@pytest.mark.parametrize(
    "text", ["C:\\should\\ [never] \\[must] x\\", "[bold]x[/bold] [/] [red", "tab\there\x1b[31m red?"]
)
def test_journal_rich_never_reads_user_text_as_markup(coach, journal, text):
    coach("reflect", text, "--tag", "end\\", "--no-input")
    shown = coach("journal", env={"COLUMNS": "200"}).stdout
    assert text.replace("\x1b", "\\x1b").expandtabs() in shown  # an escape code is shown, never obeyed
    assert "#end\\\n" in shown


def test_journal_markdown_escapes_user_text(coach, written):
    coach("reflect", TRICKY_TEXT)
    markdown = coach("journal", "--format", "markdown").stdout
    assert markdown.startswith("# Journal")
    assert r"Ran \[bold\]5 km\[/bold\] \| felt \*great\*" in markdown
    assert r"\# Not a heading to strip" in markdown
    assert r"\<b\>x\</b\>" in markdown
    assert "> **Reframe:** I choose three runs a week" in markdown
    assert "Week note 2026-W47" in markdown


def test_journal_empty_and_filtered_to_nothing(coach, coach_json):
    assert coach_json("journal") == []
    assert "coach reflect" in coach("journal").stdout
    assert "Nothing in the journal" in coach("journal", "--search", "[red]x").stdout


def test_journal_to_a_file(coach, written, tmp_path):
    target = tmp_path / "journal.json"
    assert coach("journal", "--format", "json", "-o", target).stdout == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 6
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


# --- goal show and demo -------------------------------------------------------------------------------


def test_goal_show_lists_its_latest_reflections(coach, coach_json, written):
    for day in range(18, 25):
        coach("reflect", f"Run number {day}", "--goal", "1", "--on", f"2026-11-{day}")
    goal = coach_json("goal", "show", "1")
    assert [r["text"] for r in goal["reflections"]] == [f"Run number {day}" for day in range(24, 19, -1)]
    assert all(r["goal_id"] == 1 for r in goal["reflections"])
    shown = coach("goal", "show", "1", env={"COLUMNS": "200"}).stdout
    assert "Reflections" in shown and "Run number 24" in shown and "coach journal --goal 1" in shown
    markdown = coach("goal", "show", "2", "--format", "markdown").stdout
    assert "## Reflections" in markdown and "Un été à lire\\_au\\_lit" in markdown


def test_goal_show_without_reflections(coach, coach_json):
    add_goal(coach)
    assert coach_json("goal", "show", "1")["reflections"] == []
    assert "Reflections" not in coach("goal", "show", "1").stdout


def test_demo_reflections_lean_on_beliefs_and_link_goals_and_weeks(coach, coach_json):
    coach("demo", "--weeks", "40")
    entries = reflections(coach_json)
    assert 5 <= len(entries) <= 41
    assert any(e["beliefs"] and e["reframe"] for e in entries)
    assert any(e["goal_id"] is not None for e in entries)
    assert all(e["week"] and e["date"] <= "2026-11-25" for e in entries)
    latest = entries[0]
    assert latest["text"] == "I should be running every day."
    assert latest["reframe"] == "I choose to run three times a week because it makes me feel strong."
    assert latest["goal_title"] == "Run a half marathon in under 2 hours"
    assert len(reflections(coach_json, "--search", "SHOULD")) >= 1


def test_demo_of_ten_years_keeps_about_a_reflection_a_week_or_fewer(coach, coach_json):
    coach("demo", "--weeks", "520")
    entries = reflections(coach_json)
    assert 100 <= len(entries) <= 520
