"""Routines: `coach commit TEXT --every week [--until DATE]` and `coach commit stop ID`, across week 53."""

from __future__ import annotations

import os
import sqlite3
from datetime import date

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.domain.routines import check_every, fill_horizon, last_week, runs_in, weeks_to_fill
from coachcli.errors import InputError

WED_W52 = {"COACH_TODAY": "2026-12-23"}  # Wednesday of 2026-W52: the week to plan is W52 itself
FRI_W53 = {"COACH_TODAY": "2027-01-01"}  # Friday of 2026-W53 (New Year's Day): the week to plan is 2027-W01
MON_W02 = {"COACH_TODAY": "2027-01-11"}


def W(text: str) -> IsoWeek:
    return IsoWeek.parse_iso(text)


@pytest.mark.parametrize(
    ("first", "until", "stopped", "filled", "through", "expected"),
    [
        ("2026-W52", None, None, None, "2027-W01", ["2026-W52", "2026-W53", "2027-W01"]),
        ("2026-W52", None, None, "2026-W53", "2027-W02", ["2027-W01", "2027-W02"]),
        ("2026-W52", date(2027, 1, 1), None, None, "2027-W03", ["2026-W52", "2026-W53"]),
        ("2026-W52", date(2026, 12, 28), None, None, "2027-W03", ["2026-W52", "2026-W53"]),  # W53's Monday
        ("2026-W52", None, "2026-W53", None, "2027-W03", ["2026-W52", "2026-W53"]),
        ("2026-W52", None, "2026-W53", "2026-W53", "2027-W03", []),
        ("2027-W02", None, None, None, "2027-W01", []),
        ("2020-W53", None, None, None, "2021-W01", ["2020-W53", "2021-W01"]),
    ],
)
def test_weeks_to_fill(first, until, stopped, filled, through, expected):
    assert [str(week) for week in weeks_to_fill(first, until, stopped, filled, W(through))] == expected


def test_runs_in_and_last_week_across_new_year():
    assert runs_in("2026-W52", None, None, W("2026-W53"))
    assert runs_in("2026-W52", date(2026, 12, 28), None, W("2026-W53"))
    assert not runs_in("2026-W52", date(2026, 12, 27), None, W("2026-W53"))
    assert not runs_in("2026-W52", None, "2026-W53", W("2027-W01"))
    assert not runs_in("2026-W53", None, None, W("2026-W52"))
    assert last_week(date(2027, 1, 2), None) == W("2026-W53")
    assert last_week(date(2027, 3, 1), "2027-W02") == W("2027-W02")
    assert last_week(None, None) is None


def test_the_fill_horizon_is_this_week_or_the_week_to_plan():
    assert fill_horizon(date(2026, 12, 23), "friday") == W("2026-W52")
    assert fill_horizon(date(2027, 1, 1), "friday") == W("2027-W01")
    assert fill_horizon(date(2027, 1, 1), "monday") == W("2026-W53")


def test_every_takes_week_day_or_weekday():
    assert check_every("Week") == "week" and check_every("weekly") == "week"
    assert check_every("day") == "day" and check_every("Daily") == "day"
    assert check_every("weekday") == "weekday" and check_every("weekdays") == "weekday"
    with pytest.raises(InputError, match="--every takes week, day or weekday"):
        check_every("month")


def copies(journal) -> list[tuple]:
    with sqlite3.connect(journal) as connection:
        return connection.execute(
            "SELECT id, week, status, routine_id FROM commitment WHERE routine_id IS NOT NULL ORDER BY week"
        ).fetchall()


def test_a_routine_appears_in_each_new_week_across_week_53(coach, journal):
    result = coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    assert "Routine added: every week from 2026-W52; commitment 1 in 2026-W52." in result.stdout
    assert copies(journal) == [(1, "2026-W52", "open", 1)]
    coach("week", env=FRI_W53)  # the week turned: no typing needed
    assert [row[1] for row in copies(journal)] == ["2026-W52", "2026-W53", "2027-W01"]
    week = coach("week", "--format", "json", env=FRI_W53).stdout
    import json

    (copy,) = json.loads(week)["commitments"]
    assert (copy["week"], copy["text"], copy["routine_id"], copy["status"]) == (
        "2026-W53",
        "Stretch after each run",
        1,
        "open",
    )
    assert "↻ every week" in coach("week", env=FRI_W53).stdout


