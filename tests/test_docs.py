"""The README's example commands work, run in the README's order on a journal the quick start (`coach demo`) built.

Like sqlite-utils' test_docs: the commands are read from the README's ```sh blocks, so changing a command or an
option without changing the README (or the other way round) fails here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
# Commands that need a terminal (a prompt or an editor): without one, each refuses with one `Error:` line.
NEEDS_A_TERMINAL = {
    "coach reflect",
    "coach goal delete 1",
    "coach goal edit 2",
    "coach journal edit 3",
    "coach strategy delete 1",
    "coach commit delete 4",
}


class Example(NamedTuple):
    command: str
    piped: str | None = None
    alternative: bool = False  # one of `a | coach b | coach c`


def readme_commands(text: str) -> list[Example]:
    """Every `coach` command of the README's ```sh blocks, in order.

    A trailing `# comment` is dropped, `[optional parts]` are left out, `a | coach b` alternatives are each run,
    `pip install . && coach demo` runs `coach demo` (so does `~/.local/coach/bin/coach demo`: coach installed in an
    environment of its own), `> FILE` is left out, and `echo TEXT | coach ...` pipes TEXT in.
    """
    examples: list[Example] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            line = re.sub(r"\s*\[[^\]]*\]", "", line)
            piped = None
            if line.startswith("echo "):
                echoed, _, line = line.partition(" | ")
                piped = shlex.split(echoed)[1] + "\n"
            line = re.sub(r" > \S+$", "", line)  # `coach calendar > coach.ics`: its output is the test's
            for step in line.split(" && "):
                step = re.sub(r"^\S+/bin/coach ", "coach ", step)
                if step.startswith("coach "):
                    parts = re.split(r" \| (?=coach )", step)
                    examples += [Example(part.strip(), piped, len(parts) > 1) for part in parts]
    return examples


def names_another_journals_id(args: list[str], result: Any) -> bool:
    """Whether a refusal is about an id of the README's example journal (`coach commit stop 7` when the
    quick start's commitment 7 is no routine): the command itself still works."""
    ids = [arg for arg in args if arg.isdigit()]
    return any(re.search(rf"\b{number}\b", result.stderr) for number in ids)


def test_the_readme_has_commands_to_run():
    commands = [example.command for example in readme_commands(README.read_text(encoding="utf-8"))]
    assert len(commands) > 30 and "coach week" in commands and "coach demo" in commands
    assert set(NEEDS_A_TERMINAL) <= set(commands)


def test_every_readme_command_works(
    coach: Any, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    home = tmp_path / "home"
    (home / "Sync").mkdir(parents=True)  # the README's calendar goes to ~/Sync
    monkeypatch.setenv("HOME", str(home))
    refused = 0
    for example in readme_commands(README.read_text(encoding="utf-8")):
        args = shlex.split(example.command.replace("/media/usb/", f"{usb}/"))[1:]
        result = coach(*args, input=example.piped, expect=None)
        output = f"{example.command}\n{result.stdout}{result.stderr}"
        if example.command in NEEDS_A_TERMINAL or (
            result.exit_code == 1 and names_another_journals_id(args, result)
        ):
            assert result.exit_code == 1 and result.stderr.startswith("Error: "), output
            assert len(result.stderr.strip().splitlines()) == 1, output
            refused += 1
        else:
            assert result.exit_code == 0, output
    assert refused <= len(NEEDS_A_TERMINAL) + 3, "most README commands must work on the quick start's journal"


def test_the_examples_are_read_as_a_person_reads_them():
    examples = readme_commands(
        "```sh\npython3 -m venv ~/.local/coach && ~/.local/coach/bin/pip install . && ~/.local/coach/bin/coach demo\n"
        "coach goal list --colour   # no such option\n"
        'coach a | coach b\necho "a note" | coach reflect --week last\ncoach strategy list [--all]\n```\n'
    )
    assert examples == [
        Example("coach demo"),
        Example("coach goal list --colour"),
        Example("coach a", None, True),
        Example("coach b", None, True),
        Example("coach reflect --week last", "a note\n"),
        Example("coach strategy list"),
    ]


@pytest.mark.skipif(importlib.util.find_spec("cogapp") is None, reason="cogapp comes with the test extra")
def test_the_readme_shows_what_the_commands_print(capsys: pytest.CaptureFixture[str]):
    """The README's output blocks are what the real commands print today (tests/readme_output.py makes them):
    after a change to what a command shows, regenerate them with `cog -r -I . README.md`."""
    from cogapp import Cog

    status = Cog().main(["cog", "--check", "--diff", "-I", str(README.parent), str(README)])
    assert status == 0, capsys.readouterr().out + "\nregenerate with: cog -r -I . README.md"


def quick_start_commands() -> list[str]:
    """The two commands of the README's quick start: install and run coach, then install and run the tests."""
    section = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_the_ci_runs_the_readme_test_command_exactly():
    _, tests = quick_start_commands()
    assert f"\n{tests}\n" in (README.parent / ".ci" / "run").read_text(encoding="utf-8")


def test_the_quick_start_installs_coach_in_an_environment_of_its_own_and_runs_the_demo(tmp_path: Path):
    """The first command, as written, in a fresh copy of this folder under a fresh home: it makes its own
    environment (a stock Debian's Python refuses `pip install` outside one, PEP 668) and shows the demo."""
    install_and_run, _ = quick_start_commands()
    assert "\n" not in install_and_run and install_and_run.startswith("python3 -m venv ")
    source = tmp_path / "coach"
    shutil.copytree(
        README.parent,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "__pycache__"),
    )
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COACH_", "XDG_", "VIRTUAL_ENV", "PYTHON"))
    }
    # pip's cache stays the machine's, so that the packages are not fetched again for the new home.
    cache = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    environment |= {"HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100", "PIP_CACHE_DIR": cache}
    result = subprocess.run(
        ["bash", "-c", install_and_run],
        cwd=source,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    installed = home / ".local" / "coach"
    assert (installed / "pyvenv.cfg").is_file() and (installed / "bin" / "coach").is_file()
    assert not (home / ".local" / "share" / "coach" / "coach.db").exists()
    demo = home / ".local" / "share" / "coach" / "demo.db"
    assert f"\nDemo journal written to {demo}: " in result.stdout and "Progress report" in result.stdout
