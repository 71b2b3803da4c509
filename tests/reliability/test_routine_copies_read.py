"""Routine copies in every read, on a journal nobody opened for writing since (issue 25.12).

A routine's copies are written when coach may write the journal; on a journal it may not write, or one that no
command wrote since the weeks turned, every read computes them with one function (Reader.missing_copies). SPEC
"Rhythm": read commands show a routine's copy in a week even on a read-only journal.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

from tests.reliability.conftest import RealJournal, needs_permissions, run_coach

SET_UP = {"COACH_TODAY": "2026-11-25"}  # Wednesday of 2026-W48: the routine gets its copy in W48
LATER = {"COACH_TODAY": "2026-12-16"}  # Wednesday of 2026-W51: W49, W50 and W51 have no copy written yet


def make_routine_journal(journal: RealJournal) -> None:
    journal.ok("commit", "Stretch after each run", "--every", "week", env=SET_UP)
    journal.ok("commit", "Call the physio", env=SET_UP)


def routine_weeks_shown(journal: RealJournal) -> dict[str, Any]:
    """Where each read command shows the routine's copies (or the weeks they leave open)."""

    def read(*args: str) -> Any:
        result = run_coach(journal.path, *args, "--format", "json", env=LATER)
        assert result.returncode == 0, (args, result.stderr)
        return json.loads(result.stdout)

    def copies(commitments: list[dict[str, Any]]) -> list[str]:
        return sorted(item["week"] for item in commitments if item["routine_id"] is not None)

    brief, report = read("brief"), read("report")
    return {
        "status to_review": read("status")["to_review"],
        "earlier weeks still open": read("week")["needs_review"],
        "session agenda": copies(read("session", "--no-input")["to_review"]),
        "brief weeks": copies([item for week in brief["weeks"] for item in week["commitments"]]),
        "brief planned": copies(brief["planned"]),
        "report weeks": copies([item for week in report["weeks"] for item in week["commitments"]]),
    }


EXPECTED = {
    "status to_review": ["2026-W48", "2026-W49", "2026-W50"],
    "earlier weeks still open": ["2026-W48", "2026-W49", "2026-W50"],
    "session agenda": ["2026-W48", "2026-W49", "2026-W50"],
    "brief weeks": ["2026-W50"],
    "brief planned": ["2026-W51"],
    "report weeks": ["2026-W48", "2026-W49", "2026-W50", "2026-W51"],
}


def test_status_counts_the_copies_of_weeks_no_command_wrote_since(real_journal: RealJournal) -> None:
    """`coach status` never writes: the weeks a routine runs in since the last write are still to review."""
    make_routine_journal(real_journal)
    result = real_journal.ok("status", "--format", "json", env=LATER)
    assert json.loads(result.stdout)["to_review"] == EXPECTED["status to_review"]
    assert json.loads(result.stdout)["open_this_week"] == 1


@needs_permissions
def test_every_read_of_a_read_only_journal_shows_the_copies_a_written_one_has(
    real_journal: RealJournal,
) -> None:
    make_routine_journal(real_journal)
    written = RealJournal(real_journal.path.with_name("written.db"))
    shutil.copyfile(real_journal.path, written.path)
    written.ok("week", env=LATER)  # coach may write this one: the copies are made
    assert routine_weeks_shown(written) == EXPECTED
    real_journal.path.chmod(0o444)
    real_journal.path.parent.chmod(0o555)
    try:
        assert routine_weeks_shown(real_journal) == EXPECTED
    finally:
        real_journal.path.parent.chmod(0o700)
        real_journal.path.chmod(0o600)
