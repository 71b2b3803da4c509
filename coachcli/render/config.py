"""`coach config` for people: a Rich table and a Markdown one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.render.text import Piece, markdown_inline, rich_text
from coachcli.views.config import ConfigView, SettingView, source_text

if TYPE_CHECKING:
    from rich.console import RenderableType


def rich_config(view: ConfigView) -> list[RenderableType]:
    """Every setting, its value and where it comes from, then the file."""
    from rich.table import Table

    table = Table(title="Settings", title_justify="left")
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold")
    table.add_column("From", style="dim")
    for item in view.settings:
        value = rich_text(item.value if item.value is not None else ("not set", "dim"))
        table.add_row(item.key.name, value, rich_text(source_text(item)))
    state: list[Piece] = (
        [] if view.exists else [" ", ("(not there yet: coach config set KEY VALUE creates it)", "dim")]
    )
    parts: list[RenderableType] = [table, rich_text("File: ", str(view.path), *state)]
    if view.unknown:
        parts.append(rich_text(("Not settings coach knows:", "yellow"), " ", ", ".join(view.unknown)))
    return parts


def markdown_config(view: ConfigView) -> str:
    lines = ["# Settings", "", "| Key | Value | From |", "| --- | --- | --- |"]
    for item in view.settings:
        value = markdown_inline(item.value) if item.value is not None else "*not set*"
        lines.append(f"| `{item.key.name}` | {value} | {markdown_inline(source_text(item))} |")
    lines += ["", f"File: {markdown_inline(str(view.path))}" + ("" if view.exists else " (not there yet)")]
    if view.unknown:
        lines += ["", "Not settings coach knows: " + markdown_inline(", ".join(view.unknown))]
    return "\n".join(lines) + "\n"


def rich_setting(view: SettingView) -> list[RenderableType]:
    """Only the value, so that `$(coach config get KEY)` works in a script; nothing when it is not set."""
    value = view.setting.value
    return [] if value is None else [rich_text(value)]


def markdown_setting(view: SettingView) -> str:
    value = view.setting.value
    shown = markdown_inline(value) if value is not None else "*not set*"
    return f"`{view.setting.key.name}` = {shown} ({markdown_inline(source_text(view.setting))})\n"
