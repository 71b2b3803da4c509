"""`coach calendar [-o FILE]`: the coming sessions, commitments and deadlines as an iCalendar file."""

import sys

import typer

from coachcli.cli.options import OutputOption
from coachcli.cli.transaction import journal_reader
from coachcli.environment import today


def calendar(ctx: typer.Context, output: OutputOption = None) -> None:
    """An iCalendar file of the weekly session (with a reminder), commitments as to-dos and goal deadlines.

    \b
    Examples:
      coach calendar -o ~/coach.ics
    """
    from coachcli.environment import local_zone_name
    from coachcli.render.calendar import ical_calendar
    from coachcli.render.output import format_from_extension, write_output
    from coachcli.settings import config_changed, review_day, session_time
    from coachcli.views.calendar import load_calendar

    format_from_extension(output, {"icalendar": "icalendar"}, "calendar")  # `-o x.json` is refused at once
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
    text = ical_calendar(view)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_output(output, text)
