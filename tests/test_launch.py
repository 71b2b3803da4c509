"""The console script ends the process without CPython's teardown: same output, exit codes and files as before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.launch import exit_status

# The way coach ran before the launcher skipped the teardown: a normal interpreter exit.
PLAIN = "import sys; from coachcli.launch import run_process; sys.exit(run_process(sys.argv[1:]))"


def coach_script() -> list[str]:
    script = Path(sys.executable).parent / "coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachcli"]


def run(command: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, env=env, capture_output=True, timeout=120, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def pair(tmp_path: Path):
    """Run the same command through the console script and through a plain interpreter exit, each on its own
    copy of a small journal, and return both results with the files each left behind."""
    base = {**os.environ, "COACH_TODAY": "2026-11-25", "NO_COLOR": "1", "COLUMNS": "100"}
    seed = tmp_path / "seed"
    seed.mkdir()
    env = {**base, "COACH_DB": str(seed / "coach.db")}
    for args in (
        ["goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "21", "--no-input"],
        ["commit", "Run twice", "--goal", "1"],
        ["reflect", "A good week [bold]", "--goal", "1"],
    ):
        assert run([*coach_script(), *args], env).returncode == 0

    def both(*args: str, input: bytes | None = None):
        results = []
        for name, command in (("script", coach_script()), ("plain", [sys.executable, "-c", PLAIN])):
            folder = tmp_path / name
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(seed, folder)
            result = run([*command, *args], {**base, "COACH_DB": str(folder / "coach.db")}, input=input)
            results.append((result, folder))
        return results

    return both


@pytest.mark.parametrize(
    "args",
    [
        ["week"],
        ["week", "--format", "json"],
        ["journal", "--format", "markdown"],
        ["goal", "show", "1"],
        ["--version"],
        ["--help"],
        ["goal", "show", "99"],  # an error: exit 1, one line on stderr
        ["week", "banana"],  # a usage error: exit 2
        ["mark", "1", "done", "--note", "went well"],  # a write: the journal files must match too
        ["nonsense"],
        [],
    ],
    ids=str,
)
def test_output_exit_code_and_files_are_as_with_a_normal_exit(pair, args):
    (script, script_folder), (plain, plain_folder) = pair(*args)
    assert (script.returncode, script.stdout, script.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    script_files, plain_files = files_in(script_folder), files_in(plain_folder)
    assert sorted(script_files) == sorted(plain_files)  # no -wal or -shm left behind by one and not the other
    if args and args[0] != "mark":
        assert script_files == plain_files


def test_output_file_relative_to_the_working_folder(tmp_path):
    env = {**os.environ, "COACH_TODAY": "2026-11-25", "COACH_DB": str(tmp_path / "coach.db")}
    assert (
        run([*coach_script(), "goal", "add", "Read twelve books this year", "--no-input"], env).returncode
        == 0
    )
    for name, command in (("script.md", coach_script()), ("plain.md", [sys.executable, "-c", PLAIN])):
        result = run([*command, "goal", "list", "--format", "markdown", "-o", name], env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "script.md").read_bytes() == (tmp_path / "plain.md").read_bytes()
    assert oct((tmp_path / "script.md").stat().st_mode & 0o777) == oct(
        (tmp_path / "plain.md").stat().st_mode & 0o777
    )


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    env = {**os.environ, "COACH_TODAY": "2026-11-25", "COACH_DB": str(tmp_path / "coach.db")}
    for number in range(30):
        run([*coach_script(), "reflect", f"Entry {number} " + "word " * 40], env)
    reader = subprocess.Popen(
        [*coach_script(), "journal"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()
    error = reader.stderr.read()
    assert reader.wait(timeout=60) != 0 or error == b""
    assert b"Traceback" not in error


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), (True, 1), (256 + 3, 3)])
def test_exit_status_is_what_system_exit_gives(code, status):
    assert exit_status(code) == status
