"""Fixtures: a fresh journal per test, and runners for the real `coach` command."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coachcli.cli.app import app


def as_on_a_terminal() -> None:
    """In a child about to run on a pseudo-terminal: Ctrl-C and Ctrl-\\ act as on a person's terminal.

    A shell that starts the suite as a background job (`pytest &` in a script, `nohup`) leaves SIGINT and
    SIGQUIT ignored, and an ignored signal stays ignored in every program started after: coach would then
    rightly go on past a Ctrl-C. pexpect's `preexec_fn`, or called in a `pty.fork()` child before it execs.
    """
    for number in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)


def coach_on_a_terminal(
    args: list[str], env: dict[str, str], *, timeout: int = 60, dimensions: tuple[int, int] = (50, 200)
) -> Any:
    """The installed `coach ARGS` on a pseudo-terminal of its own (pexpect), started as a person's terminal
    starts it (as_on_a_terminal)."""
    pexpect = pytest.importorskip("pexpect")
    return pexpect.spawn(
        str(Path(sys.executable).with_name("coach")),
        args,
        env=env,
        encoding="utf-8",
        timeout=timeout,
        dimensions=dimensions,
        preexec_fn=as_on_a_terminal,
    )


TODAY = "2026-11-25"  # a Wednesday in 2026-W48


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path of a fresh journal (not yet created), with COACH_DB, COACH_TODAY and COACH_CONFIG set for it."""
    path = tmp_path / "journal" / "coach.db"
    monkeypatch.setenv("COACH_DB", str(path))
    monkeypatch.setenv("COACH_TODAY", TODAY)
    monkeypatch.setenv("COACH_CONFIG", str(tmp_path / "config" / "config.toml"))  # never the person's own
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the default journal and demo.db, too
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return path


def demo_in_journal(args: list[str]) -> list[str]:
    """`coach demo` builds its sample in the test's own journal: named with --db, since COACH_DB never gets it."""
    journal = os.environ.get("COACH_DB")
    if args[:1] == ["demo"] and journal:
        return ["--db", journal, *args]
    return args


@pytest.fixture
def coach(journal: Path) -> Callable[..., Any]:
    """Run `coach ARGS...` and check its exit code (0 unless `expect` says otherwise; None: any)."""
    runner = CliRunner()

    def run(
        *args: Any, input: str | None = None, expect: int | None = 0, env: dict[str, str] | None = None
    ) -> Any:
        result = runner.invoke(app, demo_in_journal([str(arg) for arg in args]), input=input, env=env)
        assert expect is None or result.exit_code == expect, (
            f"coach {' '.join(map(str, args))} exited {result.exit_code}, expected {expect}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\nexception: {result.exception!r}"
        )
        if expect == 1:
            assert isinstance(result.exception, SystemExit), f"unhandled exception: {result.exception!r}"
        return result

    return run


@pytest.fixture
def coach_json(coach: Callable[..., Any]) -> Callable[..., Any]:
    """Run `coach ARGS... --format json` and parse what it prints."""

    def run(*args: Any) -> Any:
        return json.loads(coach(*args, "--format", "json").stdout)

    return run


@pytest.fixture
def coach_error(coach: Callable[..., Any]) -> Callable[..., str]:
    """Run a command that must fail with one `Error:` line and exit 1; return that line."""

    def run(*args: Any, input: str | None = None) -> str:
        result = coach(*args, input=input, expect=1)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        return lines[0]

    return run


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let commands prompt as on a terminal; answers come from the runner's `input`."""
    monkeypatch.setattr("coachcli.cli.console.stdin_is_terminal", lambda: True)


def dump_database(
    path: Path, leave_out: frozenset[str] = frozenset()
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, to check that a failed command changed nothing.

    SQLite's id counter (sqlite_sequence) is left out: it only grows, so that an id is never given twice, and
    an undo rightly leaves it where it is. So are the columns the journal keeps itself (`revision`, raised by
    every change, undo included, so that a calendar sees each version as newer), and the columns in `leave_out`.
    """
    from coachcli.store.history import KEPT_BY_THE_JOURNAL

    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'sqlite_sequence' ORDER BY name"
            )
        ]
        dumped = []
        for table in tables:
            names = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            columns = ", ".join(f'"{name}"' for name in names if name not in KEPT_BY_THE_JOURNAL | leave_out)
            rows = connection.execute(f'SELECT {columns} FROM "{table}"').fetchall()
            dumped.append((table, sorted(rows, key=repr)))
        return dumped
    finally:
        connection.close()


@pytest.fixture
def session(tmp_path: Path) -> Any:
    """One write transaction on a fresh, migrated journal (like sqlite-utils' `fresh_db`), for store tests."""
    from coachcli.store.db import open_journal

    journal = open_journal(tmp_path / "store.db")
    try:
        with journal.transaction(write=True) as opened:
            yield opened
    finally:
        journal.close()
