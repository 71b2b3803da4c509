"""Limits defined once (domain.limits) and held everywhere: import files that used to pass validation and
crash the insert, text too long to show, numbers no person means, the calendar's ends, and Markdown that
GitHub's renderer would turn into links. Real coach processes on real files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from coachcli.domain.limits import LINE_LENGTH, LONG_TEXT_LENGTH
from tests.reliability.conftest import RealJournal, assert_one_error_line, folder_listing, query


@pytest.fixture(scope="module")
def export_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The JSON export of a small journal: a goal with a check-in, and a commitment carried once."""
    journal = RealJournal(tmp_path_factory.mktemp("exported") / "coach.db")
    journal.ok("goal", "add", "Run a half marathon", "--target", "21", "--no-input")
    journal.ok("goal", "log", "1", "5")
    journal.ok("commit", "Run twice", "--goal", "1", "--week", "2026-W47")
    journal.ok("mark", "1", "partial")
    journal.ok("carry", "1", "--to", "2026-W48")
    journal.ok("reflect", "A good week")
    return journal.ok("export").stdout


@pytest.fixture
def export(export_text: str) -> dict[str, Any]:
    """That export, read afresh for each test (which changes it)."""
    return json.loads(export_text)


def import_into_new_journal(tmp_path: Path, content: bytes) -> tuple[RealJournal, Any]:
    source = tmp_path / "import.json"
    source.write_bytes(content)
    journal = RealJournal(tmp_path / "new" / "coach.db")
    return journal, journal.run("import", source)


def assert_refused_leaving_nothing(tmp_path: Path, document: dict[str, Any], *fragments: str) -> None:
    journal, result = import_into_new_journal(tmp_path, json.dumps(document).encode())
    assert_one_error_line(result, *fragments)
    assert not journal.path.exists() or folder_listing(journal.path.parent) == [], "an empty schema was left"


@pytest.mark.parametrize(
    ("section", "field", "value", "fragment"),
    [
        ("goals", "title", "\ud800", "not text"),
        ("goals", "created_at", "0001-01-01T00:00:00+14:00", "out of range"),
        ("checkins", "value", int("9" * 4000), "out of range"),
        ("checkins", "value", 1e308, "out of range"),
        ("goals", "why", "x" * (LONG_TEXT_LENGTH + 1), "at most"),
        ("goals", "title", "x" * (LINE_LENGTH + 1), "at most"),
        ("goals", "deadline", "9999-12-31", "out of range"),
    ],
    ids=["surrogate", "timestamp", "4000-digits", "1e308", "long-why", "long-title", "last-day"],
)
def test_import_validation_names_the_record_instead_of_crashing_the_insert(
    export: dict[str, Any], tmp_path: Path, section: str, field: str, value: Any, fragment: str
) -> None:
    export[section][0][field] = value
    assert_refused_leaving_nothing(tmp_path, export, f"{section}[0]", f"'{field}'", fragment)


def test_a_5000_digit_number_is_a_clear_error(export: dict[str, Any], tmp_path: Path) -> None:
    text = json.dumps(export).replace('"value": 5.0', '"value": ' + "9" * 5000)
    _, result = import_into_new_journal(tmp_path, text.encode())
    assert_one_error_line(result, "thousands of digits")


def test_a_carried_from_that_points_forward_in_the_file_imports(
    export: dict[str, Any], tmp_path: Path
) -> None:
    export["commitments"].reverse()  # the copy first, then the commitment it was carried from
    journal, result = import_into_new_journal(tmp_path, json.dumps(export).encode())
    assert result.returncode == 0, result.stderr
    assert query(journal.path, "SELECT id, carried_from FROM commitment ORDER BY id") == [(1, None), (2, 1)]


def test_a_carried_from_loop_is_named(export: dict[str, Any], tmp_path: Path) -> None:
    export["commitments"][0]["carried_from"] = 2
    assert_refused_leaving_nothing(tmp_path, export, "commitments[0]", "comes back to itself")


