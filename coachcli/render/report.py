"""The progress report for people: a Rich page for the terminal, and GFM Markdown with a Mermaid chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.domain.beliefs import BeliefKind
from coachcli.domain.progress import sparkline
from coachcli.domain.report import chart_points, chart_title
from coachcli.domain.vocabulary import COMPLETED_STATUSES, CommitmentStatus, counted
from coachcli.render.blocks import Indented, Labelled, Row
from coachcli.render.fit import FitColumn, FittedTable
from coachcli.render.goals import (
    DATE_WIDTH,
    PROGRESS_WIDTH,
    deadline_text,
    deadline_words,
    goal_column_width,
    markdown_deadline,
    pace_phrase,
    pace_text,
    progress_bar,
    value_text,
)
from coachcli.render.text import format_percent, markdown_inline, rich_text
from coachcli.render.weeks import counts_text, markdown_task, rich_status, week_span
from coachcli.views.goals import GoalView
from coachcli.views.report import ReportView, StrengthRow

if TYPE_CHECKING:
    from rich.console import RenderableType

RECENT_BARS = 12
FOLLOW_THROUGH_BAR = 24  # columns of a week's follow-through bar
# The Mermaid chart: a bar a week up to this many weeks, else at most MERMAID_BINS bars (their labels, at
# Mermaid's 14 px in its 700 px chart, then still fit side by side).
MERMAID_WEEKLY = 16
MERMAID_BINS = 8
OBSTACLES_SHOWN = 8
RECENT_WEEKS_LISTED = 4


def title_line(view: ReportView) -> str:
    count = len(view.weeks)
    scope = f"{view.first} – {view.last}" if view.first != view.last else str(view.first)
    return f"Progress report · {scope} · {view.first.start.isoformat()} to {view.last.end.isoformat()} ({counted(count, 'week')})"


def smart_gaps(goal: GoalView) -> str:
    """The SMART letters a goal still lacks, or an empty string when it has them all."""
    return "".join(check.letter for check in goal.smart.missing)


def rich_goals(view: ReportView) -> list[RenderableType]:
    from rich.table import Table

    if not view.goals:
        return [
            rich_text(("No active goals. What would you like to work towards? Try `coach goal add`.", "dim"))
        ]
    from rich.console import Group

    rows: list[list[RenderableType]] = []
    for goal in view.goals:
        progress = [progress_bar(goal.progress)]
        if goal.target is not None or goal.current is not None:
            progress.append(value_text(goal))
        pace = pace_text(goal)
        if pace:
            progress.append(pace)
        gaps = smart_gaps(goal)
        rows.append(
            [
                rich_text(str(goal.id)),
                rich_text(goal.title),
                Group(*progress),
                deadline_text(goal, separator="\n"),
                rich_text((gaps, "yellow") if gaps else ("none", "green")),
            ]
        )
    columns = [
        FitColumn("ID", options={"justify": "right"}),
        FitColumn("Goal", goal_column_width(view.goals), options={"overflow": "fold"}),
        FitColumn("Progress", PROGRESS_WIDTH),
        FitColumn("Deadline", DATE_WIDTH, drop=1),
        FitColumn("SMART gaps", drop=2),
    ]
    return [
        FittedTable(columns, rows, lambda: Table(title="Goals", title_justify="left", title_style="bold"))
    ]


def rich_follow_through(view: ReportView) -> list[RenderableType]:
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    parts: list[RenderableType] = ["", rich_text(("Follow-through", "bold"))]
    if not any(week.commitments for week in view.weeks):
        return [
            *parts,
            rich_text(("No commitments in these weeks. What is one step you will take this week?", "dim")),
        ]
    parts.append(rich_text(counts_text(view.counts, view.completion_rate)))
    chart = view.chart
    pooled = f" ({chart_title(chart).lower()})" if len(chart) < len(view.weeks) else ""
    parts.append(
        rich_text(
            (sparkline([point.rate for point in chart]), "cyan"),
            "  ",
            (f"{chart[0].label} … {chart[-1].label}{pooled}", "dim"),
        )
    )
    recent = list(view.weeks[-RECENT_BARS:])
    while recent and not recent[0].commitments:  # weeks before the first commitment say nothing
        recent.pop(0)
    percents = [format_percent(week.completion_rate) for week in recent]
    percent_width = max(map(len, percents), default=0)
    for week, percent in zip(recent, percents, strict=True):  # a row each, in columns
        rate = week.completion_rate
        bar = (
            ProgressBar(total=1.0, completed=rate, width=FOLLOW_THROUGH_BAR)
            if rate is not None
            else Text.assemble(("–", "dim"), " " * (FOLLOW_THROUGH_BAR - 1))
        )
        counted = sum(week.counts[status] for status in COMPLETED_STATUSES)
        shown = [Text(str(week.week)), bar, Text(percent.ljust(percent_width))]
        parts.append(Row(*shown, Text(f"{counted} counted", style="dim")) if counted else Row(*shown))
    return parts


def rich_strengths(view: ReportView) -> list[RenderableType]:
    from rich.table import Table

    if not view.strengths:
        return [
            "",
            rich_text(("No strengths recorded: `coach strengths add` to see which ones carry you.", "dim")),
        ]
    rows = []
    for strength in view.strengths:
        row = strength.follow_through
        rate = rich_text(
            format_percent(row.completion_rate) if has_finished(strength) else ("an opening", "dim")
        )
        rows.append([rich_text(strength.name), rich_text(str(row.commitments)), rate])
    columns = [
        FitColumn("Strength", options={"overflow": "fold"}),
        FitColumn("Commitments", drop=1, options={"justify": "right"}),
        FitColumn("Follow-through", options={"justify": "right"}),
    ]
    table = FittedTable(
        columns, rows, lambda: Table(title="Strengths at work", title_justify="left", title_style="bold")
    )
    return ["", table, *(rich_text(line) for line in opening_lines(view))]


def has_finished(strength: StrengthRow) -> bool:
    """Whether a strength has been part of a done or partly done commitment in the report's weeks."""
    counts = strength.follow_through.counts
    return counts["done"] + counts["partial"] > 0


