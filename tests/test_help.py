"""Help screens speak to people: values named TEXT, N, FILE (never Python types), usage as Click writes it,
examples on the main commands that are real command lines, and the environment variables in `coach --help`."""

from __future__ import annotations

import re
import shlex

import pytest

from coachcli.cli.app import COMMANDS, build_command


def command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words that run it."""
    found: list[list[str]] = [[]]

    def walk(path: list[str], command) -> None:
        found.append(path)
        for name, subcommand in getattr(command, "commands", {}).items():
            walk([*path, name], subcommand)

    for name in COMMANDS:
        walk([name], build_command(name))
    return found


PATHS = command_paths()
PYTHON_TYPES = re.compile(r"<(str|int|float|bool|path|list\[[^\]]*\])>|\{[A-Z_.]+\}")


def help_of(coach, path: list[str]) -> str:
    return coach(*path, "--help").stdout


def test_there_are_many_help_screens():
    assert len(PATHS) > 50


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_no_help_screen_shows_a_python_type(coach, path):
    shown = help_of(coach, path)
    assert shown.startswith(f"Usage: {' '.join(['coach', *path])}")
    assert not PYTHON_TYPES.findall(shown), shown


def test_values_are_named_as_people_read_them(coach):
    assert "Usage: coach mark [OPTIONS] ID STATUS" in help_of(coach, ["mark"])
    assert "Usage: coach reframe [OPTIONS] ID [TEXT]" in help_of(coach, ["reframe"])
    assert "Usage: coach strengths add [OPTIONS] NAME..." in help_of(coach, ["strengths", "add"])
    goal_add = help_of(coach, ["goal", "add"])
    assert "--why TEXT" in goal_add and "--target N" in goal_add and "--tag TAG" in goal_add
    assert "-f, --format [rich|markdown|json]" in help_of(coach, ["week", "show"])


def test_the_root_help_names_the_environment_variables(coach):
    shown = help_of(coach, [])
    for variable in ("COACH_DB", "COACH_TODAY", "COACH_CONFIG", "NO_COLOR"):
        assert variable in shown


MAIN_COMMANDS = [
    ["goal", "add"], ["goal", "log"], ["goal", "list"], ["goal", "show"], ["commit", "add"], ["mark"],
    ["week", "show"], ["week", "review"], ["week", "plan"], ["reflect"], ["report"], ["brief"], ["calendar"],
    ["config", "set"], ["session"], ["export"], ["import"], ["strengths", "add"], ["strategy", "add"],
]  # fmt: skip


def examples_in(shown: str) -> list[str]:
    """The command lines under `Examples:` in a help screen."""
    block = shown.split("Examples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("path", MAIN_COMMANDS, ids=" ".join)
def test_main_commands_show_examples_that_are_real_command_lines(coach, path):
    examples = examples_in(help_of(coach, path))
    assert examples
    for example in examples:
        words = shlex.split(example.split("|")[-1])
        assert words[0] == "coach", example
        command = build_command(words[1])
        rest = words[2:]
        while hasattr(command, "commands") and rest and rest[0] in command.commands:
            command, rest = command.commands[rest[0]], rest[1:]
        if hasattr(command, "commands"):  # a group with a default subcommand (`coach commit TEXT`)
            command = command.commands[getattr(command, "default_command", "show")]
        known = {name for parameter in command.params for name in getattr(parameter, "opts", ())}
        typed = {word.split("=")[0] for word in rest if word.startswith("-") and word != "-"}
        assert typed <= known | {"-h", "--help"}, f"{example}: {typed - known}"
