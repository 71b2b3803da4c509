"""Helpers for the reliability suite: real `coach` processes on real files.

Processes run `python -m coachcli` with the journal in COACH_DB. Some start through a small launcher script
(LAUNCHER) that can hold them at a barrier until every one is ready, or kill them with SIGKILL at a chosen
moment of their SQLite work, so that the cases are exact and repeatable without sleeps.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import as_on_a_terminal

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"
PROCESS_TIMEOUT = 120

# Runs coach after optional hooks, chosen by environment variables:
#   COACH_TEST_BARRIER=1        import everything, say "ready" on stderr, wait for one byte on stdin, then run;
#   COACH_TEST_KILL=MODE:N      SIGKILL itself: "progress" at the Nth SQLite progress callback (every 100 VM
#                               steps), "statement" at the start of the Nth SQL statement, "commit" at the start
#                               of the Nth COMMIT, "after-commit" at the first statement or connection close
#                               after the Nth COMMIT (its -wal not yet checkpointed),
#                               "replace" when about to rename a finished --output file into place;
#   COACH_TEST_SIGNAL=NAME:POINT  send itself SIGNAME (TERM, HUP) at POINT: "backup" when a SQLite backup is about
#                               to copy (its temporary file exists), "replace" when a finished --output file is
#                               about to be renamed into place;
#   COACH_TEST_PAUSE=SQL:N      at the start of the Nth statement that begins with SQL (e.g. "BEGIN IMMEDIATE"),
#                               say "paused" on stderr and wait for one byte on stdin;
#   COACH_TEST_COUNT=FILE       write into FILE how many progress callbacks and statements the run made, and
#                               their numbers at each COMMIT ("commits_at").
LAUNCHER = r"""
import json, os, signal, sqlite3, sys

mode, _, limit = os.environ.get("COACH_TEST_KILL", ":0").partition(":")
count_file_wanted = bool(os.environ.get("COACH_TEST_COUNT"))
limit = int(limit or 0)
counts = {"progress": 0, "statement": 0, "commit": 0, "commits_at": []}

def kill_now():
    os.kill(os.getpid(), signal.SIGKILL)

def on_progress():
    counts["progress"] += 1
    if mode == "progress" and counts["progress"] == limit:
        kill_now()
    return 0

pause_prefix, _, pause_at = os.environ.get("COACH_TEST_PAUSE", "").rpartition(":")
pauses = 0

def on_statement(statement):
    global pauses
    counts["statement"] += 1
    if pause_prefix and statement.strip().upper().startswith(pause_prefix):
        pauses += 1
        if pauses == int(pause_at):
            sys.stderr.write("paused\n")
            sys.stderr.flush()
            sys.stdin.read(1)
    if mode == "statement" and counts["statement"] == limit:
        kill_now()
    if mode == "after-commit" and counts["commit"] >= limit:
        kill_now()
    if statement.strip().upper().startswith("COMMIT"):
        counts["commit"] += 1
        counts["commits_at"].append({"statement": counts["statement"], "progress": counts["progress"]})
        if mode == "commit" and counts["commit"] == limit:
            kill_now()

signal_name, _, signal_point = os.environ.get("COACH_TEST_SIGNAL", "").partition(":")

def send_signal(point):
    if signal_point == point:
        os.kill(os.getpid(), getattr(signal, "SIG" + signal_name))

# Every connection `dbapi.connect` makes (sqlite3's, or sqlcipher3's for an encrypted journal) runs the hooks.
def hook_connections(dbapi):
    class Connection(dbapi.Connection):
        def backup(self, *args, **kwargs):
            send_signal("backup")
            return super().backup(*args, **kwargs)

        def close(self):
            if mode == "after-commit" and counts["commit"] >= limit:
                kill_now()
            super().close()

    original_connect = dbapi.connect

    def connect(*args, **kwargs):
        connection = original_connect(*args, factory=Connection, **kwargs)
        connection.set_progress_handler(on_progress, 100)
        connection.set_trace_callback(on_statement)
        return connection

    dbapi.connect = connect

hook_connections(sqlite3)

if mode or count_file_wanted or pause_prefix:  # sqlcipher3 is imported only where a hook may be wanted
    try:
        from sqlcipher3 import dbapi2 as sqlcipher_dbapi
    except ImportError:
        sqlcipher_dbapi = None
    if sqlcipher_dbapi is not None:
        hook_connections(sqlcipher_dbapi)

if mode == "replace":
    original_replace = os.replace
    def replace(source, target, *args, **kwargs):
        kill_now()
    os.replace = replace

if signal_point == "replace":
    original_replace = os.replace
    def replace_after_signal(source, target, *args, **kwargs):
        send_signal("replace")
        return original_replace(source, target, *args, **kwargs)
    os.replace = replace_after_signal

count_file = os.environ.get("COACH_TEST_COUNT")
if count_file:
    import atexit
    atexit.register(lambda: open(count_file, "w").write(json.dumps(counts)))

