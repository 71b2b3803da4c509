"""Keys and encryption at rest, through the real command: `coach encrypt/decrypt` and `coach key ...`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coachcli.store import disk, keys, unlock
from tests.conftest import coach_on_a_terminal
from tests.test_startup import KEY_MODULES, NOT_FOR_STATUS, STATUS_PROBE

GOAL = "Run a half marathon in spring"
REFLECTION = "I am hopeless at keeping promises to myself"
NO_KEY = "no key for this journal: coach key store --file (you will need the recovery key)"
WRONG_KEY = "wrong key for this journal: coach key verify"


def key_records(journal: Path) -> list[Path]:
    return sorted((Path(os.environ["COACH_CONFIG"]).parent / "keys").glob("*.key"))


def all_bytes(journal: Path) -> bytes:
    """The journal and every file SQLite keeps beside it."""
    return b"".join(
        journal.with_name(journal.name + suffix).read_bytes()
        for suffix in ("", "-wal", "-journal")
        if journal.with_name(journal.name + suffix).exists()
    )


def fingerprint(journal: Path) -> dict[str, bytes | None]:
    return {
        suffix: (item.read_bytes() if item.exists() else None)
        for suffix in ("", "-wal", "-journal")
        for item in [journal.with_name(journal.name + suffix)]
    }


@pytest.fixture
def filled(coach):
    coach("goal", "add", GOAL, "--measure", "km", "--target", "21", "--by", "2027-04-30", "--no-input")
    coach("goal", "log", "1", "5", "--note", "first long run")
    coach("strengths", "add", "Relator", "Learner")
    coach("strategy", "add", "1", "Run with the club", "--strength", "Relator")
    coach("commit", "Run twice", "--goal", "1", "--week", "last")
    coach("commit", "Run three times", "--goal", "1", "--strategy", "1")
    coach("mark", "1", "partial", "--note", "knee")
    coach("reflect", REFLECTION, "--goal", "1", "--tag", "running")


@pytest.fixture
def recovery(filled, coach, journal: Path, tmp_path: Path) -> Path:
    """An encrypted journal; the path of the file its recovery key was written to."""
    path = tmp_path / "recovery.txt"
    result = coach("encrypt", "--yes", "--write-recovery", path)
    assert "is encrypted" in result.stdout
    return path


def test_the_encrypted_file_holds_no_sqlite_header_and_none_of_the_journal_text(recovery, coach, journal):
    coach("reflect", "Another secret thought about my boss")
    data = all_bytes(journal)
    assert journal.read_bytes()[:16] != b"SQLite format 3\x00"
    for text in ("SQLite format 3", GOAL, REFLECTION, "Another secret thought", "Run with the club", "knee"):
        assert text.encode() not in data, text
    assert journal.stat().st_mode & 0o777 == 0o600
    (record,) = key_records(journal)
    assert record.stat().st_mode & 0o777 == 0o600 and record.parent.stat().st_mode & 0o777 == 0o700


def test_the_recovery_key_is_grouped_and_checked(recovery):
    text = recovery.read_text().strip()
    groups = text.split("-")
    assert len(groups) == 14 and all(len(group) == 4 for group in groups)
    key = keys.parse_recovery(text.lower().replace("-", " "))  # case and separators do not matter
    assert keys.recovery_text(key) == text


EVERY_COMMAND = [
    ["goal", "list"],
    ["goal", "list", "--all", "--format", "json"],
    ["goal", "show", "1"],
    ["goal", "edit", "1", "--why", "To feel strong"],
    ["goal", "log", "1", "+3"],
    ["goal", "unlog", "1"],
    ["goal", "add", "Learn to cook ten dinners", "--no-input"],
    ["goal", "done", "2"],
    ["goal", "reopen", "2"],
    ["goal", "drop", "2"],
    ["goal", "delete", "2", "--yes"],
    ["strengths"],
    ["strengths", "add", "Focus"],
    ["strengths", "remove", "Focus"],
    ["strategy", "add", "1", "Sign up for a race", "--strength", "Learner"],
    ["strategy", "list"],
    ["strategy", "suggest", "1", "--no-input"],
    ["strategy", "edit", "2", "--text", "Sign up for a spring race"],
    ["strategy", "retire", "2"],
    ["commit", "Stretch after runs", "--goal", "1"],
    ["commit", "edit", "3", "--when", "after each run"],
    ["week"],
    ["week", "last", "--format", "markdown"],
    ["week", "note", "last", "A good week overall"],
    ["week", "review", "--no-input"],
    ["week", "plan", "--no-input"],
    ["mark", "3", "done"],
    ["carry", "1"],
    ["reflect", "The club made it easy"],
    ["reframe", "1", "I keep some promises, and can keep more"],
    ["journal"],
    ["journal", "--search", "club"],
    ["journal", "edit", "2", "The club made it much easier"],
    ["report"],
    ["brief"],
    ["brief", "--format", "html"],
    ["calendar"],
    ["session", "--no-input"],
    ["status"],
    ["status", "--format", "json"],
    ["config"],
    ["undo", "--list"],
    ["undo"],
    ["export"],
    ["export", "--format", "markdown"],
    ["backup"],
    ["doctor"],
    ["journal", "delete", "2", "--yes"],
]


def test_every_command_runs_on_an_encrypted_journal(recovery, coach, journal):
    for command in EVERY_COMMAND:
        coach(*command)
    assert journal.read_bytes()[:8] == disk.MAGIC
    assert b"The club made it" not in all_bytes(journal)


def test_export_of_the_encrypted_journal_equals_the_plain_one(filled, coach, journal, tmp_path):
    plain = coach("export").stdout
    coach("encrypt", "--yes", "--write-recovery", tmp_path / "recovery.txt")
    assert coach("export").stdout == plain
    assert coach("export", "--format", "markdown").stdout == coach("export", "--format", "markdown").stdout
    coach("decrypt", "--yes")
    assert journal.read_bytes()[:16] == b"SQLite format 3\x00"
    assert coach("export").stdout == plain


def test_backups_of_an_encrypted_journal_stay_encrypted(recovery, coach, journal):
    coach("backup")
    backups = sorted(journal.parent.glob("coach.db.backup-*"))
    newest = max(backups, key=lambda item: item.stat().st_mtime_ns)
    assert newest.read_bytes()[:16] == journal.read_bytes()[:16]  # the same journal id, so the same key
    assert GOAL.encode() not in newest.read_bytes()
    assert GOAL in coach("--db", newest, "goal", "list").stdout


READ_AND_WRITE = [
    ["goal", "list"],
    ["status"],
    ["goal", "add", "Another goal of mine", "--no-input"],
    ["backup"],
]


def test_a_missing_key_is_named_with_the_fix_and_nothing_changes(recovery, coach, coach_error, journal):
    (record,) = key_records(journal)
    record.unlink()
    before = fingerprint(journal)
    listing = sorted(journal.parent.iterdir())
    for command in READ_AND_WRITE:
        assert coach_error(*command) == f"Error: {NO_KEY}"
    assert fingerprint(journal) == before and sorted(journal.parent.iterdir()) == listing
    # The lost key file is put back from the recovery key, and the journal opens again.
    coach("key", "store", "--file", "--recovery-file", recovery)
    assert GOAL in coach("goal", "list").stdout


def test_a_wrong_key_is_named_with_the_fix_and_nothing_changes(recovery, coach, coach_error, journal):
    (record,) = key_records(journal)
    data = json.loads(record.read_text())
    other = keys.new_key()
    record.write_text(json.dumps(keys.make_record(data["journal"], other, "file")))
    before = fingerprint(journal)
    for command in READ_AND_WRITE:
        error = coach_error(*command)
        assert error == f"Error: {WRONG_KEY}" and "damaged" not in error
    assert fingerprint(journal) == before
    verified = coach("key", "verify", "--recovery-file", recovery)
    assert "Right" in verified.stdout and "does not open it" in verified.stdout
    coach("key", "store", "--file", "--recovery-file", recovery)
    coach("goal", "list")


def test_a_changed_key_file_is_a_wrong_key(recovery, coach, coach_error, journal):
    (record,) = key_records(journal)
    data = json.loads(record.read_text())
    data["key"] = "00" * 32
    record.write_text(json.dumps(data))
    assert coach_error("goal", "list") == f"Error: {WRONG_KEY}"


def test_a_typo_in_the_recovery_key_is_caught_as_a_typo(recovery, coach, coach_error, tmp_path):
    text = recovery.read_text().strip()
    typo = tmp_path / "typo.txt"
    swapped = "B" if text[5] != "B" else "C"
    typo.write_text(text[:5] + swapped + text[6:])
    assert "typo" in coach_error("key", "verify", "--recovery-file", typo)
    typo.write_text(text[:-5])
    assert "has 56 letters and digits" in coach_error("key", "verify", "--recovery-file", typo)
    # Another journal's recovery key has no typo, but does not open this one.
    typo.write_text(keys.recovery_text(keys.new_key()))
    assert "does not open" in coach_error("key", "store", "--file", "--recovery-file", typo)
    assert "Right" in coach("key", "verify", input=text + "\n").stdout


def test_verify_on_a_plain_journal_says_it_is_not_encrypted(filled, coach_error):
    assert "not encrypted" in coach_error("key", "verify")
    assert "not encrypted" in coach_error("decrypt", "--yes")


def test_encrypting_needs_a_yes_and_the_recovery_key_handed_over(
    filled, coach, coach_error, journal, tmp_path
):
    before = fingerprint(journal)
    assert "needs a yes" in coach_error("encrypt")
    assert "--write-recovery" in coach_error("encrypt", "--yes")
    taken = tmp_path / "taken.txt"
    taken.write_text("mine")
    assert "already exists" in coach_error("encrypt", "--yes", "--write-recovery", taken)
    assert taken.read_text() == "mine"
    assert fingerprint(journal) == before and key_records(journal) == []
    coach("encrypt", "--yes", "--write-recovery", tmp_path / "recovery.txt")
    assert "already encrypted" in coach_error("encrypt", "--yes", "--write-recovery", tmp_path / "again.txt")


def test_the_os_keyring_is_used_only_when_there_is_a_real_one(recovery, coach_error, coach, journal):
    (record,) = key_records(journal)
    before = record.read_text()
    message = coach_error("key", "store", "--keyring")
    assert "no OS keyring" in message
    assert record.read_text() == before
    coach("goal", "list")


def test_rotate_gives_a_new_key_and_removes_the_old_slot(recovery, coach, coach_error, journal, tmp_path):
    (old_record,) = key_records(journal)
    plain = coach("export").stdout
    new_recovery = tmp_path / "new.txt"
    result = coach("key", "rotate", "--yes", "--write-recovery", new_recovery)
    assert "new key" in result.stdout
    (new_record,) = key_records(journal)
    assert new_record != old_record and not old_record.exists()
    assert coach("export").stdout == plain
    assert "does not open" in coach_error("key", "verify", "--recovery-file", recovery)
    assert "Right" in coach("key", "verify", "--recovery-file", new_recovery).stdout


def test_doctor_says_encrypted_and_which_slot_never_the_key(recovery, coach, journal):
    (record,) = key_records(journal)
    data = json.loads(record.read_text())
    shown = coach("doctor", "--format", "json").stdout
    report = json.loads(shown)
    assert report["encryption"] == {"cipher": "SQLCipher 4", "key_id": data["key_id"], "slot": "file"}
    assert report["integrity"] == "ok"
    text = coach("doctor").stdout
    assert "SQLCipher 4" in text and "key file" in text
    for output in (shown, text):
        assert data["key"] not in output and recovery.read_text().strip() not in output


def test_status_on_an_encrypted_journal_imports_no_typer_rich_pydantic_orm_or_key_making(
    recovery, coach, journal
):
    coach("commit", "Run twice more", "--week", "last")
    result = subprocess.run(
        [sys.executable, "-c", STATUS_PROBE, json.dumps(["status"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "to review" in result.stdout, result.stderr
    marker = [line for line in result.stderr.splitlines() if line.startswith("MODULES=")]
    modules = set(json.loads(marker[-1].removeprefix("MODULES=")))
    assert modules & set(NOT_FOR_STATUS) == set() and "sqlcipher3" in modules
    # SQLCipher checks the key against the file: opening it hashes nothing (store/unlock.py).
    assert modules & set(KEY_MODULES) == set()


def test_subkeys_are_stable_and_apart():
    key = bytes(range(32))
    assert unlock.subkey(key, "sync") == unlock.subkey(key, "sync") != unlock.subkey(key, "other")
    # RFC 5869's test case 3 (SHA-256, no salt, no info).
    ikm = bytes.fromhex("0b" * 22)
    expected = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    assert unlock.subkey(ikm, "", 42).hex() == expected


def on_a_terminal(*args: str) -> Any:
    """`coach ARGS` on a real terminal (a pty), with the test's journal and config."""
    return coach_on_a_terminal(list(args), {**os.environ, "NO_COLOR": "1", "PAGER": "cat"})


