"""`coach calendar`: the file parses with vobject (a parser coach does not use), expands to the right days
across week 53 and New Year, has stable UIDs, and keeps the session at the person's local time."""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta

import pytest

vobject = pytest.importorskip(
    "vobject", reason="vobject (the [test] extra) parses the calendar independently"
)


def parse(text: str):
    return vobject.readOne(text)


def components(calendar, name: str) -> list:
    return [child for child in calendar.getChildren() if child.name == name]


def session_of(calendar):
    (event,) = [
        event for event in components(calendar, "VEVENT") if event.uid.value.startswith("weekly-session")
    ]
    return event


def occurrences(event, count: int) -> list[datetime]:
    return list(itertools.islice(event.getrruleset(), count))


@pytest.fixture
def calendar_text(coach, monkeypatch):
    """The calendar as `coach calendar` prints it, with TZ chosen by the test."""

    def run(*, tz: str | None = "Europe/Berlin", env: dict[str, str] | None = None) -> str:
        if tz is None:
            monkeypatch.delenv("TZ", raising=False)
        else:
            monkeypatch.setenv("TZ", tz)
        return coach("calendar", env=env).stdout

    return run


def test_the_session_repeats_on_fridays_across_week_53_and_new_year(coach, calendar_text):
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    calendar = parse(calendar_text(env={"COACH_TODAY": "2026-12-30"}))
    event = session_of(calendar)
    assert event.rrule.value == "FREQ=WEEKLY;BYDAY=FR"
    days = occurrences(event, 4)
    assert [day.date() for day in days] == [
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2027, 1, 8),
        date(2027, 1, 15),
    ]
    assert date(2027, 1, 1).isocalendar()[:2] == (2026, 53)  # the second one is week 53's Friday
    assert all((day.hour, day.minute) == (16, 0) for day in days)
    assert event.duration.value == timedelta(minutes=30)


def test_a_display_alarm_before_each_session(coach, calendar_text):
    event = session_of(parse(calendar_text()))
    (alarm,) = [child for child in event.getChildren() if child.name == "VALARM"]
    assert alarm.action.value == "DISPLAY"
    assert alarm.trigger.value < timedelta(0)
    assert "coach session" in alarm.description.value


def test_review_day_and_session_time_come_from_the_config(coach, calendar_text):
    coach("config", "set", "week.review_day", "monday")
    coach("config", "set", "session.time", "09:30")
    event = session_of(parse(calendar_text(env={"COACH_TODAY": "2026-12-30"})))
    assert event.rrule.value == "FREQ=WEEKLY;BYDAY=MO"
    days = occurrences(event, 3)
    # A Monday reviewer closes week 53 on the Monday after it: 4 January 2027.
    assert [day.date() for day in days] == [date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 11)]
    assert all(day.weekday() == 0 and (day.hour, day.minute) == (9, 30) for day in days)


@pytest.mark.parametrize("review_day", ["tuesday", "wednesday", "thursday", "saturday", "sunday"])
def test_every_review_day_expands_to_that_weekday(coach, calendar_text, review_day):
    coach("config", "set", "week.review_day", review_day)
    days = occurrences(session_of(parse(calendar_text(env={"COACH_TODAY": "2026-12-30"}))), 6)
    from coachcli.domain.weeks import WEEKDAYS

    assert {day.weekday() for day in days} == {WEEKDAYS.index(review_day)}
    assert [b - a for a, b in itertools.pairwise(days)] == [timedelta(days=7)] * 5
    assert days[0].date() <= date(2026, 12, 30) < days[1].date()


def test_local_time_zone_with_its_vtimezone_keeps_16_00_through_summer_time(coach, calendar_text):
    text = calendar_text(tz="Europe/Berlin")
    calendar = parse(text)
    (zone,) = components(calendar, "VTIMEZONE")
    assert zone.tzid.value == "Europe/Berlin"
    days = occurrences(session_of(calendar), 40)
    assert {(day.hour, day.minute) for day in days} == {(16, 0)}
    offsets = {day.utcoffset() for day in days}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # winter and summer time, both at 16:00


