"""The weekly session for people: its agenda (Rich and Markdown), a goal's standing, options, and the summary."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachcli.domain.session import STAGE_TITLES
from coachcli.render.goals import forecast_words
from coachcli.render.text import Piece, format_percent, markdown_inline, rich_text
from coachcli.render.weeks import counts_text, markdown_task, rich_commitment_table, rich_status, week_span
from coachcli.views.goals import GoalView
from coachcli.views.session import GoalOptions, SessionAgenda, SessionSummary

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


def day_text(day: date) -> str:
    """A day as `Friday 4 December`."""
    return f"{day:%A} {day.day} {day:%B}"


def standing_words(goal: GoalView) -> str:
    """Where a goal stands, in plain words (not yet escaped): value, progress, forecast, last check-in."""
    parts = []
    if goal.current is not None:
        parts.append(goal.numbers.standing())
    if goal.progress is not None and not goal.numbers.counts_down:
        parts.append(f"{format_percent(goal.progress)} of the way")
    forecast = forecast_words(goal)
    if forecast:
        parts.append(forecast)
    parts.append(
        f"last check-in {goal.checkins[-1].date.isoformat()}" if goal.checkins else "no check-in yet"
    )
    return " · ".join(parts)


def rich_goal_standing(goal: GoalView, *, start: str = "\n") -> Text:
    """A goal and where it stands (after a blank line, or what `start` says)."""
    return rich_text(start, (f"Goal {goal.id}: {goal.title}", "bold"), " · ", standing_words(goal))


def rich_options(options: GoalOptions) -> list[RenderableType]:
    """A goal's strategies with their follow-through, best first, and ideas from the person's strengths."""
    goal = options.goal
    parts: list[RenderableType] = [rich_text("\n", (f"Goal {goal.id}: {goal.title}", "bold"))]
    if not options.strategies:
        parts.append(rich_text("  ", ("No strategy yet.", "dim")))
    for row in options.strategies:
        rate = format_percent(row.completion_rate) if row.completion_rate is not None else "not tried yet"
        parts.append(
            rich_text(f"  strategy {row.strategy.id}: ", row.strategy.text, " ", (f"· {rate}", "dim"))
        )
    if options.ideas:
        parts.append(rich_text("  ", ("Ideas from your strengths:", "dim")))
        parts += [
            rich_text(f"  {idea.number}. ", idea.text, " ", (f"({idea.strength})", "dim"))
            for idea in options.ideas
        ]
    return parts


def stage_words(stage: str | None) -> str:
    """A stage as a person reads it: `review (Looking back)`."""
    return f"{stage} ({STAGE_TITLES[stage].lower()})" if stage else ""


def rich_agenda(view: SessionAgenda) -> list[RenderableType]:
    """What `coach session` will go through, when it cannot ask."""
    parts: list[RenderableType] = [
        rich_text(
            ("Weekly session", "bold"),
            f": closing {view.closed_week} ({week_span(view.closed_week)}), planning {view.planned_week}.",
        )
    ]
    if view.stage:
        started = f" started {view.started.isoformat()}" if view.started else ""
        parts.append(
            rich_text(
                f"A session{started} stopped at {stage_words(view.stage)}; `coach session` goes on there."
            )
        )
    if view.to_review:
        count = len(view.to_review)
        parts.append(rich_text(f"\n{count} open commitment{'s' if count != 1 else ''} to look back on:"))
        parts.append(rich_commitment_table([item.commitment for item in view.to_review]))
    else:
        parts.append(rich_text("\nNo open commitment to look back on."))
    measurable = [goal for goal in view.goals if goal.target is not None or goal.measure]
    if view.goals:
        parts.append(rich_text("\nActive goals:"))
        parts += [
            rich_text(f"  Goal {goal.id}: ", goal.title) for goal in view.goals if goal not in measurable
        ]
        parts += [rich_goal_standing(goal, start="  ") for goal in measurable]
    else:
        parts.append(rich_text("\nNo active goals yet. ", ("coach goal add TITLE", "dim"), " sets one."))
    parts.append(
        rich_text(
            "\nRun ",
            ("coach session", "bold"),
            f" on a terminal to go through it. Next session day: {day_text(view.next_session)}.",
        )
    )
    return parts


def markdown_agenda(view: SessionAgenda) -> str:
    """The session's agenda in Markdown."""
    lines = [
        f"# Weekly session: closing {view.closed_week}, planning {view.planned_week}",
        "",
        f"{view.closed_week}: {week_span(view.closed_week)}.",
        "",
    ]
    if view.stage:
        lines += [f"A session stopped at {stage_words(view.stage)}; `coach session` goes on there.", ""]
    lines += ["## To look back on", ""]
    if view.to_review:
        for item in view.to_review:
            lines += markdown_task(item.commitment, with_week=True, with_id=True, with_goal=True)
    else:
        lines.append("No open commitment.")
    lines += ["", "## Goals", ""]
    if view.goals:
        lines += [
            f"- Goal {goal.id}: {markdown_inline(goal.title)} — {markdown_inline(standing_words(goal))}"
            for goal in view.goals
        ]
    else:
        lines.append("No active goals yet.")
    lines += ["", f"Next session day: {day_text(view.next_session)}."]
    return "\n".join(lines)


def rich_summary(view: SessionSummary) -> list[RenderableType]:
    """The close of a session: what was reviewed, the check-ins, the week to plan's commitments."""
    parts: list[RenderableType] = []
    if view.wanted:
        parts.append(rich_text("You wanted from today: ", view.wanted))
    for week in view.weeks:
        parts.append(rich_text(f"{week.week}: {counts_text(week.counts, week.completion_rate)}."))
    if view.carried:
        parts.append(rich_text(f"{view.carried} carried into {view.planned_week}."))
    if view.checkins:
        parts.append(
            rich_text("Check-ins: ", "; ".join(f"{title} {value}" for title, value in view.checkins), ".")
        )
    if view.planned:
        parts.append(rich_text(f"For {view.planned_week}:"))
        for commitment in view.planned:
            details = []
            if commitment.when:
                details.append(commitment.when)
            if commitment.confidence is not None:
                details.append(f"confidence {commitment.confidence}/10")
            extra: list[Piece] = [" ", (f"({'; '.join(details)})", "dim")] if details else []
            parts.append(
                rich_text(
                    "  ", rich_status(commitment.status, commitment.carried_to), " ", commitment.text, *extra
                )
            )
    else:
        parts.append(
            rich_text(f"No commitments for {view.planned_week} yet. What is one step you will take?")
        )
    for goal in view.goals_without_commitment:
        parts.append(
            rich_text(
                (
                    f"Goal {goal.id}, {goal.title}, has no commitment for {view.planned_week}:"
                    " what small step would still count?",
                    "dim",
                )
            )
        )
    return parts
