"""Strengths, themes, strategies and strategy ideas for people: Rich tables, and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from coachcli.domain.vocabulary import StrategyStatus
from coachcli.render.fit import FitColumn, FittedTable
from coachcli.render.text import Piece, markdown_inline, rich_text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from coachcli.views.strategies import StrategyListView, StrategyView, SuggestionView
    from coachcli.views.strengths import StrengthListView, StrengthView, ThemesView

DOMAIN_STYLE = {
    "Executing": "magenta",
    "Influencing": "yellow",
    "Relationship Building": "blue",
    "Strategic Thinking": "green",
}
ADD_STRENGTHS_HINT = (
    "Add your top themes in your order, e.g. `coach strengths add Relator Achiever`"
    " (`coach strengths themes` lists all 34), or your own words with `--custom`."
)


def rich_domain(strength: StrengthView) -> Text:
    """A strength's domain in its colour, or a note that it is the user's own word."""
    if strength.domain is None:
        return rich_text(("your own word", "dim"))
    return rich_text((strength.domain, DOMAIN_STYLE[strength.domain]))


def rich_strength_list(view: StrengthListView) -> list[RenderableType]:
    """The user's strengths as a ranked Rich table."""
    from rich.table import Table

    if not view.strengths:
        return [rich_text(f"No strengths yet. What do you do best? {ADD_STRENGTHS_HINT}")]
    columns = [
        FitColumn("#", options={"justify": "right", "style": "bold"}),
        FitColumn("Strength", options={"overflow": "fold"}),
        FitColumn("Domain", drop=1),
        FitColumn("How you tend to make progress", options={"overflow": "fold"}),
    ]
    rows = [
        [rich_text(str(s.rank)), rich_text((s.name, "bold")), rich_domain(s), rich_text(s.progress or "")]
        for s in view.strengths
    ]
    return [FittedTable(columns, rows, lambda: Table(title="My strengths", title_justify="left"))]


def markdown_strength_lines(strengths: Sequence[StrengthView]) -> list[str]:
    """The user's strengths as the lines of a numbered Markdown list, with their domains."""
    lines = []
    for strength in strengths:
        domain = strength.domain or "your own word"
        progress = f" {strength.progress}" if strength.progress else ""
        lines.append(f"{strength.rank}. **{markdown_inline(strength.name)}** ({domain}).{progress}")
    return lines


def markdown_strength_list(view: StrengthListView) -> str:
    """The user's strengths as a numbered Markdown list."""
    lines = ["# My strengths", ""]
    if not view.strengths:
        return "\n".join([*lines, "No strengths yet."])
    lines += markdown_strength_lines(view.strengths)
    return "\n".join(lines)


def rich_themes(view: ThemesView) -> list[RenderableType]:
    """The 34 themes, one table per domain, with the user's own marked by their rank."""
    from rich.table import Table

    parts: list[RenderableType] = []
    for domain, themes in view.domains:
        title = rich_text((domain, DOMAIN_STYLE[domain]))
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column("Mine", justify="right", no_wrap=True)
        table.add_column("Theme", no_wrap=True)
        table.add_column("How its people tend to make progress", overflow="fold")
        for theme in themes:
            mine = theme.rank is not None
            table.add_row(
                rich_text((f"★ {theme.rank}", "bold green") if mine else ""),
                rich_text((theme.name, "bold") if mine else theme.name),
                rich_text(theme.description),
            )
        parts.append(table)
    if view.custom:
        words = ", ".join(f"{strength.name} (#{strength.rank})" for strength in view.custom)
        parts.append(rich_text("Your own words: ", words))
    if not any(theme.rank for _, themes in view.domains for theme in themes) and not view.custom:
        parts.append(rich_text((ADD_STRENGTHS_HINT, "dim")))
    else:
        parts.append(rich_text(("★ marks your strengths, with your ranking.", "dim")))
    return parts


def markdown_themes(view: ThemesView) -> str:
    """The 34 themes as Markdown sections per domain, the user's own in bold with their rank."""
    lines = ["# CliftonStrengths themes"]
    for domain, themes in view.domains:
        lines += ["", f"## {domain}", ""]
        for theme in themes:
            name = f"**{theme.name}** (mine, #{theme.rank})" if theme.rank else theme.name
            lines.append(f"- {name}: {theme.description}")
    if view.custom:
        lines += ["", "## My own words", ""]
        lines += [f"- **{markdown_inline(strength.name)}** (#{strength.rank})" for strength in view.custom]
    return "\n".join(lines)


