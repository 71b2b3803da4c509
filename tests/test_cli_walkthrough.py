"""What a new user met on a first walk through coach: wording, hints and layout, through the real CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BOX_EDGES = "┏┃┡│└┓┩┘"


def test_one_day_left_or_past_is_said_in_the_singular(coach: Any) -> None:
    coach("goal", "add", "Read twelve novels this year", "--by", "2026-11-26", "--no-input")
    assert "(1 day left)" in coach("goal", "list").stdout
    assert "(1 day left)" in coach("report", "--format", "markdown").stdout
    assert "(in 1 day)" in coach("report", "--format", "markdown").stdout
    past = coach("goal", "show", "1", env={"COACH_TODAY": "2026-11-27"}).stdout
    assert "(1 day past)" in past


def test_import_counts_each_kind_in_the_right_number(coach: Any, tmp_path: Path) -> None:
    coach("goal", "add", "Read twelve novels this year", "--no-input")
    coach("goal", "log", "1", "3")
    coach("goal", "log", "1", "4")
    export = tmp_path / "journal.json"
    coach("export", "--output", export)
    result = coach("--db", tmp_path / "copy.db", "import", export)
    assert result.stdout.strip() == "Imported 1 goal, 2 check-ins."


def test_tables_fit_a_60_column_terminal(coach: Any) -> None:
    coach("goal", "add", "Run a half marathon in under two hours", "--measure", "km per week", "--unit", "km")
    coach("goal", "edit", "1", "--baseline", "8", "--target", "35", "--by", "2027-01-20")
    coach("goal", "log", "1", "24.8")
    coach("strengths", "add", "Relator", "--custom", "extrovert")
    coach("strategy", "add", "1", "Run the Thursday club route with Sam and compare notes after",
          "--strength", "Relator", "--strength", "extrovert")  # fmt: skip
    for command in (("goal", "list"), ("strategy", "list"), ("report",)):
        shown = coach(*command, env={"COLUMNS": "60"}).stdout
        table_lines = [line.rstrip() for line in shown.splitlines() if line and line[0] in BOX_EDGES]
        assert table_lines, shown
        # A table too wide for the terminal is cut at its right edge: the closing border goes missing.
        assert all(line[-1] in BOX_EDGES for line in table_lines), f"coach {' '.join(command)}:\n{shown}"


def test_interactive_add_asks_for_a_specific_title_and_says_enter_skips(
    coach: Any, coach_json: Any, interactive: Any
) -> None:
    answers = [
        "Finish 12 novels by spring",
        "novels finished",
        "",
        "0",
        "12",
        "2027-03-31",
        "calm",
        "library",
    ]
    result = coach("goal", "add", "Read more", input="\n".join(answers) + "\n")
    assert "press Enter to skip" in result.stdout
    assert "In a few concrete words, what will be different when you reach it? [Read more]" in result.stdout
    assert "now? " in result.stdout and "now?:" not in result.stdout  # no ": " after a question mark
    goal = coach_json("goal", "show", "1")
    assert goal["title"] == "Finish 12 novels by spring"
    assert all(goal["smart"].values())


def test_interactive_add_keeps_the_title_on_enter_and_asks_nothing_when_all_is_given(
    coach: Any, coach_json: Any, interactive: Any
) -> None:
    coach("goal", "add", "Read more", input="\n" * 8)
    assert coach_json("goal", "show", "1")["title"] == "Read more"
    given = ("--measure", "novels", "--unit", "books", "--baseline", "0", "--target", "12", "--by", "2027-03-31",
             "--why", "calm", "--achievable", "library")  # fmt: skip
    result = coach("goal", "add", "Finish 12 novels by spring", *given, input="")
    assert "press Enter" not in result.stdout and result.stdout.startswith("Goal 2 added.")


def test_a_back_dated_relative_check_in_changes_the_value_of_its_own_day(coach: Any, coach_json: Any) -> None:
    coach("goal", "add", "Finish 12 novels by spring", "--measure", "novels", "--unit", "books",
          "--baseline", "3", "--target", "15", "--no-input")  # fmt: skip
    coach("goal", "log", "1", "2", "--on", "2026-11-20")
    coach("goal", "log", "1", "4")
    result = coach("goal", "log", "1", "+2", "--on", "2026-11-24")
    assert [c["value"] for c in coach_json("goal", "show", "1")["checkins"]] == [2, 4, 4]
    assert "4 books on 2026-11-24; the check-in of 2026-11-25 (4 books) stays the latest" in result.stdout
    today = coach("goal", "log", "1", "-1").stdout  # from the value of today, 4
    assert "3 books on 2026-11-25 (0% of the way)" in today


def test_week_across_new_year_names_both_years(coach: Any) -> None:
    output = coach("week", env={"COACH_TODAY": "2026-12-31"}).stdout
    assert "Week 2026-W53 (this week) · Mon 28 Dec 2026 – Sun 3 Jan 2027" in output
    assert "# Week 2026-W48: Mon 23 Nov – Sun 29 Nov 2026" in coach("week", "--format", "markdown").stdout


def test_week_nudge_names_the_one_goal_in_its_commit_hint_and_only_ids_for_several(coach: Any) -> None:
    coach("goal", "add", "Finish 12 novels by spring", "--no-input")
    output = " ".join(coach("week", env={"COLUMNS": "200"}).stdout.split())
    assert "No commitment yet for goal 1, Finish 12 novels by spring." in output
    assert 'coach commit "TEXT" --goal 1' in output
    coach("goal", "add", "Run a half marathon in under two hours", "--no-input")
    coach("goal", "add", "Cook at home four nights a week", "--no-input")
    output = " ".join(coach("week", env={"COLUMNS": "200"}).stdout.split())
    assert "No commitment yet for goals 1, 2 and 3. What is one small step towards one of them?" in output
    assert 'coach commit "TEXT" --goal ID' in output and "Run a half marathon" not in output


def test_a_past_week_without_commitments_is_not_waiting_for_them(coach: Any) -> None:
    assert "No commitments for 2026-W47.\n" in coach("week", "last").stdout
    assert "No commitments for 2026-W48 yet." in coach("week").stdout


def test_commitment_ids_line_up_across_the_goals_of_a_week(coach: Any) -> None:
    coach("goal", "add", "Finish 12 novels by spring", "--no-input")
    for number in range(1, 11):
        coach(
            "commit", f"Step {number}", "--goal" if number < 10 else "--week", "1" if number < 10 else "this"
        )
    lines = [line for line in coach("week").stdout.splitlines() if "○ open" in line]
    assert len(lines) == 10 and len({line.index("○") for line in lines}) == 1, "\n".join(lines)


def test_mark_hint_is_the_command_to_add_the_note(coach: Any) -> None:
    coach("commit", "Run twice")
    assert 'What helped? coach mark 1 done --note "..."' in coach("mark", "1", "done").stdout


def test_review_says_what_to_answer_and_asks_about_that_week(coach: Any, interactive: Any) -> None:
    coach("commit", "Run twice")
    answers = ["finished", "d", "", "", "", ""]
    result = coach("week", "review", input="\n".join(answers) + "\n", env={"COACH_TODAY": "2026-12-02"})
    assert (
        'coach cannot read "finished" as how it went; answer done, partly, not done or let go'
        in result.stderr
    )
    assert "What went well that week?" in result.stdout
    assert "How did it go? (done / partly / not done / let go; Enter skips)" in result.stdout
    assert "What helped? (a note; Enter skips)" in result.stdout


def test_report_wraps_an_obstacle_under_its_text_and_skips_weeks_before_the_first_commitment(
    coach: Any,
) -> None:
    coach("commit", "Run three times, one of them long")
    note = (
        "It kept sliding to tomorrow, and the weekend filled up with family visits. What would make it first?"
    )
    coach("mark", "1", "missed", "--note", note)
    lines = coach("report", env={"COLUMNS": "60"}).stdout.splitlines()
    start = lines.index("What got in the way")
    assert lines[start + 1].startswith("  2026-W48  Run three times")
    assert lines[start + 2].startswith(" " * 12) and lines[start + 2].strip()
    bars = [line for line in lines if line.startswith("2026-W")]
    assert [line.split()[0] for line in bars] == ["2026-W48"]  # not 11 empty weeks before it


def test_goal_show_says_the_forecast_with_its_unit_in_markdown_and_the_rate_on_one_line(coach: Any) -> None:
    coach("goal", "add", "Run a half marathon in under two hours", "--measure", "km per week", "--unit", "km",
          "--baseline", "8", "--target", "35", "--by", "2027-01-20", "--no-input")  # fmt: skip
    coach("goal", "log", "1", "10", "--on", "2026-11-11")
    coach("goal", "log", "1", "10.5", "--on", "2026-11-18")
    coach("goal", "log", "1", "11")
    markdown = coach("goal", "show", "1", "--format", "markdown").stdout
    assert "- **Forecast:** heading for " in markdown and " km a week would get there" in markdown
    coach("commit", "Run twice", "--goal", "1")
    shown = coach("goal", "show", "1", env={"COLUMNS": "60"}).stdout
    assert "Completion rate (all its commitments): nothing finished yet" in shown


def test_backup_into_a_folder_written_with_a_final_slash_never_makes_a_file_of_it(
    coach: Any, coach_error: Any, tmp_path: Path
) -> None:
    coach("commit", "Run twice")
    missing = tmp_path / "usb"
    error = coach_error("backup", "--output", f"{missing}/")
    assert f"there is no folder {missing}; create it first" in error
    assert not missing.exists()
    missing.mkdir()
    assert (
        f"Backup written to {missing}/coach.db.backup-2026-11-25 "
        in coach("backup", "-o", f"{missing}/").stdout
    )


def test_strategy_suggest_ends_with_the_next_step(coach: Any, interactive: Any) -> None:
    coach("goal", "add", "Finish 12 novels by spring", "--no-input")
    coach("strengths", "add", "Learner")
    kept = coach("strategy", "suggest", "1", input="2\n", env={"COLUMNS": "200"}).stdout
    assert 'A first step this week? coach commit "TEXT" --goal 1 --strategy 1' in kept
    nothing = coach("strategy", "suggest", "1", input="\n", env={"COLUMNS": "200"}).stdout
    assert 'coach strategy add 1 "TEXT"' in nothing


def test_journal_header_and_doctor_backups_read_as_phrases(coach: Any) -> None:
    coach("reflect", "Noticed I write best in the morning")
    assert coach("journal").stdout.startswith("Journal · 1 entry\n")
    coach("backup")
    assert (
        "│ coach.db.backup-2026-11-25 │ by coach backup │" in coach("doctor", env={"COLUMNS": "200"}).stdout
    )


def test_help_of_a_command_has_no_completion_options_and_no_giant_id_range(coach: Any) -> None:
    assert "--install-completion" in coach("--help").stdout
    for command in (("week",), ("commit",), ("goal",), ("report",), ("goal", "log")):
        shown = coach(*command, "--help").stdout
        assert "--install-completion" not in shown and "9223372036854775807" not in shown, shown
    result = coach("goal", "show", "0", expect=2)
    assert "0 is not an id; ids are whole numbers from 1 up" in result.stderr
    assert coach("commit", "x", "--goal", "9223372036854775808", expect=2).exit_code == 2


def test_markdown_export_lists_check_ins_by_date_with_back_dated_ones_in_place(coach: Any) -> None:
    coach("goal", "add", "Finish 12 novels by spring", "--no-input")
    coach("goal", "log", "1", "4")
    coach("goal", "log", "1", "2", "--on", "2026-11-20")
    exported = coach("export", "--format", "markdown").stdout
    assert exported.index("| 2026-11-20 | 2 |") < exported.index("| 2026-11-25 | 4 |")


def test_a_long_message_wraps_between_words_on_a_terminal_and_stays_one_line_in_a_pipe(coach: Any) -> None:
    terminal = {
        "TTY_COMPATIBLE": "1",
        "NO_COLOR": "1",
        "COLUMNS": "70",
    }  # Rich treats the output as a terminal
    shown = coach("week", "review", env=terminal).stdout
    assert [line.rstrip() for line in shown.splitlines()[:2]] == [
        "Nothing to look back on: every earlier week's commitments have a",
        "status. `coach week` shows this week; `coach week review WEEK` looks",
    ]
    piped = coach("week", "review", env={"COLUMNS": "70"}).stdout
    assert len(piped.splitlines()) == 1


def test_goal_values_say_only_what_there_is(coach: Any) -> None:
    coach("goal", "add", "Read 20 books in 2027", "--measure", "books", "--target", "20", "--no-input")
    assert "to 20, no check-in yet" in coach("goal", "show", "1").stdout
    assert "- **Values:** to 20, no check-in yet" in coach("goal", "show", "1", "--format", "markdown").stdout
    assert "- **Values:** to 20, no check-in yet (0%)" in coach("export", "--format", "markdown").stdout
    coach("goal", "edit", "1", "--baseline", "3", "--unit", "books")
    coach("goal", "log", "1", "5")
    assert "from 3 books to 20 books, now 5 books" in coach("goal", "show", "1").stdout


def test_week_header_fits_80_columns_and_names_the_last_day(coach: Any) -> None:
    header = coach("week", env={"COACH_TODAY": "2026-12-01"}).stdout.splitlines()[0]
    assert header == "Week 2026-W49 (this week) · Mon 30 Nov – Sun 6 Dec 2026 · 6 days left"
    sunday = coach("week", env={"COACH_TODAY": "2026-12-06"}).stdout.splitlines()[0]
    assert sunday.endswith("· last day")


def test_plan_wraps_a_long_strategy_under_its_own_text(coach: Any) -> None:
    coach("goal", "add", "Run 5 km without stopping", "--no-input")
    coach("strengths", "add", "Achiever")
    coach("strategy", "add", "1", "Break the goal into a checklist of small wins and tick one off every day")
    lines = coach("week", "plan", env={"COLUMNS": "60"}).stdout.splitlines()
    first = next(index for index, line in enumerate(lines) if "strategy 1:" in line)
    assert lines[first].startswith("  strategy 1: Break the goal")
    assert lines[first + 1].startswith(" " * 14) and lines[first + 1].strip()