def opening_lines(view: ReportView) -> list[str]:
    """Each strength not yet part of a finished commitment, framed as an opening (plain text)."""
    return [
        f"{strength.name} hasn't been part of a finished commitment yet — where could it help?"
        for strength in view.strengths
        if not has_finished(strength)
    ]


def self_talk_lines(view: ReportView) -> list[str]:
    """Belief language over time in plain words: "should" thinking this quarter against the last, then a question."""
    trend = view.beliefs
    if trend is None or not trend.any:
        return []
    now, before = trend.should_thinking()
    lines = [
        f'"Should" thinking: {counted(now, "phrase")} this quarter ({trend.this_quarter}),'
        f" {before} last quarter ({trend.last_quarter})."
    ]
    others = [
        f"{kind.label_text} {trend.now[kind]}"
        for kind in (BeliefKind.absolute, BeliefKind.label, BeliefKind.comparison)
        if trend.now[kind]
    ]
    if others:
        lines.append("This quarter also: " + " · ".join(others) + ".")
    if now < before:
        lines.append("What has helped you ease off the demands on yourself?")
    elif now > before:
        lines.append("What is asking so much of you lately, and what would you choose for yourself?")
    return lines


def rich_self_talk(view: ReportView) -> list[RenderableType]:
    lines = self_talk_lines(view)
    return ["", rich_text(("Self-talk", "bold")), *(rich_text(line) for line in lines)] if lines else []


def rich_obstacles(view: ReportView) -> list[RenderableType]:
    obstacles = view.obstacles
    if not obstacles:
        return []
    parts: list[RenderableType] = ["", rich_text(("What got in the way", "bold"))]
    for commitment in obstacles[:OBSTACLES_SHOWN]:  # a long note wraps under its own text, not the week
        told = rich_text(
            commitment.text,
            " (",
            rich_status(commitment.status),
            "): ",
            (commitment.note or "", "italic"),
            overflow="fold",
        )
        parts.append(Indented(Labelled(rich_text(commitment.week), told, gap=2)))
    if len(obstacles) > OBSTACLES_SHOWN:
        more = f"and {len(obstacles) - OBSTACLES_SHOWN} more (--format markdown lists them all)"
        parts.append(rich_text("  ", (more, "dim")))
    return parts


def rich_deadlines(view: ReportView) -> list[RenderableType]:
    deadlines = view.deadlines
    if not deadlines:
        return []
    parts: list[RenderableType] = ["", rich_text(("Deadlines in the next 30 days", "bold"))]
    for goal in deadlines:
        parts.append(rich_text(f"  Goal {goal.id}: ", goal.title, " · ", deadline_text(goal)))
    return parts


def rich_report(view: ReportView) -> list[RenderableType]:
    """The whole report for the terminal; readable at 80 columns."""
    return [
        rich_text((title_line(view), "bold")),
        *rich_goals(view),
        *rich_follow_through(view),
        *rich_strengths(view),
        *rich_self_talk(view),
        *rich_obstacles(view),
        *rich_deadlines(view),
    ]


def mermaid_label(label: str) -> str:
    """A bar's label as short as Mermaid needs it: `2026-W47` as `W47`, `2026-W19..W22` as `W19` to `22` with an en dash."""
    first, _, last = label.partition("..")
    week = first.split("-", 1)[-1]
    return f"{week}–{last.removeprefix('W')}" if last else week


