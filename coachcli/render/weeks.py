"""Weeks and commitments for people: Rich tables, and the one-page Markdown summary to send to a coach."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from coachcli.domain.dates import IsoWeek
from coachcli.domain.routines import ROUTINE_WORDS
from coachcli.domain.session import SUPPORT_WORDS
from coachcli.domain.vocabulary import COMMITMENT_STATUSES, COMPLETED_STATUSES, MARK_CHOICES, CommitmentStatus
from coachcli.render.blocks import Labelled
from coachcli.render.text import Piece, format_percent, markdown_block, markdown_inline, rich_text
from coachcli.views.weeks import (
    CommitmentGroup,
    CommitmentView,
    WeekNoteView,
    WeekView,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from coachcli.views.plan import ReviewListView

MARK_HINT = "coach mark ID STATUS [--note TEXT]"
MAX_WEEKS_NAMED = 4


def short_day(day: date) -> str:
    """A day as `Mon 23 Nov`."""
    return f"{day:%a} {day.day} {day:%b}"


def week_span(week: IsoWeek) -> str:
    """The days of a week, Monday to Sunday, as `Mon 23 Nov - Sun 29 Nov 2026` (with an en dash).

    A week across New Year names both years: `Mon 28 Dec 2026 - Sun 3 Jan 2027`.
    """
    first_year = f" {week.start.year}" if week.start.year != week.end.year else ""
    return f"{short_day(week.start)}{first_year} – {short_day(week.end)} {week.end.year}"


def rich_status(status: str, carried_to: str | None = None) -> Text:
    """A status with its mark; an open commitment carried on says so instead."""
    if status == CommitmentStatus.OPEN and carried_to is not None:
        return rich_text(("→ carried", "dim"))
    words = CommitmentStatus(status).words
    return rich_text((f"{words.mark} {words.label}", words.colour))


def rich_commitment_text(commitment: CommitmentView, *, show_goal: bool = False) -> Text:
    """A commitment's text with where it came from, where it went, and its note; long words fold."""
    pieces: list[Piece] = [
        (commitment.text, "dim") if commitment.status == CommitmentStatus.DROPPED else commitment.text
    ]
    if show_goal and commitment.goal_id is not None:
        pieces += [" ", (f"(goal {commitment.goal_id}: {commitment.goal_title or ''})", "dim")]
    if commitment.routine_id is not None:
        pieces += [" ", (f"↻ {ROUTINE_WORDS}", "dim")]
    if commitment.carried_from is not None:
        origin = commitment.carried_from_week or f"commitment {commitment.carried_from}"
        pieces += [" ", (f"↪ carried from {origin}", "dim")]
    if commitment.carried_to:
        pieces += [" ", (f"→ carried to {commitment.carried_to}", "dim")]
    plan = plan_phrase(commitment)
    if plan:
        pieces += ["\n", (plan, "dim")]
    if commitment.note:
        pieces += ["\n", (commitment.note, "italic dim")]
    return rich_text(*pieces, overflow="fold")


REVIEW_WINS_SHOWN = 3


def counts_text(counts: dict[str, int], rate: float | None) -> str:
    """How the commitments went, in words, with the follow-through as one fact among them."""
    order = (*COMMITMENT_STATUSES[1:], COMMITMENT_STATUSES[0])
    parts = [f"{counts[status]} {status.label}" for status in order if counts.get(status)]
    if rate is not None:
        # Out of how many reviewed, so that "100%" of one commitment never reads as 100% of the week.
        done, partial, missed = (counts.get(status, 0) for status in COMPLETED_STATUSES)
        whole, half = done + partial // 2, "½" if partial % 2 else ""
        kept = f"{whole}{half}" if whole or not half else half
        parts.append(f"follow-through {kept} of {done + partial + missed} reviewed ({format_percent(rate)})")
    return " · ".join(parts) if parts else "nothing to count yet"