def test_floating_times_when_the_zone_cannot_be_told(coach):
    from coachcli.render.calendar import ical_calendar
    from coachcli.views.calendar import CalendarView, SessionSlot, Version

    version = Version(0, datetime(2026, 1, 1, tzinfo=UTC))
    view = CalendarView(
        SessionSlot("friday", datetime(2026, 1, 1, 16).time(), date(2026, 11, 27), version), (), (), None
    )
    calendar = parse(ical_calendar(view))
    assert components(calendar, "VTIMEZONE") == []
    start = session_of(calendar).dtstart.value
    assert start == datetime(2026, 11, 27, 16, 0) and start.tzinfo is None


def test_local_zone_name_from_tz_the_localtime_link_or_nothing(tmp_path, monkeypatch):
    from coachcli.environment import local_zone_name

    monkeypatch.delenv("TZ", raising=False)
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/New_York")
    assert local_zone_name(link, tmp_path / "none") == "America/New_York"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_zone_name(link, tmp_path / "none") == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_zone_name(tmp_path / "missing", tmp_path / "none") is None
    (tmp_path / "timezone").write_text("Europe/Lisbon\n")
    assert local_zone_name(tmp_path / "missing", tmp_path / "timezone") == "Europe/Lisbon"


def test_commitments_of_this_week_and_the_week_to_plan_are_todos_the_finished_ones_completed(
    coach, journal, calendar_text
):
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    env = {"COACH_TODAY": "2027-01-01"}  # Friday of 2026-W53: the week to plan is 2027-W01
    coach("commit", "Stretch after each run", "--goal", "1", env=env)
    coach("commit", "Book a physio", env=env)
    coach("commit", "Buy new shoes", "--week", "2027-W01", env=env)
    coach("commit", "Later on", "--week", "2027-W02", env=env)
    coach("commit", "Long done", "--week", "2026-W52", env=env)
    coach("mark", "2", "done", env=env)
    with sqlite3.connect(journal) as connection:  # `when` as the session's will stage writes it
        connection.execute("UPDATE commitment SET when_where = 'Sunday after the long run' WHERE id = 1")
    todos = {todo.uid.value: todo for todo in components(parse(calendar_text(env=env)), "VTODO")}
    # Week 2 after the week to plan is not in the file yet; an earlier week's open one is still to do; a
    # finished one stays, completed, for a calendar that imported it open.
    assert set(todos) == {f"commitment-{number}@coach-journal" for number in (1, 2, 3, 5)}
    assert todos["commitment-2@coach-journal"].status.value == "COMPLETED"
    assert todos["commitment-5@coach-journal"].status.value == "NEEDS-ACTION"
    stretch, shoes = todos["commitment-1@coach-journal"], todos["commitment-3@coach-journal"]
    assert stretch.summary.value == "Stretch after each run"
    assert stretch.due.value == date(2027, 1, 3)  # the Sunday that ends week 53
    assert stretch.dtstart.value == date(2026, 12, 28)
    assert "When: Sunday after the long run" in stretch.description.value
    assert "Goal: Run a half marathon in spring" in stretch.description.value
    assert shoes.due.value == date(2027, 1, 10)
    assert stretch.status.value == "NEEDS-ACTION"


def test_active_goal_deadlines_are_all_day_events(coach, calendar_text):
    coach("goal", "add", "Run a half marathon in spring", "--by", "2027-04-30", "--no-input")
    coach("goal", "add", "Read twelve novels this year", "--by", "2027-12-31", "--no-input")
    coach("goal", "add", "No deadline for this one", "--no-input")
    coach("goal", "done", "2")
    events = {
        event.uid.value: event
        for event in components(parse(calendar_text()), "VEVENT")
        if "deadline" in event.uid.value
    }
    # A goal done is cancelled in the file (a calendar that has its deadline clears it); no deadline, no event.
    assert set(events) == {"goal-1-deadline@coach-journal", "goal-2-deadline@coach-journal"}
    assert events["goal-2-deadline@coach-journal"].status.value == "CANCELLED"
    event = events["goal-1-deadline@coach-journal"]
    assert event.status.value == "CONFIRMED"
    assert event.dtstart.value == date(2027, 4, 30) and not isinstance(event.dtstart.value, datetime)
    assert event.dtend.value == date(2027, 5, 1)
    assert event.summary.value == "Deadline: Run a half marathon in spring"


