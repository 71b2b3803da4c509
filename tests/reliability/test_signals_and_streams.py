"""SIGTERM and SIGHUP, failing or narrow standard output, and arguments that are not UTF-8: real processes.

A signal is handled like Ctrl-C: temporary files (backup copies, --output files, the editor's file) are
removed and coach exits with 128 + the signal's number. The launcher's COACH_TEST_SIGNAL=NAME:POINT sends
the signal to coach itself at an exact moment (see conftest.LAUNCHER).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.reliability.conftest import (
    PROCESS_TIMEOUT,
    RealJournal,
    assert_one_error_line,
    coach_command,
    coach_environment,
    folder_listing,
    query,
)

SIGNALS = [("TERM", signal.SIGTERM), ("HUP", signal.SIGHUP)]


def leftovers(folder: Path) -> list[str]:
    return [name for name in folder_listing(folder) if ".tmp" in name]


@pytest.fixture
def journal(real_journal: RealJournal) -> RealJournal:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    return real_journal


@pytest.mark.parametrize(("name", "number"), SIGNALS)
def test_a_backup_stopped_by_a_signal_leaves_no_hidden_copy(
    journal: RealJournal, name: str, number: int
) -> None:
    result = journal.run("backup", env={"COACH_TEST_SIGNAL": f"{name}:backup"})
    assert result.returncode == 128 + number, result.stderr
    assert "Traceback" not in result.stderr and "Stopped" in result.stderr
    assert leftovers(journal.path.parent) == [], "a complete copy of the journal was left behind"
    assert [item for item in folder_listing(journal.path.parent) if ".backup-" in item] == []


def test_a_migration_copy_stopped_by_sigterm_leaves_no_hidden_copy(journal: RealJournal) -> None:
    connection = sqlite3.connect(journal.path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0004'")  # as an older coach left it
    connection.close()
    result = journal.run("goal", "add", "Swim", "--no-input", env={"COACH_TEST_SIGNAL": "TERM:backup"})
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert leftovers(journal.path.parent) == []


def test_an_output_file_stopped_by_sigterm_leaves_no_temporary_file(journal: RealJournal) -> None:
    output = journal.path.parent / "goals.md"
    output.write_text("the previous export\n")
    result = journal.run(
        "goal", "list", "-f", "markdown", "-o", output, env={"COACH_TEST_SIGNAL": "TERM:replace"}
    )
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert leftovers(journal.path.parent) == []
    assert output.read_text() == "the previous export\n"


def test_doctor_lists_and_backup_sweeps_stale_copies_but_not_a_running_ones(journal: RealJournal) -> None:
    folder = journal.path.parent
    stale = folder / ".coach.db.backup-2026-11-20.k3j9x2ab.tmp"
    stale.write_bytes(journal.path.read_bytes())
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    running = folder / ".coach.db.bak-0004.q8w7e6rt.tmp"  # a copy another coach is writing right now
    running.write_bytes(b"")
    in_a_minute = time.time() + 60
    os.utime(running, (in_a_minute, in_a_minute))
    report = json.loads(journal.ok("doctor", "--format", "json").stdout)
    assert any(str(stale) in note for note in report["notes"]), report["notes"]
    assert not any(str(running) in note for note in report["notes"])
    result = journal.ok("backup")
    assert "Removed 1 unfinished copy" in result.stdout
    assert not stale.exists() and running.exists()


EDITOR = """#!/bin/sh
stat -c %a "$(dirname "$1")" > "{marker}"
printf 'A private thought' >> "$1"
kill -{name} $PPID
exec sleep 120
"""


def reflect_on_a_terminal(journal: RealJournal, editor: Path, temporary: Path) -> pexpect.spawn:
    """`coach reflect` on a pseudo-terminal (so that it opens the editor), with its temporary files in `temporary`."""
    environment = coach_environment(journal.path, EDITOR=str(editor), TMPDIR=str(temporary))
    return pexpect.spawn(
        sys.executable, ["-m", "coachcli", "reflect"], env=environment, encoding="utf-8", timeout=60
    )


@pytest.mark.parametrize(("name", "number"), SIGNALS)
def test_the_editors_file_is_private_and_removed_when_coach_is_stopped(
    journal: RealJournal, tmp_path: Path, name: str, number: int
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    marker = tmp_path / "folder-mode"
    editor = tmp_path / "editor.sh"
    editor.write_text(EDITOR.format(marker=marker, name=name))
    editor.chmod(0o700)
    process = reflect_on_a_terminal(journal, editor, temporary)
    process.expect("Stopped by SIG")
    process.expect(pexpect.EOF)
    process.close()
    assert process.exitstatus == 128 + number, process.before
    assert marker.read_text().strip() == "700"
    assert list(temporary.iterdir()) == [], "the reflection's text was left in a temporary file"
    assert query(journal.path, "SELECT count(*) FROM reflection") == [(0,)]


def test_the_editors_folder_is_removed_after_a_normal_edit(journal: RealJournal, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf \'Calm after the run\' > "$1.new" && mv "$1.new" "$1"\n')
    editor.chmod(0o700)
    process = reflect_on_a_terminal(journal, editor, temporary)
    process.expect(pexpect.EOF)
    process.close()
    assert process.exitstatus == 0, process.before
    assert list(temporary.iterdir()) == []
    assert query(journal.path, "SELECT text FROM reflection") == [("Calm after the run",)]


def one_error_line(stderr: str, *fragments: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_a_failing_stdout_after_a_change_says_it_was_saved(journal: RealJournal) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            coach_command("goal", "add", "Read twelve novels", "--no-input"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=coach_environment(journal.path),
            timeout=PROCESS_TIMEOUT,
        )
    assert result.returncode == 1
    line = one_error_line(result.stderr, "standard output", "the change was saved")
    assert "No space left on device" in line
    assert query(journal.path, "SELECT title FROM goal ORDER BY id") == [
        ("Run a half marathon",),
        ("Read twelve novels",),
    ]


def test_a_failing_stdout_of_a_read_command_is_one_line(journal: RealJournal) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            coach_command("goal", "list"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=coach_environment(journal.path),
            timeout=PROCESS_TIMEOUT,
        )
    assert result.returncode == 1
    assert "saved" not in one_error_line(result.stderr, "standard output")


@pytest.mark.parametrize(
    "arguments",
    [
        ["goal", "add", b"bad \xff title", "--no-input"],
        ["goal", "log", "1", "3", "--note", b"caf\xe9"],
        ["reflect", b"\xff\xfe thought"],
        ["journal", "--search", b"\xff"],
    ],
    ids=["title", "note", "reflect", "search"],
)
def test_arguments_that_are_not_utf8_are_a_clear_error(journal: RealJournal, arguments: list[object]) -> None:
    command = [os.fsencode(sys.executable), b"-c", coach_command()[2].encode(), *map(os.fsencode, arguments)]
    result = subprocess.run(
        command, capture_output=True, text=True, env=coach_environment(journal.path), timeout=PROCESS_TIMEOUT
    )
    assert_one_error_line(result, "is not UTF-8 text")
    assert query(journal.path, "SELECT count(*) FROM goal") == [(1,)]
    assert query(journal.path, "SELECT count(*) FROM checkin") == [(0,)]


NARROW = [
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "latin-1"},
    {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
]


@pytest.mark.parametrize("environment", NARROW, ids=["ascii", "latin-1", "C-locale"])
def test_narrow_output_encodings_degrade_and_files_stay_utf8(
    journal: RealJournal, environment: dict[str, str]
) -> None:
    journal.ok("goal", "add", "Lire « Les Misérables » ✓ 読書", "--no-input")
    journal.ok("reflect", "Ça va — 好")
    for command in (
        ("goal", "list"),
        ("goal", "show", "2"),
        ("week",),
        ("report",),
        ("journal",),
        ("export",),
    ):
        result = journal.run(*command, env=environment, errors="replace")
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
    export = journal.path.parent / "export.json"
    journal.ok("export", "--output", export, env=environment)
    assert "Lire « Les Misérables » ✓ 読書" in export.read_text(encoding="utf-8")
    error = journal.run("goal", "show", "99", env=environment, errors="replace")
    assert error.returncode == 1 and "Traceback" not in error.stderr


def test_utf8_arguments_still_work_in_the_c_locale(journal: RealJournal) -> None:
    journal.ok("goal", "add", "Café ✓", "--no-input", env=NARROW[2])
    assert query(journal.path, "SELECT title FROM goal WHERE id = 2") == [("Café ✓",)]


def test_the_stopped_message_names_the_signal(journal: RealJournal) -> None:
    result = journal.run("backup", env={"COACH_TEST_SIGNAL": "TERM:backup"})
    assert result.stderr.strip().splitlines()[-1].startswith("Stopped")
    assert stat.S_ISREG(journal.path.stat().st_mode)
