"""`coach commit`, `coach week ...`, `coach mark`, `coach carry` end to end, on a real journal file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import dump_database

NEXT_WEEK = {"COACH_TODAY": "2026-12-02"}  # a Wednesday in 2026-W49, one week after the fixture's today
FRIDAY = {
    "COACH_TODAY": "2026-11-27"
}  # the review day of the fixture's week: it closes 2026-W48, plans 2026-W49
MARKUP = "Stretch [bold]after[/bold] | runs"


def add_goals(coach) -> None:
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--target", "35",
          "--by", "2027-03-31", "--no-input")  # fmt: skip
    coach("goal", "add", "Read twelve novels this year", "--no-input")


def add_strategy(journal: Path, goal_id: int, text: str, status: str = "active") -> int:
    """A strategy row (the strategy commands belong to another part of coach)."""
    connection = sqlite3.connect(journal)
    with connection:
        cursor = connection.execute(
            "INSERT INTO strategy (goal_id, text, status, created, created_at)"
            " VALUES (?, ?, ?, '2026-11-01', '2026-11-01 08:00:00')",
            (goal_id, text, status),
        )
    connection.close()
    return cursor.lastrowid


def commitment_rows(journal: Path) -> dict[int, dict]:
    connection = sqlite3.connect(journal)
    connection.row_factory = sqlite3.Row
    rows = {row["id"]: dict(row) for row in connection.execute("SELECT * FROM commitment")}
    connection.close()
    return rows


def week_note(journal: Path, week: str) -> str | None:
    connection = sqlite3.connect(journal)
    row = connection.execute("SELECT text FROM week_note WHERE week = ?", (week,)).fetchone()
    connection.close()
    return row[0] if row else None


# --- commit -----------------------------------------------------------------------------------------------------


def test_commit_defaults_to_this_week(coach, coach_json):
    add_goals(coach)
    assert coach("commit", "Run three times", "--goal", "1").stdout == (
        "Commitment 1 added to 2026-W48 for goal 1.\n"
    )
    coach("commit", MARKUP)
    week = coach_json("week")
    assert week["commitments"] == [
        {"id": 1, "text": "Run three times", "week": "2026-W48", "goal_id": 1, "strategy_id": None,
         "status": "open", "note": None, "carried_from": None, "carried_to": None, "when": None,
             "confidence": None, "support": None, "routine_id": None},
        {"id": 2, "text": MARKUP, "week": "2026-W48", "goal_id": None, "strategy_id": None,
         "status": "open", "note": None, "carried_from": None, "carried_to": None, "when": None,
             "confidence": None, "support": None, "routine_id": None},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        ("this", "2026-W48"),
        ("next", "2026-W49"),
        ("last", "2026-W47"),
        ("2026-w50", "2026-W50"),
        ("friday", "2026-W48"),
        ("2026-12-31", "2026-W53"),
        ("2027-01-03", "2026-W53"),
        ("2027-01-04", "2027-W01"),
        ("in 2 weeks", "2026-W50"),
    ],
)
def test_commit_takes_every_week_form(coach, coach_json, week, expected):
    coach("commit", "Something", "--week", week)
    assert coach_json("week", expected)["commitments"][0]["week"] == expected


def test_strategy_implies_its_goal(coach, coach_json, journal):
    add_goals(coach)
    strategy = add_strategy(journal, 2, "A book by the bed")
    coach("commit", "Read before sleep", "--strategy", strategy)
    coach("commit", "Read on the train", "--strategy", strategy, "--goal", 2)
    items = coach_json("week")["commitments"]
    assert [(item["goal_id"], item["strategy_id"]) for item in items] == [(2, strategy), (2, strategy)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["commit", "x", "--goal", "9"], "there is no goal 9"),
        (["commit", "x", "--strategy", "9"], "there is no strategy 9"),
        (["commit", "x", "--strategy", "1", "--goal", "1"], "strategy 1 belongs to goal 2, not goal 1"),
        (["commit", "x", "--strategy", "2"], "strategy 2 is retired"),
        (["commit", "   "], "the commitment is empty"),
        (["commit", "x", "--week", "2025-W53"], "2025 has 52 ISO weeks"),
        (["commit", "x", "--week", "2026-W54"], "2026 has 53 ISO weeks"),
        (["commit", "x", "--week", "banana"], 'cannot read "banana" as a week'),
        (["mark", "99", "done"], "there is no commitment 99"),
        (["mark", "1", "finished"], 'coach cannot read "finished" as how it went'),
        (["mark", "1", "done", "--note", " "], "the note is empty"),
        (["carry", "99"], "there is no commitment 99"),
        (["carry", "1", "--to", "2026-W48"], "carry it into a later week"),
        (["carry", "1", "--to", "last"], "carry it into a later week"),
        (["carry", "2"], "commitment 2 is done"),
        (["carry", "1", "--to", "2026-W54"], "2026 has 53 ISO weeks"),
        (["week", "2025-W53"], "2025 has 52 ISO weeks"),
        (["week", "show", "2026-W54"], "2026 has 53 ISO weeks"),
        (["week", "banana"], "coach week --help"),
        (["week", "review", "2026-W54"], "2026 has 53 ISO weeks"),
        (["week", "plan", "2025-W53"], "2025 has 52 ISO weeks"),
    ],
)
def test_bad_input_is_one_clear_error_and_changes_nothing(coach, coach_error, journal, args, fragment):
    add_goals(coach)
    add_strategy(journal, 2, "A book by the bed")
    add_strategy(journal, 2, "Audio books", status="retired")
    coach("commit", "Run twice", "--goal", "1")
    coach("commit", "Run once", "--goal", "1")
    coach("mark", "2", "done")
    before = dump_database(journal)
    assert fragment in coach_error(*args)
    assert dump_database(journal) == before


# --- week show --------------------------------------------------------------------------------------------------


def test_week_json_counts_rate_and_what_asks_for_attention(coach, coach_json):
    add_goals(coach)
    for text in ("a", "b", "c", "d", "e", "f"):
        coach("commit", text, "--goal", "1", "--week", "last")
    for commitment_id, status in [(1, "done"), (2, "done"), (3, "partial"), (4, "missed"), (5, "dropped")]:
        coach("mark", commitment_id, status)
    week = coach_json("week", "last")
    assert (week["week"], week["start"], week["end"]) == ("2026-W47", "2026-11-16", "2026-11-22")
    assert week["counts"] == {"open": 1, "done": 2, "partial": 1, "missed": 1, "dropped": 1}
    assert week["completion_rate"] == pytest.approx(2.5 / 4)
    assert week["needs_review"] == ["2026-W47"]
    assert week["goals_without_commitments"] == [], "both goals were set after that week"
    assert week["week_note"] is None
    coach("commit", "g", "--goal", "1")
    coach("mark", "7", "dropped")
    this_week = coach_json("week")
    assert this_week["goals_without_commitments"] == [{"id": 2, "title": "Read twelve novels this year"}]
    assert this_week["completion_rate"] is None
    coach("goal", "drop", "2")
    assert coach_json("week")["goals_without_commitments"] == []
    this_week = coach_json("week", "next")
    assert this_week["commitments"] == [] and this_week["completion_rate"] is None
    assert this_week["counts"] == dict.fromkeys(("open", "done", "partial", "missed", "dropped"), 0)
    assert this_week["days_left"] == 7
    assert coach_json("week")["days_left"] == 5


@pytest.mark.parametrize(
    "args",
    [
        ["week"],
        ["week", "show"],
        ["week", "2026-W48"],
        ["week", "show", "2026-W48"],
        ["week", "--format", "json"],
        ["week", "this", "-f", "json"],
        ["week", "2026-11-26"],
    ],
)
def test_week_shows_this_week_with_or_without_show(coach, args):
    coach("commit", "Run three times")
    result = coach(*args)
    assert "Run three times" in result.stdout
    assert "2026-W48" in result.stdout


def test_week_help_lists_its_subcommands(coach):
    result = coach("week", "--help")
    assert all(name in result.stdout for name in ("show", "review", "plan"))


def test_week_asks_about_earlier_weeks_first(coach):
    coach("commit", "Run twice", "--week", "last")
    coach("commit", "Run three times")
    first_line = coach("week").stdout.splitlines()[0]
    assert "Last week (2026-W47) still has 1 open commitment" in first_line
    assert "coach week review" in coach("week").stdout.replace("\n", " ")
    coach("mark", "1", "done")
    assert "coach week review" not in coach("week").stdout


def test_earlier_weeks_are_found_across_years(coach):
    coach("commit", "Plan the year", "--week", "2026-W53")
    coach("commit", "Something older", "--week", "2025-W52")
    coach("commit", "Not yet due", "--week", "2027-W02")
    week = json.loads(coach("week", "--format", "json", env={"COACH_TODAY": "2027-01-05"}).stdout)
    assert (week["week"], week["needs_review"]) == ("2027-W01", ["2025-W52", "2026-W53"])


def test_iso_week_53_and_the_year_end(coach, coach_json, journal):
    year_end = {"COACH_TODAY": "2026-12-31"}
    coach("commit", "Reflect on the year", env=year_end)
    result = coach("week", "--format", "json", env=year_end)
    assert '"week": "2026-W53"' in result.stdout
    assert '"start": "2026-12-28"' in result.stdout and '"end": "2027-01-03"' in result.stdout
    coach("mark", "1", "partial", env=year_end)
    assert coach("carry", "1", env=year_end).stdout == "Commitment 1 carried into 2027-W01 as commitment 2.\n"
    assert commitment_rows(journal)[2]["week"] == "2027-W01"
    # A Thursday plans the week it is in (its review day, Friday, has not come); the Friday plans the next.
    assert coach("week", "plan", "--no-input", env=year_end).stdout.startswith("Planning 2026-W53")
    new_year = {"COACH_TODAY": "2027-01-01"}
    assert coach("week", "plan", "--no-input", env=new_year).stdout.startswith("Planning 2027-W01")


def test_rich_week_shows_user_text_exactly_and_groups_by_goal(coach):
    add_goals(coach)
    coach("commit", MARKUP, "--goal", "1")
    coach("commit", "Call mum")
    coach("mark", "1", "partial", "--note", "[red]rain[/red]")
    output = coach("week").stdout
    assert MARKUP in output and "[red]rain[/red]" in output
    assert (
        output.index("Goal 1: Run a half marathon")
        < output.index(MARKUP)
        < output.index("Not tied to a goal")
    )
    assert "partly done" in output
    assert "No commitment yet for goal 2" in output.replace("\n", " ")


def test_markdown_week_is_a_task_list_to_send_to_a_coach(coach):
    add_goals(coach)
    for text in ("Run twice", MARKUP, "Swim", "Bike", "Yoga"):
        coach("commit", text, "--goal", "1")
    coach("mark", "1", "done", "--note", "The club helped")
    coach("mark", "2", "partial")
    coach("mark", "3", "missed")
    coach("mark", "4", "dropped")
    markdown = coach("week", "-f", "markdown").stdout
    assert markdown.startswith("# Week 2026-W48")
    assert "- [x] Run twice\n  - *Note:* The club helped" in markdown
    assert r"- [ ] Stretch \[bold\]after\[/bold\] \| runs — *partly done*" in markdown
    assert "- [ ] Swim — *not done*" in markdown
    assert "- [ ] ~~Bike~~ — *let go*" in markdown
    assert "- [ ] Yoga\n" in markdown
    assert "follow-through 1½ of 3 reviewed (50%)" in markdown


def test_week_output_file(coach, tmp_path):
    coach("commit", "Run twice")
    target = tmp_path / "week.md"
    coach("week", "-f", "markdown", "-o", target)
    assert "- [ ] Run twice" in target.read_text()


# --- mark and carry -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "status"),
    [("done", "done"), ("partly", "partial"), ("not done", "missed"), ("let go", "dropped")],
)
def test_mark_takes_status_names_and_review_words(coach, journal, answer, status):
    coach("commit", "Run twice")
    assert coach("mark", "1", answer, "--note", "noted").stdout.startswith("Commitment 1 marked")
    row = commitment_rows(journal)[1]
    assert (row["status"], row["note"]) == (status, "noted")


def test_mark_keeps_the_note_unless_a_new_one_is_given(coach, journal):
    coach("commit", "Run twice")
    coach("mark", "1", "partial", "--note", "rain")
    coach("mark", "1", "done")
    assert (commitment_rows(journal)[1]["status"], commitment_rows(journal)[1]["note"]) == ("done", "rain")


def test_carry_copies_into_a_later_week_and_keeps_the_original(coach, coach_json, journal, tmp_path):
    add_goals(coach)
    strategy = add_strategy(journal, 1, "Run with the club")
    coach("commit", "Run twice", "--strategy", strategy, "--week", "last")
    coach("mark", "1", "partial", "--note", "knee")
    assert coach("carry", "1").stdout == "Commitment 1 carried into 2026-W48 as commitment 2.\n"
    rows = commitment_rows(journal)
    assert rows[1]["status"] == "partial" and rows[1]["note"] == "knee"
    copy = coach_json("week")["commitments"][0]
    assert copy == {"id": 2, "text": "Run twice", "week": "2026-W48", "goal_id": 1, "strategy_id": strategy,
                    "status": "open", "note": None, "carried_from": 1, "carried_to": None, "when": None,
                    "confidence": None, "support": None, "routine_id": None}  # fmt: skip
    assert coach_json("week", "last")["commitments"][0]["carried_to"] == "2026-W48"
    assert "carried from 2026-W47" in coach("week").stdout
    assert "carried to 2026-W48" in coach("week", "last").stdout
    before = dump_database(journal)
    assert "already carried into 2026-W48 as commitment 2" in coach("carry", "1", expect=1).stderr
    assert dump_database(journal) == before
    assert "already carried into 2026-W48" in coach("carry", "1", "--to", "2027-W01", expect=1).stderr
    coach("carry", "2", "--to", "2027-W01")
    assert commitment_rows(journal)[3]["week"] == "2027-W01"
    assert commitment_rows(journal)[3]["carried_from"] == 2


def test_carry_of_this_weeks_commitment_goes_to_next_week(coach, journal):
    coach("commit", "Run twice")
    coach("carry", "1")
    assert commitment_rows(journal)[2]["week"] == "2026-W49"


def test_carry_of_a_long_past_commitment_comes_into_this_week(coach, journal):
    coach("commit", "Run twice", "--week", "2026-W40")
    coach("mark", "1", "missed")
    coach("carry", "1")
    assert commitment_rows(journal)[2]["week"] == "2026-W48"


# --- review -----------------------------------------------------------------------------------------------------


def three_commitments_last_week(coach) -> None:
    add_goals(coach)
    coach("commit", "Run three times", "--goal", "1")
    coach("commit", MARKUP, "--goal", "1")
    coach("commit", "Call mum")


def test_review_walks_each_open_commitment_and_saves_a_week_note(coach, coach_json, journal, interactive):
    three_commitments_last_week(coach)
    assert "(2026-W48) still has 3 open commitments" in coach("week", env=NEXT_WEEK).stdout
    answers = [
        "d", "The club run on Tuesday",          # 1: done, what helped
        "partly", "Rain all week", "c",          # 2: partly, what got in the way, carry it
        "banana", "let go", "",                  # 3: asked again, let go, no note
        "Mornings worked", "", "Fewer things",   # week note: went well, (skip), learned
    ]  # fmt: skip
    result = coach("week", "review", input="\n".join(answers) + "\n", env=NEXT_WEEK)
    assert "Looking back at 2026-W48" in result.stdout
    assert "What helped?" in result.stdout and "What got in the way?" in result.stdout
    assert 'coach cannot read "banana" as how it went' in result.stderr
    rows = commitment_rows(journal)
    assert [(rows[i]["status"], rows[i]["note"]) for i in (1, 2, 3)] == [
        ("done", "The club run on Tuesday"),
        ("partial", "Rain all week"),
        ("dropped", None),
    ]
    assert (rows[4]["week"], rows[4]["carried_from"], rows[4]["status"]) == ("2026-W49", 2, "open")
    assert week_note(journal, "2026-W48") == "Went well: Mornings worked\nLearned: Fewer things"
    last_week = coach_json("week", "2026-W48")
    assert last_week["week_note"] == {
        "week": "2026-W48",
        "text": "Went well: Mornings worked\nLearned: Fewer things",
    }
    assert last_week["completion_rate"] == pytest.approx(1.5 / 2)
    this_week = coach("week", env=NEXT_WEEK).stdout
    assert "coach week review" not in this_week
    assert "carried from 2026-W48" in this_week


def test_review_can_skip_a_commitment_and_never_carries_without_a_yes(coach, journal, interactive):
    three_commitments_last_week(coach)
    answers = ["", "not done", "", "", "done", "", "", "", ""]
    result = coach("week", "review", "2026-W48", input="\n".join(answers) + "\n", env=NEXT_WEEK)
    assert "Left open" in result.stdout
    rows = commitment_rows(journal)
    assert [rows[i]["status"] for i in (1, 2, 3)] == ["open", "missed", "done"]
    assert len(rows) == 3
    assert week_note(journal, "2026-W48") is None


def test_interrupted_review_keeps_every_answer_given(coach, journal, interactive):
    three_commitments_last_week(coach)
    result = coach("week", "review", input="done\nThe club\npartly\n", env=NEXT_WEEK, expect=1)
    assert "Stopped. Anything already saved is kept" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    rows = commitment_rows(journal)
    assert (rows[1]["status"], rows[1]["note"]) == ("done", "The club")
    assert rows[2]["status"] == "partial"
    assert rows[3]["status"] == "open"


def test_review_without_a_terminal_lists_and_points_to_mark(coach, journal):
    three_commitments_last_week(coach)
    before = dump_database(journal)
    for args in (["week", "review"], ["week", "review", "--no-input"]):
        output = coach(*args, env=NEXT_WEEK).stdout.replace("\n", " ")
        assert "2026-W48" in output and "3 open commitments" in output
        assert "coach mark ID" in output and MARKUP in output
    assert dump_database(journal) == before


def test_review_with_no_input_never_asks_even_on_a_terminal(coach, journal, interactive):
    three_commitments_last_week(coach)
    before = dump_database(journal)
    assert "coach mark ID" in coach("week", "review", "--no-input", env=NEXT_WEEK).stdout
    assert dump_database(journal) == before


def test_review_defaults_to_the_earliest_past_week_with_open_commitments(coach, interactive):
    coach("commit", "Older", "--week", "2026-W45")
    coach("commit", "Newer", "--week", "2026-W47")
    coach("commit", "Now")
    result = coach("week", "review", input="done\n\n\n\n\n")
    assert "Looking back at 2026-W45" in result.stdout
    assert "2026-W47 still has open commitments" in result.stdout.replace("\n", " ")


def test_review_with_nothing_to_look_back_on(coach, journal):
    coach("commit", "Now")
    assert "Nothing to look back on" in coach("week", "review").stdout


def test_review_json_lists_the_open_commitments_and_never_asks_on_a_terminal(coach, journal, interactive):
    three_commitments_last_week(coach)
    coach("commit", "Older", "--week", "2026-W45")
    coach("mark", "1", "done")
    before = dump_database(journal)
    result = coach("week", "review", "2026-W48", "--format", "json", input="", env=NEXT_WEEK)
    assert "How did it go?" not in result.stdout + result.stderr
    review = json.loads(result.stdout)
    assert (review["week"], review["start"], review["end"]) == ("2026-W48", "2026-11-23", "2026-11-29")
    assert review["commitments"] == [
        {"id": 2, "text": MARKUP, "week": "2026-W48", "goal_id": 1, "strategy_id": None, "status": "open",
         "note": None, "carried_from": None, "carried_to": None, "when": None, "confidence": None, "support": None, "routine_id": None},
        {"id": 3, "text": "Call mum", "week": "2026-W48", "goal_id": None, "strategy_id": None,
         "status": "open", "note": None, "carried_from": None, "carried_to": None, "when": None,
             "confidence": None, "support": None, "routine_id": None},
    ]  # fmt: skip
    assert review["needs_review"] == ["2026-W45"]
    assert dump_database(journal) == before


def test_review_json_with_nothing_to_look_back_on(coach, coach_json):
    coach("commit", "Now")
    assert coach_json("week", "review") == {
        "week": None, "start": None, "end": None, "commitments": [], "needs_review": []
    }  # fmt: skip


def test_review_markdown_is_a_task_list_with_ids_and_escaped_text(coach, journal, interactive):
    three_commitments_last_week(coach)
    coach("goal", "edit", "1", "--title", "Run *far* | [soon]")
    before = dump_database(journal)
    markdown = coach("week", "review", "-f", "markdown", input="", env=NEXT_WEEK).stdout
    assert markdown.startswith("# Looking back at 2026-W48: Mon 23 Nov – Sun 29 Nov 2026\n")
    assert "- [ ] Run three times (commitment 1; goal 1: Run \\*far\\* \\| \\[soon\\])\n" in markdown
    assert r"- [ ] Stretch \[bold\]after\[/bold\] \| runs (commitment 2; goal 1:" in markdown
    assert "- [ ] Call mum (commitment 3)\n" in markdown
    assert "`coach mark ID STATUS [--note TEXT]`" in markdown
    assert dump_database(journal) == before


def test_review_output_file_is_written_without_asking(coach, journal, interactive, tmp_path):
    three_commitments_last_week(coach)
    before = dump_database(journal)
    for fmt, fragment in (("markdown", r"Stretch \[bold\]after"), ("rich", MARKUP), ("json", '"Call mum"')):
        target = tmp_path / f"review.{fmt}"
        result = coach("week", "review", "-f", fmt, "-o", target, input="", env=NEXT_WEEK)
        assert result.stdout == ""
        assert fragment in target.read_text()
    assert dump_database(journal) == before


# --- plan -------------------------------------------------------------------------------------------------------


def test_plan_offers_carrying_then_asks_goal_by_goal(coach, coach_json, journal, interactive):
    add_goals(coach)
    strategy = add_strategy(journal, 1, "Run with the club")
    coach("commit", "Run three times", "--goal", "1")
    coach("commit", "Call mum")
    coach("commit", "Done already")
    coach("mark", "1", "partial")
    coach("mark", "3", "done")
    answers = [
        "c", "",                                     # carry 1 (partly done), skip 2 (open); 3 is done
        "Long run on Sunday", "7", str(strategy),    # goal 1: a commitment, a wrong then right strategy
        "Sunday 8am, the park", "9",                 #   when and where, confidence
        "Intervals on Thursday", "", "", "",         # goal 1: another, no strategy, when, confidence
        "",                                          # goal 1: moves on
        "Read 20 pages a day", "", "", "",           # goal 2, then moves on
        "Book the dentist", "", "", "",              # not tied to a goal, then finishes
    ]  # fmt: skip
    result = coach("week", "plan", input="\n".join(answers) + "\n", env=FRIDAY)
    assert "Planning 2026-W49" in result.stdout
    assert "Run with the club" in result.stdout and "35" not in result.stdout.split("Goal 1")[0]
    assert "is not one of this goal's strategies" in result.stderr
    items = coach_json("week", "next")["commitments"]
    assert [(item["text"], item["goal_id"], item["strategy_id"], item["carried_from"]) for item in items] == [
        ("Run three times", 1, None, 1),
        ("Long run on Sunday", 1, strategy, None),  # when "Sunday 8am, the park", confidence 9
        ("Intervals on Thursday", 1, None, None),
        ("Read 20 pages a day", 2, None, None),
        ("Book the dentist", None, None, None),
    ]
    assert commitment_rows(journal)[1]["status"] == "partial"
    assert (items[1]["when"], items[1]["confidence"]) == ("Sunday 8am, the park", 9)
    assert "carried from 2026-W48" in result.stdout  # the planned week is shown at the end


def test_plan_does_not_offer_what_is_already_carried(coach, journal, interactive):
    coach("commit", "Run twice")
    coach("carry", "1")
    result = coach("week", "plan", input="\n", env=FRIDAY)
    assert "Unfinished in" not in result.stdout
    assert len(commitment_rows(journal)) == 2


def test_plan_without_a_terminal_shows_the_plan_and_how_to_commit(coach, journal):
    add_goals(coach)
    coach("commit", "Run three times", "--goal", "1")
    before = dump_database(journal)
    output = coach("week", "plan", env=FRIDAY).stdout.replace("\n", " ")
    assert "Planning 2026-W49" in output
    assert "coach carry ID --to 2026-W49" in output and "Run three times" in output
    assert "Goal 2: Read twelve novels this year" in output
    assert 'coach commit "TEXT" --goal ID' in output
    assert dump_database(journal) == before


def test_plan_a_given_week(coach, coach_json, interactive):
    coach("week", "plan", "2026-W50", input="Go skiing\n\n\n\n")
    assert coach_json("week", "2026-W50")["commitments"][0]["text"] == "Go skiing"


def plan_to_show(coach, journal) -> int:
    """Last week's unfinished commitments (one with a note), a strategy, and one commitment already planned."""
    add_goals(coach)
    strategy = add_strategy(journal, 1, "Run with the [club] | *early*")
    coach("commit", MARKUP, "--goal", "1")
    coach("commit", "Call mum")
    coach("commit", "Done already")
    coach("mark", "1", "partial", "--note", "Rain <all> week")
    coach("mark", "3", "done")
    coach("commit", "Long run", "--goal", "1", "--week", "next")
    return strategy