def review_close_lines(view: WeekView) -> list[str]:
    """How a reviewed week ends: what went well (plain text, user text not yet escaped), then a question ahead."""
    went_well = [
        c.text for c in view.commitments if c.status in (CommitmentStatus.DONE, CommitmentStatus.PARTIAL)
    ]
    if went_well:
        shown = "; ".join(went_well[:REVIEW_WINS_SHOWN])
        more = f" and {len(went_well) - REVIEW_WINS_SHOWN} more" if len(went_well) > REVIEW_WINS_SHOWN else ""
        lines = [f"What went well: {shown}{more}."]
    else:
        lines = ["You took the time to look back, and that is where change starts."]
    return [*lines, "What is one thing you want to take into next week?"]


def review_reminder(needs_review: Sequence[tuple[str, int]], this_week: IsoWeek) -> str:
    """The line that asks about earlier weeks before anything else (plain text, no user input in it)."""
    total = sum(count for _, count in needs_review)
    things = "commitment" if total == 1 else "commitments"
    how = "How did it go?" if total == 1 else "How did they go?"
    if len(needs_review) == 1:
        week = needs_review[0][0]
        name = f"Last week ({week})" if week == str(this_week.previous()) else week
        return f"{name} still has {total} open {things}. {how} Run `coach week review` to look back first."
    named = ", ".join(week for week, _ in needs_review[:MAX_WEEKS_NAMED])
    more = f" and {len(needs_review) - MAX_WEEKS_NAMED} more" if len(needs_review) > MAX_WEEKS_NAMED else ""
    return (
        f"{len(needs_review)} earlier weeks ({named}{more}) still have {total} open {things}."
        f" {how} Run `coach week review` to look back first."
    )


def rich_week_header(view: WeekView) -> Text:
    """The week's name, days and days left."""
    header: list[Piece] = [(f"Week {view.week}", "bold"), f" ({view.when}) · {week_span(view.week)}"]
    if view.when == "this week":  # days_left counts today: Tuesday has 6, Sunday 1
        left: list[Piece] = (
            [("last day", "bold")] if view.days_left == 1 else [(str(view.days_left), "bold"), " days left"]
        )
        header += [" · ", *left]
    return rich_text(*header)


def rich_commitment_table(
    commitments: Sequence[CommitmentView], *, id_width: int | None = None
) -> RenderableType:
    """The commitments in three columns: id (right-aligned, at least `id_width` wide, so that the groups of a
    week line up), status, and the text, which wraps under itself."""
    from rich.console import Group

    width = max([id_width or 0, *(len(commitment.shown_id) for commitment in commitments)])
    statuses = [rich_status(c.status, c.carried_to) for c in commitments]
    status_width = max((status.cell_len for status in statuses), default=0)
    rows = []
    for commitment, status in zip(commitments, statuses, strict=True):
        label = rich_text(
            " ",
            (commitment.shown_id.rjust(width), "bold"),
            "  ",
            status,
            " " * (status_width - status.cell_len),
        )
        rows.append(Labelled(label, rich_commitment_text(commitment), gap=2))
    return Group(*rows)


def rich_group(group: CommitmentGroup, *, id_width: int | None = None) -> list[RenderableType]:
    """The commitments of a week that serve one goal, under the goal's name."""
    title: list[Piece] = (
        [f"Goal {group.goal.id}: ", group.goal.title] if group.goal else ["Not tied to a goal"]
    )
    return ["", rich_text(*title, style="bold"), rich_commitment_table(group.commitments, id_width=id_width)]


def rich_week_note(note: WeekNoteView) -> RenderableType:
    """The week note in a panel."""
    from rich.panel import Panel

    return Panel(rich_text(note.text), title="Week note", title_align="left", expand=False)


def rich_goal_nudge(view: WeekView) -> Text:
    """The gentle nudge about active goals without a commitment in the week."""
    goals = view.goals_without_commitments
    if len(goals) == 1:
        named = f"goal {goals[0].id}, {goals[0].title}"
    else:  # ids only: several titles would fill the screen
        ids = [str(goal.id) for goal in goals]
        named = f"goals {', '.join(ids[:-1])} and {ids[-1]}"
    if view.week < view.this_week:
        return rich_text((f"No commitment that week for {named}.", "dim"))
    towards = "it" if len(goals) == 1 else "one of them"
    return rich_text(
        f"No commitment yet for {named}. What is one small step towards {towards}? ",
        (commit_hint(view), "dim"),
    )


