"""`coach status` is for a shell prompt: with the journal held by another program it answers nothing at once
(exit 0) instead of waiting 30 seconds, and `coach doctor` says what is going on. Real processes."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.reliability.conftest import RealJournal

# Far below coach's 30-second wait for other commands; generous for a loaded machine.
PROMPT_SECONDS = 10


@pytest.fixture
def journal(real_journal: RealJournal) -> RealJournal:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    real_journal.ok("commit", "Run twice", "--goal", "1")
    return real_journal


@contextmanager
def held_exclusively(path: Path) -> Iterator[None]:
    """Another program keeps the journal to itself (as a database browser may): nobody can even read it."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("UPDATE goal SET title = title")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


@pytest.mark.parametrize("arguments", [("status",), ("status", "--format", "json")], ids=["text", "json"])
def test_status_answers_nothing_at_once_while_another_program_holds_the_journal(
    journal: RealJournal, arguments: tuple[str, ...]
) -> None:
    assert journal.ok(*arguments).stdout  # something is due: the silence below is the lock's
    with held_exclusively(journal.path):
        started = time.monotonic()
        result = journal.run(*arguments)
        took = time.monotonic() - started
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", result.stderr
    assert took < PROMPT_SECONDS


def test_doctor_says_another_program_holds_the_journal(journal: RealJournal) -> None:
    with held_exclusively(journal.path):
        result = journal.run("doctor", "--format", "json")
    assert result.returncode == 1  # doctor's way of saying it found a problem
    assert "Another program keeps the journal to itself" in result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert any("Another program keeps the journal to itself" in problem for problem in problems), problems
    after = json.loads(journal.ok("doctor", "--format", "json").stdout)["problems"]
    assert not any("Another program" in problem for problem in after)