def test_plan_json_shows_the_plan_and_never_asks_on_a_terminal(coach, journal, interactive):
    strategy = plan_to_show(coach, journal)
    before = dump_database(journal)
    result = coach("week", "plan", "--format", "json", input="", env=FRIDAY)
    assert "Carry it into" not in result.stdout + result.stderr
    plan = json.loads(result.stdout)
    assert (plan["week"], plan["start"], plan["end"]) == ("2026-W49", "2026-11-30", "2026-12-06")
    assert [item["text"] for item in plan["commitments"]] == ["Long run"]
    assert [(item["id"], item["status"], item["note"]) for item in plan["carry_candidates"]] == [
        (1, "partial", "Rain <all> week"),
        (2, "open", None),
    ]
    assert [goal["id"] for goal in plan["goals"]] == [1, 2]
    assert plan["goals"][0]["title"] == "Run a half marathon in spring"
    assert plan["goals"][0]["strategies"] == [{"id": strategy, "text": "Run with the [club] | *early*"}]
    assert plan["goals"][1]["strategies"] == []
    assert dump_database(journal) == before


def test_plan_markdown_escapes_user_text(coach, journal, interactive):
    plan_to_show(coach, journal)
    markdown = coach("week", "plan", "-f", "markdown", input="", env=FRIDAY).stdout
    assert markdown.startswith("# Planning 2026-W49: Mon 30 Nov – Sun 6 Dec 2026\n")
    assert "## Unfinished in 2026-W48" in markdown
    assert (
        r"- [ ] Stretch \[bold\]after\[/bold\] \| runs (commitment 1; goal 1: Run a half marathon in spring)"
        " — *partly done*\n  - *Note:* Rain \\<all\\> week"
    ) in markdown
    assert "- [ ] Call mum (commitment 2)\n" in markdown
    assert "Done already" not in markdown
    assert "`coach carry ID --to 2026-W49`" in markdown
    assert r"- Strategy 1: Run with the \[club\] \| \*early\*" in markdown
    assert "- [ ] Long run (commitment 4)" in markdown
    assert "## Goal 2: Read twelve novels this year\n\nno target yet · no deadline yet" in markdown


