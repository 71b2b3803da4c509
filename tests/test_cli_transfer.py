"""`coach export` and `coach import`: a lossless round trip, and refusals that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachcli.domain.export_format import SECTIONS
from tests.conftest import dump_database


def exported(coach, *args) -> dict:
    return json.loads(coach(*args, "export").stdout)


def test_round_trip_gives_back_the_same_journal(coach, tmp_path):
    source = tmp_path / "source.db"
    coach("--db", source, "demo", "--weeks", "30")
    coach("--db", source, "goal", "add", "Ship [bold]v2[/bold] | then rest", "--tag", "a|b", "--no-input")
    coach("--db", source, "goal", "log", "1", "+2", "--note", "line one\nline <two> & `three`")
    first = tmp_path / "first.json"
    coach("--db", source, "export", "--output", first)
    copy = tmp_path / "copy.db"
    result = coach("--db", copy, "import", first)
    assert result.stdout.startswith("Imported ")
    second = tmp_path / "second.json"
    coach("--db", copy, "export", "-o", second)
    assert first.read_bytes() == second.read_bytes()
    # Every row comes back; the history of changes (not exported) is each journal's own, and so are the rows'
    # sync identities (`uid`): an imported journal is a journal of its own, not another device of the first.
    assert journal_rows(source) == journal_rows(copy)


def journal_rows(path):
    return [
        (table, rows)
        for table, rows in dump_database(path, leave_out=frozenset({"uid"}))
        if not table.startswith(("history", "sync_"))
    ]


def test_export_has_every_section_and_the_goal_keys(coach):
    coach(
        "goal",
        "add",
        "Run a half marathon",
        "--measure",
        "km",
        "--target",
        "40",
        "--by",
        "2027-03-31",
        "--no-input",
    )
    document = exported(coach)
    assert document["version"] == 1
    assert set(SECTIONS) <= set(document)
    goal = document["goals"][0]
    for key in ("id", "title", "status", "measure", "unit", "baseline", "target", "current", "progress",
                "deadline", "why", "achievable", "tags", "created", "smart", "forecast"):  # fmt: skip
        assert key in goal


def test_import_refuses_a_journal_with_entries(coach, coach_error, journal, tmp_path):
    coach("goal", "add", "Keep this goal", "--no-input")
    export_file = tmp_path / "export.json"
    coach("export", "-o", export_file)
    before = dump_database(journal)
    assert "already holds entries" in coach_error("import", export_file)
    assert dump_database(journal) == before


def valid_document() -> dict:
    return {
        "version": 1,
        "goals": [
            {
                "id": 1,
                "title": "Run a half marathon",
                "status": "active",
                "created": "2026-11-01",
                "created_at": "2026-11-01T08:00:00+00:00",
                "tags": [],
            }
        ],
        "checkins": [
            {"id": 1, "goal_id": 1, "date": "2026-11-02", "value": 3, "created_at": "2026-11-02T08:00:00"}
        ],
    }


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d.update(version=99), "version 99"),
        (lambda d: d["goals"][0].update(title=5), "goals[0] (id 1): 'title' must be text"),
        (lambda d: d["checkins"][0].update(goal_id=7), "checkins[0] (id 1): 'goal_id' 7 names no record"),
        (lambda d: d["goals"].append(dict(d["goals"][0])), "goals[1] (id 1) repeats the id"),
        (lambda d: d["checkins"][0].update(value="NaN"), "'value' must be a number"),
        (lambda d: d["goals"][0].update(status="finished"), "'status' must be one of"),
        (lambda d: d["goals"][0].pop("created"), "has no 'created'"),
        (lambda d: d.update(goals={"id": 1}), "'goals' must be a list"),
    ],
)
def test_bad_import_files_name_the_first_bad_record(coach_error, journal, tmp_path, change, fragment):
    document = valid_document()
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    message = coach_error("import", path)
    assert fragment in message
    assert not journal.exists(), "a bad file is refused before the journal is even opened"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"version": 1, "goals": [{"id": 1, "ti', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
        (b'"just a string"', "does not hold a coach export"),
    ],
)
def test_truncated_or_hostile_files_change_nothing(coach_error, journal, tmp_path, content, fragment):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    assert fragment in coach_error("import", path)
    assert not journal.exists()


def test_valid_import_then_goal_list(coach, coach_json, tmp_path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(valid_document()), encoding="utf-8")
    coach("import", path)
    goals = coach_json("goal", "list")
    assert [(g["id"], g["title"], g["current"]) for g in goals] == [(1, "Run a half marathon", 3)]
    coach("goal", "add", "A second goal after the import", "--no-input")
    assert [g["id"] for g in coach_json("goal", "list")] == [1, 2]


def test_import_of_a_missing_file(coach_error, tmp_path: Path):
    assert "no file" in coach_error("import", tmp_path / "nope.json")


def test_markdown_export_reads_as_a_journal(coach):
    coach("demo", "--weeks", "20")
    coach("goal", "add", "Ship [bold]v2[/bold] | then rest", "--no-input")
    markdown = coach("export", "--format", "markdown").stdout
    assert markdown.startswith("# Coach journal")
    assert "## Goals" in markdown and "## Weeks" in markdown and "## Reflections" in markdown
    assert r"Ship \[bold\]v2\[/bold\] \| then rest" in markdown


def test_a_commitment_reads_the_same_in_the_week_and_in_the_markdown_export(coach):
    coach("goal", "add", "Run a | b", "--no-input")
    coach("commit", "Stretch [bold]daily[/bold]", "--goal", "1", "--week", "2026-W47")
    coach("commit", "Plain one", "--week", "2026-W47")
    coach("mark", "1", "partial", "--note", "Half *of* it")
    coach("mark", "2", "dropped")
    coach("carry", "1", "--to", "2026-W48")
    week = coach("week", "2026-W47", "--format", "markdown").stdout
    export = coach("export", "--format", "markdown").stdout
    partial = r"- [ ] Stretch \[bold\]daily\[/bold\] — *partly done* (carried to 2026-W48)"
    dropped = "- [ ] ~~Plain one~~ — *let go*"
    for line in (partial, dropped, r"  - *Note:* Half \*of\* it"):
        assert line in week.splitlines() and line in export.splitlines(), line
    assert r"#### Goal 1: Run a \| b" in export and r"### Goal 1: Run a \| b" in week


def test_a_deadline_reads_the_same_in_goal_show_the_plan_the_report_and_the_export(coach):
    coach("goal", "add", "Ship the garden shed", "--by", "2026-11-26", "--no-input")
    phrase = "2026-11-26 (1 day left)"
    assert f"- **Deadline:** {phrase}" in coach("goal", "show", "1", "--format", "markdown").stdout
    assert f"- **Deadline:** {phrase}" in coach("export", "--format", "markdown").stdout
    assert f"deadline {phrase}" in coach("week", "plan", "--format", "markdown").stdout
    assert phrase in coach("report", "--format", "markdown").stdout
    assert "1 days" not in coach("week", "plan", "--format", "markdown").stdout