def test_on_a_terminal_encrypt_shows_the_recovery_key_and_has_its_last_group_typed_back(
    filled, coach, journal
):
    pexpect = pytest.importorskip("pexpect")
    child = on_a_terminal("encrypt")
    child.expect(r"Encrypt .*\[y/N\]")
    child.sendline("y")
    child.expect(r"(([A-Z2-7]{4}-){13}[A-Z2-7]{4})")
    recovery = child.match.group(1)
    child.expect("last group")
    child.sendline("ZZZZ" if not recovery.endswith("ZZZZ") else "YYYY")
    child.expect("not its last group")
    assert journal.read_bytes()[:16] == b"SQLite format 3\x00" and key_records(journal) == []  # nothing yet
    child.expect("last group")
    child.sendline(recovery.rsplit("-", 1)[1].lower())
    # On a terminal `say` wraps between words, so where the line breaks depends on the journal's path.
    child.expect(r"is\s+encrypted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert unlock.opens(journal, keys.parse_recovery(recovery))
    shown = on_a_terminal("key", "show-recovery")
    shown.expect(recovery)
    shown.expect(pexpect.EOF)
    assert "terminal only" in coach("key", "show-recovery", expect=1).stderr


def key_behind_a_passphrase(passphrase: str) -> None:
    """`coach key store --passphrase` on a terminal, with the passphrase typed twice."""
    pexpect = pytest.importorskip("pexpect")
    child = on_a_terminal("key", "store", "--passphrase")
    child.expect("New passphrase")
    child.sendline(passphrase)
    child.expect("again")
    child.sendline(passphrase)
    child.expect("behind your passphrase")
    child.expect(pexpect.EOF)


def test_a_passphrase_slot_asks_once_per_command_and_names_a_wrong_passphrase(recovery, coach, journal):
    pexpect = pytest.importorskip("pexpect")
    key_behind_a_passphrase("river run spring")
    (record,) = key_records(journal)
    data = json.loads(record.read_text())
    assert "key" not in data and data["scrypt"]["n"] == keys.SCRYPT_N and data["slot"] == "passphrase"
    assert "river" not in record.read_text()
    child = on_a_terminal("goal", "list")
    child.expect("Passphrase")
    child.sendline("river run spring")
    child.expect(GOAL)
    child.expect(pexpect.EOF)
    child = on_a_terminal("goal", "list")
    child.expect("Passphrase")
    child.sendline("wrong words")
    child.expect("passphrase does not open")
    child.expect(pexpect.EOF)
    # `coach status` (a shell prompt's) never waits for a passphrase, even on a terminal.
    child = on_a_terminal("status")
    child.expect("never waits for")
    child.expect(pexpect.EOF)
    # Off a terminal the passphrase cannot be asked: said so, with the way out.
    assert "only on a terminal" in coach("goal", "list", expect=1).stderr
    # A forgotten passphrase: the recovery key puts the key back in a key file.
    coach("key", "store", "--file", "--recovery-file", recovery)
    assert GOAL in coach("goal", "list").stdout


def test_ctrl_c_at_the_passphrase_question_stops_coach_as_at_any_question(recovery, coach, journal):
    pexpect = pytest.importorskip("pexpect")
    key_behind_a_passphrase("river run spring")
    before = journal.read_bytes()
    child = on_a_terminal("commit", "Run twice")
    child.expect("Passphrase")
    child.sendintr()
    child.expect("Stopped. Anything already saved is kept")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and journal.read_bytes() == before


def test_an_encrypted_journal_is_migrated_and_its_migration_backup_stays_encrypted(coach_json, journal):
    from coachcli.store.db import HEAD_REVISION, REVISIONS
    from coachcli.store.encryption import rewrite
    from tests.test_migrations import make_journal_at

    older = REVISIONS[-2]
    before = make_journal_at(journal, older)
    key, journal_id = keys.new_key(), keys.new_journal_id()
    keys.write_record(journal_id, keys.make_record(journal_id, key, "file"))
    rewrite(journal, label="encrypt", source=None, target=(key, journal_id))
    assert [goal["title"] for goal in coach_json("goal", "list")] == ["Run a half marathon"]
    backup = journal.with_name(f"{journal.name}.bak-{older}")
    for path, revision in ((journal, HEAD_REVISION), (backup, older)):
        assert path.read_bytes()[:8] == disk.MAGIC
        connection = unlock.connect(path.resolve().as_uri(), journal_id)
        try:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
            for table, count in before.items():
                assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table
        finally:
            connection.close()


def test_a_damaged_key_file_is_named_and_replaced_from_the_recovery_key(
    recovery, coach, coach_error, journal
):
    (record,) = key_records(journal)
    record.write_text("{not json")
    error = coach_error("goal", "list")
    assert error.startswith("Error: the key file ") and "coach key store --file" in error  # never the journal
    coach("key", "store", "--file", "--recovery-file", recovery)
    assert GOAL in coach("goal", "list").stdout


def test_a_journal_behind_a_symlink_is_encrypted_where_it_lives(coach, journal, tmp_path):
    real = tmp_path / "elsewhere" / "coach.db"
    real.parent.mkdir()
    coach("--db", real, "goal", "add", GOAL, "--no-input")
    journal.parent.mkdir(parents=True)
    journal.symlink_to(real)
    coach("encrypt", "--yes", "--write-recovery", tmp_path / "recovery.txt")
    assert journal.is_symlink() and real.read_bytes()[:8] == disk.MAGIC
    assert GOAL in coach("goal", "list").stdout


def test_a_journal_can_be_encrypted_before_its_first_entry(coach, journal, tmp_path):
    coach("encrypt", "--yes", "--write-recovery", tmp_path / "recovery.txt")
    coach("goal", "add", GOAL, "--no-input")
    assert journal.read_bytes()[:8] == disk.MAGIC and GOAL.encode() not in all_bytes(journal)
    missing = tmp_path / "none.db"
    assert "there is no journal" in coach("--db", missing, "decrypt", "--yes", expect=1).stderr
    assert "there is no journal" in coach("--db", missing, "key", "verify", expect=1).stderr
    assert not missing.exists()


def test_a_wrong_key_in_a_real_process_prints_one_line_and_nothing_of_sqlcipher(recovery, journal):
    (record,) = key_records(journal)
    data = json.loads(record.read_text())
    record.write_text(json.dumps(keys.make_record(data["journal"], keys.new_key(), "file")))
    for command in (["goal", "list"], ["status"], ["doctor"]):
        result = subprocess.run(
            [sys.executable, "-m", "coachcli", *command], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
        assert WRONG_KEY in result.stderr and "ERROR" not in result.stderr.removeprefix("Error:")


def test_the_session_saves_each_answer_into_an_encrypted_journal(
    coach, coach_json, journal, tmp_path, interactive
):
    from tests.test_cli_session import FRIDAY, a_week_to_close

    a_week_to_close(coach)
    coach("encrypt", "--yes", "--write-recovery", tmp_path / "recovery.txt")
    # What the session is for, then the first commitment: done, and what helped; q stops for now.
    first = coach("session", input="A plan I believe in\nd\nThe club helped\nq\n", env=FRIDAY)
    assert "Stopped for now" in first.stdout
    week = coach_json("week", "2026-W48")
    assert [item["status"] for item in week["commitments"]][:1] == ["done"]
    exported = coach("export").stdout
    for answer in ("A plan I believe in", "The club helped"):
        assert answer.encode() not in all_bytes(journal)
        assert answer in exported
