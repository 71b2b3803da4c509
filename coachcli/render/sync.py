"""Rich and Markdown for `coach sync status` and `coach sync conflicts`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.text import Text

from coachcli.render.text import markdown_inline
from coachcli.views.sync import ConflictsView, SyncStatusView

if TYPE_CHECKING:
    from rich.console import RenderableType


def shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def status_lines(view: SyncStatusView) -> list[str]:
    lines = [f"This device: {view.device} · place: {view.place}"]
    lines += [f"  {name}: last synced {seen or 'not yet known'}" for name, seen in view.devices]
    lines.append(
        f"{view.pending} change{'s' if view.pending != 1 else ''} to send · {view.conflicts} conflict"
        f"{'s' if view.conflicts != 1 else ''}"
    )
    return lines


def rich_sync_status(view: SyncStatusView) -> list[RenderableType]:
    return [Text(line) for line in status_lines(view)]


def markdown_sync_status(view: SyncStatusView) -> str:
    return "\n".join(f"- {markdown_inline(line)}" for line in status_lines(view))


def conflict_lines(view: ConflictsView) -> list[str]:
    if not view.conflicts:
        return ["No conflicts: every device's edits fitted together."]
    return [
        f"{item.id}. {item.entry}, {item.field}: kept {shown(item.kept)}; {item.lost_device}'s {shown(item.lost)}"
        f" ({item.at}) lost — coach sync keep {item.id} takes it instead"
        for item in view.conflicts
    ]


def rich_conflicts(view: ConflictsView) -> list[RenderableType]:
    return [Text(line) for line in conflict_lines(view)]


def markdown_conflicts(view: ConflictsView) -> str:
    return "\n".join(f"- {markdown_inline(line)}" for line in conflict_lines(view))
