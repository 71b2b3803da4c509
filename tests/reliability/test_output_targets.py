"""Where `--output` writes: what is at the path decides how, and nothing but a regular file is ever replaced.

Real coach processes writing to real devices, FIFOs, symlinks and descriptors.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.reliability.conftest import RealJournal, assert_one_error_line, coach_command, coach_environment

REPORT = ("report", "--format", "markdown", "--output")


@pytest.fixture
def journal(real_journal: RealJournal) -> RealJournal:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    return real_journal


def test_a_full_device_stays_a_device_and_the_error_says_why(journal: RealJournal) -> None:
    result = journal.run(*REPORT, "/dev/full")
    assert_one_error_line(result, "/dev/full", "No space left on device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_null_is_written_to_not_replaced(journal: RealJournal) -> None:
    journal.ok(*REPORT, "/dev/null")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_symlink_stays_a_symlink_and_its_target_gets_the_report(journal: RealJournal) -> None:
    folder = journal.path.parent
    target = folder / "notes" / "report.md"
    target.parent.mkdir()
    target.write_text("old report\n")
    link = folder / "latest.md"
    link.symlink_to(target)
    journal.ok(*REPORT, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Run a half marathon" in target.read_text()


def test_a_dangling_symlink_creates_its_target(journal: RealJournal) -> None:
    folder = journal.path.parent
    target = folder / "report.md"
    link = folder / "latest.md"
    link.symlink_to(target)
    journal.ok(*REPORT, link)
    assert link.is_symlink()
    assert "Run a half marathon" in target.read_text()


def test_a_fifo_with_a_reader_gets_the_report_and_stays_a_fifo(journal: RealJournal) -> None:
    fifo = journal.path.parent / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        result = journal.run(*REPORT, fifo)
    finally:
        if reader.is_alive():  # coach never opened it: let the reader go
            with open(fifo, "wb"):
                pass
        reader.join()
    assert result.returncode == 0, result.stderr
    assert b"Run a half marathon" in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_without_a_reader_is_an_error_not_a_hang(journal: RealJournal) -> None:
    fifo = journal.path.parent / "report.fifo"
    os.mkfifo(fifo)
    result = journal.run(*REPORT, fifo)
    assert_one_error_line(result, "nothing is reading from the FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dev_stdout_piped_works_and_is_not_replaced(journal: RealJournal) -> None:
    before = os.lstat("/dev/stdout")
    result = journal.run(*REPORT, "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert "Run a half marathon" in result.stdout
    after = os.lstat("/dev/stdout")
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)


def test_process_substitution_descriptor_is_written_through(journal: RealJournal) -> None:
    """`-o >(wc -c)`: the shell passes a pipe as /dev/fd/N."""
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            coach_command(*REPORT, f"/dev/fd/{write_end}"),
            env=coach_environment(journal.path),
            pass_fds=(write_end,),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            received = reader.read()
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert b"Run a half marathon" in received


def test_export_to_a_symlink_keeps_the_link(journal: RealJournal) -> None:
    folder = journal.path.parent
    (folder / "export-1.json").write_text("{}")
    link = folder / "export.json"
    link.symlink_to("export-1.json")
    journal.ok("export", "--output", link)
    assert link.is_symlink()
    assert "Run a half marathon" in (folder / "export-1.json").read_text()


def test_a_journal_behind_a_symlink_is_still_never_written_over(journal: RealJournal) -> None:
    link = journal.path.parent / "looks-like-a-report.md"
    link.symlink_to(journal.path)
    result = journal.run(*REPORT, link)
    assert_one_error_line(result, "SQLite database")
    assert link.is_symlink()
    assert Path(journal.path).read_bytes()[:16] == b"SQLite format 3\x00"