def test_an_export_saved_with_a_byte_order_mark_imports(export: dict[str, Any], tmp_path: Path) -> None:
    journal, result = import_into_new_journal(tmp_path, b"\xef\xbb\xbf" + json.dumps(export).encode())
    assert result.returncode == 0, result.stderr
    assert query(journal.path, "SELECT title FROM goal") == [("Run a half marathon",)]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "0002-06-01"])
def test_demo_near_the_calendars_ends_is_a_clear_error(tmp_path: Path, day: str) -> None:
    journal = RealJournal(tmp_path / "demo.db")
    result = journal.run("demo", env={"COACH_TODAY": day})
    assert_one_error_line(result, "COACH_TODAY")


@pytest.mark.parametrize("day", ["0003-04-28", "9996-12-26"])
def test_demo_at_the_first_and_last_day_it_allows_works(tmp_path: Path, day: str) -> None:
    journal = RealJournal(tmp_path / "demo.db")
    journal.ok("demo", env={"COACH_TODAY": day})
    journal.ok("report", "--weeks", "52", env={"COACH_TODAY": day})


def test_text_longer_than_its_limit_is_refused_as_typed(real_journal: RealJournal) -> None:
    long_title = "x" * (LINE_LENGTH + 1)
    assert_one_error_line(
        real_journal.run("goal", "add", long_title, "--no-input"), f"at most {LINE_LENGTH:,}"
    )
    long_reflection = "word " * (LONG_TEXT_LENGTH // 5 + 1)
    assert_one_error_line(real_journal.run("reflect", input=long_reflection), "at most 500,000")
    assert query(real_journal.path, "SELECT count(*) FROM goal") == [(0,)]


def test_the_longest_text_allowed_is_kept_and_shown_whole(real_journal: RealJournal) -> None:
    text = ("A long, honest reflection. " * 20_000)[: LONG_TEXT_LENGTH - 1] + "."
    real_journal.ok("reflect", input=text)
    assert query(real_journal.path, "SELECT length(text) FROM reflection") == [(LONG_TEXT_LENGTH,)]
    shown = json.loads(real_journal.ok("journal", "--format", "json").stdout)
    assert len(shown[0]["text"]) == LONG_TEXT_LENGTH
    real_journal.ok("journal")
    real_journal.ok("export", "--format", "markdown")


def test_numbers_no_person_means_are_refused_with_the_range(real_journal: RealJournal) -> None:
    line = assert_one_error_line(
        real_journal.run("goal", "add", "Huge", "--baseline", "-1e308", "--target", "1e308", "--no-input"),
        "out of range",
    )
    assert "1,000,000,000,000" in line
    real_journal.ok("goal", "add", "Save", "--baseline", "-1e12", "--target", "1e12", "--no-input")
    real_journal.ok("goal", "log", "1", "1e12")
    goal = json.loads(real_journal.ok("goal", "show", "1", "--format", "json").stdout)
    assert goal["progress"] == 1.0
    assert_one_error_line(real_journal.run("goal", "log", "1", "+1"), "out of range")


def test_date_limits_are_the_same_for_every_command(real_journal: RealJournal) -> None:
    real_journal.ok("goal", "add", "Far", "--by", "9998-12-24", "--no-input")
    real_journal.ok("report", "--until", "9998-12-24")
    for command in (
        ("goal", "add", "Later", "--by", "9999-12-31", "--no-input"),
        ("report", "--until", "9999-12-31"),
    ):
        assert_one_error_line(real_journal.run(*command), "out of range", "9998-12-24")


def test_markdown_shows_autolinks_and_bare_urls_as_typed(real_journal: RealJournal) -> None:
    title = "<http://auto.example> and www.example.com and https://x.example/a?b=c"
    real_journal.ok("goal", "add", title, "--no-input")
    markdown = real_journal.ok("goal", "list", "--format", "markdown").stdout
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html, html
    assert "&lt;http://auto.example&gt; and www.example.com and https://x.example/a?b=c" in html