def test_each_copy_has_its_own_status_and_counts_in_follow_through(coach, coach_json, journal):
    coach("goal", "add", "Run a half marathon in spring", "--no-input", env=WED_W52)
    coach("commit", "Stretch after each run", "--every", "week", "--goal", "1", env=WED_W52)
    coach("week", env=MON_W02)
    ids = {week: commitment_id for commitment_id, week, _, _ in copies(journal)}
    assert list(ids) == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    coach("mark", ids["2026-W52"], "done", env=MON_W02)
    coach("mark", ids["2026-W53"], "partial", env=MON_W02)
    coach("mark", ids["2027-W01"], "missed", env=MON_W02)
    import json

    report = json.loads(coach("report", "--weeks", "4", "--format", "json", env=MON_W02).stdout)
    weeks = {week["week"]: week for week in report["weeks"]}
    assert weeks["2026-W52"]["counts"]["done"] == 1
    assert weeks["2026-W53"]["counts"]["partial"] == 1
    assert weeks["2027-W01"]["counts"]["missed"] == 1
    assert report["completion_rate"] == pytest.approx((1 + 0.5) / 3)
    statuses = [status for _, _, status, _ in copies(journal)]
    assert statuses == ["done", "partial", "missed", "open"]


def test_stopping_leaves_past_weeks_as_they_were(coach, journal):
    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    coach("week", env=FRI_W53)
    coach("mark", "1", "done", "--note", "felt good", env=FRI_W53)
    before = copies(journal)
    assert [row[1] for row in before] == ["2026-W52", "2026-W53", "2027-W01"]
    next_week_copy = before[-1][0]
    result = coach("commit", "stop", before[1][0], env=FRI_W53)
    assert "stopped after 2026-W53" in result.stdout and f"({next_week_copy})" in result.stdout
    assert copies(journal) == before[:2]
    coach("week", env=MON_W02)
    coach("week", "2027-W03", env=MON_W02)
    assert copies(journal) == before[:2]
    with sqlite3.connect(journal) as connection:
        assert connection.execute("SELECT status, note FROM commitment WHERE id = 1").fetchone() == (
            "done",
            "felt good",
        )


def test_stop_keeps_a_later_copy_that_was_already_marked(coach, journal):
    coach("commit", "Stretch after each run", "--every", "week", env=FRI_W53)
    (w53, w01) = [row[0] for row in copies(journal)]
    coach("mark", w01, "dropped", env=FRI_W53)
    assert "stopped after 2026-W53" in coach("commit", "stop", w53, env=FRI_W53).stdout
    assert [row[0] for row in copies(journal)] == [w53, w01]


def test_until_ends_the_routine_with_the_week_that_holds_the_date(coach, journal):
    result = coach("commit", "Plan meals on Sunday", "--every", "week", "--until", "2027-01-06", env=WED_W52)
    assert "until 2027-01-06" in result.stdout
    coach("week", env=MON_W02)
    assert [row[1] for row in copies(journal)] == ["2026-W52", "2026-W53", "2027-W01"]


def test_a_routine_can_start_in_a_later_week(coach, journal):
    coach("commit", "Swim on Saturdays", "--every", "week", "--week", "2027-W01", env=WED_W52)
    assert [row[1] for row in copies(journal)] == ["2027-W01"]
    import json

    assert json.loads(coach("week", "--format", "json", env=WED_W52).stdout)["commitments"] == []


def test_weeks_beyond_the_horizon_show_the_copy_computed_not_written(coach, journal):
    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    import json

    view = json.loads(coach("week", "2027-W05", "--format", "json", env=WED_W52).stdout)
    (copy,) = view["commitments"]
    assert (copy["id"], copy["week"], copy["routine_id"], copy["status"]) == (None, "2027-W05", 1, "open")
    assert view["counts"]["open"] == 1
    assert copies(journal) == [(1, "2026-W52", "open", 1)]
    assert "–  ○ open  Stretch after each run" in coach("week", "2027-W05", env=WED_W52).stdout


def test_a_read_only_journal_shows_this_weeks_copy_computed(coach, journal, monkeypatch):
    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    if os.geteuid() == 0:  # root ignores file permissions: let coach see the journal as read-only
        for module in ("db", "files", "reader"):
            monkeypatch.setattr(f"coachcli.store.{module}.is_writable", lambda path: False)
    journal.chmod(0o400)
    journal.parent.chmod(0o500)
    try:
        import json

        view = json.loads(coach("week", "--format", "json", env=FRI_W53).stdout)
        shown = coach("week", env=FRI_W53).stdout
    finally:
        journal.parent.chmod(0o700)
        journal.chmod(0o600)
    (copy,) = view["commitments"]
    assert (copy["id"], copy["week"], copy["routine_id"]) == (None, "2026-W53", 1)
    assert "–  ○ open  Stretch after each run ↻ every week" in shown
    assert copies(journal) == [(1, "2026-W52", "open", 1)]


