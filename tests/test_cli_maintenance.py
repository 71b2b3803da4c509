"""`coach backup` and `coach doctor` end to end, on real journal files."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from coachcli.store.backups import KEEP_BACKUPS
from coachcli.store.db import HEAD_REVISION
from tests.conftest import dump_database
from tests.test_migrations import make_journal_at


def backups_beside(journal: Path, kind: str = "backup") -> list[str]:
    return sorted(path.name for path in journal.parent.iterdir() if f".{kind}-" in path.name)


def test_backup_is_a_checked_private_copy_beside_the_journal(coach, journal):
    coach("goal", "add", "Run a half marathon", "--target", "40", "--no-input")
    coach("goal", "log", "1", "12", "--note", "with Sam")
    result = coach("backup")
    backup = journal.with_name("coach.db.backup-2026-11-25")
    assert f"Backup written to {backup}" in " ".join(result.stdout.split())
    assert dump_database(backup) == dump_database(journal)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    connection = sqlite3.connect(backup)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",), "one self-contained file"
    connection.close()
    assert not [name for name in os.listdir(journal.parent) if name.endswith(".tmp")]


def test_backup_holds_what_is_still_only_in_the_wal(coach, journal):
    coach("goal", "add", "Run a half marathon", "--no-input")
    reader = sqlite3.connect(journal)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM goal").fetchone()  # a reader keeps the WAL from being checkpointed
    try:
        coach("goal", "add", "Read twelve novels", "--no-input")
        assert journal.with_name("coach.db-wal").stat().st_size > 0
        coach("backup")
    finally:
        reader.close()
    backup = sqlite3.connect(journal.with_name("coach.db.backup-2026-11-25"))
    assert backup.execute("SELECT count(*) FROM goal").fetchone() == (2,)
    backup.close()


def test_a_second_backup_the_same_day_never_replaces_the_first(coach, journal):
    coach("goal", "add", "Run a half marathon", "--no-input")
    coach("backup")
    first = journal.with_name("coach.db.backup-2026-11-25").read_bytes()
    coach("goal", "add", "Read twelve novels", "--no-input")
    coach("backup")
    assert backups_beside(journal) == ["coach.db.backup-2026-11-25", "coach.db.backup-2026-11-25.2"]
    assert journal.with_name("coach.db.backup-2026-11-25").read_bytes() == first


def test_rotation_keeps_the_newest_backups_of_each_kind(coach, journal, monkeypatch):
    make_journal_at(journal, "0003")
    coach("goal", "list")  # upgrades, after a migration backup
    for day in range(1, KEEP_BACKUPS + 4):
        monkeypatch.setenv("COACH_TODAY", f"2026-11-{day:02d}")
        coach("backup")
    names = backups_beside(journal)
    assert len(names) == KEEP_BACKUPS
    assert (
        names[0] == "coach.db.backup-2026-11-04"
        and names[-1] == f"coach.db.backup-2026-11-{KEEP_BACKUPS + 3}"
    )
    assert backups_beside(journal, "bak") == ["coach.db.bak-0003"], "migration backups are another kind"


def test_rotation_never_deletes_the_backup_just_written(coach, journal, monkeypatch):
    coach("goal", "add", "Run a half marathon", "--no-input")
    for day in range(1, KEEP_BACKUPS + 1):
        monkeypatch.setenv("COACH_TODAY", f"2026-11-{day:02d}")
        coach("backup")
    monkeypatch.setenv("COACH_TODAY", "2020-01-01")  # a clock set back: the newest backup has the oldest name
    coach("backup")
    names = backups_beside(journal)
    assert "coach.db.backup-2020-01-01" in names and len(names) == KEEP_BACKUPS
    assert "coach.db.backup-2026-11-01" not in names


def test_backup_to_a_new_file_a_folder_or_an_existing_file(coach, coach_error, journal, tmp_path):
    coach("goal", "add", "Run a half marathon", "--no-input")
    target = tmp_path / "elsewhere.db"
    coach("backup", "--output", target)
    assert dump_database(target) == dump_database(journal)
    before = target.read_bytes()
    assert "already exists" in coach_error("backup", "--output", target)
    assert target.read_bytes() == before
    folder = tmp_path / "usb"
    folder.mkdir()
    coach("backup", "--output", folder)
    assert os.listdir(folder) == ["coach.db.backup-2026-11-25"]
    assert "does not exist" in coach_error("backup", "--output", tmp_path / "missing" / "x.db")
    assert "already exists" in coach_error("backup", "--output", journal)


def test_backup_without_a_journal_creates_nothing(coach_error, journal):
    assert "nothing to back up" in coach_error("backup")
    assert not journal.parent.exists()


def test_backup_of_an_old_journal_copies_it_as_it_is(coach, journal):
    make_journal_at(journal, "0002")
    coach("backup")
    backup = sqlite3.connect(journal.with_name("coach.db.backup-2026-11-25"))
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    backup.close()
    connection = sqlite3.connect(journal)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",), (
        "not migrated"
    )
    connection.close()


def test_doctor_reports_a_healthy_journal(coach, coach_json, journal):
    coach("demo", "--weeks", "20")
    coach("backup")
    report = coach_json("doctor")
    assert report["path"] == str(journal) and report["exists"] is True and report["kind"] == "journal"
    assert report["revision"] == report["code_revision"] == HEAD_REVISION
    assert report["integrity"] == "ok" and report["ok"] is True and report["problems"] == []
    assert report["mode"] == "0600" and report["private"] is True and report["writable"] is True
    assert report["size"] == journal.stat().st_size
    assert report["tables"]["goal"] == len(coach_json("goal", "list", "--all"))
    assert "alembic_version" not in report["tables"]
    (backup,) = report["backups"]
    assert backup["path"] == str(journal.with_name("coach.db.backup-2026-11-25"))
    assert backup["kind"] == "backup" and backup["size"] > 0 and backup["modified"].endswith("+00:00")
    shown = coach("doctor").stdout
    for words in (
        "Integrity",
        "ok",
        f"revision {HEAD_REVISION} (current)",
        "coach.db.backup-2026-11-25",
        "No problems",
    ):
        assert words in shown
    assert "## Backups" in coach("doctor", "--format", "markdown").stdout


def test_doctor_changes_and_creates_nothing(coach, coach_json, journal):
    report = coach_json("doctor")
    assert report["exists"] is False and report["ok"] is True
    assert any("creates it" in note for note in report["notes"])
    assert not journal.parent.exists()
    make_journal_at(journal, "0003")
    before = dump_database(journal)
    report = coach_json("doctor")
    assert report["revision"] == "0003" and any("will be upgraded" in note for note in report["notes"])
    assert dump_database(journal) == before
    assert sorted(os.listdir(journal.parent)) == ["coach.db"], "no backup, no migration, no -wal left"


def test_doctor_warns_about_permissions_and_missing_backups(coach, coach_json, journal):
    coach("goal", "add", "Run a half marathon", "--no-input")
    journal.chmod(0o644)
    report = coach_json("doctor")
    assert report["private"] is False and report["ok"] is True
    assert any("chmod 600" in note for note in report["notes"])
    assert any("coach backup" in note for note in report["notes"])


@pytest.mark.parametrize("fmt", ["rich", "markdown", "json"])
def test_doctor_on_a_newer_journal_is_a_problem_in_every_format(coach, journal, fmt):
    coach("goal", "add", "Run a half marathon", "--no-input")
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    result = coach("doctor", "--format", fmt, expect=1)
    assert "newer coach" in result.stdout
    assert result.stderr.startswith("Error: coach doctor found 1 problem") and "newer coach" in result.stderr


def test_doctor_writes_its_report_to_a_file(coach, journal, tmp_path):
    coach("goal", "add", "Run a half marathon", "--no-input")
    target = tmp_path / "doctor.md"
    coach("doctor", "--format", "markdown", "--output", target)
    assert target.read_text().startswith("# coach doctor")
