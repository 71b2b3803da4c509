"""The command tree: `commit` as a group with `add` as its default, suggestions for mistyped commands, and
groups run without a subcommand."""

from __future__ import annotations

import pytest


def test_commit_text_alone_adds_a_commitment(coach, coach_json):
    assert coach("commit", "Run twice").stdout == "Commitment 1 added to 2026-W48.\n"
    assert coach("commit", "add", "list").stdout == "Commitment 2 added to 2026-W48.\n"
    texts = [item["text"] for item in coach_json("week")["commitments"]]
    assert texts == ["Run twice", "list"]


def test_commit_list_is_refused_with_the_way_to_add_it(coach, coach_json):
    result = coach("commit", "list", expect=2)
    assert "coach week" in result.stderr and "coach commit add list" in result.stderr
    assert coach_json("week")["commitments"] == []


def test_commit_without_arguments_shows_its_help(coach):
    result = coach("commit")
    assert result.stdout.startswith("Usage: coach commit ")
    assert "add" in result.stdout


@pytest.mark.parametrize("group", ["goal", "strategy", "commit", "strengths", "week"])
def test_a_group_without_a_subcommand_exits_0(coach, group):
    assert coach(group).stdout


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [(["wek"], "week"), (["goal", "lst"], "list"), (["stratgy"], "strategy"), (["jurnal"], "journal")],
)
def test_a_mistyped_command_gets_a_suggestion(coach, args, suggestion):
    result = coach(*args, expect=2)
    assert "Did you mean" in result.stderr and suggestion in result.stderr


def test_a_mistyped_week_subcommand_gets_a_suggestion(coach_error):
    assert "did you mean `coach week review`" in coach_error("week", "reviw")


def test_the_command_as_typed_is_what_shlex_join_writes():
    """The history's command text: words shlex leaves bare are joined without importing shlex."""
    import random
    import shlex
    import string

    from coachcli.cli.app import command_as_typed

    generator = random.Random(3)
    alphabet = string.printable + "éß\u202e"
    for _ in range(5000):
        words = [
            "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 6))) for _ in range(3)
        ]
        words = [word for word in words if not word.startswith("--db")]
        assert command_as_typed(words) == shlex.join(words), words
    assert command_as_typed(["--db", "x.db", "goal", "add", "Run 5k"]) == "goal add 'Run 5k'"
