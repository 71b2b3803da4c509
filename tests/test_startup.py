"""Start-up stays light: help, version and completion never import the database stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# pydantic is checked apart (tests/test_conversion.py): coach converts option values itself. cryptography seals
# sync's files only (coachcli/sync/seal.py): help, completion, status and reads never load it.
HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "cryptography")

PROBE = """
import json, sys
arguments, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["coach", *arguments]
from coachcli.launch import run_process
run_process(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(heavy))
sys.stderr.write("HEAVY=" + json.dumps(loaded) + "\\n")
"""


def imported_heavy_modules(
    args: list[str], extra_env: dict[str, str] | None = None, heavy: tuple[str, ...] = HEAVY
) -> list[str]:
    env = {**os.environ, **(extra_env or {})}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(heavy)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    marker = [line for line in result.stderr.splitlines() if line.startswith("HEAVY=")]
    assert marker, result.stderr
    return json.loads(marker[-1].removeprefix("HEAVY="))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["goal", "--help"],
        ["goal", "add", "--help"],
        [],
        ["strengths", "--help"],
        ["strengths", "add", "--help"],
        ["strategy", "--help"],
        ["strategy", "suggest", "--help"],
        ["strategy"],
        ["reflect", "--help"],
        ["reframe", "--help"],
        ["journal", "--help"],
        ["journal", "edit", "--help"],
        ["brief", "--help"],
        ["week", "--help"],
        ["week", "review", "--help"],
        ["commit", "--help"],
        ["backup", "--help"],
        ["doctor", "--help"],
        [],
    ],
    ids=str,
)
def test_help_and_version_import_no_database_code(args):
    assert imported_heavy_modules(args) == []


def test_completion_imports_no_database_code():
    heavy = imported_heavy_modules(
        [], {"_COACH_COMPLETE": "complete_bash", "COMP_WORDS": "coach go", "COMP_CWORD": "1"}
    )
    assert heavy == []


def test_every_registered_command_builds_and_has_help(coach):
    from coachcli.cli.app import COMMANDS

    for name in COMMANDS:
        result = coach(name, "--help")
        assert result.stdout.startswith(f"Usage: coach {name} "), name


def test_root_help_lists_every_command_without_building_them(coach):
    from coachcli.cli.app import COMMANDS

    listed = coach("--help").stdout
    for name, (_, short_help) in COMMANDS.items():
        assert f"{name} " in listed and short_help[:30] in listed


STATUS_PROBE = """
import json, sys
sys.argv = ["coach", *json.loads(sys.argv[1])]
import coachcli.launch
def report(code=0):
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    sys.stderr.write("MODULES=" + json.dumps(loaded) + "\\n")
    sys.stderr.flush()
    real_exit(code)
real_exit = coachcli.launch.os._exit
coachcli.launch.os._exit = report
coachcli.launch.main()
"""

# typing and dataclasses too: with no config file to read, the status line needs neither (their imports cost
# more than its whole work).
NOT_FOR_STATUS = (
    "typer", "click", "rich", "pydantic", "sqlmodel", "sqlalchemy", "alembic", "typing", "dataclasses",
    "cryptography",
)  # fmt: skip
# What making and checking keys needs (store/keys.py): a status loads none of it, on an encrypted journal too
# (tests/test_cli_keys.py), where store/unlock.py opens the file.
KEY_MODULES = ("hashlib", "hmac", "secrets", "tempfile", "getpass")


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"]], ids=str)
def test_status_imports_no_typer_rich_pydantic_or_database_library(coach, journal, args):
    coach("goal", "add", "Run a half marathon in spring", "--by", "in 3 days", "--no-input")
    coach("commit", "Run twice", "--week", "last")
    result = subprocess.run(
        [sys.executable, "-c", STATUS_PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip(), result.stderr  # it did answer
    marker = [line for line in result.stderr.splitlines() if line.startswith("MODULES=")]
    assert marker, result.stderr
    assert set(json.loads(marker[-1].removeprefix("MODULES="))) & {*NOT_FOR_STATUS, *KEY_MODULES} == set()


READ_COMMANDS = [
    [],
    ["week"],
    ["week", "last", "--format", "markdown"],
    ["week", "--format", "json"],
    ["week", "review", "--no-input"],
    ["week", "plan", "--no-input"],
    ["goal", "list"],
    ["goal", "list", "--all", "--format", "json"],
    ["goal", "show", "1"],
    ["goal", "show", "1", "--format", "markdown"],
    ["strategy", "list"],
    ["strategy", "suggest", "1", "--no-input"],
    ["strengths"],
    ["strengths", "themes"],
    ["journal"],
    ["journal", "--search", "RIVER", "--format", "json"],
    ["journal", "-n", "2"],
    ["report"],
    ["report", "--weeks", "52", "--format", "json"],
    ["brief"],
    ["brief", "--format", "json"],
    ["brief", "--format", "html"],
    ["calendar"],
    ["session", "--no-input"],
    ["session", "--format", "json"],
    ["export"],
    ["export", "--format", "markdown"],
    ["doctor"],
    ["status"],
]


@pytest.fixture
def small_journal(coach):
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "21", "--no-input")
    coach("goal", "log", "1", "5")
    coach("strengths", "add", "Relator", "Learner")
    coach("strategy", "add", "1", "Run with the club", "--strength", "Relator")
    coach("commit", "Run twice", "--goal", "1", "--week", "last")
    coach("commit", "Run three times", "--goal", "1", "--strategy", "1")
    coach("mark", "1", "partial", "--note", "knee")
    coach("reflect", "A long run by the river", "--goal", "1", "--tag", "running")


@pytest.mark.parametrize("args", READ_COMMANDS, ids=str)
def test_read_commands_import_no_orm(small_journal, args):
    assert imported_heavy_modules(args) == []


def test_reading_to_a_file_imports_no_orm(small_journal, tmp_path):
    assert imported_heavy_modules(["report", "-o", str(tmp_path / "report.txt")]) == []
    assert (tmp_path / "report.txt").read_text().strip()


def test_a_read_with_no_routine_copy_due_loads_none_of_the_writes_code(coach, journal):
    """Every read first gives routines their due copies; with none due (all but once a week) it loads none
    of the write's code: the fill, the history, the replica."""
    coach("commit", "Stretch after each run", "--every", "week")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coachcli", "week"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Stretch after each run" in result.stdout, result.stderr
    loaded = {
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert loaded & {"coachcli.store.routines", "coachcli.store.history", "coachcli.store.replica"} == set()
