"""`coach import --from jrnl|csv FILE`: entries of another tool added to any journal, as one change undo takes
back, with a dry run; the jrnl files are made by the real jrnl, in a home of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coachcli.domain.imports import read_checkin_csv, read_jrnl
from coachcli.errors import InputError
from tests.conftest import dump_database

TODAY = date(2026, 11, 25)


def jrnl_journal(tmp_path: Path, *entries: str) -> Path:
    """A plain-text journal written by the real jrnl (its config and data in tmp_path, never a real one)."""
    pytest.importorskip("jrnl", reason="jrnl is in the test extra: pip install '.[test]'")
    home = tmp_path / "jrnl-home"
    config = home / "config" / "jrnl"
    config.mkdir(parents=True)
    journal = home / "journal.txt"
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    for entry in entries:
        run_jrnl(home, entry)
    return journal


def run_jrnl(home: Path, *args: str) -> str:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
    }
    result = subprocess.run(
        [sys.executable, "-m", "jrnl", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=True,
    )
    return result.stdout


ENTRIES = (
    "2026-11-20 09:15: I should always run before work. @running felt good today.",
    "2026-11-21 20:00: Long day at the office. Talked with Sam about the plan.\nWe agreed on Friday. @Work",
    "2026-11-22 08:00: *A quiet morning, tea and pages. #calm",
)


def reflections(coach_json) -> list[dict]:
    return sorted(coach_json("journal"), key=lambda entry: entry["date"])


def test_jrnl_entries_become_reflections_with_their_dates_tags_and_beliefs(tmp_path, coach, coach_json):
    journal = jrnl_journal(tmp_path, *ENTRIES)
    coach("reflect", "Already here before the import.", "--on", "2026-11-10", "--no-input")

    result = coach("import", "--from", "jrnl", journal)

    assert "Imported 3 reflections" in result.stdout
    assert 'You wrote "should"' in result.stdout  # noticed as `coach reflect` notices it
    found = reflections(coach_json)
    assert [entry["date"] for entry in found] == ["2026-11-10", "2026-11-20", "2026-11-21", "2026-11-22"]
    first, second, third = found[1:]
    assert first["text"] == "I should always run before work.\n@running felt good today."
    assert first["tags"] == ["running"] and first["week"] == "2026-W47"
    assert [belief["phrase"] for belief in first["beliefs"]]  # the JSON names the belief language
    assert second["text"].endswith("We agreed on Friday. @Work") and second["tags"] == ["work"]
    assert third["text"] == "A quiet morning, tea and pages.\n#calm"
    assert third["tags"] == ["calm", "starred"]


def test_jrnl_json_export_gives_the_same_reflections_and_nothing_twice(tmp_path, coach, coach_json):
    journal = jrnl_journal(tmp_path, *ENTRIES)
    home = journal.parent
    exported = tmp_path / "export.json"
    exported.write_text(run_jrnl(home, "--export", "json"), encoding="utf-8")

    coach("import", "--from", "jrnl", exported)
    from_json = [(entry["date"], entry["text"], entry["tags"]) for entry in reflections(coach_json)]
    again = coach("import", "--from", "jrnl", journal)

    assert "Nothing to add; 3 already in the journal" in again.stdout
    assert [(entry["date"], entry["text"], entry["tags"]) for entry in reflections(coach_json)] == from_json
    assert len(from_json) == 3 and from_json[2][2] == ["calm", "starred"]


def test_jrnl_json_from_standard_input(tmp_path, coach, coach_json):
    journal = jrnl_journal(tmp_path, ENTRIES[0])
    exported = run_jrnl(journal.parent, "--export", "json")

    coach("import", "--from", "jrnl", "-", input=exported)

    assert [entry["date"] for entry in reflections(coach_json)] == ["2026-11-20"]


def test_dry_run_says_what_would_be_added_and_writes_nothing(tmp_path, coach, journal):
    jrnl_file = jrnl_journal(tmp_path, *ENTRIES)
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "21", "--no-input")
    before = dump_database(journal)

    result = coach("import", "--from", "jrnl", jrnl_file, "--dry-run")

    assert "Would add 3 reflections" in result.stdout
    assert "2026-11-21  Long day at the office." in result.stdout
    assert "Nothing was written (--dry-run)." in result.stdout
    assert dump_database(journal) == before
    csv_file = tmp_path / "runs.csv"
    csv_file.write_text("1,2026-11-01,5\n", encoding="utf-8")
    result = coach("import", "--from", "csv", csv_file, "--dry-run")
    assert "Would add 1 check-in" in result.stdout and "5 on 2026-11-01" in result.stdout
    assert dump_database(journal) == before


def test_an_import_is_one_change_that_undo_takes_back(tmp_path, coach, coach_json):
    jrnl_file = jrnl_journal(tmp_path, *ENTRIES)
    coach("reflect", "Kept through the undo.", "--no-input")

    coach("import", "--from", "jrnl", jrnl_file)
    assert len(coach_json("journal")) == 4
    changes = coach_json("undo", "--list")
    assert changes[0]["command"].startswith("import --from jrnl")
    coach("undo", "--yes")

    assert [entry["text"] for entry in coach_json("journal")] == ["Kept through the undo."]


def test_csv_check_ins_for_a_goal_by_id_or_title(tmp_path, coach, coach_json):
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "21", "--no-input")
    coach("goal", "log", "1", "3", "--on", "2026-10-25")
    csv_file = tmp_path / "runs.csv"
    csv_file.write_text(
        'goal,date,value,note\n1,2026-11-01,5,"easy, with Sam"\n\nrun a half marathon in spring,8 Nov 2026,8\n',
        encoding="utf-8",
    )

    result = coach("import", "--from", "csv", csv_file)

    assert "Imported 2 check-ins" in result.stdout
    checkins = coach_json("goal", "show", "1")["checkins"]
    assert [(c["date"], c["value"], c["note"]) for c in checkins] == [
        ("2026-10-25", 3, None),
        ("2026-11-01", 5, "easy, with Sam"),
        ("2026-11-08", 8, None),
    ]
    coach("undo", "--yes")
    assert len(coach_json("goal", "show", "1")["checkins"]) == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("1,2026-11-01,5\n1,2026-11-02,lots\n", 'line 2: the value "lots" is not a number'),
        ("1,2026-11-01,5\n\n1,05/01/2026,6\n", "line 3: "),
        ("1,2026-11-01\n", "line 1: 2 columns; a check-in has 3 or 4"),
        ("7,2026-11-01,5\n", "line 1: there is no goal 7"),
        ("Learn to juggle,2026-11-01,5\n", 'line 1: no goal is called "Learn to juggle"'),
        ("1,2026-12-24,5\n", "line 1: the date 2026-12-24 is in the future"),
    ],
)
def test_a_bad_csv_row_is_one_error_naming_its_line_and_nothing_is_written(
    tmp_path, coach, coach_error, journal, rows, message
):
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "21", "--no-input")
    csv_file = tmp_path / "runs.csv"
    csv_file.write_text(rows, encoding="utf-8")
    before = dump_database(journal)

    error = coach_error("import", "--from", "csv", csv_file)

    assert error.startswith(f"Error: {csv_file}, {message}")
    assert dump_database(journal) == before


def test_a_bad_jrnl_file_is_one_error_naming_its_line(tmp_path, coach, coach_error, journal):
    coach("reflect", "Something to keep.", "--no-input")
    before = dump_database(journal)
    future = jrnl_journal(tmp_path, ENTRIES[0], "2026-12-20 10:00: Not yet written.")
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\n[2026-11-20 09:00:00 AM] An entry\n", encoding="utf-8")

    assert "line 4: the entry's date 2026-12-20 is in the future" in coach_error(
        "import", "--from", "jrnl", future
    )
    assert "line 1: this is not a jrnl entry" in coach_error("import", "--from", "jrnl", notes)
    assert dump_database(journal) == before


def test_the_whole_journal_import_still_wants_an_empty_journal(tmp_path, coach, coach_error):
    coach("reflect", "Something to keep.", "--no-input")
    exported = tmp_path / "export.json"
    coach("export", "-o", exported)

    assert coach("import", exported, "--dry-run").stdout.startswith("Would import 1 reflection.")
    assert "--from jrnl|csv" in coach_error("import", exported)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[2026-11-20 09:15:00 AM] Title. Body\nmore\n\n", [("2026-11-20", "Title. Body\nmore", ())]),
        ("[2026-11-20 21:15] Done *\n", [("2026-11-20", "Done", ("starred",))]),
        ("[20 November 2026 9:15 PM] A @Tag and #two\n", [("2026-11-20", "A @Tag and #two", ("tag", "two"))]),
        ("[2026-11-20 09:00] One\n[x] not a date\n[2026-11-21 09:00] Two", [
            ("2026-11-20", "One\n[x] not a date", ()),
            ("2026-11-21", "Two", ()),
        ]),
        ('{"entries": [{"date": "2026-11-20", "title": "T.", "body": "B", "tags": ["@a"], "starred": true}]}',
         [("2026-11-20", "T.\nB", ("a", "starred"))]),
    ],
)  # fmt: skip
def test_reading_jrnl(text, expected):
    found = [(entry.day.isoformat(), entry.text, entry.tags) for entry in read_jrnl(text, TODAY)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[05/01/2026 09:00] Ambiguous\n", "line 1: cannot read the entry's date"),
        ('{"entries": [{"title": "no date"}]}', 'line 1: entry 1 has no "date"'),
        ('{"entries": [', "line 1: this is not valid JSON"),
        ("[2026-11-20 09:00]  \n", "line 1: the entry has no text"),
    ],
)
def test_reading_jrnl_refuses_what_it_cannot_read(text, message):
    with pytest.raises(InputError, match=message):
        read_jrnl(text, TODAY)


def test_reading_a_csv_skips_its_header_and_blank_lines():
    rows = read_checkin_csv("Goal,Date,Value,Note\n\n1,2026-11-01,-2.5,\n", TODAY)
    assert [(row.line, row.goal, row.day.isoformat(), row.value, row.note) for row in rows] == [
        (3, "1", "2026-11-01", -2.5, None)
    ]
