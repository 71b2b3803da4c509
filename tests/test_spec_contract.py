"""The SPEC's contract, checked through the real CLI: every command and option it names, its statuses, and the
JSON keys (with their types) of every object it lists, on one journal that has a bit of everything.

The SPEC's names are written out here rather than imported from coach, so that a change to either shows.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coachcli.cli.app import app
from tests.conftest import TODAY

COMMITMENT_STATUSES = ("open", "done", "partial", "missed", "dropped")
GOAL_STATUSES = ("active", "done", "dropped")
STRATEGY_STATUSES = ("active", "retired")
DOMAINS = ("Executing", "Influencing", "Relationship Building", "Strategic Thinking")

GOAL_KEYS = {"id", "title", "status", "measure", "unit", "baseline", "target", "current", "progress",
             "deadline", "why", "achievable", "tags", "created", "smart", "forecast"}  # fmt: skip
SMART_KEYS = {"specific", "measurable", "achievable", "relevant", "time_bound"}
FORECAST_KEYS = {"projected", "on_track", "needed_per_week"}
COMMITMENT_KEYS = {"id", "text", "week", "goal_id", "strategy_id", "status", "note", "carried_from", "carried_to",
                   "when", "confidence", "routine_id"}  # fmt: skip
REFLECTION_KEYS = {"id", "date", "text", "goal_id", "week", "tags"}
WEEK_NOTE_KEYS = {"week", "text"}
STRENGTH_KEYS = {"name", "kind", "domain"}
STRATEGY_KEYS = {"id", "goal_id", "text", "strengths", "status"}
WEEK_KEYS = {"week", "start", "end", "commitments", "counts", "completion_rate"}
REPORT_KEYS = {"from", "to", "goals", "weeks", "completion_rate", "strengths"}
EXPORT_KEYS = {"version", "goals", "checkins", "strengths", "strategies", "commitments", "week_notes",
               "reflections"}  # fmt: skip

MARKUP = "Stretch [bold]after[/bold] | runs"
BELIEF = "I always [fail] at *this* | x"
WEEK_NOTE = "Went well: Mornings [worked] | mostly\nLearned: Fewer things"
THIS_WEEK, LAST_WEEK = "2026-W48", "2026-W47"  # TODAY is in 2026-W48

# --- the journal ---------------------------------------------------------------------------------------------


def build_journal(run: Callable[..., Any], terminal: Callable[[], Any]) -> None:
    """Goals in every status, check-ins, strengths, strategies, commitments in every status, a carried one,
    a week note written by an interactive review, and reflections with tags and a reframe."""
    earlier = {"COACH_TODAY": "2026-10-01"}
    run("goal", "add", "Run a half marathon in spring", "--measure", "km run per week", "--unit", "km",
        "--baseline", "5", "--target", "35", "--by", "2027-03-31", "--why", "To feel strong",
        "--achievable", "The club runs twice a week", "--tag", "health", "--tag", "run", "--no-input",
        env=earlier)  # fmt: skip
    run("goal", "add", "Write every single morning", "--measure", "pages", "--target", "20", "--no-input")
    run("goal", "add", "Cook five new dishes at home", "--measure", "dishes", "--target", "5",
        "--by", "in 6 weeks", "--no-input", env=earlier)  # fmt: skip
    run("goal", "add", "Read more", "--no-input")
    run("goal", "log", "1", "10", "--on", "2026-10-15", "--note", "First [long] run")
    run("goal", "log", "1", "+5", "--on", "2026-11-20")
    run("goal", "log", "3", "7", "--on", "2026-11-01")  # past the target: progress stays at 1
    run("goal", "done", "3")
    run("goal", "drop", "4")
    run("strengths", "add", "learner", "ACHIEVER")
    run("strengths", "add", "Cooking at home", "--custom")
    run("strategy", "add", "1", "Learn the training plan", "--strength", "Learner",
        "--strength", "cooking at home")  # fmt: skip
    run("strategy", "add", "2", "Write before breakfast", "--strength", "Achiever")
    run("strategy", "add", "1", "Run alone at dawn")
    run("strategy", "retire", "3")
    run("commit", "Run three times", "--goal", "1", "--strategy", "1", "--week", "last")  # 1: done
    run("commit", MARKUP, "--goal", "1", "--week", "last")  # 2: partial in the review, carried as 6
    run("commit", "Call mum", "--week", "last")  # 3: missed, carried as 7
    run("commit", "Bike to work", "--week", "last")  # 4: dropped
    run("commit", "Write two pages", "--goal", "2", "--strategy", "2", "--week", "last")  # 5: done in review
    run("mark", "1", "done", "--note", "The club helped")
    run("mark", "3", "missed")
    run("mark", "4", "dropped")
    with terminal():
        answers = [
            "partly",
            "Rain all week",
            "c",  # carry it
            "done",
            "",
            "Mornings [worked] | mostly",
            "",
            "Fewer things",
        ]
        run("week", "review", input="\n".join(answers) + "\n")
    run("carry", "3")  # 7
    run("commit", "Long run on Sunday", "--goal", "1")  # 8: open this week
    run("reflect", BELIEF, "--goal", "1", "--tag", "mood", "--tag", "run", "--no-input")
    run("reframe", "1", "Sometimes it works out")
    run("reflect", "A quiet week", "--week", "last", "--tag", "rest", "--no-input")


@pytest.fixture(scope="module")
def contract_journal_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The journal, built once through the CLI for every test here."""
    path = tmp_path_factory.mktemp("contract") / "coach.db"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_DB", str(path))
        patch.setenv("COACH_TODAY", TODAY)
        patch.delenv("VISUAL", raising=False)
        patch.delenv("EDITOR", raising=False)

        def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
            result = runner.invoke(app, list(args), input=input, env=env)
            assert result.exit_code == 0, f"coach {' '.join(args)}: {result.stdout}{result.stderr}"
            return result

        build_journal(run, terminal)
    yield path


