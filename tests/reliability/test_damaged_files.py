"""Files that are not healthy coach journals: one clear error each, exit 1, and the file never changes."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    RealJournal,
    assert_one_error_line,
    fingerprint,
    folder_listing,
    run_coach,
)

COMMANDS = [
    ("goal", "list"),
    ("goal", "add", "Run a half marathon", "--no-input"),
    ("goal", "show", "1", "--format", "json"),
    ("backup",),
    ("doctor",),
]


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(8).randbytes(64 * 1024))


def foreign_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE notes (text)")
        connection.execute("INSERT INTO notes VALUES ('someone else''s data')")
    connection.close()


def claimed_empty_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1234")
    connection.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A healthy journal with some history, made once by a real process and copied by each case."""
    path = tmp_path_factory.mktemp("demo") / "coach.db"
    result = run_coach(path, "demo", "--weeks", "60")
    assert result.returncode == 0, result.stderr
    return path


def truncated_journal(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 3)


def overwritten_pages(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(4096 * 4)
        handle.write(b"\xff" * 4096 * 6)


def newer_journal(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()


# (make it from nothing, or from a copy of the demo journal; what the error says)
CASES: dict[str, tuple[Callable[[Path], None], bool, str]] = {
    "random bytes": (random_bytes, False, "not a SQLite database"),
    "another program's database": (foreign_database, False, "not a coach journal"),
    "an empty database claimed by another program": (claimed_empty_database, False, "not a coach journal"),
    "a truncated journal": (truncated_journal, True, "damaged"),
    "overwritten pages": (overwritten_pages, True, "damaged"),
    "a journal from a newer coach": (newer_journal, True, "newer coach"),
}
# Commands that may succeed: damage can sit in pages a read never touches, and a newer journal can be copied.
ALLOWED = {"overwritten pages": {"goal list", "goal show"}, "a journal from a newer coach": {"backup"}}


@pytest.mark.parametrize("case", list(CASES), ids=str)
def test_each_command_refuses_the_file_clearly_and_leaves_it_untouched(
    journal: Path, coach, demo_file: Path, case: str
) -> None:
    make, from_demo, fragment = CASES[case]
    journal.parent.mkdir(parents=True)
    if from_demo:
        shutil.copyfile(demo_file, journal)
    make(journal)
    before = fingerprint(journal)
    listing = folder_listing(journal.parent)
    for command in COMMANDS:
        name = " ".join(command[:2]) if command[0] == "goal" else command[0]
        result = coach(*command, expect=None)
        assert "Traceback" not in result.stdout + result.stderr, (command, result.stderr)
        if result.exit_code == 0:
            assert name in ALLOWED.get(case, set()), (command, result.stdout)
        else:
            lines = result.stderr.strip().splitlines()
            assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
            assert str(journal) in lines[0] and fragment in lines[0], lines[0]
        assert fingerprint(journal) == before, (command, "the file changed")
    backups = [name for name in folder_listing(journal.parent) if ".backup-" in name]
    assert [name for name in folder_listing(journal.parent) if name not in backups] == listing
    assert backups == (["coach.db.backup-2026-11-25"] if "backup" in ALLOWED.get(case, set()) else [])


def test_a_file_of_random_bytes_in_a_real_process(real_journal: RealJournal) -> None:
    real_journal.path.parent.mkdir(parents=True)
    random_bytes(real_journal.path)
    before = fingerprint(real_journal.path)
    for command in (("goal", "add", "Run a half marathon", "--no-input"), ("doctor",)):
        assert_one_error_line(real_journal.run(*command), str(real_journal.path), "not a SQLite database")
    assert fingerprint(real_journal.path) == before
    assert folder_listing(real_journal.path.parent) == ["coach.db"]


def test_doctor_on_a_damaged_journal_names_the_damage_and_the_newest_backup(
    journal: Path, coach, demo_file: Path
) -> None:
    journal.parent.mkdir(parents=True)
    shutil.copyfile(demo_file, journal)
    coach("backup")
    backup = journal.with_name("coach.db.backup-2026-11-25")
    overwritten_pages(journal)
    result = coach("doctor", expect=1)
    assert "damaged" in result.stderr and str(backup) in result.stderr and "mv " in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_folder_where_the_journal_should_be(journal: Path, coach_error) -> None:
    journal.mkdir(parents=True)
    for command in COMMANDS:
        assert "is a folder" in coach_error(*command)
    assert folder_listing(journal) == []
