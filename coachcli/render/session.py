"""The weekly session for people: its agenda (Rich and Markdown), a goal's standing, options, and the summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachcli.domain.session import STAGE_TITLES
from coachcli.render.text import format_percent, markdown_inline, rich_escape
from coachcli.render.weeks import counts_text, markdown_task, rich_commitment_table, rich_status, week_span
from coachcli.views.goals import GoalView
from coachcli.views.session import GoalOptions, SessionAgenda, SessionSummary


def day_text(day: date) -> str:
    """A day as `Friday 4 December`."""
    return f"{day:%A} {day.day} {day:%B}"


def standing_words(goal: GoalView) -> str:
    """Where a goal stands, in plain words (not yet escaped): value, progress, forecast, last check-in."""
    from coachcli.render.goals import forecast_words

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


def rich_goal_standing(goal: GoalView) -> str:
    """A goal and where it stands, as Rich markup."""
    return f"\n[bold]Goal {goal.id}: {rich_escape(goal.title)}[/bold] · {rich_escape(standing_words(goal))}"


def rich_options(options: GoalOptions) -> list[Any]:
    """A goal's strategies with their follow-through, best first, and ideas from the person's strengths."""
    parts: list[Any] = [f"\n[bold]Goal {options.goal.id}: {rich_escape(options.goal.title)}[/bold]"]
    if not options.strategies:
        parts.append("  [dim]No strategy yet.[/dim]")
    for row in options.strategies:
        rate = format_percent(row.completion_rate) if row.completion_rate is not None else "not tried yet"
        parts.append(f"  strategy {row.strategy.id}: {rich_escape(row.strategy.text)} [dim]· {rate}[/dim]")
    if options.ideas:
        parts.append("  [dim]Ideas from your strengths:[/dim]")
        parts += [
            f"  {idea.number}. {rich_escape(idea.text)} [dim]({rich_escape(idea.strength)})[/dim]"
            for idea in options.ideas
        ]
    return parts


def stage_words(stage: str | None) -> str:
    """A stage as a person reads it: `review (Looking back)`."""
    return f"{stage} ({STAGE_TITLES[stage].lower()})" if stage else ""


def rich_agenda(view: SessionAgenda) -> list[Any]:
    """What `coach session` will go through, when it cannot ask."""
    parts: list[Any] = [
        f"[bold]Weekly session[/bold]: closing {view.closed_week} ({week_span(view.closed_week)}),"
        f" planning {view.planned_week}."
    ]
    if view.stage:
        started = f" started {view.started.isoformat()}" if view.started else ""
        parts.append(
            f"A session{started} stopped at {stage_words(view.stage)}; `coach session` goes on there."
        )
    if view.to_review:
        count = len(view.to_review)
        parts.append(f"\n{count} open commitment{'s' if count != 1 else ''} to look back on:")
        parts.append(rich_commitment_table([item.commitment for item in view.to_review]))
    else:
        parts.append("\nNo open commitment to look back on.")
    measurable = [goal for goal in view.goals if goal.target is not None or goal.measure]
    if view.goals:
        parts.append("\nActive goals:")
        parts += [
            f"  Goal {goal.id}: {rich_escape(goal.title)}" for goal in view.goals if goal not in measurable
        ]
        parts += [f"  {rich_goal_standing(goal).strip()}" for goal in measurable]
    else:
        parts.append("\nNo active goals yet. [dim]coach goal add TITLE[/dim] sets one.")
    parts.append(
        f"\nRun [bold]coach session[/bold] on a terminal to go through it. Next session day:"
        f" {day_text(view.next_session)}."
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


def rich_summary(view: SessionSummary) -> list[Any]:
    """The close of a session: what was reviewed, the check-ins, the week to plan's commitments."""
    parts: list[Any] = []
    if view.wanted:
        parts.append(f"You wanted from today: {rich_escape(view.wanted)}")
    for week in view.weeks:
        parts.append(f"{week.week}: {counts_text(week.counts, week.completion_rate)}.")
    if view.carried:
        parts.append(f"{view.carried} carried into {view.planned_week}.")
    if view.checkins:
        parts.append(
            "Check-ins: "
            + "; ".join(f"{rich_escape(title)} {rich_escape(value)}" for title, value in view.checkins)
            + "."
        )
    if view.planned:
        parts.append(f"For {view.planned_week}:")
        for commitment in view.planned:
            details = []
            if commitment.when:
                details.append(rich_escape(commitment.when))
            if commitment.confidence is not None:
                details.append(f"confidence {commitment.confidence}/10")
            extra = f" [dim]({'; '.join(details)})[/dim]" if details else ""
            parts.append(
                f"  {rich_status(commitment.status, commitment.carried_to)} {rich_escape(commitment.text)}{extra}"
            )
    else:
        parts.append(f"No commitments for {view.planned_week} yet. What is one step you will take?")
    for goal in view.goals_without_commitment:
        parts.append(
            f"[dim]Goal {goal.id}, {rich_escape(goal.title)}, has no commitment for {view.planned_week}: what small"
            " step would still count?[/dim]"
        )
    return parts
