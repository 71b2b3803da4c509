"""`coach calendar [-o FILE] [--format icalendar|json]`: the coming sessions, commitments and deadlines."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from coachcli.cli.options import OutputOption
from coachcli.cli.transaction import journal_reader
from coachcli.environment import local_zone_name, today
from coachcli.render.output import format_from_extension, to_json_text, write_output


class CalendarFormat(StrEnum):
    """What `coach calendar` writes: an iCalendar file, or the same items as JSON for scripts."""

    icalendar = "icalendar"
    json = "json"


def calendar(
    ctx: typer.Context,
    output: OutputOption = None,
    output_format: Annotated[
        CalendarFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default=False,
            help="icalendar (the default) or json (for scripts); -o x.json chooses json too.",
        ),
    ] = None,
) -> None:
    """An iCalendar file of the weekly session (with a reminder), commitments as to-dos and goal deadlines.

    \b
    Examples:
      coach calendar -o ~/coach.ics
      coach calendar -f json
    """
    from coachcli.render.calendar import ical_calendar
    from coachcli.settings import config_changed, review_day, session_time
    from coachcli.views.calendar import load_calendar

    kinds = {"icalendar": CalendarFormat.icalendar, "json": CalendarFormat.json}
    named = format_from_extension(output, kinds, "calendar")  # `-o x.md` is refused at once
    chosen = output_format or named or CalendarFormat.icalendar
    day, at = review_day(), session_time()
    with journal_reader(ctx) as reader:
        view = load_calendar(
            reader,
            today(),
            review_day=day,
            session_time=at,
            zone=local_zone_name(),
            config_changed=config_changed(),
        )
    text = to_json_text(view.to_json()) if chosen is CalendarFormat.json else ical_calendar(view)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_output(output, text)
