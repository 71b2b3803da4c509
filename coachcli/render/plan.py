"""The weekly plan, in Rich and Markdown: its goals with their progress, deadlines and strategies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coachcli.render.goals import deadline_text, markdown_deadline
from coachcli.render.text import Piece, format_percent, markdown_inline, rich_text
from coachcli.render.weeks import (
    markdown_group_title,
    markdown_task,
    rich_commitment_table,
    rich_group,
    rich_status,
    week_span,
)
from coachcli.views.plan import PlanGoal, PlanView
from coachcli.views.weeks import CommitmentView

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


def rich_plan_goal(item: PlanGoal, existing: Sequence[CommitmentView]) -> list[RenderableType]:
    """A goal as the weekly plan shows it: progress, deadline, active strategies, what is already committed."""
    goal = item.goal
    progress = f"{format_percent(goal.progress)} of the way" if goal.progress is not None else "no target yet"
    deadline: list[Piece] = ["deadline ", deadline_text(goal)] if goal.deadline else ["no deadline yet"]
    from rich.padding import Padding
    from rich.table import Table

    parts: list[RenderableType] = [
        rich_text("\n", (f"Goal {goal.id}: {goal.title}", "bold"), f" · {progress} · ", *deadline)
    ]
    if not item.strategies and not existing:
        return parts
    listed = Table.grid(padding=(0, 1))  # a long strategy wraps under its own text
    listed.add_column(no_wrap=True)
    listed.add_column(overflow="fold")
    for strategy in item.strategies:
        listed.add_row(rich_text((f"strategy {strategy.id}:", "dim")), rich_text(strategy.text))
    for commitment in existing:
        listed.add_row(rich_status(commitment.status, commitment.carried_to), rich_text(commitment.text))
    return [*parts, Padding(listed, (0, 0, 0, 2))]


def rich_plan_header(view: PlanView) -> Text:
    """The name and days of the week being planned."""
    week = view.week.week
    return rich_text((f"Planning {week}", "bold"), f" ({view.week.when}) · {week_span(week)}")


def rich_plan(view: PlanView) -> list[RenderableType]:
    """The plan for a week when coach cannot ask: what could be carried, the goals, and how to commit."""
    week = view.week.week
    parts: list[RenderableType] = [rich_plan_header(view)]
    if view.carry_candidates:
        parts.append(
            rich_text(
                f"\nUnfinished in {view.previous}; carry one with ",
                (f"coach carry ID --to {week}", "bold"),
                ":",
            )
        )
        parts.append(rich_commitment_table(view.carry_candidates))
    by_goal = {group.goal.id: group.commitments for group in view.week.groups if group.goal}
    for item in view.goals:
        parts += rich_plan_goal(item, by_goal.get(item.goal.id, ()))
    if not view.goals:
        parts.append(rich_text("\nNo active goals. ", ("coach goal add TITLE", "dim"), " sets one."))
    planned_goals = {item.goal.id for item in view.goals}
    for group in view.week.groups:
        if group.goal is None or group.goal.id not in planned_goals:
            parts += rich_group(group)
    parts.append(
        rich_text(
            "\nAdd a commitment with ",
            (f'coach commit "TEXT" --goal ID [--strategy ID] --week {week}', "bold"),
        )
    )
    return parts


def markdown_plan_goal(item: PlanGoal, existing: Sequence[CommitmentView]) -> list[str]:
    """A goal as the weekly plan shows it in Markdown: progress, deadline, strategies, what is committed."""
    goal = item.goal
    progress = f"{format_percent(goal.progress)} of the way" if goal.progress is not None else "no target yet"
    lines = [
        f"## Goal {goal.id}: {markdown_inline(goal.title)}",
        "",
        f"{progress} · deadline {markdown_deadline(goal)}"
        if goal.deadline
        else f"{progress} · no deadline yet",
    ]
    if item.strategies:
        lines += ["", "Strategies:", ""]
        lines += [
            f"- Strategy {strategy.id}: {markdown_inline(strategy.text)}" for strategy in item.strategies
        ]
    if existing:
        lines += ["", f"Committed for {existing[0].week}:", ""]
        for commitment in existing:
            lines += markdown_task(commitment, with_id=True)
    return [*lines, ""]


def markdown_plan(view: PlanView) -> str:
    """The plan for a week in Markdown: what could be carried, the goals with their strategies, how to commit."""
    week = view.week.week
    lines = [f"# Planning {week}: {week_span(week)}", ""]
    if view.carry_candidates:
        lines += [f"## Unfinished in {view.previous}", ""]
        for commitment in view.carry_candidates:
            lines += markdown_task(commitment, with_id=True, with_goal=True)
        lines += ["", f"Carry one with `coach carry ID --to {week}`.", ""]
    by_goal = {group.goal.id: group.commitments for group in view.week.groups if group.goal}
    for item in view.goals:
        lines += markdown_plan_goal(item, by_goal.get(item.goal.id, ()))
    if not view.goals:
        lines += ["No active goals. `coach goal add TITLE` sets one.", ""]
    planned_goals = {item.goal.id for item in view.goals}
    for group in view.week.groups:
        if group.goal is None or group.goal.id not in planned_goals:
            lines += [f"## {markdown_group_title(group)}", ""]
            for commitment in group.commitments:
                lines += markdown_task(commitment, with_id=True)
            lines.append("")
    lines.append(f'Add a commitment with `coach commit "TEXT" --goal ID [--strategy ID] --week {week}`.')
    return "\n".join(lines)
