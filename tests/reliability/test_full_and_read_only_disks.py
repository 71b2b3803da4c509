"""Reading never needs room or write access: a full disk and read-only media still show the journal, say
why nothing can be changed, and leave nothing beside it. Side files that vanish while coach looks at them
are no permission problem.

The disks are real: a 2 MB tmpfs and a read-only remount, which need root (CI runs the suite as root); where
mounting is not allowed the cases are skipped with the reason.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from coachcli.store import files
from tests.reliability.conftest import RealJournal, assert_one_error_line, folder_listing, query, run_coach


def mounted_tmpfs(folder: Path, *options: str) -> Iterator[Path]:
    folder.mkdir()
    arguments = [
        "mount",
        "-t",
        "tmpfs",
        *(["-o", ",".join(options)] if options else []),
        "tmpfs",
        str(folder),
    ]
    mounted = subprocess.run(arguments, capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    yield from mounted_tmpfs(tmp_path / "small", "size=2m")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    yield from mounted_tmpfs(tmp_path / "disk")


def fill(folder: Path) -> None:
    """Write a file until the disk has no room left at all."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(descriptor)


def journal_on(folder: Path) -> RealJournal:
    journal = RealJournal(folder / "coach.db")
    journal.ok("goal", "add", "Run a half marathon", "--no-input")
    journal.ok("commit", "Run twice", "--goal", "1")
    return journal


def test_a_full_disk_still_shows_the_journal_says_so_and_leaves_nothing_beside_it(
    small_disk: Path, tmp_path: Path
) -> None:
    journal = journal_on(small_disk)
    fill(small_disk)
    before = folder_listing(small_disk)
    week = journal.ok("week", "--format", "json")
    assert [item["text"] for item in json.loads(week.stdout)["commitments"]] == ["Run twice"]
    assert "disk" in week.stderr and "full" in week.stderr
    assert journal.ok("status").stdout.strip()
    journal.ok("export", "-o", tmp_path / "export.json")
    assert "Run a half marathon" in (tmp_path / "export.json").read_text()
    journal.ok("backup", "-o", tmp_path / "copy.db")
    assert query(tmp_path / "copy.db", "SELECT title FROM goal") == [("Run a half marathon",)]
    doctor = journal.run("doctor", "--format", "json")
    assert any("full" in problem for problem in json.loads(doctor.stdout)["problems"]), doctor.stdout
    assert_one_error_line(
        journal.run("goal", "add", "Read more", "--no-input"), "is full", "nothing was changed"
    )
    assert folder_listing(small_disk) == before == ["coach.db", "filler"]  # no stray -shm or -wal


def journal_with_a_committed_wal(folder: Path) -> RealJournal:
    """A journal whose last check-in is only in its -wal (with its -shm), as a killed coach leaves it."""
    journal = journal_on(folder)
    killed = run_coach(journal.path, "goal", "log", "1", "12", env={"COACH_TEST_KILL": "after-commit:1"})
    assert killed.returncode == -signal.SIGKILL
    assert files.companion(journal.path, "-wal").stat().st_size > 0
    assert files.companion(journal.path, "-shm").exists()
    return journal


def test_read_only_media_with_wal_and_shm_are_read_with_the_wal_and_no_chmod_advice(disk: Path) -> None:
    journal = journal_with_a_committed_wal(disk)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    listed = journal.run("goal", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "chmod" not in listed.stderr
    assert json.loads(listed.stdout)[0]["current"] == 12  # the check-in the -wal holds
    assert journal.ok("status", "--format", "json").stdout
    line = assert_one_error_line(journal.run("goal", "log", "1", "13"), "read-only disk")
    assert "chmod" not in line
    doctor = json.loads(journal.run("doctor", "--format", "json").stdout)
    assert not any("chmod" in text for text in doctor["problems"] + doctor["notes"]), doctor


def test_read_only_media_with_an_empty_wal_need_no_shm(disk: Path) -> None:
    journal = journal_on(disk)
    files.companion(journal.path, "-wal").write_bytes(b"")  # a coach that opened it and wrote nothing
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    listed = journal.run("goal", "list", "--format", "json")
    assert listed.returncode == 0 and "chmod" not in listed.stderr, listed.stderr
    assert [goal["title"] for goal in json.loads(listed.stdout)] == ["Run a half marathon"]


def test_a_side_file_that_vanishes_after_stat_is_no_permission_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interleaving CI hit: the -wal is stat()ed, its coach closes and removes it, then access() fails."""
    journal = tmp_path / "coach.db"
    journal.write_bytes(b"")
    wal = files.companion(journal, "-wal")
    wal.write_bytes(b"")
    real_access = os.access

    def access_after_the_other_coach_closed(path: Path, mode: int) -> bool:
        if Path(path) == wal:
            wal.unlink(missing_ok=True)
        return real_access(path, mode)

    monkeypatch.setattr(files.os, "access", access_after_the_other_coach_closed)
    assert files.side_file_problem(journal, write=True) is None