def test_a_deleted_copy_is_not_made_again(coach, journal):
    from coachcli.store.routines import fill_routines_at

    coach("commit", "Stretch after each run", "--every", "week", env=FRI_W53)
    with sqlite3.connect(journal) as connection:  # as `coach commit delete` removes a copy
        connection.execute("DELETE FROM commitment WHERE week = '2027-W01'")
    assert fill_routines_at(journal, W("2027-W01"), None) == 0
    coach("week", env=FRI_W53)
    assert [row[1] for row in copies(journal)] == ["2026-W53"]
    assert fill_routines_at(journal, W("2027-W02"), None) == 1


def test_the_calendar_has_this_weeks_copy_with_a_uid_by_routine_and_week(coach):
    vobject = pytest.importorskip("vobject")
    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    text = coach("calendar", env=FRI_W53).stdout
    uids = {todo.uid.value for todo in vobject.readOne(text).vtodo_list}
    # Week 52's copy is still open, so still a to-do; this week's and the week to plan's have their own UIDs.
    assert uids == {
        "routine-1-2026-W52@coach-journal",
        "routine-1-2026-W53@coach-journal",
        "routine-1-2027-W01@coach-journal",
    }


def test_the_week_to_plans_routines_for_the_session(coach, journal):
    from coachcli.store.db import open_journal
    from coachcli.store.routines import this_weeks_routines

    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    coach("commit", "Read before bed", "--every", "week", "--until", "2027-02-01", env=WED_W52)
    coach("commit", "Call the physio", env=WED_W52)
    opened = open_journal(journal, write=False)
    try:
        with opened.transaction(write=False) as session:
            offered = this_weeks_routines(session, W("2027-W05"))
            assert [(row.id, row.text, row.routine_id) for row in offered] == [
                (None, "Stretch after each run", 1),
                (None, "Read before bed", 2),
            ]
            made = this_weeks_routines(session, W("2026-W52"))
            assert [(row.id, row.routine_id) for row in made] == [(1, 1), (2, 2)]
    finally:
        opened.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("commit", "Run", "--every", "month"), "--every takes week, day or weekday"),
        (("commit", "Run", "--every", "week", "--until", "2026-12-01"), "is before 2026-W52 begins"),
        (("commit", "Run", "--every", "week", "--until", "banana"), "banana"),
        (("commit", "Run", "--every", "week", "--goal", "9"), "there is no goal 9"),
        (("commit", "stop", "99"), "there is no commitment 99"),
    ],
)
def test_bad_routine_input_is_one_error_that_writes_nothing(coach, journal, args, message):
    coach("commit", "A one-off", env=WED_W52)
    from tests.conftest import dump_database

    before = dump_database(journal)
    assert message in run_error(coach, args)
    assert dump_database(journal) == before


def run_error(coach, args) -> str:
    result = coach(*args, expect=1, env=WED_W52)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_stop_refuses_a_commitment_that_is_no_routine_and_a_second_stop(coach, journal):
    coach("commit", "A one-off", env=WED_W52)
    assert "is not part of a routine" in run_error(coach, ("commit", "stop", "1"))
    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    coach("commit", "stop", "2", env=WED_W52)
    assert "already stopped" in run_error(coach, ("commit", "stop", "2"))


def test_until_without_every_is_a_usage_error(coach):
    result = coach("commit", "Run", "--until", "2027-01-06", expect=2, env=WED_W52)
    assert "--until ends a routine" in result.stderr


def test_export_and_import_keep_routines_and_their_copies(coach, journal, tmp_path, monkeypatch):
    import json

    coach("goal", "add", "Run a half marathon in spring", "--no-input", env=WED_W52)
    coach("strategy", "add", "1", "Run with the club", env=WED_W52)
    coach("commit", "Stretch after each run", "--every", "week", "--strategy", "1", env=WED_W52)
    coach(
        "commit", "Plan meals on Sunday", "--every", "week", "--until", "2027-01-06",
        "--when", "Sunday after lunch", "--confidence", "6", env=WED_W52,
    )  # fmt: skip
    coach("week", env=FRI_W53)
    coach("mark", "1", "done", env=FRI_W53)
    coach("commit", "stop", "1", env=FRI_W53)
    exported = json.loads(coach("export", env=FRI_W53).stdout)
    assert [routine["text"] for routine in exported["routines"]] == [
        "Stretch after each run",
        "Plan meals on Sunday",
    ]
    stretch = exported["routines"][0]
    assert (stretch["goal_id"], stretch["strategy_id"], stretch["first_week"], stretch["stopped_week"]) == (
        1,
        1,
        "2026-W52",
        "2026-W53",
    )
    meals = exported["routines"][1]
    assert (meals["until"], meals["when"], meals["confidence"]) == ("2027-01-06", "Sunday after lunch", 6)
    copies_of_meals = [c for c in exported["commitments"] if c["routine_id"] == 2]
    assert {(c["when"], c["confidence"]) for c in copies_of_meals} == {("Sunday after lunch", 6)}
    assert {item["routine_id"] for item in exported["commitments"]} == {1, 2}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    monkeypatch.setenv("COACH_DB", str(tmp_path / "other" / "coach.db"))
    coach("import", path, env=FRI_W53)
    assert json.loads(coach("export", env=FRI_W53).stdout) == exported
    # The imported journal goes on filling the routine that still runs, and not the stopped one.
    coach("week", env=MON_W02)
    again = json.loads(coach("export", env=MON_W02).stdout)
    assert [(c["routine_id"], c["week"]) for c in again["commitments"] if c["routine_id"]] == [
        (r["routine_id"], r["week"]) for r in exported["commitments"] if r["routine_id"]
    ]


