"""What the Markdown export shows: the whole journal as the views `week`, `goal show` and `journal` use."""

from __future__ import annotations

from dataclasses import dataclass

from coachcli.views.goals import GoalDetailView
from coachcli.views.journal import ReflectionView
from coachcli.views.strengths import StrengthView
from coachcli.views.weeks import WeekView


@dataclass(frozen=True)
class JournalExportView:
    """Every part of the journal, in the order a person reads it: strengths, goals, weeks, reflections."""

    strengths: tuple[StrengthView, ...]
    goals: tuple[GoalDetailView, ...]  # every goal with its check-ins and strategies
    weeks: tuple[WeekView, ...]  # newest first: the weeks with commitments or a note
    reflections: tuple[ReflectionView, ...]  # newest first