from coachcli.launch import run_process

if os.environ.get("COACH_TEST_BARRIER"):
    import coachcli.store.db, coachcli.store.goals, coachcli.store.backups, coachcli.render.goals  # noqa
    import sqlmodel, alembic.command, rich.table  # noqa
    sys.stderr.write("ready\n")
    sys.stderr.flush()
    sys.stdin.read(1)
sys.argv = ["coach", *sys.argv[1:]]
sys.exit(run_process(sys.argv[1:]))
"""


def coach_environment(journal: Path, **extra: str) -> dict[str, str]:
    """The environment of a coach process working on `journal`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("COACH_")}
    env.update(
        COACH_DB=str(journal),
        COACH_TODAY=TODAY,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        NO_COLOR="1",
        COLUMNS="100",
    )
    env.update(extra)
    return env


def coach_command(*args: Any, journal: Path | None = None) -> list[str]:
    """The command line of a coach process; `coach demo` names `journal` with --db (COACH_DB never gets it)."""
    words = [str(arg) for arg in args]
    if words[:1] == ["demo"] and journal is not None:
        words = ["--db", str(journal), *words]
    return [sys.executable, "-c", LAUNCHER, *words]


def run_coach(
    journal: Path, *args: Any, input: str | None = None, env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run one real coach process to its end."""
    return subprocess.run(
        coach_command(*args, journal=journal),
        input=input,
        capture_output=True,
        text=True,
        env=coach_environment(journal, **(env or {})),
        timeout=PROCESS_TIMEOUT,
        **options,
    )


def start_together(journal: Path, commands: list[list[Any]]) -> list[subprocess.CompletedProcess[str]]:
    """Start one process per command, wait until all have imported everything, release them at once."""
    processes = [
        subprocess.Popen(
            coach_command(*command, journal=journal),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=coach_environment(journal, COACH_TEST_BARRIER="1"),
        )
        for command in commands
    ]
    try:
        for process in processes:
            assert process.stderr is not None and process.stderr.readline() == "ready\n"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go")
            process.stdin.flush()
        results = []
        for command, process in zip(commands, processes, strict=True):
            assert process.stdin is not None
            process.stdin.close()
            process.stdin = None
            stdout, stderr = process.communicate(timeout=PROCESS_TIMEOUT)
            results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def assert_clean_success(results: list[subprocess.CompletedProcess[str]]) -> None:
    """Every process exited 0 with nothing alarming on standard error."""
    for result in results:
        assert result.returncode == 0, (result.args, result.stderr)
        for word in ("locked", "Traceback", "Error"):
            assert word not in result.stderr, (result.args, result.stderr)


def assert_one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """The process failed with exit 1 and one `Error:` line that holds every fragment."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query on a database file (a normal connection: it recovers a WAL left by a killed process)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def integrity(path: Path) -> str:
    return query(path, "PRAGMA integrity_check")[0][0]


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table (alembic_version and SQLite's id counter, sqlite_sequence, aside)."""
    tables = [
        row[0]
        for row in query(
            path,
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT IN ('alembic_version', 'sqlite_sequence')",
        )
    ]
    return {table: query(path, f'SELECT count(*) FROM "{table}"')[0][0] for table in tables}


def fingerprint(path: Path) -> dict[str, str | None]:
    """A hash of the file and of each file SQLite may keep beside it, to prove nothing changed."""
    files = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        item = path.with_name(path.name + suffix)
        files[suffix] = hashlib.sha256(item.read_bytes()).hexdigest() if item.exists() else None
    return files


def folder_listing(folder: Path) -> list[str]:
    return sorted(item.name for item in folder.iterdir())


@dataclass
class RealJournal:
    """A journal file in a fresh folder, and ways to run real coach processes on it."""

    path: Path

    def run(self, *args: Any, **options: Any) -> subprocess.CompletedProcess[str]:
        return run_coach(self.path, *args, **options)

    def ok(self, *args: Any, **options: Any) -> subprocess.CompletedProcess[str]:
        result = self.run(*args, **options)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result


def terminal(journal: RealJournal, *args: str) -> pexpect.spawn:
    """A coach process on a pseudo-terminal of its own."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "coachcli", *args],
        env=coach_environment(journal.path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
        preexec_fn=as_on_a_terminal,
    )


@pytest.fixture
def real_journal(tmp_path: Path) -> RealJournal:
    """A journal path (not yet created) in its own folder, for real coach processes."""
    return RealJournal(tmp_path / "journal" / "coach.db")


@pytest.fixture
def umask_zero() -> Iterator[Callable[[], None]]:
    """A preexec function that runs a process with umask 0 (the most permissive there is)."""

    def set_umask() -> None:
        os.umask(0)

    yield set_umask


needs_permissions = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root ignores file permissions; run the suite as an ordinary user to check them",
)
