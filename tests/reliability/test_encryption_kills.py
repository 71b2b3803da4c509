"""SIGKILL at every step of `coach encrypt`, `coach decrypt` and `coach key rotate`: the journal is always the
old one or the new one, opens with the key this device keeps for it, and passes PRAGMA integrity_check."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from coachcli.store import disk, unlock
from tests.reliability.conftest import PROCESS_TIMEOUT, coach_command, coach_environment, query, run_coach

GOAL = "Run a half marathon in spring"


def environment(folder: Path, **extra: str) -> dict[str, str]:
    return {"COACH_CONFIG": str(folder / "config" / "config.toml"), **extra}


def contents(journal: Path, config: Path) -> tuple[str, dict[str, int]]:
    """("plain" or the key id that opens it, rows per table), with the integrity check passed."""
    header = journal.read_bytes()[:16]
    if header == b"SQLite format 3\x00":
        connection = sqlite3.connect(journal)
        kind = "plain"
    else:
        journal_id = disk.journal_id_of(header)
        assert journal_id is not None, header
        record = json.loads((config.parent / "keys" / f"{journal_id}.key").read_text())
        key = bytes.fromhex(record["key"])
        connection = unlock.sqlcipher().connect(str(journal))
        connection.execute(f"PRAGMA key = {unlock.key_pragma(key, journal_id)}")
        kind = record["key_id"]
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        ]
        return kind, {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plain")
    journal = folder / "journal" / "coach.db"
    for command in (
        ("goal", "add", GOAL, "--no-input"),
        ("reflect", "I am hopeless at keeping promises"),
        ("commit", "Run twice", "--goal", "1"),
    ):
        result = run_coach(journal, *command, env=environment(folder))
        assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def encrypted_template(plain_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("encrypted")
    shutil.copytree(plain_template, folder, dirs_exist_ok=True)
    journal = folder / "journal" / "coach.db"
    result = run_coach(
        journal, "encrypt", "--yes", "--write-recovery", folder / "recovery.txt", env=environment(folder)
    )
    assert result.returncode == 0, result.stderr
    for backup in journal.parent.glob("coach.db.backup-*"):
        backup.unlink()
    return folder


OPERATIONS = {
    "encrypt": ("plain_template", ["encrypt", "--yes", "--write-recovery"]),
    "decrypt": ("encrypted_template", ["decrypt", "--yes"]),
    "rotate": ("encrypted_template", ["key", "rotate", "--yes", "--write-recovery"]),
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_sigkill_at_every_step_leaves_the_old_journal_or_the_new_one(
    operation: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    template_name, command = OPERATIONS[operation]
    template: Path = request.getfixturevalue(template_name)
    config = tmp_path / "x" / "config" / "config.toml"

    def fresh(name: str) -> tuple[Path, list[str]]:
        folder = tmp_path / name
        shutil.copytree(template, folder)
        words = [*command, str(folder / "new-recovery.txt")] if command[-1] == "--write-recovery" else command
        return folder, words

    folder, words = fresh("count")
    count_file = folder / "count.json"
    old = contents(folder / "journal" / "coach.db", folder / "config" / "config.toml")
    result = run_coach(
        folder / "journal" / "coach.db", *words, env=environment(folder, COACH_TEST_COUNT=str(count_file))
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(count_file.read_text())
    new = contents(folder / "journal" / "coach.db", folder / "config" / "config.toml")
    assert new[0] != old[0] and new[1] == old[1]
    statements = counts["statement"]
    progress = counts["progress"]
    kills = [f"statement:{number}" for number in range(1, statements + 1)]
    kills += [f"progress:{number}" for number in range(1, progress + 1, max(1, progress // 5))]
    kills.append("replace:0")
    seen = set()  # every step: each statement of the whole command (checks, backup, copy, rename)
    for number, kill in enumerate(kills):
        folder, words = fresh(f"kill-{number}")
        journal = folder / "journal" / "coach.db"
        config = folder / "config" / "config.toml"
        result = run_coach(journal, *words, env=environment(folder, COACH_TEST_KILL=kill))
        assert result.returncode in (-9, 0), (kill, result.stderr)
        kind, rows = contents(journal, config)
        assert rows == old[1], kill
        assert kind in (old[0], "plain" if operation == "decrypt" else kind), kill
        seen.add("old" if kind == old[0] else "new")
        if number % 8 and kill != "replace:0":
            continue
        # Whatever happened, coach opens the journal with the key it keeps for it (a real process, now and then).
        after = run_coach(journal, "goal", "list", env=environment(folder))
        assert after.returncode == 0 and GOAL in after.stdout, (kill, after.stderr)
        assert "Traceback" not in after.stderr
    assert seen == {"old", "new"}, seen


def test_a_writer_that_waited_while_the_journal_was_replaced_never_writes_into_the_old_file(
    tmp_path: Path,
) -> None:
    """`coach encrypt` renames a new file into place while it holds the write lock: a coach that waited for
    that lock must not then write into the old file, which is in no folder any more."""
    journal = tmp_path / "journal" / "coach.db"
    assert run_coach(journal, "goal", "add", GOAL, "--no-input", env=environment(tmp_path)).returncode == 0
    original = tmp_path / "original.db"
    shutil.copy(journal, original)
    outcomes = []
    for number in range(1, 10):
        shutil.copy(original, journal)
        process = subprocess.Popen(
            coach_command("goal", "add", "Learn to cook ten dinners", "--no-input"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=coach_environment(
                journal, **environment(tmp_path, COACH_TEST_PAUSE=f"BEGIN IMMEDIATE:{number}")
            ),
        )
        assert process.stderr is not None and process.stdin is not None
        if process.stderr.readline() != "paused\n":
            process.communicate(timeout=PROCESS_TIMEOUT)
            break
        replacement = tmp_path / "replacement.db"
        shutil.copy(original, replacement)
        connection = sqlite3.connect(replacement)
        with connection:
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("UPDATE goal SET title = 'Renamed in the new file'")
        connection.close()
        os.replace(replacement, journal)  # as `coach encrypt` does, while the writer waits
        process.stdin.write("x")
        process.stdin.close()
        process.stdin = None
        _, error = process.communicate(timeout=PROCESS_TIMEOUT)
        titles = [row[0] for row in query(journal, "SELECT title FROM goal ORDER BY id")]
        assert query(journal, "PRAGMA integrity_check") == [("ok",)]
        if process.returncode == 0:  # it wrote into the journal now in place
            assert titles == ["Renamed in the new file", "Learn to cook ten dinners"], number
        else:
            assert "was replaced while this command waited" in error, (number, error)
            assert titles == ["Renamed in the new file"], number
        outcomes.append(process.returncode)
    assert 1 in outcomes, outcomes
