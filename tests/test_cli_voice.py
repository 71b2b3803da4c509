"""coach's own words sound like a coach in every view of the demo journal, at every width."""

from __future__ import annotations

import json
import re

import pytest

JUDGEMENT = re.compile(r"\b(?:missed|failed|lazy|should have)\b", re.IGNORECASE)
FORMATS = ("rich", "markdown", "json")
WIDTHS = (40, 60, 80, 120)


def views(coach_json) -> list[list[str]]:
    """Every read command worth a look on the demo journal (without --format)."""
    goals = [goal["id"] for goal in coach_json("goal", "list", "--all")]
    active = [goal["id"] for goal in coach_json("goal", "list")]
    commands = [["goal", "list", "--all"], ["strengths"], ["strategy", "list", "--all"], ["journal"]]
    commands += [["goal", "show", str(goal)] for goal in goals]
    commands += [["strategy", "suggest", str(goal), "--no-input"] for goal in active]
    commands += [["week", week] for week in ("this", "last", "2026-W45")]
    commands += [["week", "review", "--no-input"], ["week", "plan", "--no-input"]]
    commands += [["report"], ["report", "--weeks", "52"]]
    commands += [["session", "--no-input"], ["undo", "--list"]]
    return commands


# Views with a format of their own (one line, or plain text), read as they are.
PLAIN_VIEWS = [[], ["status"], ["status", "--format", "json"]]


def spoken(value, key: str = "") -> list[str]:
    """The strings a person reads in JSON output: every value but the SPEC's status names and the keys."""
    if isinstance(value, dict):
        return [text for name, item in value.items() for text in spoken(item, name)]
    if isinstance(value, list):
        return [text for item in value for text in spoken(item, key)]
    return [value] if isinstance(value, str) and key != "status" else []


@pytest.fixture
def demo(coach):
    coach("demo")


def test_no_view_of_the_demo_journal_judges_in_any_format(coach, coach_json, demo):
    for command in [*views(coach_json), ["export"]]:
        for fmt in FORMATS:
            if command == ["export"] and fmt == "rich":
                continue
            output = coach(*command, "--format", fmt).stdout
            texts = spoken(json.loads(output)) if fmt == "json" else [output]
            found = [match.group() for text in texts for match in JUDGEMENT.finditer(text)]
            assert not found, f"coach {' '.join(command)} --format {fmt} says {found}"
    for command in PLAIN_VIEWS:
        found = JUDGEMENT.findall(coach(*command).stdout)
        assert not found, f"coach {' '.join(command)} says {found}"


@pytest.mark.parametrize(
    "command", [["mark", "--help"], ["week", "review", "--help"], ["commit", "--help"], ["--help"]]
)
def test_help_speaks_the_peoples_names_of_statuses(coach, command):
    assert not JUDGEMENT.search(coach(*command).stdout)


def test_a_review_ends_with_what_went_well_and_a_question_forward(coach, interactive):
    coach("commit", "Run twice")
    coach("commit", "Call mum")
    answers = ["done", "", "not done", "", "", "", "", ""]
    result = coach(
        "week", "review", "2026-W48", input="\n".join(answers) + "\n", env={"COACH_TODAY": "2026-12-02"}
    )
    lines = [line.strip() for line in result.stdout.strip().splitlines()]
    assert lines[-4] == "2026-W48: 1 done · 1 not done · follow-through 1 of 2 reviewed (50%)"
    assert lines[-3:-1] == [
        "What went well: Run twice.",
        "What is one thing you want to take into next week?",
    ]
    assert lines[-1].startswith("Next: coach week plan plans 2026-W49")


def test_an_unfinished_strength_is_an_opening(coach, coach_json):
    coach("strengths", "add", "Relator", "Learner")
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    coach("strategy", "add", "1", "Run with Sam", "-s", "Relator")
    coach("commit", "Run with Sam", "--goal", "1", "--strategy", "1")
    coach("mark", "1", "done")
    shown = " ".join(coach("report").stdout.split())
    assert "Learner hasn't been part of a finished commitment yet — where could it help?" in shown
    assert "Relator hasn't" not in shown and not re.search(r"(?<!\d)0%", shown)
    assert (
        "- Learner hasn't been part of a finished commitment yet" in coach("report", "-f", "markdown").stdout
    )


def test_a_noisy_forecast_says_the_trend_is_not_clear_and_never_goes_below_zero(coach, coach_json):
    coach("goal", "add", "Read 24 books by June", "--measure", "books", "--unit", "books", "--baseline", "0",
          "--target", "24", "--by", "2027-06-30", "--no-input")  # fmt: skip
    for day, value in (("2026-11-01", 9), ("2026-11-10", 2), ("2026-11-20", 8), ("2026-11-24", 1)):
        coach("goal", "log", "1", value, "--on", day)
    goal = coach_json("goal", "show", "1")
    assert goal["forecast"]["clear"] is False and goal["forecast"]["projected"] >= 0
    shown = " ".join(coach("goal", "show", "1").stdout.split())
    assert "the trend is not clear yet" in shown and "heading for -" not in shown


def test_one_of_a_unit_is_singular(coach):
    coach("goal", "add", "Get a UX research role by March", "--measure", "interviews", "--unit", "interviews",
          "--target", "8", "--no-input")  # fmt: skip
    assert "1 interview on" in coach("goal", "log", "1", "1").stdout


# The main views and the JSON fields whose words they show.
MAIN_VIEWS = [
    (["goal", "list", "--all"], {"title"}),
    (["goal", "show", "2"], {"title"}),
    (["report"], {"title"}),
    (["week"], {"text"}),
    (["week", "last"], {"text"}),
    (["journal"], {"text"}),
    (["strategy", "list", "--all"], {"text"}),
    (["strategy", "suggest", "2", "--no-input"], {"text"}),
    (["strengths"], {"name"}),
    (["session", "--no-input"], {"text", "title"}),
]
CUT_DATE = re.compile(r"\b\d{4}-(?!\d{2}-\d{2}\b)(?!W\d{2}\b)(?!Q\d\b)[\dW-]*")


def fields(value, keys: set[str]) -> list[str]:
    """The strings under the given keys, anywhere in a JSON value."""
    if isinstance(value, dict):
        return [
            text
            for name, item in value.items()
            for text in ([item] if name in keys and isinstance(item, str) else fields(item, keys))
        ]
    if isinstance(value, list):
        return [text for item in value for text in fields(item, keys)]
    return []


@pytest.mark.parametrize("width", WIDTHS)
def test_main_views_break_no_word_and_cut_no_date_at_any_width(coach, coach_json, demo, width):
    for command, keys in MAIN_VIEWS:
        words = {
            word for text in fields(coach_json(*command), keys) for word in re.findall(r"[^\W\d_]{2,}", text)
        }
        output = coach(*command, env={"COLUMNS": str(width)}).stdout
        shown = set(re.findall(r"[^\W\d_]+", output))
        assert not sorted(words - shown), (
            f"coach {' '.join(command)} at {width} columns breaks {words - shown}"
        )
        assert not CUT_DATE.findall(output), f"coach {' '.join(command)} at {width} columns cuts a date"
        assert not re.search(r"\S…", output), f"coach {' '.join(command)} at {width} columns cuts text short"
        assert max(len(line) for line in output.splitlines()) <= width
