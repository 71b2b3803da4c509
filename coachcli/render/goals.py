"""Goals for people: Rich tables and panels, and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coachcli.domain.progress import UNCLEAR_TREND
from coachcli.domain.vocabulary import GoalStatus, counted
from coachcli.render.blocks import Row
from coachcli.render.fit import FitColumn, FittedTable, TitledPanel, longest_word
from coachcli.render.text import (
    Piece,
    format_number,
    format_percent,
    markdown_inline,
    rich_text,
)
from coachcli.views.goals import CheckInView, GoalListView, GoalView

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from coachcli.views.goal_detail import GoalDetailView

BAR_WIDTH = 12
STATUS_STYLE: dict[str, str] = {
    GoalStatus.ACTIVE: "cyan",
    GoalStatus.DONE: "green",
    GoalStatus.DROPPED: "dim",
}


def progress_bar(progress: float | None) -> RenderableType:
    """A Rich progress bar with its percentage, or a dash for goals without a target."""
    from rich.progress_bar import ProgressBar

    if progress is None:
        return rich_text(("no target yet", "dim"))
    return Row(
        ProgressBar(total=1.0, completed=progress, width=BAR_WIDTH), rich_text(format_percent(progress))
    )


def deadline_words(goal: GoalView, *, upcoming: bool = False) -> str | None:
    """How far the deadline is: "3 days left" (or "in 3 days" in a list of what is coming), "today",
    "2 days past"; None when there is nothing to count (no deadline, or the goal is closed)."""
    if goal.deadline is None or goal.days_left is None or goal.status != GoalStatus.ACTIVE:
        return None
    if goal.days_left < 0:
        return f"{counted(-goal.days_left, 'day')} past"
    if goal.days_left == 0:
        return "today"
    return f"in {counted(goal.days_left, 'day')}" if upcoming else f"{counted(goal.days_left, 'day')} left"


def deadline_text(goal: GoalView, separator: str = " ") -> Text:
    """The deadline with the days left."""
    if goal.deadline is None:
        return rich_text(("no deadline", "dim"))
    words = deadline_words(goal)
    if words is None:
        return rich_text(goal.deadline.isoformat())
    style = "dim" if words.endswith("left") else "yellow"
    return rich_text(goal.deadline.isoformat(), separator, (f"({words})", style))


def markdown_deadline(goal: GoalView) -> str:
    """The deadline with the days left, in plain words: "2027-03-31 (3 days left)", or "none yet"."""
    if goal.deadline is None:
        return "none yet"
    words = deadline_words(goal)
    return goal.deadline.isoformat() + (f" ({words})" if words else "")


def forecast_words(goal: GoalView) -> str:
    """On track, or the pace that would get there, as a short phrase of plain text (not yet escaped)."""
    return goal.numbers.forecast_phrase(goal.forecast)


def pace_amount(goal: GoalView, per_week: str = "a week") -> str:
    """The pace the goal needs per week, in its unit ("1.5 km a week", "one interview every 2 weeks")."""
    needed = goal.forecast.needed_per_week if goal.forecast is not None else None
    return "" if needed is None else goal.numbers.pace(needed, per_week)


def pace_phrase(goal: GoalView) -> str:
    """The forecast in a few plain words ("on track", "needs 1.5 km/wk"), or "" without one."""
    forecast = goal.forecast
    if forecast is None or goal.status != GoalStatus.ACTIVE:
        return ""
    if forecast.on_track and forecast.clear:
        return "on track"
    if forecast.needed_per_week is None:
        return "" if forecast.clear else UNCLEAR_TREND
    return f"needs {pace_amount(goal, '/wk').replace(' /wk', '/wk')}"


def pace_text(goal: GoalView) -> Text:
    """The forecast in a few words, dim, for the goal list ("on track" in green)."""
    phrase = pace_phrase(goal)
    return rich_text((phrase, "green") if phrase == "on track" else phrase, style="dim")


def progress_cell(goal: GoalView) -> RenderableType:
    """The progress bar, the value against the target, and the pace when there is a forecast."""
    from rich.console import Group

    lines = [progress_bar(goal.progress)]
    if goal.target is not None or goal.current is not None:
        lines.append(value_text(goal))
    pace = pace_text(goal)
    if pace:
        lines.append(pace)
    return Group(*lines)


def smart_letters(goal: GoalView) -> Text:
    """The SMART letters: met letters bold green, missing ones a dim dot."""
    return rich_text(
        *((check.letter, "bold green") if check.ok else ("·", "dim") for check in goal.smart.checks)
    )


def values_phrase(goal: GoalView) -> str:
    """Where a goal starts, where it is going and where it is now, in plain words (not yet escaped)."""
    return goal.numbers.values()


def value_text(goal: GoalView) -> Text:
    """Where the goal stands against its target: "12 of 15 books", "3 h to go"."""
    return rich_text(goal.numbers.standing())


def rich_goal_list(view: GoalListView) -> list[RenderableType]:
    """The goal list as a Rich table."""
    from rich.table import Table

    if not view.goals:
        scope = "goals" if view.include_closed else "active goals"
        hint = "" if view.include_closed else " `coach goal list --all` includes done and dropped ones."
        tagged = f" tagged {view.tag}" if view.tag else ""
        return [
            rich_text(
                f"No {scope}{tagged} yet. What would you like to work towards? Try `coach goal add`.{hint}"
            )
        ]
    rows = []
    for goal in view.goals:
        title: list[Piece] = [goal.title]
        if goal.tags:
            title += [" ", (" ".join("#" + tag for tag in goal.tags), "dim")]
        if view.include_closed and goal.status != GoalStatus.ACTIVE:
            title += [" ", (f"({goal.status})", STATUS_STYLE[goal.status])]
        rows.append(
            [
                rich_text(str(goal.id)),
                rich_text(*title),
                smart_letters(goal),
                progress_cell(goal),
                deadline_text(goal, separator="\n"),
            ]
        )
    columns = [
        FitColumn(
            "ID", len(str(max(goal.id for goal in view.goals))), options={"justify": "right", "style": "bold"}
        ),
        FitColumn("Goal", goal_column_width(view.goals), options={"overflow": "fold"}),
        FitColumn("SMART", 5, drop=2, options={"no_wrap": True}),
        FitColumn("Progress", PROGRESS_WIDTH),
        FitColumn("Deadline", DATE_WIDTH, drop=1),
    ]
    return [FittedTable(columns, rows, lambda: Table(title="Goals", title_justify="left", expand=False))]


# A progress cell is a bar and its percentage; an ISO date is ten characters.
PROGRESS_WIDTH = BAR_WIDTH + 5
DATE_WIDTH = 10


def goal_column_width(goals: Sequence[GoalView]) -> int:
    """Room for the longest word of any goal's title (and tags), so that none is broken."""
    return longest_word(
        [" ".join([goal.title, *("#" + tag for tag in goal.tags)]) for goal in goals], floor=4
    )


