"""What sits at the journal's path, or beside it, that is not what coach expects: refused at once, with
advice that fits the actual cause, and `doctor` strictly read-only.

The cases that need another user or a read-only mount run only as root (CI runs the suite as root): coach
itself then runs as the unprivileged user `nobody`, so that file permissions apply to it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    PROCESS_TIMEOUT,
    RealJournal,
    assert_one_error_line,
    coach_command,
    coach_environment,
    fingerprint,
    folder_listing,
    query,
    run_coach,
)

NOBODY = 65534
# Root without the capabilities that let it ignore file permissions: permissions then apply to coach as to
# any user, while it can still run the Python that lives in root's own folder.
WITHOUT_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root (and setpriv): to own files as another user, and to mount a read-only file system",
)


def journal_with_a_goal(path: Path) -> RealJournal:
    journal = RealJournal(path)
    journal.ok("goal", "add", "Run a half marathon", "--no-input")
    return journal


def as_ordinary_user(journal: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """coach run as a user whom file permissions bind (see WITHOUT_ROOT_POWERS)."""
    return subprocess.run(
        [*WITHOUT_ROOT_POWERS, *coach_command(*args)],
        capture_output=True,
        text=True,
        env=coach_environment(journal),
        timeout=PROCESS_TIMEOUT,
    )


def journal_with_a_committed_wal(folder: Path) -> Path:
    """A journal with a -wal (holding a committed check-in) and -shm left by a killed process."""
    journal = folder / "coach.db"
    journal_with_a_goal(journal)
    killed = run_coach(journal, "goal", "log", "1", "12", env={"COACH_TEST_KILL": "after-commit:1"})
    assert killed.returncode == -signal.SIGKILL
    return journal


@needs_root
def test_a_wal_of_another_user_is_named_with_the_real_fix(tmp_path: Path) -> None:
    journal = journal_with_a_committed_wal(tmp_path)
    for suffix in ("-wal", "-shm"):
        os.chown(f"{journal}{suffix}", NOBODY, NOBODY)
    before = fingerprint(journal)
    result = as_ordinary_user(journal, "goal", "list")
    line = assert_one_error_line(result, "coach.db-wal", "belongs to nobody")
    assert "never delete it" in line and "chown" in line and "check that it and its folder" not in line
    report = json.loads(as_ordinary_user(journal, "doctor", "--format", "json").stdout)
    assert any("coach.db-wal" in problem and "nobody" in problem for problem in report["problems"]), report
    assert not any("restore" in problem for problem in report["problems"]), report
    assert fingerprint(journal) == before
    assert query(journal, "SELECT value FROM checkin") == [(12.0,)], "the committed check-in is still there"


@needs_root
def test_a_wal_with_mode_000_says_chmod_on_the_wal(tmp_path: Path) -> None:
    journal = journal_with_a_committed_wal(tmp_path)
    wal = Path(f"{journal}-wal")
    wal.chmod(0)
    line = assert_one_error_line(as_ordinary_user(journal, "goal", "list"), f"chmod 600 {wal}")
    assert "never delete it" in line
    report = json.loads(as_ordinary_user(journal, "doctor", "--format", "json").stdout)
    assert any(f"chmod 600 {wal}" in problem for problem in report["problems"]), report
    assert not any("restore" in problem for problem in report["problems"])


@needs_root
def test_another_users_journal_gets_no_chmod_advice(tmp_path: Path) -> None:
    journal = journal_with_a_goal(tmp_path / "coach.db")
    journal.ok("goal", "list")
    os.chown(journal.path, NOBODY, NOBODY)
    journal.path.chmod(0o644)
    result = as_ordinary_user(journal.path, "goal", "add", "X", "--no-input")
    line = assert_one_error_line(result, "belongs to nobody")
    assert "chmod" not in line
    listed = as_ordinary_user(journal.path, "goal", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    report = json.loads(as_ordinary_user(journal.path, "doctor", "--format", "json").stdout)
    assert not any("chmod u+w" in note for note in report["notes"]), report


@needs_root
def test_a_journal_on_a_read_only_mount_gets_no_chmod_advice(tmp_path: Path) -> None:
    mount = tmp_path / "mount"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.skip("this system does not allow mounting a tmpfs")
    try:
        journal = journal_with_a_goal(mount / "coach.db")
        journal.ok("goal", "list")  # checkpointed: nothing beside it
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        line = assert_one_error_line(journal.run("goal", "add", "Another", "--no-input"), "read-only disk")
        assert "chmod" not in line
        assert "Run a half marathon" in journal.ok("goal", "list").stdout
        report = json.loads(journal.run("doctor", "--format", "json").stdout)
        assert not any("chmod" in note for note in report["notes"]), report
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_dangling_symlink_as_the_journal_is_named_as_such(tmp_path: Path) -> None:
    link = tmp_path / "coach.db"
    link.symlink_to(tmp_path / "moved" / "coach.db")
    result = run_coach(link, "goal", "add", "Run", "--no-input")
    line = assert_one_error_line(result, "is a symlink to", "which does not exist")
    assert "chmod" not in line
    doctor = run_coach(link, "doctor", "--format", "json")
    report = json.loads(doctor.stdout)
    assert doctor.returncode == 1
    assert any("symlink" in problem for problem in report["problems"])
    assert not any("creates it the first time" in note for note in report["notes"])
    assert link.is_symlink() and folder_listing(tmp_path) == ["coach.db"]


@pytest.mark.parametrize("command", [("goal", "add", "Run", "--no-input"), ("goal", "list"), ("doctor",)])
def test_dev_null_as_the_journal_is_refused_before_sqlite_touches_it(command: tuple[str, ...]) -> None:
    result = run_coach(Path("/dev/null"), *command)
    if command == ("doctor",):
        assert result.returncode == 1 and "No problems found" not in result.stdout
        assert "character device" in result.stdout + result.stderr
    else:
        line = assert_one_error_line(result, "/dev/null is a character device")
        assert "chmod" not in line and "disk I/O" not in line
    assert not Path("/dev/null-journal").exists() and not Path("/dev/null-wal").exists()


@pytest.mark.parametrize(
    "command", [("goal", "list"), ("goal", "add", "Run", "--no-input"), ("doctor",), ("backup",)]
)
def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path: Path, command: tuple[str, ...]) -> None:
    fifo = tmp_path / "coach.db"
    os.mkfifo(fifo)
    result = run_coach(fifo, *command)  # would wait forever in open() before the fix (timeout: an error)
    assert result.returncode == 1
    assert "FIFO" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_character_device_beside_the_journal_is_refused(tmp_path: Path) -> None:
    journal = journal_with_a_goal(tmp_path / "coach.db")
    os.mkfifo(tmp_path / "coach.db-wal")
    assert_one_error_line(journal.run("goal", "list"), "coach.db-wal", "not a file SQLite made")


def damage(path: Path) -> None:
    """Overwrite the middle of the journal's second page (a table's b-tree) with garbage."""
    with path.open("r+b") as handle:
        handle.seek(4096 + 8)
        handle.write(b"\xff" * 64)


def test_doctor_never_writes_a_damaged_journal_or_its_committed_wal(real_journal: RealJournal) -> None:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    killed = real_journal.run("goal", "log", "1", "12", env={"COACH_TEST_KILL": "after-commit:1"})
    assert killed.returncode == -signal.SIGKILL
    journal = real_journal.path
    assert Path(f"{journal}-wal").stat().st_size > 0
    damage(journal)
    before, listing = fingerprint(journal), folder_listing(journal.parent)
    real_journal.run("doctor")
    real_journal.run("doctor", "--format", "json")
    assert fingerprint(journal) == before, "doctor changed the journal or the files beside it"
    assert folder_listing(journal.parent) == listing


def test_doctor_sees_committed_changes_in_a_wal_without_folding_them_in(real_journal: RealJournal) -> None:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    killed = real_journal.run("goal", "add", "Read", "--no-input", env={"COACH_TEST_KILL": "after-commit:1"})
    assert killed.returncode == -signal.SIGKILL
    before = fingerprint(real_journal.path)
    report = json.loads(real_journal.ok("doctor", "--format", "json").stdout)
    assert report["integrity"] == "ok" and report["tables"]["goal"] == 2
    assert fingerprint(real_journal.path) == before


@needs_root
def test_another_users_journal_that_cannot_be_read_is_not_said_to_be_shown(tmp_path: Path) -> None:
    """Issue 25, minor: "coach can show it but not change it" was said of a journal coach cannot show either."""
    journal = journal_with_a_goal(tmp_path / "coach.db")
    journal.ok("goal", "list")
    os.chown(journal.path, NOBODY, NOBODY)
    journal.path.chmod(0o600)
    line = assert_one_error_line(as_ordinary_user(journal.path, "goal", "add", "X", "--no-input"), "nobody")
    assert "can show it" not in line and "cannot read" in line
