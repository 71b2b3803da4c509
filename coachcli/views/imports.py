"""What an import from another tool would add to the journal: built from the reader, before anything is
written, so that `--dry-run` and the import itself say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachcli.domain.beliefs import most_telling_question
from coachcli.domain.imports import CheckInRow, JournalEntry, line_error
from coachcli.domain.vocabulary import GOAL_STATUSES

if TYPE_CHECKING:
    from coachcli.store.reader import Reader, Row


@dataclass(frozen=True)
class PlannedCheckIn:
    """A CSV row with the goal it names found in the journal."""

    row: CheckInRow
    goal_id: int
    goal_title: str


@dataclass(frozen=True)
class ImportPlan:
    """The reflections or check-ins an import adds, and how many of the file's entries the journal already
    holds (left out, so that importing the same file again adds nothing twice)."""

    reflections: tuple[JournalEntry, ...] = ()
    checkins: tuple[PlannedCheckIn, ...] = ()
    already: int = 0

    @property
    def with_beliefs(self) -> list[tuple[JournalEntry, str]]:
        """The reflections whose words lean on should / must / always ..., each with the question it invites,
        as `coach reflect` notices them."""
        asked = [(entry, most_telling_question(entry.text)) for entry in self.reflections]
        return [(entry, question) for entry, question in asked if question is not None]


def load_jrnl_plan(reader: Reader, entries: list[JournalEntry]) -> ImportPlan:
    """The entries to add as reflections: all but those already kept on the same day with the same text."""
    if not entries:
        return ImportPlan()
    kept = {
        (row.day, row.text)
        for row, _ in reader.reflections(
            since=min(entry.day for entry in entries), until=max(entry.day for entry in entries)
        )
    }
    new = tuple(entry for entry in entries if (entry.day, entry.text) not in kept)
    return ImportPlan(reflections=new, already=len(entries) - len(new))


def load_csv_plan(reader: Reader, rows: list[CheckInRow]) -> ImportPlan:
    """The rows to add as check-ins, each with its goal (by id or by title); a row the journal already holds
    (same goal, day, value and note) is left out. A goal that cannot be found is an error naming the line."""
    goals = reader.goals(GOAL_STATUSES)
    planned = [PlannedCheckIn(row, goal.id, goal.title) for row in rows for goal in [find_goal(goals, row)]]
    existing = reader.goal_checkins(sorted({plan.goal_id for plan in planned}))
    kept = {
        (checkin.goal_id, checkin.day, checkin.value, checkin.note)
        for rows in existing.values()
        for checkin in rows
    }
    new = tuple(
        plan for plan in planned if (plan.goal_id, plan.row.day, plan.row.value, plan.row.note) not in kept
    )
    return ImportPlan(checkins=new, already=len(planned) - len(new))


def find_goal(goals: list[Row], row: CheckInRow) -> Row:
    """The goal a row names: by its id, else by its title (ignoring case)."""
    if row.goal.isdigit():
        by_id = [goal for goal in goals if goal.id == int(row.goal)]
        if by_id:
            return by_id[0]
        raise line_error(
            row.line, f"there is no goal {row.goal}; `coach goal list --all` shows every goal and its id"
        )
    by_title = [goal for goal in goals if goal.title.casefold() == row.goal.casefold()]
    if len(by_title) == 1:
        return by_title[0]
    if by_title:
        ids = ", ".join(str(goal.id) for goal in by_title)
        raise line_error(row.line, f'goals {ids} are all called "{row.goal}"; give the id instead')
    raise line_error(
        row.line,
        f'no goal is called "{row.goal}"; give its id or title as `coach goal list --all` shows them',
    )
