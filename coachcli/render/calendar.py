"""`coach calendar` as iCalendar (RFC 5545), made with the icalendar library (imported only here).

UIDs are stable (the session, `commitment-ID`, `routine-ID-WEEK`, `goal-ID-deadline`) and each item carries
SEQUENCE and LAST-MODIFIED from the journal (views/calendar.Version; DTSTAMP is the same moment, so two exports of
an unchanged journal are the same bytes): a calendar that imports or subscribes to the file again updates its
entries instead of duplicating them, and sees a finished commitment COMPLETED and a let-go one CANCELLED. The
session's time is in the person's IANA time zone with the VTIMEZONE the library writes for it, or floating
(local wherever the calendar is) when the zone cannot be told. User text goes into iCalendar properties, which
the library escapes, with its control characters shown as escapes (render.text.printable): a calendar file is
also read on a terminal.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coachcli.domain.vocabulary import CommitmentStatus, GoalStatus
from coachcli.domain.weeks import WEEKDAYS
from coachcli.render.text import printable
from coachcli.views.calendar import CalendarDeadline, CalendarTodo, CalendarView, Version

UID_DOMAIN = "coach-journal"
PRODID = "-//coach//coach-journal//EN"
SESSION_MINUTES = 30
ZONE_RULES_UNTIL = date(2038, 1, 1)
ALARM_BEFORE = timedelta(minutes=15)
# A deadline's reminder: at 09:00 a week before the day (an all-day event starts at midnight).
DEADLINE_ALARM_BEFORE = timedelta(days=7) - timedelta(hours=9)
# A to-do's STATUS (and PERCENT-COMPLETE) for each commitment status: a reviewed one is closed either way.
TODO_STATUS = {
    CommitmentStatus.OPEN: ("NEEDS-ACTION", None),
    CommitmentStatus.DONE: ("COMPLETED", 100),
    CommitmentStatus.PARTIAL: ("COMPLETED", 50),
    CommitmentStatus.MISSED: ("CANCELLED", None),
    CommitmentStatus.DROPPED: ("CANCELLED", None),
}
GOAL_CLOSED_WORDS = {GoalStatus.DONE: "is done", GoalStatus.DROPPED: "was let go"}
SESSION_TEXT = (
    "Time to look back on your week and plan the next one: run `coach session`.\n"
    "What did you commit to, and how did it go?"
)


def uid(name: str) -> str:
    return f"{name}@{UID_DOMAIN}"


def ical_calendar(view: CalendarView) -> str:
    """The whole calendar as iCalendar text (CRLF line ends, as RFC 5545 has them)."""
    from icalendar import Alarm, Calendar, Event, Todo

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "coach")

    calendar.add_component(session_event(view, Event, Alarm))
    for todo in view.todos:
        calendar.add_component(todo_item(todo, Todo()))
    for deadline in view.deadlines:
        calendar.add_component(deadline_event(deadline, Event(), Alarm))
    if view.zone is not None:
        # The zone's rules from the series' first session on, for as long as the library can say them.
        first = view.session.first
        calendar.add_missing_timezones(
            first_date=first.replace(year=first.year - 1), last_date=ZONE_RULES_UNTIL
        )
    return calendar.to_ical().decode("utf-8")


def add_version(component: Any, name: str, version: Version) -> None:
    """UID, DTSTAMP, SEQUENCE and LAST-MODIFIED: what a calendar compares to update an item it has."""
    component.add("uid", uid(name))
    component.add("dtstamp", version.modified)
    component.add("last-modified", version.modified)
    component.add("sequence", version.sequence)


def todo_item(todo: CalendarTodo, item: Any) -> Any:
    """A commitment as a to-do due at its week's end, with its status (completed or cancelled once reviewed)."""
    add_version(item, todo.uid_key, todo.version)
    item.add("summary", printable(todo.text))
    item.add("dtstart", todo.week.start)
    item.add("due", todo.week.end)
    status, percent = TODO_STATUS[todo.status]
    details = [f"A commitment for {todo.week}."]
    if todo.carried_to is not None:
        details.append(f"Carried to {todo.carried_to}.")
        if todo.status is CommitmentStatus.OPEN:
            status = "CANCELLED"
    elif todo.status is not CommitmentStatus.OPEN:
        details.append(f"Marked {todo.status.label}.")
    item.add("status", status)
    if status == "COMPLETED":
        item.add("completed", todo.version.modified)
    if percent is not None:
        item.add("percent-complete", percent)
    if todo.when:
        details.append(f"When: {printable(todo.when)}")
    if todo.goal_title:
        details.append(f"Goal: {printable(todo.goal_title)}")
    item.add("description", "\n".join(details))
    item.add("categories", ["coach"])
    return item


def deadline_event(deadline: CalendarDeadline, event: Any, alarm_class: Any) -> Any:
    """A goal's deadline as an all-day event with a reminder a week before; cancelled once the goal closed."""
    add_version(event, f"goal-{deadline.goal_id}-deadline", deadline.version)
    event.add("summary", f"Deadline: {printable(deadline.title)}")
    event.add("dtstart", deadline.deadline)
    event.add("dtend", deadline.deadline + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["coach"])
    closed = GOAL_CLOSED_WORDS.get(deadline.status)
    if closed is not None:
        event.add("status", "CANCELLED")
        event.add("description", f"Goal {deadline.goal_id} {closed}.")
        return event
    event.add("status", "CONFIRMED")
    event.add(
        "description",
        f"The deadline of goal {deadline.goal_id}. Where does it stand? coach goal show {deadline.goal_id}",
    )
    alarm = alarm_class()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"A week to the deadline: {printable(deadline.title)}")
    alarm.add("trigger", -DEADLINE_ALARM_BEFORE)
    event.add_component(alarm)
    return event


def session_event(view: CalendarView, event_class: Any, alarm_class: Any) -> Any:
    """The weekly session: one event repeating every week on the review day, with a display alarm."""
    slot = view.session
    start = datetime.combine(slot.first, slot.at)
    if view.zone is not None:
        start = start.replace(tzinfo=ZoneInfo(view.zone))
    event = event_class()
    add_version(event, "weekly-session", slot.version)
    event.add("summary", "Weekly coaching session")
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=SESSION_MINUTES))
    event.add("rrule", {"freq": "weekly", "byday": WEEKDAYS[WEEKDAYS.index(slot.review_day)][:2].upper()})
    event.add("description", SESSION_TEXT)
    event.add("categories", ["coach"])
    alarm = alarm_class()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Your weekly coaching session: coach session")
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event