def test_uids_are_stable_so_a_second_import_updates(coach, calendar_text):
    coach("goal", "add", "Run a half marathon in spring", "--by", "2027-04-30", "--no-input")
    coach("commit", "Stretch after each run", "--goal", "1")
    first = parse(calendar_text())
    coach("commit", "Book a physio")
    coach("config", "set", "session.time", "18:00")
    second = parse(calendar_text())

    def uids(calendar) -> dict[str, str]:
        return {
            child.uid.value: child.summary.value for child in calendar.getChildren() if hasattr(child, "uid")
        }

    assert uids(first).items() <= uids(second).items()
    assert set(uids(second)) - set(uids(first)) == {"commitment-2@coach-journal"}
    assert session_of(second).dtstart.value.hour == 18
    assert len(set(uids(second))) == len(components(second, "VEVENT")) + len(components(second, "VTODO"))


def test_user_text_is_escaped_by_the_library(coach, calendar_text):
    text = "Call Ana; then, write \\ notes\nand <b>rest</b>"
    coach("commit", text)
    (todo,) = components(parse(calendar_text()), "VTODO")
    assert todo.summary.value == text


def test_output_file_is_written_whole_and_private(coach, tmp_path):
    target = tmp_path / "coach.ics"
    assert coach("calendar", "-o", target).stdout == ""
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    calendar = parse(target.read_text())
    assert session_of(calendar).summary.value == "Weekly coaching session"
    assert target.read_bytes().count(b"\r\n") > 10  # RFC 5545 line ends


def test_calendar_reads_a_read_only_journal(coach, journal, calendar_text):
    coach("commit", "Stretch after each run")
    journal.chmod(0o400)
    journal.parent.chmod(0o500)
    try:
        (todo,) = components(parse(calendar_text()), "VTODO")
    finally:
        journal.parent.chmod(0o700)
        journal.chmod(0o600)
    assert todo.summary.value == "Stretch after each run"


def test_calendar_reads_without_the_orm(coach, journal):
    from tests.test_startup import imported_heavy_modules

    coach("commit", "Stretch after each run")  # the journal exists at the current revision
    assert imported_heavy_modules(["calendar"], {"COACH_DB": str(journal)}) == []


# Characters that must never reach a terminal or a calendar raw: C0 controls but tab and newline, DEL, C1
# controls, and the bidirectional overrides and isolates.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "title \x1b]0;pwned\x07 red \x1b[31mRED\x1b[0m bell\x07 \u202eflip \x9b2J"


def test_control_characters_in_journal_text_reach_neither_the_file_nor_the_terminal(coach, journal, tmp_path):
    coach("goal", "add", "Goal " + HOSTILE, "--by", "2027-04-30", "--no-input")
    coach("strategy", "add", "1", "Strategy " + HOSTILE)
    coach("commit", "Commitment " + HOSTILE, "--goal", "1", "--strategy", "1")
    with sqlite3.connect(journal) as connection:
        connection.execute("UPDATE commitment SET when_where = ?", ("When " + HOSTILE,))
    shown = coach("calendar").stdout
    target = tmp_path / "coach.ics"
    coach("calendar", "-o", target)
    written = target.read_text(encoding="utf-8").replace("\r\n", "\n")
    for text in (shown, written):
        assert not RAW_CONTROL.search(text.replace("\r\n", "\n")), RAW_CONTROL.findall(text)
    calendar = parse(written)
    (todo,) = components(calendar, "VTODO")
    assert (
        todo.summary.value
        == "Commitment title \\x1b]0;pwned\\x07 red \\x1b[31mRED\\x1b[0m bell\\x07 \\u202eflip \\x9b2J"
    )
    assert "When: When title \\x1b]0;pwned" in todo.description.value
    assert "Goal: Goal title \\x1b]0;pwned" in todo.description.value
    (deadline,) = [event for event in components(calendar, "VEVENT") if "deadline" in event.uid.value]
    assert deadline.summary.value.startswith("Deadline: Goal title \\x1b]0;pwned\\x07")


def todos_by_uid(text: str) -> dict:
    return {todo.uid.value: todo for todo in components(parse(text), "VTODO")}