def commit_hint(view: WeekView) -> str:
    """The command that adds a commitment to the week shown."""
    week = f" --week {view.week}" if view.when != "this week" else ""
    goals = view.goals_without_commitments
    goal = f" --goal {goals[0].id}" if len(goals) == 1 else " --goal ID" if goals else ""
    return f'coach commit "TEXT"{goal}{week}'


def rich_week(view: WeekView) -> list[RenderableType]:
    """The week: a review reminder first, then its commitments by goal, the counts, the note, the nudge."""
    parts: list[RenderableType] = []
    if view.needs_review:
        parts.append(rich_text((review_reminder(view.needs_review, view.this_week), "yellow")))
        parts.append("")
    parts.append(rich_week_header(view))
    if not view.commitments:
        parts.append(
            rich_text(
                f"No commitments for {view.week}."
                if view.week < view.this_week
                else f"No commitments for {view.week} yet."
            )
        )
        if not view.goals_without_commitments and view.week >= view.this_week:
            parts.append(rich_text("What is one step you will take? ", (commit_hint(view), "dim")))
    id_width = max((len(commitment.shown_id) for commitment in view.commitments), default=None)
    for group in view.groups:
        parts += rich_group(group, id_width=id_width)
    if view.commitments:
        parts.append("")
        parts.append(rich_text(counts_text(view.counts, view.completion_rate)))
    if view.week_note:
        parts.append(rich_week_note(view.week_note))
    if view.goals_without_commitments:
        parts.append(rich_goal_nudge(view))
    return parts


def markdown_task(
    commitment: CommitmentView, *, with_week: bool = False, with_id: bool = False, with_goal: bool = False
) -> list[str]:
    """A commitment as a GFM task-list item: [x] done, [ ] otherwise, with the status said in words.

    `with_id` and `with_goal` add the commitment's id and its goal, for lists a person acts on by id.
    """
    text = markdown_inline(commitment.text)
    if commitment.status == CommitmentStatus.DROPPED:
        text = f"~~{text}~~"
    box = "x" if commitment.status == CommitmentStatus.DONE else " "
    line = f"- [{box}] {'**' + commitment.week + '** ' if with_week else ''}{text}"
    details = [f"commitment {commitment.id}"] if with_id and commitment.id is not None else []
    if commitment.routine_id is not None:
        details.append(ROUTINE_WORDS)
    if with_goal and commitment.goal_id is not None:
        details.append(f"goal {commitment.goal_id}: {markdown_inline(commitment.goal_title or '')}")
    if details:
        line += f" ({'; '.join(details)})"
    if commitment.status not in (CommitmentStatus.DONE, CommitmentStatus.OPEN):
        line += f" — *{CommitmentStatus(commitment.status).label}*"
    if commitment.carried_from is not None:
        line += f" (carried from {commitment.carried_from_week or f'commitment {commitment.carried_from}'})"
    if commitment.carried_to:
        line += f" (carried to {commitment.carried_to})"
    lines = [line]
    plan = plan_phrase(commitment)
    if plan:
        lines.append(f"  - *Plan:* {markdown_inline(plan)}")
    if commitment.note:
        lines.append(f"  - *Note:* {markdown_inline(commitment.note)}")
    return lines


def plan_phrase(commitment: CommitmentView) -> str:
    """When and where the person will do it, how confident they are and what would raise it, in plain words
    (not yet escaped)."""
    parts = [commitment.when] if commitment.when else []
    if commitment.confidence is not None:
        parts.append(f"confidence {commitment.confidence}/10")
    if commitment.support:
        parts.append(f"{SUPPORT_WORDS}: {commitment.support}")
    return " · ".join(parts)


