"""Reflections and week notes for people: Rich and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coachcli.render.blocks import Indented, Labelled
from coachcli.render.text import markdown_block, markdown_inline, printable
from coachcli.views.journal import (
    GOAL_REFLECTIONS_SHOWN,
    JournalFilters,
    JournalView,
    ReflectionView,
    WeekNoteView,
)

BELIEF_STYLE = "bold yellow"
PRIVATE_LABEL = "private"

# User text goes into rich.text.Text objects, which never read markup, so that any text (brackets, a final
# backslash) shows exactly as typed; control codes are made visible by printable().


def literal(text: str) -> str:
    """User text ready for a Text object: control codes visible, Windows line ends shown as line breaks."""
    return printable(text.replace("\r\n", "\n"))


def styled_line(*pieces: str | tuple[str, str]) -> Any:
    """A line of plain pieces and (text, style) pieces, none of them read as markup."""
    from rich.text import Text

    return Text.assemble(*pieces)


def plain_text(text: str) -> Any:
    """User text as a Rich Text object that shows exactly as typed."""
    from rich.text import Text

    shown = Text(literal(text))
    shown.expand_tabs()  # measured as wide as they are drawn, so that lines wrap where they should
    return shown


def highlighted_text(view: ReflectionView | WeekNoteView) -> Any:
    """The entry's text with its belief language highlighted, everything else as typed."""
    from rich.text import Text

    text = Text()
    position = 0
    for phrase in view.beliefs:
        text.append(literal(view.text[position : phrase.start]))
        text.append(literal(view.text[phrase.start : phrase.end]), style=BELIEF_STYLE)
        position = phrase.end
    text.append(literal(view.text[position:]))
    text.expand_tabs()
    return text


def rich_reflection_heading(view: ReflectionView) -> Any:
    """Date, id, week and tags of a reflection on one line."""
    pieces: list[str | tuple[str, str]] = [
        (view.date.isoformat(), "bold"),
        " · ",
        (f"Reflection {view.id}", "cyan"),
    ]
    if view.week:
        pieces += [" · ", f"week {literal(view.week)}"]
    if view.tags:
        pieces += [" · ", (" ".join("#" + literal(tag) for tag in view.tags), "dim")]
    if view.private:
        pieces += [" · ", (PRIVATE_LABEL, "magenta")]
    return styled_line(*pieces)


def indented(renderable: Any) -> Any:
    """A renderable shown two spaces in, under its heading."""
    return Indented(renderable, 2)


def rich_reflection(view: ReflectionView, *, show_goal: bool = True) -> list[Any]:
    """One reflection: its heading, its goal, its text indented, and the reframe when there is one."""
    from rich.text import Text

    parts: list[Any] = [rich_reflection_heading(view)]
    if show_goal and view.goal_id is not None:
        parts.append(indented(Text(f"Goal {view.goal_id}: {literal(view.goal_title or '')}", style="dim")))
    parts.append(indented(highlighted_text(view)))
    if view.reframe:
        parts.append(indented(Labelled(Text("↳ Reframe:", style="green"), plain_text(view.reframe))))
    return parts + rich_belief_questions(view)


def rich_belief_questions(view: ReflectionView | WeekNoteView) -> list[Any]:
    """The question each belief phrase in an entry invites, one line each, under its text."""
    from rich.text import Text

    return [indented(Text(f"? {literal(question)}", style="yellow")) for question in view.open_questions]


def markdown_belief_questions(view: ReflectionView | WeekNoteView) -> list[str]:
    """The questions an entry's belief phrases invite, as a Markdown list."""
    questions = view.open_questions
    return ["", *(f"- *{markdown_inline(question)}*" for question in questions)] if questions else []


def rich_week_note(view: WeekNoteView) -> list[Any]:
    """One week note: its heading and its text indented."""

    heading = styled_line(
        (view.date.isoformat(), "bold"), " · ", (f"Week note {literal(view.week)}", "magenta")
    )
    return [heading, indented(highlighted_text(view)), *rich_belief_questions(view)]