def test_plan_output_file_is_written_without_asking(coach, journal, interactive, tmp_path):
    plan_to_show(coach, journal)
    before = dump_database(journal)
    target = tmp_path / "plan.md"
    result = coach("week", "plan", "-o", target, input="", env=FRIDAY)
    assert result.stdout == ""
    assert "Planning 2026-W49" in target.read_text() and "coach carry ID --to 2026-W49" in target.read_text()
    coach("week", "plan", "-f", "markdown", "-o", target, input="", env=FRIDAY)
    assert target.read_text().startswith("# Planning 2026-W49")
    assert dump_database(journal) == before


# --- goal show and demo ---------------------------------------------------------------------------------------


def test_goal_show_lists_recent_commitments_and_its_completion_rate(coach, coach_json):
    add_goals(coach)
    for week in range(30, 48):
        coach("commit", f"Run in week {week}", "--goal", "1", "--week", f"2026-W{week}")
    coach("commit", "Read", "--goal", "2")
    coach("mark", "1", "done")
    coach("mark", "2", "missed")
    coach("mark", "18", "partial")
    goal = coach_json("goal", "show", "1")
    assert [item["week"] for item in goal["commitments"]] == [f"2026-W{week}" for week in range(38, 48)]
    assert goal["completion_rate"] == pytest.approx(1.5 / 3)
    assert coach_json("goal", "show", "2")["completion_rate"] is None
    assert "Recent commitments" in coach("goal", "show", "1").stdout
    assert (
        "- [ ] **2026-W47** Run in week 47 — *partly done*"
        in coach("goal", "show", "1", "-f", "markdown").stdout
    )


def test_demo_has_weeks_of_commitments_and_asks_about_last_week(coach, coach_json, journal):
    coach("demo", "--weeks", "20")
    assert "still has" in coach("week").stdout.splitlines()[0]
    last_week = coach_json("week", "last")
    # The demo's stopped session has looked back on the first of them; the others wait for it.
    statuses = [item["status"] for item in last_week["commitments"]]
    assert statuses[0] == "done" and len(statuses) > 1 and all(status == "open" for status in statuses[1:])
    older = coach_json("week", "2026-W40")
    assert older["completion_rate"] is not None and older["counts"]["open"] == 0


def test_demo_of_ten_years(coach, journal):
    coach("demo", "--weeks", "520")
    connection = sqlite3.connect(journal)
    weeks, total = connection.execute("SELECT count(DISTINCT week), count(*) FROM commitment").fetchone()
    connection.close()
    assert weeks == 521 and total >= 5 * 521 * 0.9