def markdown_week_note(text: str) -> list[str]:
    """A week note under a bold label, for the weeks a summary or the export looks back on."""
    return ["**Week note:**", "", markdown_block(text)]


def markdown_previous_week(previous: WeekView) -> list[str]:
    """How the week before went: its outcomes with notes, and its week note."""
    lines = [f"## How {previous.week} went", ""]
    if previous.commitments:
        lines += [f"*{counts_text(previous.counts, previous.completion_rate)}*", ""]
        for commitment in previous.commitments:
            lines += markdown_task(commitment)
    else:
        lines.append("No commitments that week.")
    if previous.week_note:
        lines += ["", *markdown_week_note(previous.week_note.text)]
    return [*lines, ""]


def markdown_group_title(group: CommitmentGroup) -> str:
    """The heading text of a group of commitments: its goal, or that they serve none."""
    return (
        f"Goal {group.goal.id}: {markdown_inline(group.goal.title)}" if group.goal else "Not tied to a goal"
    )


def markdown_groups(view: WeekView, *, level: int = 3) -> list[str]:
    """A week's commitments under a heading per goal (`level` deep), each as a task-list item."""
    lines = []
    for group in view.groups:
        lines += [f"{'#' * level} {markdown_group_title(group)}", ""]
        for commitment in group.commitments:
            lines += markdown_task(commitment)
        lines.append("")
    return lines


def markdown_week(view: WeekView) -> str:
    """The one-page weekly summary: how the week before went, then this week's commitments by goal and notes."""
    lines = [f"# Week {view.week}: {week_span(view.week)}", ""]
    if view.previous is not None:
        lines += markdown_previous_week(view.previous)
    lines += [f"## Commitments for {view.week}", ""]
    if view.commitments:
        lines += [f"**{counts_text(view.counts, view.completion_rate)}**", ""]
    else:
        lines += ["No commitments.", ""]
    lines += markdown_groups(view)
    if view.week_note:
        lines += ["### Week note", "", markdown_block(view.week_note.text), ""]
    if view.goals_without_commitments:
        lines += [
            f"### Goals without a commitment {'that' if view.week < view.this_week else 'this'} week",
            "",
        ]
        lines += [
            f"- Goal {goal.id}: {markdown_inline(goal.title)}" for goal in view.goals_without_commitments
        ]
        lines.append("")
    return "\n".join(lines).rstrip("\n")


NOTHING_TO_REVIEW = (
    "Nothing to look back on: every earlier week's commitments have a status."
    " `coach week` shows this week; `coach week review WEEK` looks back at a given week."
)


def rich_review_list(view: ReviewListView) -> list[RenderableType]:
    """The open commitments of a week, and how to give each its status without prompts."""
    if view.week is None:
        return [rich_text(NOTHING_TO_REVIEW)]
    if not view.commitments:
        return [rich_text(f"{view.week} has no open commitments: nothing to review.")]
    count = len(view.commitments)
    parts: list[RenderableType] = [
        rich_text(
            (str(view.week), "bold"),
            f" ({week_span(view.week)}) has {count} open commitment{'s' if count != 1 else ''}."
            f" How did {'it' if count == 1 else 'they'} go?",
        ),
        rich_commitment_table(view.commitments),
        rich_text("Give each its status with ", (MARK_HINT, "bold"), f" ({MARK_CHOICES}),"),
        rich_text("or run ", ("coach week review", "bold"), " on a terminal to be asked about each one."),
    ]
    if view.other_weeks:
        weeks = ", ".join(f"{week} ({count})" for week, count in view.other_weeks)
        parts.append(rich_text((f"Other weeks with open commitments: {weeks}.", "dim")))
    return parts