def test_an_import_naming_a_routine_that_is_not_there_is_refused(coach, tmp_path):
    import json

    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)
    exported = json.loads(coach("export", env=WED_W52).stdout)
    exported["routines"] = []
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(exported))
    error = run_error(coach, ("import", path))
    assert "'routine_id' 1 names no record in 'routines'" in error


def test_when_and_confidence_for_a_commitment_and_a_routine(coach, journal):
    coach("commit", "Run in the park", "--when", "Tuesday 7am", "--confidence", "8", env=WED_W52)
    coach(
        "commit", "Stretch", "--every", "week", "--when", "after each run", "--confidence", "9", env=WED_W52
    )
    coach("week", env=FRI_W53)
    with sqlite3.connect(journal) as connection:
        rows = connection.execute(
            "SELECT week, when_where, confidence FROM commitment ORDER BY id"
        ).fetchall()
    assert rows == [
        ("2026-W52", "Tuesday 7am", 8),
        ("2026-W52", "after each run", 9),
        ("2026-W53", "after each run", 9),
        ("2027-W01", "after each run", 9),
    ]
    assert "a confidence is a whole number from 1 to 10" in run_error(
        coach, ("commit", "Run", "--confidence", "0")
    )


def test_a_read_command_shows_computed_copies_when_the_fill_cannot_write(coach, journal, monkeypatch):
    from coachcli.errors import JournalError

    coach("commit", "Stretch after each run", "--every", "week", env=WED_W52)

    def full_disk(connection, through):
        raise JournalError("the disk that holds the journal is full; nothing was changed")

    monkeypatch.setattr("coachcli.store.routines.fill_routine_copies", full_disk)
    import json

    (copy,) = json.loads(coach("week", "--format", "json", env=FRI_W53).stdout)["commitments"]
    assert (copy["id"], copy["week"]) == (None, "2026-W53")
    assert "is full" in run_error(coach, ("commit", "Run", "--week", "next"))


def test_every_read_shows_the_copies_the_fill_could_not_write(coach, monkeypatch):
    """Issue 25.12: when the copies cannot be written (a read-only journal, a full disk), status, the weeks
    still open, the session's agenda, the brief and the report compute the same copies `coach week` shows."""
    import json

    from coachcli.errors import JournalError

    coach("commit", "Stretch after each run", "--every", "week", env={"COACH_TODAY": "2026-11-25"})

    def full_disk(connection, through):
        raise JournalError("the disk that holds the journal is full; nothing was changed")

    monkeypatch.setattr("coachcli.store.routines.fill_routine_copies", full_disk)
    later = {"COACH_TODAY": "2026-12-16"}

    def read(*args):
        return json.loads(coach(*args, "--format", "json", env=later).stdout)

    def copies(commitments):
        return sorted(item["week"] for item in commitments if item["routine_id"] is not None)

    brief, report = read("brief"), read("report")
    assert read("status")["to_review"] == ["2026-W48", "2026-W49", "2026-W50"]
    assert read("week")["needs_review"] == ["2026-W48", "2026-W49", "2026-W50"]
    assert copies(read("session", "--no-input")["to_review"]) == ["2026-W48", "2026-W49", "2026-W50"]
    assert copies([item for week in brief["weeks"] for item in week["commitments"]]) == [
        "2026-W49",
        "2026-W50",
    ]
    assert copies(brief["planned"]) == ["2026-W51"]
    assert copies([item for week in report["weeks"] for item in week["commitments"]]) == [
        "2026-W48",
        "2026-W49",
        "2026-W50",
        "2026-W51",
    ]
