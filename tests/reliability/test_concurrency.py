"""Several coach processes on one journal at the same moment: every one succeeds, no row is lost.

The processes are released together from a barrier after their imports, so they really contend for the file.
"""

from __future__ import annotations

import json
import sqlite3

from coachcli.store.db import HEAD_REVISION
from tests.reliability.conftest import (
    RealJournal,
    assert_clean_success,
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