def test_each_change_of_a_commitment_raises_its_sequence_and_last_modified(coach, calendar_text):
    coach("commit", "Stretch after each run")
    coach("commit", "Book a physio")
    first = todos_by_uid(calendar_text())
    coach("mark", "1", "done")
    coach("mark", "2", "let go")
    second = todos_by_uid(calendar_text())
    coach("undo")  # physio open again: a newer version still, so an importer takes it
    third = todos_by_uid(calendar_text())
    stretch, physio = "commitment-1@coach-journal", "commitment-2@coach-journal"
    assert [todos[stretch].status.value for todos in (first, second, third)] == [
        "NEEDS-ACTION",
        "COMPLETED",
        "COMPLETED",
    ]
    assert [todos[physio].status.value for todos in (first, second, third)] == [
        "NEEDS-ACTION",
        "CANCELLED",
        "NEEDS-ACTION",
    ]
    for uid in (stretch, physio):
        sequences = [int(todos[uid].sequence.value) for todos in (first, second, third)]
        assert all(todos[uid].last_modified.value for todos in (first, second, third))
        assert sequences[0] < sequences[1]
    assert (
        int(first[physio].sequence.value)
        < int(second[physio].sequence.value)
        < int(third[physio].sequence.value)
    )
    assert second[stretch].last_modified.value >= first[stretch].last_modified.value
    assert second[stretch].completed.value == second[stretch].last_modified.value


def test_two_exports_of_an_unchanged_journal_are_the_same_bytes(coach, calendar_text, tmp_path):
    coach("goal", "add", "Run a half marathon in spring", "--by", "2027-04-30", "--no-input")
    coach("commit", "Stretch after each run", "--goal", "1", "--every", "week")
    coach("commit", "Book a physio")
    coach("mark", "2", "done")
    coach("config", "set", "session.time", "18:00")
    first = calendar_text()
    coach("goal", "list")  # reads change nothing
    assert calendar_text() == first
    assert "SEQUENCE:" in first and "LAST-MODIFIED:" in first


def test_partly_done_is_half_complete_and_a_carried_one_is_cancelled_where_it_was(coach, calendar_text):
    coach("commit", "Stretch after each run")
    coach("commit", "Book a physio")
    coach("mark", "1", "partly")
    coach("carry", "2", "--to", "next")
    todos = todos_by_uid(calendar_text(env={"COACH_TODAY": "2026-11-27"}))  # Friday: next week is planned
    partly = todos["commitment-1@coach-journal"]
    assert (partly.status.value, int(partly.percent_complete.value)) == ("COMPLETED", 50)
    carried = todos["commitment-2@coach-journal"]
    assert carried.status.value == "CANCELLED" and "Carried to 2026-W49" in carried.description.value
    assert todos["commitment-3@coach-journal"].status.value == "NEEDS-ACTION"


def test_a_finished_commitment_leaves_the_file_four_weeks_after_its_week_and_its_change(coach, calendar_text):
    coach("commit", "Stretch after each run")
    coach("mark", "1", "done")
    assert set(todos_by_uid(calendar_text(env={"COACH_TODAY": "2026-12-20"}))) == {
        "commitment-1@coach-journal"
    }
    # Long after, neither its week nor its change (made now, by the clock) keeps it.
    later = "2099-01-07"
    assert "commitment-1@coach-journal" not in todos_by_uid(calendar_text(env={"COACH_TODAY": later}))


def test_a_posix_tz_rule_writes_the_session_in_floating_local_time(coach, calendar_text):
    text = calendar_text(tz="CET-1CEST,M3.5.0,M10.5.0/3")
    calendar = parse(text)
    assert components(calendar, "VTIMEZONE") == []
    start = session_of(calendar).dtstart.value
    assert (start.hour, start.minute, start.tzinfo) == (16, 0, None)
    assert "\nDTSTART:20261120T160000\n" in text.replace("\r\n", "\n")  # no Z: not 16:00 UTC


def test_a_deadline_has_a_reminder_a_week_before(coach, calendar_text):
    coach("goal", "add", "Run a half marathon in spring", "--by", "2027-04-30", "--no-input")
    (deadline,) = [
        event for event in components(parse(calendar_text()), "VEVENT") if "deadline" in event.uid.value
    ]
    (alarm,) = [child for child in deadline.getChildren() if child.name == "VALARM"]
    assert alarm.action.value == "DISPLAY"
    assert (
        deadline.dtstart.value + alarm.trigger.value
        == datetime(2027, 4, 23, 9, 0) - datetime(2027, 4, 30) + deadline.dtstart.value
    )
    assert "Run a half marathon in spring" in alarm.description.value
