"""The whole journal as one Markdown document a person can read, from the export data."""

from __future__ import annotations

from typing import Any

from coachcli.render.goals import values_phrase
from coachcli.render.text import format_number, format_percent, markdown_block, markdown_inline

STATUS_MARKS = {
    "done": ("x", ""),
    "partial": (" ", " *(partly done)*"),
    "missed": (" ", " *(not done)*"),
    "dropped": (" ", " *(let go)*"),
    "open": (" ", ""),
}


def commitment_line(commitment: dict[str, Any], goal_titles: dict[int, str]) -> str:
    """A commitment as a GFM task-list item with its status and note."""
    box, status = STATUS_MARKS[commitment["status"]]
    line = f"- [{box}] {markdown_inline(commitment['text'])}{status}"
    if commitment.get("goal_id") in goal_titles:
        line += f" (goal {commitment['goal_id']}: {markdown_inline(goal_titles[commitment['goal_id']])})"
    if commitment.get("note"):
        line += f" — {markdown_inline(commitment['note'])}"
    return line


def markdown_goals(document: dict[str, Any]) -> list[str]:
    checkins: dict[int, list[dict[str, Any]]] = {}
    for checkin in sorted(document["checkins"], key=lambda checkin: checkin["date"]):  # back-dated ones too
        checkins.setdefault(checkin["goal_id"], []).append(checkin)
    strategies: dict[int, list[dict[str, Any]]] = {}
    for strategy in document["strategies"]:
        strategies.setdefault(strategy["goal_id"], []).append(strategy)
    lines = ["## Goals", ""]
    if not document["goals"]:
        lines += ["No goals yet.", ""]
    for goal in document["goals"]:
        unit = goal.get("unit")
        lines += [f"### Goal {goal['id']}: {markdown_inline(goal['title'])} ({goal['status']})", ""]
        facts = []
        if goal.get("measure"):
            facts.append(("Measure", markdown_inline(goal["measure"])))
        if goal.get("target") is not None:
            values = values_phrase(goal.get("baseline"), goal["target"], goal.get("current"), unit)
            facts.append(("Values", markdown_inline(f"{values} ({format_percent(goal.get('progress'))})")))
        if goal.get("deadline"):
            facts.append(("Deadline", goal["deadline"]))
        if goal.get("why"):
            facts.append(("Why", markdown_inline(goal["why"])))
        if goal.get("achievable"):
            facts.append(("Within reach", markdown_inline(goal["achievable"])))
        if goal.get("tags"):
            facts.append(("Tags", ", ".join(markdown_inline(tag) for tag in goal["tags"])))
        smart = goal.get("smart") or {}
        missing = [name.replace("_", "-") for name, ok in smart.items() if not ok]
        facts.append(("SMART", "all five parts" if not missing else "missing " + ", ".join(missing)))
        facts.append(
            ("Set on", goal["created"] + (f", closed {goal['closed']}" if goal.get("closed") else ""))
        )
        lines += [f"- **{name}:** {value}" for name, value in facts]
        if strategies.get(goal["id"]):
            lines += ["", "Strategies:", ""]
            for strategy in strategies[goal["id"]]:
                uses = f" (plays to {', '.join(markdown_inline(s) for s in strategy['strengths'])})" if strategy[
                    "strengths"] else ""  # fmt: skip
                retired = " *(retired)*" if strategy["status"] == "retired" else ""
                lines.append(f"- {markdown_inline(strategy['text'])}{uses}{retired}")
        if checkins.get(goal["id"]):
            lines += ["", "| Date | Value | Note |", "|---|---:|---|"]
            for checkin in checkins[goal["id"]]:
                lines.append(
                    f"| {checkin['date']} | {markdown_inline(format_number(checkin['value'], unit))}"
                    f" | {markdown_inline(checkin.get('note') or '')} |"
                )
        lines.append("")
    return lines


def markdown_weeks(document: dict[str, Any]) -> list[str]:
    goal_titles = {goal["id"]: goal["title"] for goal in document["goals"]}
    by_week: dict[str, list[dict[str, Any]]] = {}
    for commitment in document["commitments"]:
        by_week.setdefault(commitment["week"], []).append(commitment)
    notes = {note["week"]: note["text"] for note in document["week_notes"]}
    weeks = sorted(set(by_week) | set(notes), reverse=True)
    lines = ["## Weeks", ""]
    if not weeks:
        lines += ["No commitments yet.", ""]
    for week in weeks:
        lines += [f"### {week}", ""]
        lines += [commitment_line(commitment, goal_titles) for commitment in by_week.get(week, [])]
        if week in notes:
            lines += ["", "**Week note:**", "", markdown_block(notes[week])]
        lines.append("")
    return lines


def markdown_reflections(document: dict[str, Any], *, include_private: bool = False) -> list[str]:
    goal_titles = {goal["id"]: goal["title"] for goal in document["goals"]}
    shown = [r for r in document["reflections"] if include_private or not r.get("private")]
    lines = ["## Reflections", ""]
    if not shown:
        lines += ["No reflections yet.", ""]
    for reflection in sorted(shown, key=lambda r: (r["date"], r["id"]), reverse=True):
        context = []
        if reflection.get("goal_id") in goal_titles:
            context.append(
                f"goal {reflection['goal_id']}: {markdown_inline(goal_titles[reflection['goal_id']])}"
            )
        if reflection.get("week"):
            context.append(reflection["week"])
        if reflection.get("tags"):
            context.append(", ".join("#" + markdown_inline(tag) for tag in reflection["tags"]))
        if reflection.get("private"):
            context.append("private")
        suffix = f" ({'; '.join(context)})" if context else ""
        lines += [f"### {reflection['date']}{suffix}", "", markdown_block(reflection["text"]), ""]
        if reflection.get("reframe"):
            lines += [f"> **Reframe:** {markdown_inline(reflection['reframe'])}", ""]
    return lines


def markdown_journal(document: dict[str, Any], *, include_private: bool = False) -> str:
    """The whole journal: strengths, goals with strategies and check-ins, weeks, reflections.

    Private reflections are left out unless `include_private`: a Markdown file is made to be shared.
    """
    lines = ["# Coach journal", ""]
    lines += ["## Strengths", ""]
    if document["strengths"]:
        for rank, strength in enumerate(document["strengths"], start=1):
            domain = f" ({strength['domain']})" if strength.get("domain") else " (my own word)"
            lines.append(f"{rank}. {markdown_inline(strength['name'])}{domain}")
    else:
        lines.append("No strengths recorded yet.")
    lines.append("")
    lines += markdown_goals(document)
    lines += markdown_weeks(document)
    lines += markdown_reflections(document, include_private=include_private)
    return "\n".join(lines).rstrip() + "\n"