def markdown_review_list(view: ReviewListView) -> str:
    """The open commitments of a week as a task list with their ids, and how to give each its status."""
    if view.week is None:
        return f"# Looking back\n\n{NOTHING_TO_REVIEW}"
    lines = [f"# Looking back at {view.week}: {week_span(view.week)}", ""]
    count = len(view.commitments)
    if not count:
        lines.append(f"{view.week} has no open commitments: nothing to review.")
    else:
        lines += [
            f"{count} open commitment{'s' if count != 1 else ''}. How did {'it' if count == 1 else 'they'} go?",
            "",
        ]
        for commitment in view.commitments:
            lines += markdown_task(commitment, with_id=True, with_goal=True)
        lines += ["", f"Give each its status with `{MARK_HINT}` ({MARK_CHOICES})."]
    if view.other_weeks:
        weeks = ", ".join(f"{week} ({count})" for week, count in view.other_weeks)
        lines += ["", f"Other weeks with open commitments: {weeks}."]
    return "\n".join(lines)


def rich_review_item(commitment: CommitmentView, position: int, total: int) -> Text:
    """The commitment being asked about in a review."""
    goal: list[Piece] = (
        [" ", (f"(goal {commitment.goal_id}: {commitment.goal_title or ''})", "dim")]
        if commitment.goal_id is not None
        else []
    )
    return rich_text("\n", (f"[{position}/{total}]", "bold"), " ", commitment.text, *goal)


def rich_marked_item(commitment: CommitmentView) -> Text:
    """A commitment already marked since the last session: its outcome, its week, its note."""
    note: list[Piece] = [" ", (f"· {commitment.note}", "dim")] if commitment.note else []
    return rich_text(
        "  ",
        rich_status(commitment.status),
        " ",
        commitment.text,
        " ",
        (f"({commitment.week})", "dim"),
        *note,
    )


def rich_earlier_items(commitments: Sequence[CommitmentView]) -> Text:
    """The open commitments of earlier weeks, listed together (a routine's copies on one line)."""
    weeks = sorted({commitment.week for commitment in commitments})
    groups: dict[object, list[CommitmentView]] = {}
    for commitment in commitments:
        groups.setdefault(commitment.routine_id or ("one", commitment.id), []).append(commitment)
    lines: list[Piece] = [f"\nStill open from {', '.join(weeks)}:"]
    for copies in groups.values():
        where = ", ".join(copy.week for copy in copies)
        routine = f"↻ {ROUTINE_WORDS}: " if copies[0].routine_id is not None else ""
        lines += ["\n  ", copies[0].text, " ", (f"({routine}{where})", "dim")]
    return rich_text(*lines)


def rich_routine_copies(commitments: Sequence[CommitmentView]) -> Text:
    """A routine's open copies of earlier weeks, asked about once."""
    weeks = ", ".join(commitment.week for commitment in commitments)
    return rich_text("\n", commitments[0].text, " ", (f"(↻ {ROUTINE_WORDS}: {weeks})", "dim"))


def rich_goal_commitments(commitments: Sequence[CommitmentView], rate: float | None) -> list[RenderableType]:
    """The recent commitments of a goal, for `coach goal show`."""
    from rich.table import Table

    if not commitments:
        return []
    table = Table(title="Recent commitments", title_justify="left")
    table.add_column("Week", no_wrap=True)
    table.add_column("ID", justify="right")
    table.add_column("Status", no_wrap=True)
    table.add_column("Commitment", overflow="fold")
    for commitment in commitments:
        table.add_row(
            commitment.week,
            commitment.shown_id,
            rich_status(commitment.status, commitment.carried_to),
            rich_commitment_text(commitment),
        )
    rate_text = format_percent(rate) if rate is not None else "nothing finished yet"
    return [table, rich_text((f"Completion rate (all its commitments): {rate_text}", "dim"))]


def markdown_goal_commitments(commitments: Sequence[CommitmentView], rate: float | None) -> str:
    """The recent commitments of a goal as a GFM task list, for `coach goal show`."""
    if not commitments:
        return ""
    rate_text = format_percent(rate) if rate is not None else "nothing finished to count yet"
    lines = ["## Recent commitments", "", f"Completion rate: {rate_text}", ""]
    for commitment in commitments:
        lines += markdown_task(commitment, with_week=True)
    return "\n".join(lines)
