"""Config files nobody meant to write: each is one clear error (never a hang or a traceback), `coach status`
stays silent, and two `coach config set` at once both keep their key. Real processes on real files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    PROCESS_TIMEOUT,
    RealJournal,
    assert_one_error_line,
    coach_command,
    coach_environment,
)

# Each would hang or raise without a guard: a FIFO nobody writes to, endless zeros, deep nesting.
HOSTILE = [
    pytest.param("fifo", "not a file", id="fifo"),
    pytest.param("/dev/zero", "larger than", id="dev-zero"),
    pytest.param("a = " + "[" * 500 + "]" * 500 + "\n", "nests", id="nested-arrays"),
    pytest.param(".".join(["a"] * 1000) + " = 1\n", "", id="dotted-keys"),
]


@pytest.fixture
def journal(real_journal: RealJournal) -> RealJournal:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    real_journal.ok("commit", "Run twice", "--goal", "1")
    return real_journal


def hostile_config(folder: Path, content: str) -> Path:
    if content == "fifo":
        path = folder / "config.fifo"
        os.mkfifo(path)
        return path
    if content.startswith("/dev/"):
        return Path(content)
    path = folder / "config.toml"
    path.write_text(content)
    return path


@pytest.mark.parametrize(("content", "fragment"), HOSTILE)
def test_a_hostile_config_is_one_clear_error_or_none(
    journal: RealJournal, content: str, fragment: str
) -> None:
    path = hostile_config(journal.path.parent, content)
    result = journal.run("week", env={"COACH_CONFIG": str(path)})
    assert "Traceback" not in result.stderr
    if fragment:
        assert_one_error_line(result, str(path), fragment)
    else:  # deep tables are only keys coach does not know: nothing wrong with the settings it uses
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("content", "fragment"), HOSTILE)
def test_status_is_silent_under_a_hostile_config(journal: RealJournal, content: str, fragment: str) -> None:
    path = hostile_config(journal.path.parent, content)
    result = journal.run("status", env={"COACH_CONFIG": str(path)})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    if fragment:
        assert result.stdout == ""


def test_a_key_where_a_table_belongs_is_a_clear_error_and_the_file_is_kept(journal: RealJournal) -> None:
    config = journal.path.parent / "config.toml"
    config.write_text('week = "monday"\n')
    result = journal.run("config", "set", "week.review_day", "sunday", env={"COACH_CONFIG": str(config)})
    assert_one_error_line(result, "week", "coach config unset week")
    assert config.read_text() == 'week = "monday"\n'
    journal.ok("config", "unset", "week", env={"COACH_CONFIG": str(config)})
    journal.ok("config", "set", "week.review_day", "sunday", env={"COACH_CONFIG": str(config)})
    assert "sunday" in config.read_text()


def test_config_set_at_once_never_loses_a_key(journal: RealJournal) -> None:
    """Read, change and write under one lock: 7 of 15 rounds lost a key before."""
    settings = [
        ("week.review_day", "monday"),
        ("session.time", "09:30"),
        ("output.format", "markdown"),
        ("editor", "vim"),
    ]
    for round_number in range(3):
        config = journal.path.parent / f"config-{round_number}.toml"
        env = coach_environment(journal.path, COACH_CONFIG=str(config), COACH_TEST_BARRIER="1")
        processes = [
            subprocess.Popen(
                coach_command("config", "set", key, value),
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for key, value in settings
        ]
        for process in processes:  # every one ready, then all released at once
            assert process.stderr is not None and process.stderr.readline() == "ready\n"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go")
            process.stdin.close()
        for process in processes:
            assert process.stdout is not None and process.stderr is not None
            process.wait(timeout=PROCESS_TIMEOUT)
            assert process.returncode == 0, process.stderr.read()
            process.stdout.close()
            process.stderr.close()
        text = config.read_text()
        for key, value in settings:
            assert f'{key.rsplit(".", 1)[-1]} = "{value}"' in text, (round_number, text)
