"""Several coach processes on one journal at the same moment: every one succeeds, no row is lost.

The processes are released together from a barrier after their imports, so they really contend for the file.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess

from coachcli.store.db import HEAD_REVISION
from tests.reliability.conftest import (
    PROCESS_TIMEOUT,
    RealJournal,
    assert_clean_success,
    coach_command,
    coach_environment,
    folder_listing,
    integrity,
    query,
    start_together,
)
from tests.test_migrations import make_journal_at

WRITERS = 6


def test_first_use_by_several_processes_at_once_creates_one_journal(real_journal: RealJournal) -> None:
    assert not real_journal.path.parent.exists()
    results = start_together(
        real_journal.path,
        [["goal", "add", f"Goal number {number}", "--no-input"] for number in range(WRITERS)],
    )
    assert_clean_success(results)
    titles = sorted(row[0] for row in query(real_journal.path, "SELECT title FROM goal"))
    assert titles == sorted(f"Goal number {number}" for number in range(WRITERS))
    assert query(real_journal.path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert integrity(real_journal.path) == "ok"


def test_a_new_journal_is_not_taken_for_empty_while_its_first_writer_waits(real_journal: RealJournal) -> None:
    # The first process sets the new journal up and stops before its next write; a second process starts
    # then. A zero-byte file with a -wal beside it is one SQLite takes for stale, deleting the -wal: the new
    # journal's first changes must reach the file itself (it is set up without WAL) before anyone else opens it.
    first = subprocess.Popen(
        coach_command("goal", "add", "Walk to work", "--no-input"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=coach_environment(real_journal.path, COACH_TEST_PAUSE="BEGIN IMMEDIATE:2"),
    )
    assert first.stderr is not None and first.stdin is not None
    assert first.stderr.readline() == "paused\n"
    second = real_journal.run("goal", "add", "Cook on Sundays", "--no-input")
    first.stdin.write("x")
    first.stdin.close()
    first.stdin = None
    _, error = first.communicate(timeout=PROCESS_TIMEOUT)
    assert first.returncode == 0, error
    assert second.returncode == 0, second.stderr
    titles = sorted(row[0] for row in query(real_journal.path, "SELECT title FROM goal"))
    assert titles == ["Cook on Sundays", "Walk to work"]
    assert query(real_journal.path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert integrity(real_journal.path) == "ok"


def test_concurrent_relative_check_ins_lose_no_update(real_journal: RealJournal) -> None:
    real_journal.ok("goal", "add", "Run a half marathon", "--target", "40", "--baseline", "0", "--no-input")
    commands = [["goal", "log", "1", "+1", "--note", f"run {number}"] for number in range(WRITERS)]
    commands += [["goal", "list", "--format", "json"], ["goal", "show", "1", "--format", "json"], ["backup"]]
    results = start_together(real_journal.path, commands)
    assert_clean_success(results)
    # Each "+1" reads the latest value and writes the new one in the same write transaction: none is lost.
    values = sorted(row[0] for row in query(real_journal.path, "SELECT value FROM checkin"))
    assert values == [float(number) for number in range(1, WRITERS + 1)]
    notes = sorted(row[0] for row in query(real_journal.path, "SELECT note FROM checkin"))
    assert notes == sorted(f"run {number}" for number in range(WRITERS))
    for reader in results[WRITERS : WRITERS + 2]:
        json.loads(reader.stdout)  # readers saw a consistent journal
    assert integrity(real_journal.path) == "ok"


def test_an_old_journal_opened_by_several_processes_is_upgraded_once(real_journal: RealJournal) -> None:
    before = make_journal_at(real_journal.path, "0003")
    results = start_together(real_journal.path, [["goal", "list", "--format", "json"]] * 4)
    assert_clean_success(results)
    assert all(json.loads(result.stdout)[0]["title"] == "Run a half marathon" for result in results)
    assert query(real_journal.path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    backups = [name for name in folder_listing(real_journal.path.parent) if ".bak-" in name]
    assert backups == ["coach.db.bak-0003"], (
        "the revision is read again under the lock: one upgrade, one backup"
    )
    backup = sqlite3.connect(real_journal.path.with_name("coach.db.bak-0003"))
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    assert backup.execute("SELECT count(*) FROM goal").fetchone()[0] == before["goal"]
    backup.close()