def filter_phrases(filters: JournalFilters) -> list[str]:
    """The filters in words, each a plain-text phrase (user text not yet escaped)."""
    phrases = []
    if filters.search is not None:
        phrases.append(f'matching "{filters.search}"')
    if filters.goal_id is not None:
        phrases.append(f"for goal {filters.goal_id}: {filters.goal_title or ''}")
    if filters.tag is not None:
        phrases.append(f"tagged #{filters.tag}")
    if filters.since is not None:
        phrases.append(f"since {filters.since.isoformat()}")
    if filters.until is not None:
        phrases.append(f"until {filters.until.isoformat()}")
    return phrases


def rich_journal(view: JournalView) -> list[Any]:
    """The journal, newest first, one block per entry."""
    described = ", ".join(literal(phrase) for phrase in filter_phrases(view.filters))
    if not view.entries:
        if view.filters.any:
            return [styled_line(f"Nothing in the journal {described}. What else might you look for?")]
        return ["No reflections yet. What is on your mind? Write it down with `coach reflect`."]
    count = len(view.entries)
    summary = f"{count} {'entry' if count == 1 else 'entries'}" + (f" {described}" if described else "")
    if view.newest_only:
        summary = f"the newest {summary}"
    parts: list[Any] = [styled_line(("Journal", "bold"), " · ", (summary, "dim"))]
    for entry in view.entries:
        parts.append("")
        parts += rich_reflection(entry) if isinstance(entry, ReflectionView) else rich_week_note(entry)
    return parts


def markdown_reflection(view: ReflectionView, *, level: int = 2, show_goal: bool = True) -> list[str]:
    """One reflection as Markdown lines: a heading, what it links to, its text, and the reframe as a quote."""
    lines = [f"{'#' * level} {view.date.isoformat()} · Reflection {view.id}", ""]
    facts = []
    if view.week:
        facts.append(f"Week {markdown_inline(view.week)}")
    if show_goal and view.goal_id is not None:
        facts.append(f"Goal {view.goal_id}: {markdown_inline(view.goal_title or '')}")
    if view.tags:
        facts.append("Tags: " + ", ".join(markdown_inline(tag) for tag in view.tags))
    if view.private:
        facts.append(PRIVATE_LABEL.capitalize())
    if facts:
        lines += ["*" + " · ".join(facts) + "*", ""]
    lines.append(markdown_block(view.text))
    if view.reframe:
        quoted = markdown_block(view.reframe).split("\n")
        quoted[0] = f"**Reframe:** {quoted[0]}"
        lines += ["", *(f"> {line}" for line in quoted)]
    return lines + markdown_belief_questions(view)


def markdown_week_note(view: WeekNoteView) -> list[str]:
    """One week note as Markdown lines."""
    return [
        f"## {view.date.isoformat()} · Week note {markdown_inline(view.week)}",
        "",
        markdown_block(view.text),
        *markdown_belief_questions(view),
    ]


def markdown_journal(view: JournalView) -> str:
    """The journal as Markdown, newest first."""
    lines = ["# Journal", ""]
    phrases = filter_phrases(view.filters)
    if phrases:
        lines += ["Entries " + ", ".join(markdown_inline(phrase) for phrase in phrases) + ".", ""]
    if view.newest_only:
        lines += [f"The newest {len(view.entries)} entries.", ""]
    if not view.entries:
        lines.append("Nothing written yet." if not phrases else "No entries match.")
    for entry in view.entries:
        lines += (
            markdown_reflection(entry) if isinstance(entry, ReflectionView) else markdown_week_note(entry)
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def rich_goal_reflections(goal_id: int, reflections: Sequence[ReflectionView]) -> list[Any]:
    """The goal's latest reflections, for `coach goal show`."""
    parts: list[Any] = ["", styled_line(("Reflections", "bold"))]
    for index, reflection in enumerate(reflections):
        parts += [*([""] if index else []), *rich_reflection(reflection, show_goal=False)]
    if len(reflections) >= GOAL_REFLECTIONS_SHOWN:
        parts.append(
            f"[dim]The latest {GOAL_REFLECTIONS_SHOWN}; all of them: coach journal --goal {goal_id}[/dim]"
        )
    return parts


def markdown_goal_reflections(reflections: Sequence[ReflectionView]) -> list[str]:
    """The goal's latest reflections as a Markdown section, for `coach goal show`."""
    lines = ["", "## Reflections"]
    for reflection in reflections:
        lines += ["", *markdown_reflection(reflection, level=3, show_goal=False)]
    return lines
