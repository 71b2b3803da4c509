"""Shell completion through each shell's own completion machinery: bash's completion function, zsh's compsys on
a real terminal, fish's `complete -C`; the script printed is the one of the shell that runs coach."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.test_startup import imported_heavy_modules

BIN = str(Path(sys.executable).parent)  # where the venv installed the `coach` console script


def needs(shell: str):
    return pytest.mark.skipif(
        shutil.which(shell) is None,
        reason=f"{shell} is not installed (apt-get install {shell}; .ci/run does)",
    )


@pytest.fixture
def shell_env(coach, journal, tmp_path) -> dict[str, str]:
    """A journal with a goal and a commitment, and the environment a shell runs coach in (a home of its own)."""
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "21", "--no-input")
    coach("commit", "Run twice before work", "--goal", "1")
    home = tmp_path / "home"
    home.mkdir()
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "COACH_DB": os.environ["COACH_DB"],
        "COACH_TODAY": os.environ["COACH_TODAY"],
        "COACH_CONFIG": os.environ["COACH_CONFIG"],
        "LANG": "C.UTF-8",
        "TERM": "xterm",
    }


def script(shell: str, env: dict[str, str]) -> str:
    return subprocess.run(
        ["coach", "--show-completion", shell], env=env, capture_output=True, text=True, check=True
    ).stdout


def bash_complete(env: dict[str, str], line: str) -> list[str]:
    """What bash's completion function for coach puts in COMPREPLY for `line` (the cursor at its end)."""
    words = line.split() + ([""] if line.endswith(" ") else [])
    program = (
        f"{script('bash', env)}\n"
        f"COMP_WORDS=({' '.join(repr(word) for word in words)}); COMP_CWORD={len(words) - 1}\n"
        '_coach_completion coach; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return [word for word in result.stdout.split("\n") if word]


def fish_complete(env: dict[str, str], line: str) -> list[str]:
    """What fish's own completion (`complete -C`) offers for `line`: `value<TAB>description` lines."""
    program = f"coach --show-completion fish | source; complete -C {line!r}"
    result = subprocess.run(["fish", "--no-config", "-c", program], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def zsh_listing(env: dict[str, str], line: str) -> str:
    """What zsh's completion system lists on a real terminal when Tab is pressed after `line`."""
    child = pexpect.spawn(
        "zsh", ["-f", "-i"], env=env, encoding="utf-8", timeout=30, dimensions=(40, 200), cwd=env["HOME"]
    )
    try:
        child.sendline("PROMPT='ready> '; autoload -Uz compinit; compinit -u -D; unsetopt BEEP")
        child.sendline('eval "$(coach --show-completion zsh)"; print set""up done')
        child.expect("setup done")
        child.expect("ready> ")
        child.send(line + "\t")
        child.sendcontrol("u")  # read after the completion has run: zle takes keys in order
        child.sendline("print listing-end")
        child.expect("listing-end")
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before or "")
    finally:
        child.sendcontrol("c")
        child.sendline("exit")
        child.close(force=True)


@needs("bash")
def test_bash_completes_the_statuses_after_mark_id(shell_env):
    assert bash_complete(shell_env, "coach mark 1 ") == ["open", "done", "partial", "missed", "dropped"]
    assert bash_complete(shell_env, "coach mark 1 pa") == ["partial"]


@needs("bash")
def test_bash_completes_ids_settings_their_values_and_themes(shell_env):
    assert bash_complete(shell_env, "coach mark ") == ["1"]
    assert bash_complete(shell_env, "coach goal show ") == ["1"]
    assert bash_complete(shell_env, "coach commit add Swim --goal ") == ["1"]
    assert bash_complete(shell_env, "coach config set ") == [
        "week.review_day", "session.time", "output.format", "editor", "sync.auto"
    ]  # fmt: skip
    assert bash_complete(shell_env, "coach config set week.review_day s") == ["saturday", "sunday"]
    assert bash_complete(shell_env, "coach config set output.format ") == ["rich", "markdown", "json"]
    themes = bash_complete(shell_env, "coach strengths add ")
    assert len(themes) == 34 and "Achiever" in themes and "Woo" in themes
    assert bash_complete(shell_env, "coach strengths add Str") == ["Strategic"]


@needs("zsh")
def test_zsh_lists_the_statuses_with_how_people_say_them(shell_env):
    listing = zsh_listing(shell_env, "coach mark 1 ")
    for status, words in [("partial", "partly done"), ("missed", "not done"), ("dropped", "let go")]:
        assert status in listing and words in listing, listing


@needs("zsh")
def test_zsh_lists_goal_ids_with_their_titles(shell_env, coach):
    coach("goal", "add", "Read twelve books this year", "--no-input")
    listing = zsh_listing(shell_env, "coach goal show ")
    assert "Run a half marathon in spring" in listing and "Read twelve books this year" in listing, listing


@needs("fish")
def test_fish_completes_the_statuses_and_ids_with_descriptions(shell_env):
    assert sorted(fish_complete(shell_env, "coach mark 1 ")) == [
        "done\tdone",
        "dropped\tlet go",
        "missed\tnot done",
        "open\topen",
        "partial\tpartly done",
    ]  # fmt: skip (fish sorts what it offers)
    assert fish_complete(shell_env, "coach goal log ") == ["1\tRun a half marathon in spring"]
    assert fish_complete(shell_env, "coach mark ") == ["1\tRun twice before work (2026-W48, open)"]
    assert "Achiever\tExecuting" in fish_complete(shell_env, "coach strengths add ")


@needs("fish")
def test_fish_completes_strategy_and_reflection_ids_with_their_words(shell_env, coach):
    coach("strategy", "add", "1", "Track every run in a spreadsheet")
    coach("reflect", "A calm\tweek,\nand a long run on Sunday.", "--on", "2026-11-22", "--no-input")
    assert fish_complete(shell_env, "coach commit edit 1 --strategy ") == [
        "1\tTrack every run in a spreadsheet"
    ]
    assert fish_complete(shell_env, "coach reframe ") == [
        "1\t2026-11-22 A calm week, and a long run on Sunday."
    ]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_of_the_shell_that_runs_coach(shell_env, shell):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell}; .ci/run does)")
    printed = subprocess.run(
        [shell, "-c", "coach --show-completion"],
        env=shell_env,
        cwd=shell_env["HOME"],  # as from a terminal: the shell starts where the person is
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = printed.splitlines()[0]
    expected = {"bash": "_coach_completion() {", "zsh": "#compdef coach", "fish": "complete --command coach"}
    assert first.startswith(expected[shell]), printed


def test_a_shell_named_after_the_option_wins(coach):
    assert coach("--show-completion", "fish").stdout.startswith("complete --command coach")
    assert coach("--show-completion", "zsh").stdout.startswith("#compdef coach")


def test_completion_reading_ids_imports_no_database_library(shell_env):
    for words in ("coach mark ", "coach goal show ", "coach mark 1 "):
        env = {"_COACH_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()))}
        assert imported_heavy_modules([], env) == []


def test_a_missing_journal_completes_no_ids_and_creates_nothing(shell_env, tmp_path):
    missing = tmp_path / "none" / "coach.db"
    env = {**shell_env, "COACH_DB": str(missing)}
    assert bash_complete(env, "coach mark ") == []
    assert bash_complete(env, "coach mark 1 ")[:1] == ["open"]
    assert not missing.parent.exists()