def rich_scorecard(goal: GoalView) -> Table:
    """The SMART scorecard: a line per letter, with the coaching question for each missing one."""
    from rich.table import Table

    table = Table.grid(padding=(0, 1))
    for check in goal.smart.checks:
        mark = rich_text(("✓", "green") if check.ok else ("○", "yellow"))
        question = rich_text("" if check.ok else (check.question or "", "italic"))
        table.add_row(mark, rich_text((check.letter, "bold"), " ", check.label), question)
    return table


def rich_goal_added(goal: GoalView) -> list[RenderableType]:
    """What `goal add` prints after the confirmation: the scorecard."""
    lines: list[RenderableType] = [rich_scorecard(goal)]
    if goal.smart.missing:
        lines.append(rich_text((f"Add what is missing any time: coach goal edit {goal.id} --help", "dim")))
    return lines


def rich_goal_detail(view: GoalDetailView) -> list[RenderableType]:
    """One goal in full: its parts, progress, scorecard, check-ins and what later sections add."""
    from rich.table import Table

    goal = view.goal
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row("Status", rich_text((goal.status, STATUS_STYLE[goal.status])))
    if goal.measure:
        facts.add_row("Measure", rich_text(goal.measure))
    if goal.target is not None or goal.current is not None:
        facts.add_row("Values", rich_text(values_phrase(goal)))
    facts.add_row("Progress", progress_bar(goal.progress))
    facts.add_row("Deadline", deadline_text(goal))
    if goal.forecast:
        facts.add_row("Forecast", rich_text(forecast_words(goal)))
    if goal.why:
        facts.add_row("Why", rich_text(goal.why))
    if goal.achievable:
        facts.add_row("Within reach", rich_text(goal.achievable))
    if goal.tags:
        facts.add_row("Tags", rich_text(" ".join("#" + tag for tag in goal.tags)))
    facts.add_row("Set on", goal.created.isoformat())
    parts: list[RenderableType] = [
        TitledPanel(facts, rich_text(f"Goal {goal.id}: ", goal.title)),
        rich_text(("SMART", "bold"), " ", (f"{goal.smart.score}/5", "dim")),
        rich_scorecard(goal),
    ]
    if goal.checkins:
        table = Table(title="Check-ins", title_justify="left")
        table.add_column("Date")
        table.add_column("Value", justify="right")
        table.add_column("Note", overflow="fold")
        for checkin in goal.checkins[-10:]:
            table.add_row(
                checkin.date.isoformat(),
                rich_text(format_number(checkin.value, goal.unit)),
                rich_text(checkin.note or ""),
            )
        if len(goal.checkins) > 10:
            table.caption = f"the last 10 of {len(goal.checkins)}"
        parts.append(table)
    elif goal.measure or goal.target is not None:
        parts.append(rich_text((f"No check-ins yet: coach goal log {goal.id} VALUE", "dim")))
    parts += rich_goal_strategies(view)
    from coachcli.render.weeks import rich_goal_commitments  # goal show only: goal list needs no week views

    parts += rich_goal_commitments(view.commitments, view.completion_rate)
    if view.reflections:
        from coachcli.render.journal import rich_goal_reflections

        parts += rich_goal_reflections(goal.id, view.reflections)
    return parts


