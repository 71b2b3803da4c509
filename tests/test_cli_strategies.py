"""`coach strategy ...` end to end: strategies tied to the user's strengths, suggestions, goal show and delete."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import dump_database

GOAL = "Run a half marathon in under 2 hours"
MARKUP_TEXT = "Tick [red]off[/red] | each run"
STRATEGY_KEYS = {"id", "goal_id", "text", "strengths", "status"}


@pytest.fixture
def goal(coach):
    """A measurable goal (id 1) and a user whose strengths are Relator, Achiever and extrovert."""
    coach("goal", "add", GOAL, "--measure", "km run per week", "--target", "35", "--no-input")
    coach("strengths", "add", "Relator", "Achiever", "extrovert", "--custom")
    return 1


def test_add_ties_a_strategy_to_strengths_in_their_kept_spelling(coach, coach_json, goal):
    result = coach(
        "strategy", "add", goal, "Run with the Tuesday club", "--strength", "relator", "-s", "EXTROVERT"
    )
    assert result.stdout.strip() == "Strategy 1 added to goal 1, playing to Relator and extrovert."
    (strategy,) = coach_json("strategy", "list")
    assert strategy == {
        "id": 1,
        "goal_id": 1,
        "text": "Run with the Tuesday club",
        "strengths": ["Relator", "extrovert"],
        "status": "active",
        "created": "2026-11-25",
    }


def test_add_without_strengths_and_with_repeats(coach, coach_json, goal):
    assert coach("strategy", "add", goal, "Lay out the kit the night before").stdout.strip() == (
        "Strategy 1 added to goal 1."
    )
    coach("strategy", "add", goal, "Plan the week", "-s", "Achiever", "-s", "achiever")
    assert [s["strengths"] for s in coach_json("strategy", "list")] == [[], ["Achiever"]]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["1", "x", "-s", "Woo"], "add it first with `coach strengths add Woo`"),
        (["1", "x", "-s", "patience"], "add it first with `coach strengths add patience --custom`"),
        (["1", "x", "-s", "Relater"], "did you mean Relator?"),
        (["1", "x", "-s", "Relator", "-s", "Maximiser"], "`coach strengths add Maximizer`"),
        (["1", "x", "-s", ""], "a --strength is empty"),
        (["7", "x"], "there is no goal 7"),
        (["1", "   "], "the strategy is empty"),
    ],
)
def test_bad_strategies_are_clean_errors_that_change_nothing(coach_error, journal, goal, args, fragment):
    before = dump_database(journal)
    assert fragment in coach_error("strategy", "add", *args)
    assert dump_database(journal) == before


def test_strengths_are_needed_before_strategies_can_name_them(coach, coach_error):
    coach("goal", "add", GOAL, "--no-input")
    assert "add it first with `coach strengths add Relator`" in coach_error(
        "strategy", "add", "1", "x", "-s", "Relator"
    )


def test_closed_goals_take_no_new_strategies(coach, coach_error, journal, goal):
    coach("goal", "done", goal)
    before = dump_database(journal)
    error = coach_error("strategy", "add", goal, "Keep running", "-s", "Achiever")
    assert error == (
        "Error: goal 1 is done; strategies are for active goals (`coach goal reopen 1` makes it active again)"
    )
    assert "goal 1 is done" in coach_error("strategy", "suggest", goal)
    assert dump_database(journal) == before


def test_list_shows_active_ones_and_all_adds_retired(coach, coach_json, coach_error, goal):
    coach("goal", "add", "Read 12 novels this year", "--no-input")
    coach("strategy", "add", "1", "Run with the club", "-s", "Relator")
    coach("strategy", "add", "2", "A book by the bed")
    coach("strategy", "add", "1", "Tick off each run", "-s", "Achiever")
    assert [s["id"] for s in coach_json("strategy", "list")] == [1, 3, 2]  # by goal, then oldest first
    assert coach("strategy", "retire", "1").stdout.startswith("Strategy 1 retired.")
    assert [s["id"] for s in coach_json("strategy", "list")] == [3, 2]
    assert [(s["id"], s["status"]) for s in coach_json("strategy", "list", "--all")] == [
        (1, "retired"),
        (3, "active"),
        (2, "active"),
    ]
    assert [s["id"] for s in coach_json("strategy", "list", "--goal", "2")] == [2]
    assert [s["id"] for s in coach_json("strategy", "list", "--goal", "1", "--all")] == [1, 3]
    assert "there is no goal 9" in coach_error("strategy", "list", "--goal", "9")


def test_retire_errors_change_nothing(coach, coach_error, journal, goal):
    coach("strategy", "add", goal, "Run with the club")
    coach("strategy", "retire", "1")
    before = dump_database(journal)
    assert coach_error("strategy", "retire", "1") == "Error: strategy 1 is already retired"
    assert "there is no strategy 5; `coach strategy list --all`" in coach_error("strategy", "retire", "5")
    assert dump_database(journal) == before


@pytest.mark.parametrize("bad_id", ["0", "-1", "x", str(2**63)])
def test_ids_out_of_range_are_usage_errors(coach, bad_id):
    coach("strategy", "retire", bad_id, expect=2)
    coach("strategy", "suggest", bad_id, expect=2)


def test_list_in_rich_and_markdown_and_to_a_file(coach, goal, tmp_path):
    coach("strategy", "add", goal, MARKUP_TEXT, "-s", "Achiever")
    coach("strategy", "add", goal, "Old habit")
    coach("strategy", "retire", "2")
    rich = coach("strategy", "list", env={"COLUMNS": "200"}).stdout
    assert MARKUP_TEXT in rich and "Achiever" in rich and GOAL in rich and "Old habit" not in rich
    assert "Old habit (retired)" in coach("strategy", "list", "--all", env={"COLUMNS": "200"}).stdout
    markdown = coach("strategy", "list", "--all", "--format", "markdown").stdout
    assert (
        r"| 1 | 1 Run a half marathon in under 2 hours | Tick \[red\]off\[/red\] \| each run | Achiever | active |"
        in markdown
    )
    assert "| 2 | 1 Run a half marathon in under 2 hours | Old habit |  | retired |" in markdown
    target = tmp_path / "strategies.json"
    assert coach("strategy", "list", "--format", "json", "-o", target).stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))[0]["text"] == MARKUP_TEXT


def test_empty_lists_say_how_to_start(coach, goal):
    assert "coach strategy suggest GOAL_ID" in coach("strategy", "list", env={"COLUMNS": "200"}).stdout
    assert "No active strategies for goal 1 yet" in coach("strategy", "list", "--goal", "1").stdout
    assert "No strategies yet." in coach("strategy", "list", "--all", "--format", "markdown").stdout


# --- suggest --------------------------------------------------------------------------------------


def suggestions(coach, coach_json, strengths: list[str]) -> dict:
    for name in strengths:
        coach("strengths", "add", name)
    return coach_json("strategy", "suggest", "1")


def test_suggestions_depend_on_the_strengths_and_never_paste_in_the_goal(
    coach, coach_json, tmp_path, monkeypatch
):
    coach("goal", "add", GOAL, "--measure", "km run per week", "--no-input")
    first = suggestions(coach, coach_json, ["Relator", "Achiever"])
    monkeypatch.setenv("COACH_DB", str(tmp_path / "other.db"))
    coach("goal", "add", GOAL, "--measure", "km run per week", "--no-input")
    second = suggestions(coach, coach_json, ["Analytical", "Learner"])
    for result, order in ((first, ["Relator", "Achiever"]), (second, ["Analytical", "Learner"])):
        assert set(result) == {"goal_id", "goal_title", "ideas"}
        assert result["goal_id"] == 1 and result["goal_title"] == GOAL
        assert [idea["strength"] for idea in result["ideas"]][:4] == order * 2
        assert all(GOAL.casefold() not in idea["text"].casefold() for idea in result["ideas"])
    assert not {idea["text"] for idea in first["ideas"]} & {idea["text"] for idea in second["ideas"]}


def test_suggest_in_rich_and_markdown_names_each_strength(coach, goal):
    rich = coach("strategy", "suggest", goal, env={"COLUMNS": "250"}).stdout
    assert f"Strategy ideas for goal 1: {GOAL}" in rich
    lines = [line for line in rich.splitlines() if line.strip()[:1].isdigit()]
    assert len(lines) == 8
    assert [line.split()[-1] for line in lines] == ["Relator", "Achiever", "extrovert"] * 2 + [
        "Relator",
        "Achiever",
    ]
    markdown = coach("strategy", "suggest", goal, "--format", "markdown").stdout
    assert markdown.startswith(f"# Strategy ideas for goal 1: {GOAL}\n\n1. ")
    assert "*Plays to extrovert.*" in markdown


def test_suggest_without_strengths_says_how_to_add_them(coach, coach_json):
    coach("goal", "add", GOAL, "--no-input")
    assert coach_json("strategy", "suggest", "1") == {"goal_id": 1, "goal_title": GOAL, "ideas": []}
    rich = coach("strategy", "suggest", "1", env={"COLUMNS": "250"}).stdout
    assert "No strengths in your journal yet" in rich and "coach strengths add Relator Achiever" in rich


def test_suggest_for_an_unknown_goal_is_an_error(coach_error, goal):
    assert "there is no goal 4" in coach_error("strategy", "suggest", "4")


def test_suggest_on_a_terminal_keeps_the_picked_ideas(coach, coach_json, goal, interactive):
    ideas = coach_json("strategy", "suggest", goal)["ideas"]
    result = coach("strategy", "suggest", goal, input="banana\n9\n1, 5 5\n", env={"COLUMNS": "250"})
    assert result.stderr.count("is not a number from 1 to 8") == 2
    assert "Strategy 1 added to goal 1, playing to Relator." in result.stdout
    assert "Strategy 2 added to goal 1, playing to Achiever." in result.stdout
    kept = coach_json("strategy", "list")
    assert [(s["text"], s["strengths"]) for s in kept] == [
        (ideas[0]["text"], ["Relator"]),
        (ideas[4]["text"], ["Achiever"]),
    ]
    # Kept ideas are marked the next time, and picking one again adds nothing.
    again = coach_json("strategy", "suggest", goal)["ideas"]
    assert [idea["strategy_id"] for idea in again] == [1, None, None, None, 2, None, None, None]
    result = coach("strategy", "suggest", goal, input="1\n", env={"COLUMNS": "250"})
    assert "(already strategy 1)" in result.stdout
    assert "Idea 1 is already strategy 1." in result.stdout
    assert len(coach_json("strategy", "list")) == 2


def test_suggest_keeps_nothing_on_enter(coach, coach_json, goal, interactive):
    result = coach("strategy", "suggest", goal, input="\n")
    assert "Keep any as strategies?" in result.stdout and "Nothing kept." in result.stdout
    assert coach_json("strategy", "list") == []


@pytest.mark.parametrize("options", [["--no-input"], ["--format", "json"]])
def test_suggest_never_asks_with_no_input_or_for_scripts(coach, coach_json, goal, interactive, options):
    result = coach("strategy", "suggest", goal, *options, input="all\n")
    assert "Keep any" not in result.stdout
    assert coach_json("strategy", "list") == []


def test_suggest_without_a_terminal_never_asks(coach, coach_json, goal):
    assert "Keep any" not in coach("strategy", "suggest", goal, input="all\n").stdout
    assert coach_json("strategy", "list") == []


def test_picked_ideas_are_kept_all_or_nothing(coach, coach_json, journal, goal, interactive, monkeypatch):
    from coachcli.store import strengths

    original = strengths.add_strategy
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise strengths.InputError("simulated failure")
        return original(*args, **kwargs)

    monkeypatch.setattr(strengths, "add_strategy", fail_on_second)
    before = dump_database(journal)
    coach("strategy", "suggest", goal, input="1 2\n", expect=1)
    assert len(calls) == 2
    assert dump_database(journal) == before


# --- goal show, goal delete, strengths remove ----------------------------------------------------------


def test_goal_show_lists_its_strategies_with_their_strengths(coach, coach_json, goal):
    coach("goal", "add", "Another goal for later", "--no-input")
    coach("strategy", "add", goal, "Old habit", "-s", "Achiever")
    coach("strategy", "add", goal, MARKUP_TEXT, "-s", "Relator", "-s", "extrovert")
    coach("strategy", "add", "2", "Not for goal 1")
    coach("strategy", "retire", "1")
    shown = coach_json("goal", "show", goal)
    assert [(s["id"], s["strengths"], s["status"]) for s in shown["strategies"]] == [
        (2, ["Relator", "extrovert"], "active"),
        (1, ["Achiever"], "retired"),
    ]
    assert all(set(s) >= STRATEGY_KEYS for s in shown["strategies"])
    rich = coach("goal", "show", goal, env={"COLUMNS": "200"}).stdout
    assert "Strategies" in rich and MARKUP_TEXT in rich and "Relator, extrovert" in rich
    assert "Old habit (retired)" in rich and "Not for goal 1" not in rich
    markdown = coach("goal", "show", goal, "--format", "markdown").stdout
    assert "## Strategies" in markdown
    assert r"| 2 | Tick \[red\]off\[/red\] \| each run | Relator, extrovert | active |" in markdown


def test_goal_show_without_strategies_points_to_suggest(coach, coach_json, goal):
    assert coach_json("goal", "show", goal)["strategies"] == []
    assert f"coach strategy suggest {goal}" in coach("goal", "show", goal, env={"COLUMNS": "200"}).stdout
    assert "## Strategies" not in coach("goal", "show", goal, "--format", "markdown").stdout


def test_goal_delete_removes_its_strategies_and_their_strengths(coach, coach_json, journal, goal):
    coach("goal", "add", "Another goal for later", "--no-input")
    coach("strategy", "add", goal, "Run with the club", "-s", "Relator", "-s", "Achiever")
    coach("strategy", "add", "2", "Keep this one", "-s", "Relator")
    coach("goal", "delete", goal, "--yes")
    assert [s["text"] for s in coach_json("strategy", "list", "--all")] == ["Keep this one"]
    connection = sqlite3.connect(journal)
    try:
        links = connection.execute("SELECT strategy_id, strength FROM strategy_strength").fetchall()
    finally:
        connection.close()
    assert links == [(2, "Relator")]


def test_removing_a_strength_keeps_the_history_of_strategies(coach, coach_json, goal):
    coach("strategy", "add", goal, "Run with the club", "-s", "Relator")
    coach("strengths", "remove", "Relator")
    assert coach_json("strategy", "list")[0]["strengths"] == ["Relator"]
    assert "add it first" in coach("strategy", "add", goal, "x", "-s", "Relator", expect=1).stderr


# --- demo -----------------------------------------------------------------------------------------------


def test_demo_has_strengths_and_strategies_that_play_to_them(coach, coach_json):
    coach("demo")
    strengths = coach_json("strengths")
    assert [s["name"] for s in strengths] == ["Relator", "Achiever", "Learner", "extrovert"]
    assert strengths[3] == {"name": "extrovert", "kind": "custom", "domain": None}
    strategies = coach_json("strategy", "list", "--all")
    assert len(strategies) >= 5 and any(s["status"] == "retired" for s in strategies)
    names = {s["name"] for s in strengths}
    assert all(set(s["strengths"]) <= names and s["strengths"] for s in strategies)
    active_goals = {goal["id"] for goal in coach_json("goal", "list")}
    assert {s["goal_id"] for s in strategies} <= active_goals
    half_marathon = next(g for g in coach_json("goal", "list") if g["title"].startswith("Run a half"))
    assert len(coach_json("goal", "show", half_marathon["id"])["strategies"]) == 3


def test_demo_suggestions_differ_by_goal_use_every_strength_and_never_name_the_goal(coach, coach_json):
    coach("demo")
    strengths = {s["name"] for s in coach_json("strengths")}
    goals = coach_json("goal", "list")
    assert len(goals) >= 4
    seen = []
    for goal in goals:
        ideas = coach_json("strategy", "suggest", goal["id"])["ideas"]
        texts = tuple(idea["text"] for idea in ideas)
        assert {idea["strength"] for idea in ideas} == strengths
        assert all(goal["title"].casefold() not in text.casefold() for text in texts)
        assert all(word not in " ".join(texts).casefold() for word in ("missed", "failed", "lazy", "should"))
        seen.append(texts)
    assert len(set(seen)) == len(seen)


def test_the_persons_own_record_comes_first(coach, coach_json, goal):
    coach("strategy", "add", goal, "Run with Sam", "-s", "Relator")
    for week in ("2026-W44", "2026-W45", "2026-W46", "2026-W47"):
        coach("commit", "Run with Sam", "--goal", goal, "--strategy", "1", "--week", week)
    for commitment, status in (("1", "done"), ("2", "done"), ("3", "partial"), ("4", "done")):
        coach("mark", commitment, status)
    ideas = coach_json("strategy", "suggest", goal)["ideas"]
    assert ideas[0] == {
        "strength": "Relator",
        "text": "Lean on Relator here as your other strategies do (88% follow-through so far).",
        "strategy_id": None,
    }


def test_a_strategy_in_own_words_asks_which_strengths_it_plays_to(coach, coach_json, interactive):
    coach("goal", "add", "A good working relationship with Priya", "--no-input")
    coach("strengths", "add", "Relator", "Achiever", "Learner")
    coach("strengths", "add", "calm in a crisis", "--custom")
    result = coach("strategy", "add", "1", "Walk with Sam on Fridays", input="banana\n1, 4\n")
    flat = " ".join(result.stdout.split())
    assert (
        "Which of your strengths does it play to? (1 Relator, 2 Achiever, 3 Learner, 4 calm in a crisis;"
        in flat
    )
    assert "Strategy 1 added to goal 1, playing to Relator and calm in a crisis." in flat
    coach("strategy", "add", "1", "Read one chapter on coaching", input="learner\n")
    coach("strategy", "add", "1", "Plan on Sundays", input="\n")
    assert [s["strengths"] for s in coach_json("strategy", "list")] == [
        ["Relator", "calm in a crisis"],
        ["Learner"],
        [],
    ]


def test_strategy_add_never_asks_off_a_terminal_or_with_no_input(coach, coach_json, interactive):
    coach("goal", "add", "A good working relationship with Priya", "--no-input")
    coach("strengths", "add", "Relator")
    result = coach("strategy", "add", "1", "Walk with Sam", "--no-input")
    assert "Which of your strengths" not in result.stdout
    assert coach_json("strategy", "list")[0]["strengths"] == []


def suggested(coach, goal_id, today):
    """The idea texts `coach strategy suggest` offers for a goal on a day."""
    result = coach("strategy", "suggest", str(goal_id), "--format", "json", env={"COACH_TODAY": today})
    return [idea["text"] for idea in json.loads(result.stdout)["ideas"]]


def test_ideas_fit_the_goal_and_change_from_week_to_week(coach, coach_json):
    coach("strengths", "add", "Relator", "Achiever", "Learner")
    coach(
        "goal",
        "add",
        "A good working relationship with Priya",
        "--tag",
        "manager",
        "--tag",
        "work",
        "--no-input",
    )
    coach("goal", "add", "Run a half marathon in spring", "--tag", "manager", "--no-input")
    coach("goal", "add", "Learn Dutch well enough for meetings", "--no-input")
    coach("goal", "add", "Cut meeting hours", "--unit", "h", "--baseline", "28", "--target", "18", "--tag",
          "manager", "--no-input")  # fmt: skip
    ideas = [set(suggested(coach, goal_id, "2026-11-25")) for goal_id in (1, 2, 3)]
    assert not (ideas[0] & ideas[1]) and not (ideas[0] & ideas[2]) and not (ideas[1] & ideas[2])
    this_week = suggested(coach, 4, "2026-11-25")[:3]
    next_week = suggested(coach, 4, "2026-12-02")[:3]
    assert this_week != next_week
    every = " ".join(text for texts in ideas for text in texts) + " ".join(this_week)
    assert "application" not in every and "new role" not in every  # a "manager" tag is no job change
    assert all(not text.endswith("?") for text in every.split(". ") if text)


def test_the_sessions_options_keep_an_idea_as_it_reads_and_own_words_ask_for_strengths(
    coach, coach_json, interactive
):
    coach("goal", "add", "A good working relationship with Priya", "--no-input")
    coach("strengths", "add", "Relator", "Achiever")
    friday = {"COACH_TODAY": "2026-11-27"}
    offered = suggested(coach, 1, "2026-11-27")
    # review: nothing open; reality: no measure; reflect: three questions; options: idea 1, own words, Enter
    answers = ["", "", "", "1", "Walk with Priya on Fridays", "2", ""]
    result = coach("session", input="\n".join(answers) + "\n" * 10, env=friday)
    assert "Which of your strengths does it play to? (1 Relator, 2 Achiever;" in " ".join(
        result.stdout.split()
    )
    strategies = coach_json("strategy", "list")
    assert [(s["text"], s["strengths"]) for s in strategies] == [
        (offered[0], [offered_strength(coach, 1, "2026-11-27")]),
        ("Walk with Priya on Fridays", ["Achiever"]),
    ]
    assert not strategies[0]["text"].endswith("?")


def offered_strength(coach, goal_id, today):
    """The strength of the first idea `coach strategy suggest` offers."""
    result = coach("strategy", "suggest", str(goal_id), "--format", "json", env={"COACH_TODAY": today})
    return json.loads(result.stdout)["ideas"][0]["strength"]
