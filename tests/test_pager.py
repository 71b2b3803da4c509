"""Long output on a terminal goes through a pager, as git does; never when piped, never with --no-pager."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

LAUNCH = "from coachcli.launch import main; main()"


@pytest.fixture
def long_journal(coach, journal) -> Path:
    for number in range(40):
        coach("reflect", f"Entry number {number}: a long run by the river", "--tag", "running")
    return journal


def fake_pager(folder: Path, name: str) -> Path:
    """An executable that records its arguments, the LESS variable and what it was given to show."""
    script = folder / name
    record = folder / f"{name}.out"
    script.write_text(f'#!/bin/sh\necho "args: $* LESS=$LESS" > {record}\ncat >> {record}\n')
    script.chmod(0o755)
    return record


def on_terminal(args: list[str], env: dict[str, str], rows: int = 20) -> str:
    """Run coach on a pseudo-terminal of `rows` lines and return what the terminal showed."""
    child = pexpect.spawn(
        sys.executable,
        ["-c", LAUNCH, *args],
        env={**env, "LINES": str(rows), "COLUMNS": "80"},
        dimensions=(rows, 80),
        encoding="utf-8",
        timeout=60,
    )
    shown = child.read()
    child.close()
    assert child.exitstatus == 0, shown
    return shown


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PAGER", "LESS")}
    return {**env, **extra}


def test_pager_from_the_environment_gets_the_long_output(long_journal, tmp_path):
    record = fake_pager(tmp_path, "mypager")
    shown = on_terminal(["journal"], environment(PAGER=str(tmp_path / "mypager")))
    paged = record.read_text()
    assert "Entry number 39" in paged and "Entry number 0" in paged
    assert "LESS=FRX" in paged.splitlines()[0]  # as git sets it when the person has not
    assert "Entry number" not in shown


def test_less_is_the_default_pager(long_journal, tmp_path):
    record = fake_pager(tmp_path, "less")
    env = environment(PATH=f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    on_terminal(["journal"], env)
    first = record.read_text().splitlines()[0]
    assert first.startswith("args: -R ")


def test_no_pager_and_short_output_go_straight_to_the_terminal(long_journal, tmp_path):
    record = fake_pager(tmp_path, "mypager")
    env = environment(PAGER=str(tmp_path / "mypager"))
    assert "Entry number 39" in on_terminal(["--no-pager", "journal"], env)
    assert "Entry number 3" in on_terminal(["journal", "--search", "number 3:"], env)  # fits the screen
    assert not record.exists()


@pytest.mark.parametrize(
    "args", [["journal", "--no-pager"], ["journal", "list", "--tag", "running", "--no-pager"]]
)
def test_no_pager_works_after_the_command_too(long_journal, tmp_path, args):
    record = fake_pager(tmp_path, "mypager")
    assert "Entry number 39" in on_terminal(args, environment(PAGER=str(tmp_path / "mypager")))
    assert not record.exists()


def test_piped_output_never_pages(long_journal, tmp_path):
    record = fake_pager(tmp_path, "mypager")
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, "journal"],
        env=environment(PAGER=str(tmp_path / "mypager")),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Entry number 39" in result.stdout and "Entry number 0" in result.stdout
    assert not record.exists()


def test_empty_pager_or_cat_means_none(long_journal):
    for pager in ("", "cat"):
        assert "Entry number 0" in on_terminal(["journal"], environment(PAGER=pager))