def rich_goal_strategies(view: GoalDetailView) -> list[RenderableType]:
    """The goal's strategies with the strengths they play to, or how to find some."""
    from coachcli.render.strengths import rich_strategy_table

    if view.strategies:
        return [rich_strategy_table(view.strategies)]
    if view.goal.status == GoalStatus.ACTIVE:
        return [rich_text((f"No strategies yet: coach strategy suggest {view.goal.id}", "dim"))]
    return []


def markdown_goal_row(goal: GoalView) -> str:
    """One goal as a GFM table row."""
    cells = [
        str(goal.id),
        markdown_inline(goal.title),
        goal.status,
        goal.smart.letters,
        format_percent(goal.progress),
        markdown_inline(goal.numbers.standing()),
        goal.deadline.isoformat() if goal.deadline else "",
    ]
    return "| " + " | ".join(cells) + " |"


def markdown_goal_list(view: GoalListView) -> str:
    """The goal list as a GFM table."""
    lines = ["# Goals", ""]
    if not view.goals:
        return "\n".join([*lines, "No goals yet."])
    lines += [
        "| ID | Goal | Status | SMART | Progress | Now / target | Deadline |",
        "|---:|---|---|---|---:|---:|---|",
    ]
    lines += [markdown_goal_row(goal) for goal in view.goals]
    return "\n".join(lines)


def goal_facts(goal: GoalView) -> list[tuple[str, str]]:
    """A goal's parts as (name, plain text) pairs, not yet escaped: the Markdown list and the HTML brief's."""
    facts = [("Status", str(goal.status))]
    if goal.measure:
        facts.append(("Measure", goal.measure))
    if goal.target is not None or goal.current is not None:
        values = values_phrase(goal)
        progress = f" ({format_percent(goal.progress)})" if goal.target is not None else ""
        facts.append(("Values", values + progress))
    else:
        facts.append(("Progress", format_percent(goal.progress)))
    facts.append(("Deadline", markdown_deadline(goal)))
    if goal.forecast:
        facts.append(("Forecast", forecast_words(goal)))
    if goal.why:
        facts.append(("Why", goal.why))
    if goal.achievable:
        facts.append(("Within reach", goal.achievable))
    if goal.tags:
        facts.append(("Tags", ", ".join(goal.tags)))
    closed = f", closed {goal.closed.isoformat()}" if goal.closed else ""
    facts.append(("Set on", goal.created.isoformat() + closed))
    return facts


def markdown_goal_facts(goal: GoalView) -> list[str]:
    """A goal's parts as a Markdown list: status, measure, values, progress, deadline, forecast, why..."""
    return [f"- **{name}:** {markdown_inline(value)}" for name, value in goal_facts(goal)]


def markdown_smart(goal: GoalView) -> list[str]:
    """The SMART scorecard as a task list, with the question for each part still missing."""
    lines = []
    for check in goal.smart.checks:
        box = "x" if check.ok else " "
        question = "" if check.ok else f" — {markdown_inline(check.question or '')}"
        lines.append(f"- [{box}] **{check.letter}** {check.label}{question}")
    return lines


def markdown_checkins(goal: GoalView, checkins: Sequence[CheckInView] | None = None) -> list[str]:
    """A goal's check-ins (all of them, or those given) as a GFM table."""
    lines = ["| Date | Value | Note |", "|---|---:|---|"]
    for checkin in goal.checkins if checkins is None else checkins:
        lines.append(
            f"| {checkin.date.isoformat()} | {markdown_inline(format_number(checkin.value, goal.unit))}"
            f" | {markdown_inline(checkin.note or '')} |"
        )
    return lines


def markdown_goal_sections(view: GoalDetailView, *, level: int = 1) -> list[str]:
    """One goal in full as Markdown lines, its heading at `level` (1 for `goal show`, deeper in the export)."""
    from coachcli.render.journal import markdown_goal_reflections
    from coachcli.render.strengths import markdown_strategy_table

    goal = view.goal
    heading, section = "#" * level, "#" * (level + 1)
    lines = [f"{heading} Goal {goal.id}: {markdown_inline(goal.title)}", "", *markdown_goal_facts(goal)]
    lines += ["", f"{section} SMART", "", *markdown_smart(goal)]
    if goal.checkins:
        lines += ["", f"{section} Check-ins", "", *markdown_checkins(goal)]
    if view.strategies:
        lines += ["", f"{section} Strategies", "", *markdown_strategy_table(view.strategies)]
    if view.commitments:
        from coachcli.render.weeks import markdown_goal_commitments

        lines += ["", markdown_goal_commitments(view.commitments, view.completion_rate)]
    if view.reflections:
        lines += markdown_goal_reflections(view.reflections)
    return lines


def markdown_goal_detail(view: GoalDetailView) -> str:
    """One goal in full, as Markdown."""
    return "\n".join(markdown_goal_sections(view))