@contextmanager
def terminal() -> Iterator[None]:
    """Prompts appear as on a terminal (the answers come from the runner's input)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("coachcli.cli.console.stdin_is_terminal", lambda: True)
        yield


@pytest.fixture
def built(journal: Path, contract_journal_file: Path) -> Path:
    """A copy of the contract journal at the test's journal path (so no test can change another's)."""
    journal.parent.mkdir(parents=True)
    source, target = sqlite3.connect(contract_journal_file), sqlite3.connect(journal)
    source.backup(target)
    source.close()
    target.close()
    return journal


# --- type checks -------------------------------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def is_iso_date(value: Any) -> bool:
    return (
        isinstance(value, str)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
        and bool(date.fromisoformat(value))
    )


def is_iso_week(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])", value) is not None


def optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or check(value)


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_fraction(value: Any) -> bool:
    return is_number(value) and 0 <= value <= 1


def check_types(item: dict[str, Any], types: dict[str, Callable[[Any], bool]], what: str) -> None:
    missing = set(types) - item.keys()
    assert not missing, f"{what} lacks {sorted(missing)}: {item}"
    wrong = {key: item[key] for key, check in types.items() if not check(item[key])}
    assert not wrong, f"{what} has values of the wrong type: {wrong}"


def assert_goal(goal: dict[str, Any]) -> None:
    check_types(goal, {
        "id": is_id, "title": is_text, "status": lambda value: value in GOAL_STATUSES,
        "measure": optional(is_text), "unit": optional(is_text), "baseline": optional(is_number),
        "target": optional(is_number), "current": optional(is_number), "progress": optional(is_fraction),
        "deadline": optional(is_iso_date), "why": optional(is_text), "achievable": optional(is_text),
        "tags": is_text_list, "created": is_iso_date, "smart": lambda value: isinstance(value, dict),
        "forecast": optional(lambda value: isinstance(value, dict)),
    }, "goal")  # fmt: skip
    assert goal.keys() >= GOAL_KEYS
    assert (goal["progress"] is None) == (goal["target"] is None), goal
    assert goal["smart"].keys() == SMART_KEYS and all(isinstance(v, bool) for v in goal["smart"].values())
    if goal["forecast"] is not None:
        check_types(goal["forecast"], {
            "projected": is_number, "on_track": lambda value: isinstance(value, bool),
            "needed_per_week": optional(is_number),
        }, "forecast")  # fmt: skip


def assert_commitment(commitment: dict[str, Any]) -> None:
    check_types(commitment, {
        "id": is_id, "text": is_text, "week": is_iso_week, "goal_id": optional(is_id),
        "strategy_id": optional(is_id), "status": lambda value: value in COMMITMENT_STATUSES,
        "note": optional(is_text), "carried_from": optional(is_id), "carried_to": optional(is_iso_week),
        "when": optional(is_text), "confidence": optional(lambda value: is_id(value) and value <= 10),
        "routine_id": optional(is_id),
    }, "commitment")  # fmt: skip


def assert_week(week: dict[str, Any]) -> None:
    check_types(week, {
        "week": is_iso_week, "start": is_iso_date, "end": is_iso_date,
        "commitments": lambda value: isinstance(value, list), "counts": lambda value: isinstance(value, dict),
        "completion_rate": optional(is_fraction),
    }, "week")  # fmt: skip
    start, end = date.fromisoformat(week["start"]), date.fromisoformat(week["end"])
    assert (start.isoweekday(), (end - start).days) == (1, 6)
    assert f"{start.isocalendar().year}-W{start.isocalendar().week:02d}" == week["week"]
    for commitment in week["commitments"]:
        assert_commitment(commitment)
        assert commitment["week"] == week["week"]
    counts = week["counts"]
    assert set(counts) == set(COMMITMENT_STATUSES) and all(isinstance(n, int) for n in counts.values())
    # A commitment carried on keeps its status but counts as open nowhere.
    counted = [c for c in week["commitments"] if c["status"] != "open" or c["carried_to"] is None]
    assert counts == {s: sum(c["status"] == s for c in counted) for s in COMMITMENT_STATUSES}
    finished = counts["done"] + counts["partial"] + counts["missed"]
    expected = (counts["done"] + counts["partial"] / 2) / finished if finished else None
    assert week["completion_rate"] == pytest.approx(expected)


def assert_reflection(reflection: dict[str, Any]) -> None:
    check_types(reflection, {
        "id": is_id, "date": is_iso_date, "text": is_text, "goal_id": optional(is_id),
        "week": optional(is_iso_week), "tags": is_text_list,
    }, "reflection")  # fmt: skip


def assert_week_note(note: dict[str, Any]) -> None:
    check_types(note, {"week": is_iso_week, "text": is_text}, "week note")


def assert_strength(strength: dict[str, Any]) -> None:
    assert strength.keys() == STRENGTH_KEYS, strength
    assert is_text(strength["name"]) and strength["kind"] in ("theme", "custom")
    if strength["kind"] == "theme":
        assert strength["domain"] in DOMAINS, strength
    else:
        assert strength["domain"] is None, strength


def assert_strategy(strategy: dict[str, Any]) -> None:
    check_types(strategy, {
        "id": is_id, "goal_id": is_id, "text": is_text, "strengths": is_text_list,
        "status": lambda value: value in STRATEGY_STATUSES,
    }, "strategy")  # fmt: skip


# --- JSON keys ---------------------------------------------------------------------------------------------------


def test_goal_show_and_goal_list(built, coach_json):
    goals = coach_json("goal", "list", "--all")
    assert [(goal["id"], goal["status"]) for goal in goals] == [
        (1, "active"), (2, "active"), (3, "done"), (4, "dropped")
    ]  # fmt: skip
    assert [goal["id"] for goal in coach_json("goal", "list")] == [1, 2]
    for goal in goals:
        assert_goal(goal)
        assert_goal(coach_json("goal", "show", str(goal["id"])))
    run = coach_json("goal", "show", "1")
    assert (run["baseline"], run["target"], run["current"]) == (5, 35, 15)
    assert run["progress"] == pytest.approx((15 - 5) / (35 - 5), rel=5e-4)  # JSON rounds rates to 4 digits
    assert (run["deadline"], run["created"], run["tags"]) == ("2027-03-31", "2026-10-01", ["health", "run"])
    assert run["smart"] == dict.fromkeys(SMART_KEYS, True)
    assert run["forecast"] is not None and run["forecast"].keys() >= FORECAST_KEYS
    by_id = {goal["id"]: goal for goal in goals}
    assert by_id[2]["forecast"] is None and by_id[2]["deadline"] is None
    assert by_id[3]["progress"] == 1
    assert by_id[4]["progress"] is None and by_id[4]["target"] is None
    assert by_id[4]["smart"] == dict.fromkeys(SMART_KEYS, False)


def test_week_and_week_show(built, coach_json):
    this_week = coach_json("week")
    assert this_week == coach_json("week", "show") == coach_json("week", "show", THIS_WEEK)
    last_week = coach_json("week", "show", LAST_WEEK)
    assert last_week == coach_json("week", "last")
    for week in (this_week, last_week):
        assert_week(week)
    assert [(item["id"], item["status"]) for item in last_week["commitments"]] == [
        (1, "done"), (2, "partial"), (3, "missed"), (4, "dropped"), (5, "done")
    ]  # fmt: skip
    assert last_week["commitments"][0] == {
        "id": 1, "text": "Run three times", "week": LAST_WEEK, "goal_id": 1, "strategy_id": 1,
        "status": "done", "note": "The club helped", "carried_from": None, "carried_to": None, "when": None,
        "confidence": None, "support": None, "routine_id": None,
    }  # fmt: skip
    assert [item["carried_to"] for item in last_week["commitments"]] == [
        None,
        THIS_WEEK,
        THIS_WEEK,
        None,
        None,
    ]
    assert last_week["commitments"][1]["note"] == "Rain all week"
    assert last_week["completion_rate"] == pytest.approx(2.5 / 4)
    assert [(item["id"], item["status"], item["carried_from"]) for item in this_week["commitments"]] == [
        (6, "open", 2), (7, "open", 3), (8, "open", None)
    ]  # fmt: skip
    assert this_week["commitments"][0]["text"] == MARKUP
    assert this_week["completion_rate"] is None


def test_journal_has_reflections_and_week_notes(built, coach_json):
    entries = coach_json("journal")
    reflections = [entry for entry in entries if "id" in entry]
    notes = [entry for entry in entries if "id" not in entry]
    assert len(reflections) == 2 and len(notes) == 1
    for reflection in reflections:
        assert_reflection(reflection)
    assert_week_note(notes[0])
    assert (notes[0]["week"], notes[0]["text"]) == (LAST_WEEK, WEEK_NOTE)
    belief = next(reflection for reflection in reflections if reflection["id"] == 1)
    assert {key: belief[key] for key in REFLECTION_KEYS} == {
        "id": 1, "date": TODAY, "text": BELIEF, "goal_id": 1, "week": THIS_WEEK, "tags": ["mood", "run"]
    }  # fmt: skip
    assert belief["reframe"] == "Sometimes it works out"
    quiet = next(reflection for reflection in reflections if reflection["id"] == 2)
    assert (quiet["goal_id"], quiet["week"], quiet["tags"]) == (None, LAST_WEEK, ["rest"])
    assert [entry["id"] for entry in coach_json("journal", "--tag", "rest")] == [2]


def test_strengths_are_exactly_name_kind_domain(built, coach_json):
    strengths = coach_json("strengths")
    assert strengths == coach_json("strengths", "list")
    for strength in strengths:
        assert_strength(strength)
    assert strengths == [
        {"name": "Learner", "kind": "theme", "domain": "Strategic Thinking"},
        {"name": "Achiever", "kind": "theme", "domain": "Executing"},
        {"name": "Cooking at home", "kind": "custom", "domain": None},
    ]


def test_strategy_list(built, coach_json):
    active, every = coach_json("strategy", "list"), coach_json("strategy", "list", "--all")
    for strategy in every:
        assert_strategy(strategy)
    assert [(s["id"], s["status"]) for s in active] == [(1, "active"), (2, "active")]
    assert sorted((s["id"], s["status"]) for s in every) == [(1, "active"), (2, "active"), (3, "retired")]
    by_id = {strategy["id"]: strategy for strategy in every}
    assert by_id[1]["strengths"] == ["Learner", "Cooking at home"] and by_id[3]["strengths"] == []
    assert (by_id[3]["goal_id"], by_id[3]["text"]) == (1, "Run alone at dawn")
    assert [s["id"] for s in coach_json("strategy", "list", "--goal", "2")] == [2]


def test_report(built, coach_json):
    report = coach_json("report", "--weeks", "2")
    assert report.keys() >= REPORT_KEYS
    assert (report["from"], report["to"]) == ("2026-11-16", "2026-11-29")
    for goal in report["goals"]:
        assert_goal(goal)
    assert [week["week"] for week in report["weeks"]] == [LAST_WEEK, THIS_WEEK]
    for week in report["weeks"]:
        assert_week(week)
    assert report["completion_rate"] == pytest.approx(2.5 / 4)
    strengths = {row["name"]: row for row in report["strengths"]}
    assert list(strengths) == ["Learner", "Achiever", "Cooking at home"]
    for row in report["strengths"]:
        assert is_number(row["commitments"]) and optional(is_fraction)(row["completion_rate"]), row
    assert (strengths["Learner"]["commitments"], strengths["Learner"]["completion_rate"]) == (1, 1)
    assert strengths["Achiever"]["commitments"] == 1
    since = coach_json("report", "--since", "2026-11-16", "--until", "2026-11-22")
    assert (since["from"], since["to"]) == ("2026-11-16", "2026-11-22")
    assert [goal["id"] for goal in coach_json("report", "--goal", "2")["goals"]] == [2]


def test_export(built, coach, tmp_path):
    document = json.loads(coach("export").stdout)
    assert document.keys() >= EXPORT_KEYS
    assert isinstance(document["version"], int)
    assert [goal["id"] for goal in document["goals"]] == [1, 2, 3, 4]
    for goal in document["goals"]:
        assert_goal(goal)
    assert len(document["checkins"]) == 3
    for checkin in document["checkins"]:
        check_types(checkin, {"goal_id": is_id, "date": is_iso_date, "value": is_number}, "check-in")
    for strength in document["strengths"]:
        assert_strength(strength)
    assert [strategy["status"] for strategy in document["strategies"]] == ["active", "active", "retired"]
    for strategy in document["strategies"]:
        assert_strategy(strategy)
    assert len(document["commitments"]) == 8
    for commitment in document["commitments"]:
        assert_commitment(commitment)
    assert {item["status"] for item in document["commitments"]} == {"open", "done", "partial", "missed",
                                                                     "dropped"}  # fmt: skip
    assert [note["text"] for note in document["week_notes"]] == [WEEK_NOTE]
    for note in document["week_notes"]:
        assert_week_note(note)
    for reflection in document["reflections"]:
        assert_reflection(reflection)
    target = tmp_path / "export.json"
    coach("export", "--format", "json", "--output", target)
    assert json.loads(target.read_text()) == document


# --- statuses ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", COMMITMENT_STATUSES)
def test_mark_takes_every_spec_status_and_shows_it_as_is(built, coach, coach_json, status):
    coach("mark", "8", status)
    assert coach_json("week")["commitments"][2]["status"] == status


def test_statuses_are_exactly_the_specs(built, coach_error):
    assert set(stored_status_counts(built)) == set(COMMITMENT_STATUSES)
    message = coach_error("mark", "8", "finished")
    assert ", ".join(COMMITMENT_STATUSES) in message


def stored_status_counts(journal: Path) -> dict[str, int]:
    """The status values stored in the journal, counted (the database must hold SPEC's names too)."""
    connection = sqlite3.connect(journal)
    try:
        return dict(connection.execute("SELECT status, count(*) FROM commitment GROUP BY status").fetchall())
    finally:
        connection.close()


def test_goal_statuses_follow_done_drop_and_reopen(built, coach, coach_json):
    coach("goal", "reopen", "3")
    coach("goal", "done", "1")
    statuses = {goal["id"]: goal["status"] for goal in coach_json("goal", "list", "--all")}
    assert statuses == {1: "done", 2: "active", 3: "active", 4: "dropped"}
    assert set(statuses.values()) <= set(GOAL_STATUSES)


# --- commands and options ----------------------------------------------------------------------------------------

# The Commands block of the SPEC: each command with the positional names and options it shows there.
# fmt: off
SPEC_COMMANDS: list[tuple[str, tuple[str, ...]]] = [
    ("", ("--db", "--version", "--help")),
    ("demo", ("--weeks", "--seed")),
    ("goal add", ("TITLE", "--measure", "--unit", "--baseline", "--target", "--by", "--why", "--achievable",
                  "--tag", "--no-input")),
    ("goal list", ("--all", "--tag")),
    ("goal show", ("ID",)),
    ("goal edit", ("ID", "--title", "--measure", "--unit", "--baseline", "--target", "--by", "--why",
                   "--achievable", "--tag", "--no-input")),
    ("goal log", ("ID", "VALUE", "--on", "--note")),
    ("goal done", ("ID",)),
    ("goal drop", ("ID",)),
    ("goal reopen", ("ID",)),
    ("goal delete", ("ID", "--yes")),
    ("strengths", ()),
    ("strengths list", ()),
    ("strengths add", ("NAME...", "--custom")),
    ("strengths remove", ("NAME...",)),
    ("strengths themes", ()),
    ("strategy add", ("GOAL_ID", "TEXT", "--strength")),
    ("strategy list", ("--goal", "--all")),
    ("strategy suggest", ("GOAL_ID",)),
    ("strategy retire", ("ID",)),
    ("commit", ("TEXT", "--goal", "--strategy", "--week")),
    ("commit add", ("TEXT", "--goal", "--strategy", "--week")),
    ("week", ()),
    ("week show", ("WEEK",)),
    ("week review", ("WEEK", "--no-input")),
    ("week plan", ("WEEK",)),
    ("mark", ("ID", "STATUS", "--note")),
    ("carry", ("ID", "--to")),
    ("reflect", ("TEXT", "--goal", "--week", "--tag")),
    ("journal", ("--search", "--goal", "--tag", "--since", "--until")),
    ("report", ("--weeks", "--since", "--until", "--goal")),
    ("export", ("--format", "--output")),
    ("import", ("FILE",)),
    ("backup", ("--output",)),
    ("doctor", ()),
]
# fmt: on
# Every command that shows data takes --format rich|markdown|json and --output/-o FILE.
SHOWS_DATA = [
    "demo",
    "goal list",
    "goal show",
    "strengths",
    "strengths list",
    "strengths themes",
    "strategy list",
    "strategy suggest",
    "week",
    "week show",
    "week review",
    "week plan",
    "journal",
    "report",
    "doctor",
]  # fmt: skip


def help_text(coach: Callable[..., Any], command: str) -> str:
    result = coach(*command.split(), "--help")
    assert result.stdout.startswith(f"Usage: coach {command}".rstrip() + " "), result.stdout
    return result.stdout


def mentions(text: str, name: str) -> bool:
    """Whether help text names an option or argument as a whole word (--tag, not --tags)."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


@pytest.mark.parametrize(("command", "names"), SPEC_COMMANDS, ids=lambda value: str(value) or "coach")
def test_every_spec_command_exists_with_its_options(coach, command, names):
    text = help_text(coach, command)
    missing = [name for name in names if not mentions(text, name)]
    assert not missing, f"coach {command} --help does not mention {missing}"


def test_root_help_lists_every_spec_command(coach):
    text = coach("--help").stdout
    for name in sorted({command.split()[0] for command, _ in SPEC_COMMANDS if command}):
        assert re.search(rf"^  {name} ", text, re.MULTILINE), name


@pytest.mark.parametrize("command", SHOWS_DATA)
def test_every_command_that_shows_data_takes_format_and_output(coach, command):
    text = help_text(coach, command)
    assert mentions(text, "--format") and mentions(text, "-o") and mentions(text, "--output"), command
    assert "rich|markdown|json" in text, command


@pytest.mark.parametrize("command", [command for command, _ in SPEC_COMMANDS if command])
def test_completion_options_belong_to_the_root_only(coach, command):
    assert "--install-completion" not in help_text(coach, command)


@pytest.mark.parametrize("command", ["goal list", "strategy list", "week", "week review", "week plan",
                                     "journal", "report", "doctor"])  # fmt: skip
def test_json_is_json_for_every_command_that_shows_data(built, coach, command):
    result = coach(*command.split(), "--format", "json", input="")
    assert isinstance(json.loads(result.stdout), dict | list)
