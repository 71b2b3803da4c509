"""What the JSON export holds: every stored row, ids kept, and each goal's computed SPEC keys."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.export_format import EXPORT_VERSION
from coachcli.store.transfer import read_journal
from coachcli.views.goals import goal_view_from_export

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


COMPUTED_GOAL_KEYS = ("current", "progress", "smart", "forecast")


def export_document(reader: Reader, today: date) -> dict[str, Any]:
    """The export: every stored row, ids kept, goals with their computed SPEC keys as well."""

    journal = read_journal(reader)
    checkins_by_goal: dict[int, list[dict[str, Any]]] = {}
    for checkin in journal["checkins"]:
        checkins_by_goal.setdefault(checkin["goal_id"], []).append(checkin)
    for goal in journal["goals"]:
        view = goal_view_from_export(goal, checkins_by_goal.get(goal["id"], []), today).to_json()
        goal.update({key: view[key] for key in COMPUTED_GOAL_KEYS})
    return {"version": EXPORT_VERSION, **journal}
