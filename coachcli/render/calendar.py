"""`coach calendar` as iCalendar (RFC 5545), made with the icalendar library (imported only here).

UIDs are stable (the session, `commitment-ID`, `goal-ID-deadline`), so a calendar that imports or subscribes to
the file again updates its entries instead of duplicating them. The session's time is in the person's IANA
time zone with the VTIMEZONE the library writes for it, or floating (local wherever the calendar is) when
the zone cannot be told. User text goes into iCalendar properties, which the library escapes, with its
control characters shown as escapes (render.text.printable): a calendar file is also read on a terminal.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coachcli.domain.weeks import WEEKDAYS
from coachcli.render.text import printable
from coachcli.views.calendar import SESSION_KEY, CalendarView, calendar_uid

PRODID = "-//coach//coach-journal//EN"
SESSION_MINUTES = 30
ZONE_RULES_UNTIL = date(2038, 1, 1)
ALARM_BEFORE = timedelta(minutes=15)
SESSION_TEXT = (
    "Time to look back on your week and plan the next one: run `coach session`.\n"
    "What did you commit to, and how did it go?"
)


def ical_calendar(view: CalendarView, *, stamp: datetime | None = None) -> str:
    """The whole calendar as iCalendar text (CRLF line ends, as RFC 5545 has them)."""
    from icalendar import Alarm, Calendar, Event, Todo

    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "coach")

    calendar.add_component(session_event(view, stamp, Event, Alarm))
    for todo in view.todos:
        item = Todo()
        item.add("uid", calendar_uid(todo.uid_key))
        item.add("dtstamp", stamp)
        item.add("summary", printable(todo.text))
        item.add("dtstart", todo.week.start)
        item.add("due", todo.week.end)
        item.add("status", "NEEDS-ACTION")
        details = [f"A commitment for {todo.week}."]
        if todo.when:
            details.append(f"When: {printable(todo.when)}")
        if todo.goal_title:
            details.append(f"Goal: {printable(todo.goal_title)}")
        item.add("description", "\n".join(details))
        item.add("categories", ["coach"])
        calendar.add_component(item)
    for deadline in view.deadlines:
        event = Event()
        event.add("uid", calendar_uid(deadline.uid_key))
        event.add("dtstamp", stamp)
        event.add("summary", f"Deadline: {printable(deadline.title)}")
        event.add("dtstart", deadline.deadline)
        event.add("dtend", deadline.deadline + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add(
            "description",
            f"The deadline of goal {deadline.goal_id}. Where does it stand? coach goal show {deadline.goal_id}",
        )
        event.add("categories", ["coach"])
        calendar.add_component(event)
    if view.zone is not None:
        # The zone's rules from the series' first session on, for as long as the library can say them.
        first = view.session.first
        calendar.add_missing_timezones(
            first_date=first.replace(year=first.year - 1), last_date=ZONE_RULES_UNTIL
        )
    return calendar.to_ical().decode("utf-8")


def session_event(view: CalendarView, stamp: datetime, event_class: Any, alarm_class: Any) -> Any:
    """The weekly session: one event repeating every week on the review day, with a display alarm."""
    slot = view.session
    start = datetime.combine(slot.first, slot.at)
    if view.zone is not None:
        start = start.replace(tzinfo=ZoneInfo(view.zone))
    event = event_class()
    event.add("uid", calendar_uid(SESSION_KEY))
    event.add("dtstamp", stamp)
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
