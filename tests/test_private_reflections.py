"""Private reflections: only for the person who wrote them, never in what they share."""

from __future__ import annotations

import json
import sqlite3

SECRET = "SECRET: I am scared of the race"
SHARED = "Ran with Sam, it felt easy"


def write_both(coach):
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    coach("commit", "Run twice", "--goal", 1, "--week", "last")
    coach("mark", 1, "done", "--note", "Sam came along")
    assert coach("reflect", SECRET, "--private", "--goal", 1, "--no-input").stdout.startswith(
        "Reflection 1 saved as private"
    )
    assert coach("reflect", SHARED, "--goal", 1, "--no-input").stdout.startswith("Reflection 2 saved.")


def test_a_private_reflection_is_marked_in_the_journal(coach, coach_json, journal):
    write_both(coach)
    entries = coach_json("journal")
    assert [(entry["id"], entry["private"]) for entry in entries] == [(2, False), (1, True)]
    assert "private" in coach("journal").stdout
    assert "Goal 1: Run a half marathon in spring · Private*" in coach("journal", "-f", "markdown").stdout
    row = sqlite3.connect(journal).execute("SELECT private FROM reflection WHERE id = 1").fetchone()
    assert row == (1,)


def test_private_reflections_stay_out_of_the_brief_and_the_report(coach):
    write_both(coach)
    for args in (
        ("brief",),
        ("brief", "-f", "html"),
        ("brief", "-f", "json"),
        ("brief", "--goal", 1),
        ("report", "-f", "markdown"),
        ("report", "-f", "json"),
        ("report",),
    ):
        shown = coach(*args).stdout
        assert "SECRET" not in shown, args
    assert SHARED in coach("brief").stdout


def test_the_markdown_export_leaves_them_out_unless_asked(coach, tmp_path):
    write_both(coach)
    markdown = coach("export", "--format", "markdown").stdout
    assert SHARED in markdown and "SECRET" not in markdown
    everything = coach("export", "--format", "markdown", "--include-private").stdout
    assert SHARED in everything and SECRET in everything and "· Private*" in everything


def test_the_json_export_always_keeps_them_and_import_gives_them_back(coach, tmp_path):
    write_both(coach)
    exported = json.loads(coach("export").stdout)
    assert [(r["id"], r["private"]) for r in exported["reflections"]] == [(1, True), (2, False)]
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(exported))
    copy = tmp_path / "copy.db"
    coach("--db", copy, "import", path)
    again = json.loads(coach("--db", copy, "export").stdout)
    assert again["reflections"] == exported["reflections"]


def test_an_export_without_the_key_imports_as_shared(coach, tmp_path):
    write_both(coach)
    exported = json.loads(coach("export").stdout)
    for reflection in exported["reflections"]:
        del reflection["private"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(exported))
    copy = tmp_path / "copy.db"
    coach("--db", copy, "import", path)
    assert [r["private"] for r in json.loads(coach("--db", copy, "export").stdout)["reflections"]] == [
        False,
        False,
    ]


def test_an_export_with_a_bad_private_value_is_refused(coach, coach_error, tmp_path):
    write_both(coach)
    exported = json.loads(coach("export").stdout)
    exported["reflections"][0]["private"] = "yes"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(exported))
    assert "'private' must be true or false" in coach_error("--db", tmp_path / "copy.db", "import", path)


def test_journal_edit_replaces_the_text_exactly_as_typed(coach, coach_json):
    write_both(coach)
    assert coach("journal", "edit", 2, "Ran with Sam **and** Jo | twice").stdout == "Reflection 2 updated.\n"
    entry = coach_json("journal", "--search", "Jo")[0]
    assert (entry["id"], entry["text"], entry["private"]) == (2, "Ran with Sam **and** Jo | twice", False)


def test_journal_without_a_subcommand_still_lists_and_filters(coach, coach_json):
    write_both(coach)
    assert [entry["id"] for entry in coach_json("journal", "--search", "sam")] == [2]
    assert "Journal · 2 entries" in coach("journal").stdout
    assert coach("journal", "--help").stdout.startswith("Usage: coach journal ")
