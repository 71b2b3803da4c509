"""Read-only journals, private files whatever the umask, and a full disk."""

from __future__ import annotations

import json
import signal
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    RealJournal,
    assert_one_error_line,
    fingerprint,
    folder_listing,
    integrity,
    needs_permissions,
    table_counts,
)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def journal_with_a_goal(real_journal: RealJournal) -> RealJournal:
    real_journal.ok("goal", "add", "Run a half marathon", "--target", "40", "--no-input")
    real_journal.ok("goal", "log", "1", "12")
    return real_journal


@needs_permissions
def test_a_read_only_journal_can_be_read_but_not_changed(journal_with_a_goal: RealJournal) -> None:
    journal = journal_with_a_goal.path
    journal.chmod(0o400)
    before, listing = fingerprint(journal), folder_listing(journal.parent)
    goals = json.loads(journal_with_a_goal.ok("goal", "list", "--format", "json").stdout)
    assert goals[0]["current"] == 12
    journal_with_a_goal.ok("goal", "show", "1")
    doctor = json.loads(journal_with_a_goal.ok("doctor", "--format", "json").stdout)
    assert doctor["writable"] is False and doctor["integrity"] == "ok"
    assert any("chmod u+w" in note for note in doctor["notes"])
    line = assert_one_error_line(journal_with_a_goal.run("goal", "log", "1", "13"), str(journal), "chmod u+w")
    assert "read-only" in line
    assert fingerprint(journal) == before
    assert folder_listing(journal.parent) == listing, "reading created nothing beside the journal"
    journal_with_a_goal.ok("backup", "--output", journal.parent.parent / "copy.db")
    assert table_counts(journal.parent.parent / "copy.db")["checkin"] == 1


@needs_permissions
def test_a_journal_in_a_read_only_folder_can_be_read_but_not_changed(
    journal_with_a_goal: RealJournal,
) -> None:
    journal = journal_with_a_goal.path
    journal.parent.chmod(0o500)
    try:
        before = fingerprint(journal)
        goals = json.loads(journal_with_a_goal.ok("goal", "list", "--format", "json").stdout)
        assert goals[0]["title"] == "Run a half marathon"
        line = assert_one_error_line(
            journal_with_a_goal.run("goal", "add", "Another goal", "--no-input"),
            str(journal.parent),
            "chmod u+w",
        )
        assert "folder" in line
        assert_one_error_line(journal_with_a_goal.run("backup"), "cannot write the backup")
        assert fingerprint(journal) == before
    finally:
        journal.parent.chmod(0o700)


@needs_permissions
def test_a_new_journal_in_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        journal = RealJournal(folder / "coach.db")
        assert_one_error_line(journal.run("goal", "list"), str(journal.path), "cannot create")
        assert folder_listing(folder) == []
    finally:
        folder.chmod(0o700)


def test_every_file_is_private_whatever_the_umask(
    real_journal: RealJournal, umask_zero: Callable[[], None]
) -> None:
    journal = real_journal.path
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input", preexec_fn=umask_zero)
    output = journal.parent / "goals.md"
    real_journal.ok("goal", "list", "--format", "markdown", "--output", output, preexec_fn=umask_zero)
    real_journal.ok("backup", preexec_fn=umask_zero)
    # Killed after its commit, a process leaves its -wal and -shm files: they are private too.
    killed = real_journal.run(
        "goal", "log", "1", "5", env={"COACH_TEST_KILL": "after-commit:1"}, preexec_fn=umask_zero
    )
    assert killed.returncode == -signal.SIGKILL
    files = {path.name: mode_of(path) for path in journal.parent.iterdir()}
    assert set(files) == {
        "coach.db", "coach.db-wal", "coach.db-shm", "goals.md", "coach.db.backup-2026-11-25"
    }  # fmt: skip
    assert files == dict.fromkeys(files, 0o600)
    assert mode_of(journal.parent) == 0o700
    assert integrity(journal) == "ok" and table_counts(journal)["checkin"] == 1


def limit_file_size(limit: int) -> Callable[[], None]:
    """A preexec function: files can grow to `limit` bytes, like a disk that is full beyond that."""

    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_a_clear_error_and_changes_nothing(real_journal: RealJournal) -> None:
    journal = real_journal.path
    real_journal.ok("goal", "list")  # an empty journal, set up
    output = journal.parent / "goals.md"
    output.write_text("the previous export\n")
    before = fingerprint(journal)
    full = limit_file_size(64 * 1024)  # room for SQLite's -shm, not for a large write
    line = assert_one_error_line(
        real_journal.run("demo", "--weeks", "520", preexec_fn=full), str(journal), "disk"
    )
    assert "nothing was changed" in line
    assert table_counts(journal)["goal"] == 0 and integrity(journal) == "ok"
    real_journal.ok("demo", "--weeks", "30")  # with room again, the journal takes the demo
    assert table_counts(journal)["goal"] > 0
    real_journal.ok("goal", "add", "x" * 100_000, "--no-input")
    assert_one_error_line(
        real_journal.run("goal", "list", "--all", "--output", output, preexec_fn=full),
        str(output),
        "nothing was written",
    )
    assert output.read_text() == "the previous export\n"
    assert_one_error_line(real_journal.run("backup", preexec_fn=full), "cannot write the backup")
    assert [name for name in folder_listing(journal.parent) if "backup" in name or ".tmp" in name] == []
    assert before != fingerprint(journal)  # (the demo and the goal did change it, with room)