def mermaid_chart(view: ReportView) -> list[str]:
    """A Mermaid bar chart of the completion rate (GitHub renders it): a bar a week up to MERMAID_WEEKLY weeks,
    else at most MERMAID_BINS bars of equal runs of weeks, so that Mermaid's labels (it never turns them) fit
    side by side; the title says which, and the period.

    Weeks that counted nothing have no rate: they are left out of the chart, not drawn as 0%, and named below
    it. No lines at all when no week counted anything.
    """
    weeks = [(week.week, week.counts) for week in view.weeks]
    points = chart_points(weeks, len(weeks) if len(weeks) <= MERMAID_WEEKLY else MERMAID_BINS)
    counted = [point for point in points if point.rate is not None]
    if not counted:
        return []
    labels = ", ".join(f'"{mermaid_label(point.label)}"' for point in counted)
    values = ", ".join(str(round((point.rate or 0) * 100)) for point in counted)
    lines = [
        "```mermaid",
        "xychart-beta",
        f'    title "{chart_title(points)} (%), {view.first} to {view.last}"',
        f"    x-axis [{labels}]",
        '    y-axis "completion %" 0 --> 100',
        f"    bar [{values}]",
        "```",
    ]
    left_out = [point.label for point in points if point.rate is None]
    if left_out:
        lines += ["", f"*Nothing counted, so not in the chart: {', '.join(left_out)}.*"]
    return lines


def markdown_goal_row(goal: GoalView) -> str:
    value = markdown_inline(goal.numbers.standing())
    forecast = markdown_inline(pace_phrase(goal))
    deadline = markdown_deadline(goal) if goal.deadline else ""
    cells = [str(goal.id), markdown_inline(goal.title), format_percent(goal.progress), value, deadline, forecast,
             smart_gaps(goal) or "none"]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def markdown_report(view: ReportView) -> str:
    """The report as GFM: tables, task lists for recent commitments, and a Mermaid chart."""
    lines = [f"# {title_line(view)}", "", "## Goals", ""]
    if view.goals:
        lines += [
            "| ID | Goal | Progress | Now / target | Deadline | Forecast | SMART gaps |",
            "|---:|---|---:|---:|---|---|---|",
            *[markdown_goal_row(goal) for goal in view.goals],
        ]
    else:
        lines.append("No active goals.")
    lines += ["", "## Follow-through", ""]
    if any(week.commitments for week in view.weeks):
        chart = mermaid_chart(view)
        lines += [
            f"**{counts_text(view.counts, view.completion_rate)}**",
            "",
            *chart,
            *([""] if chart else []),
        ]
        lines += [
            "| Week | Done | Partly | Not done | Let go | Open | Completion |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for week in view.weeks:
            counts = week.counts
            lines.append(
                f"| {week.week} | {counts['done']} | {counts['partial']} | {counts['missed']} | {counts['dropped']}"
                f" | {counts['open']} | {format_percent(week.completion_rate)} |"
            )
        recent = [week for week in view.weeks if week.commitments][-RECENT_WEEKS_LISTED:]
        for week in reversed(recent):
            lines += ["", f"### {week.week} ({week_span(week.week)})", ""]
            for commitment in week.commitments:
                lines += markdown_task(commitment)
            if week.week_note:
                lines += ["", f"> **Week note:** {markdown_inline(week.week_note.text)}"]
    else:
        lines.append("No commitments in these weeks.")
    lines += ["", "## Strengths at work", ""]
    if view.strengths:
        lines += ["| Strength | Commitments | Follow-through |", "|---|---:|---:|"]
        for strength in view.strengths:
            row = strength.follow_through
            rate = format_percent(row.completion_rate) if has_finished(strength) else "an opening"
            lines.append(f"| {markdown_inline(strength.name)} | {row.commitments} | {rate} |")
        openings = opening_lines(view)
        if openings:
            lines += ["", *(f"- {markdown_inline(line)}" for line in openings)]
    else:
        lines.append("No strengths recorded.")
    self_talk = self_talk_lines(view)
    if self_talk:
        lines += [
            "",
            "## Self-talk",
            "",
            *(markdown_inline(line) + "  " for line in self_talk[:-1]),
            markdown_inline(self_talk[-1]),
        ]
    if view.obstacles:
        lines += ["", "## What got in the way", ""]
        for commitment in view.obstacles:
            lines.append(
                f"- **{commitment.week}** {markdown_inline(commitment.text)} ({CommitmentStatus(commitment.status).label}):"
                f" {markdown_inline(commitment.note or '')}"
            )
    if view.deadlines:
        lines += ["", "## Deadlines in the next 30 days", ""]
        for goal in view.deadlines:
            when = deadline_words(goal, upcoming=True) or "today"
            lines.append(f"- Goal {goal.id}: {markdown_inline(goal.title)}, {goal.deadline} ({when})")
    return "\n".join(lines) + "\n"
