"""How an import from another tool says what it adds: one line per reflection or check-in."""

from __future__ import annotations

from coachcli.domain.imports import JournalEntry
from coachcli.render.text import format_number, printable
from coachcli.views.imports import ImportPlan, PlannedCheckIn

SHOWN_LENGTH = 60


def first_words(text: str) -> str:
    """The start of a text, on one line, short enough for a list."""
    line = printable(" ".join(text.split()))
    return line if len(line) <= SHOWN_LENGTH else line[: SHOWN_LENGTH - 1].rstrip() + "…"


def reflection_line(entry: JournalEntry) -> str:
    tags = "".join(f" #{tag}" for tag in entry.tags)
    return f"  {entry.day.isoformat()}  {first_words(entry.text)}{printable(tags)}"


def checkin_line(plan: PlannedCheckIn) -> str:
    note = f"  {first_words(plan.row.note)}" if plan.row.note else ""
    return (
        f"  goal {plan.goal_id} ({first_words(plan.goal_title)}): {format_number(plan.row.value)}"
        f" on {plan.row.day.isoformat()}{note}"
    )


def plan_lines(plan: ImportPlan) -> list[str]:
    """Every entry the import adds, one line each, oldest first."""
    return [reflection_line(entry) for entry in sorted(plan.reflections, key=lambda entry: entry.day)] + [
        checkin_line(checkin) for checkin in sorted(plan.checkins, key=lambda checkin: checkin.row.day)
    ]