def rich_strategy_table(
    strategies: Sequence[StrategyView], *, title: str = "Strategies", show_goal: bool = False
) -> RenderableType:
    """Strategies as a Rich table: what, for which goal (when asked), the strengths it plays to."""
    from rich.table import Table

    columns = [
        FitColumn("ID", options={"justify": "right", "style": "bold"}),
        *([FitColumn("Goal", drop=1, options={"overflow": "fold"})] if show_goal else []),
        FitColumn("Strategy", options={"overflow": "fold"}),
        FitColumn("Plays to", options={"overflow": "fold"}),
    ]
    rows = []
    for strategy in strategies:
        text = rich_text(
            strategy.text
            if strategy.status == StrategyStatus.ACTIVE
            else (f"{strategy.text} ({strategy.status})", "dim")
        )
        cells = [rich_text(str(strategy.id))]
        if show_goal:
            cells.append(rich_text((str(strategy.goal_id), "dim"), " ", strategy.goal_title))
        cells += [text, rich_text(", ".join(strategy.strengths) or ("–", "dim"))]
        rows.append(cells)
    return FittedTable(columns, rows, lambda: Table(title=title, title_justify="left"))


def markdown_strategy_table(strategies: Sequence[StrategyView], *, show_goal: bool = False) -> list[str]:
    """Strategies as the lines of a GFM table."""
    header = ["ID", *(["Goal"] if show_goal else []), "Strategy", "Plays to", "Status"]
    lines = ["| " + " | ".join(header) + " |", "|---:|" + "---|" * (len(header) - 1)]
    for strategy in strategies:
        cells = [str(strategy.id)]
        if show_goal:
            cells.append(markdown_inline(f"{strategy.goal_id} {strategy.goal_title}"))
        cells += [
            markdown_inline(strategy.text),
            ", ".join(markdown_inline(name) for name in strategy.strengths),
            strategy.status,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def strategy_list_scope(view: StrategyListView) -> str:
    """What the list holds, in words: "active strategies for goal 2"."""
    scope = "strategies" if view.include_retired else "active strategies"
    return scope + (f" for goal {view.goal_id}" if view.goal_id is not None else "")


def rich_strategy_list(view: StrategyListView) -> list[RenderableType]:
    """The strategies as a Rich table, by goal."""
    if not view.strategies:
        goal = str(view.goal_id) if view.goal_id is not None else "GOAL_ID"
        hint = "" if view.include_retired else " `--all` includes retired ones."
        return [
            rich_text(
                f"No {strategy_list_scope(view)} yet. What way of working would help?"
                f" Try `coach strategy suggest {goal}` or `coach strategy add {goal} TEXT`.{hint}"
            )
        ]
    return [rich_strategy_table(view.strategies, show_goal=True)]


def markdown_strategy_list(view: StrategyListView) -> str:
    """The strategies as a GFM table."""
    lines = ["# Strategies", ""]
    if not view.strategies:
        return "\n".join([*lines, f"No {strategy_list_scope(view)} yet."])
    return "\n".join(lines + markdown_strategy_table(view.strategies, show_goal=True))


def rich_suggestions(view: SuggestionView) -> list[RenderableType]:
    """Numbered strategy ideas for a goal, each with the strength it plays to."""
    from rich.table import Table

    heading = rich_text(f"Strategy ideas for goal {view.goal_id}: ", view.goal_title, style="bold")
    if not view.has_strengths:
        return [
            rich_text(
                f"No strengths in your journal yet, so there is nothing to build ideas for goal {view.goal_id} on."
                f" {ADD_STRENGTHS_HINT}"
            )
        ]
    if not view.ideas:
        return [heading, rich_text(("No ideas for these strengths.", "dim"))]
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("#", justify="right", style="bold")
    table.add_column("Idea", overflow="fold")
    table.add_column("Plays to", overflow="fold")
    for idea in view.ideas:
        text: list[Piece] = [idea.text]
        if idea.strategy_id is not None:
            text += [" ", (f"(already strategy {idea.strategy_id})", "dim")]
        table.add_row(rich_text(str(idea.number)), rich_text(*text), rich_text((idea.strength, "cyan")))
    return [heading, table]


def markdown_suggestions(view: SuggestionView) -> str:
    """Numbered strategy ideas for a goal as a Markdown list."""
    lines = [f"# Strategy ideas for goal {view.goal_id}: {markdown_inline(view.goal_title)}", ""]
    if not view.has_strengths:
        return "\n".join([*lines, f"No strengths in the journal yet. {ADD_STRENGTHS_HINT}"])
    if not view.ideas:
        return "\n".join([*lines, "No ideas for these strengths."])
    for idea in view.ideas:
        kept = f" (already strategy {idea.strategy_id})" if idea.strategy_id is not None else ""
        lines.append(
            f"{idea.number}. {markdown_inline(idea.text)} *Plays to {markdown_inline(idea.strength)}.*{kept}"
        )
    return "\n".join(lines)
