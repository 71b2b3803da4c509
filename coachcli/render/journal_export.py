"""The whole journal as one Markdown document a person can read.

It renders the same views, through the same helpers, as `coach goal show`, `coach week` and `coach journal`,
so a goal, a deadline, a commitment and a reflection read the same in the export as where they were written.
"""

from __future__ import annotations

from coachcli.render.goals import markdown_goal_sections
from coachcli.render.journal import markdown_reflection
from coachcli.render.strengths import markdown_strength_lines
from coachcli.render.weeks import counts_text, markdown_groups, markdown_week_note, week_span
from coachcli.views.journal_export import JournalExportView
from coachcli.views.weeks import WeekView


def markdown_export_week(week: WeekView) -> list[str]:
    """One week of the export as `coach week` shows it: how it went, its commitments by goal, its note."""
    lines = [f"### {week.week}: {week_span(week.week)}", ""]
    if week.commitments:
        lines += [f"*{counts_text(week.counts, week.completion_rate)}*", ""]
    lines += markdown_groups(week, level=4)
    if week.week_note:
        lines += [*markdown_week_note(week.week_note.text), ""]
    return lines


def markdown_journal(view: JournalExportView, *, include_private: bool = False) -> str:
    """The whole journal: strengths, goals with strategies and check-ins, weeks, reflections.

    Private reflections are left out unless `include_private`: a Markdown file is made to be shared.
    """
    lines = ["# Coach journal", "", "## Strengths", ""]
    lines += markdown_strength_lines(view.strengths) if view.strengths else ["No strengths recorded yet."]
    lines += ["", "## Goals", ""]
    if not view.goals:
        lines += ["No goals yet.", ""]
    for goal in view.goals:
        lines += [*markdown_goal_sections(goal, level=3), ""]
    lines += ["## Weeks", ""]
    if not view.weeks:
        lines += ["No commitments yet.", ""]
    for week in view.weeks:
        lines += markdown_export_week(week)
    lines += ["## Reflections", ""]
    reflections = [r for r in view.reflections if include_private or not r.private]
    if not reflections:
        lines += ["No reflections yet.", ""]
    for reflection in reflections:
        lines += [*markdown_reflection(reflection, level=3), ""]
    return "\n".join(lines).rstrip() + "\n"
