"""Every table of the journal: the whole schema (each is defined in store/tables/).

Dates are stored as ISO text by SQLAlchemy's Date type; weeks as ISO week text ("2026-W48"), which sorts in
time order; timestamps in UTC. Foreign keys cascade where a row means nothing without its parent (check-ins,
strategies, tags) and are set to NULL where the row stands on its own (commitments, reflections).
"""

from coachcli.store.tables.base import JournalTable, UTCDateTime, moment_field, utc_now
from coachcli.store.tables.goal import Goal
from coachcli.store.tables.goal_detail import CheckIn, GoalTag
from coachcli.store.tables.history import History, HistoryRow
from coachcli.store.tables.reflection import Reflection, ReflectionTag
from coachcli.store.tables.session import CoachingSession, SessionStep
from coachcli.store.tables.strategy import Strategy
from coachcli.store.tables.strength import StrategyStrength, Strength
from coachcli.store.tables.week import Commitment, Routine
from coachcli.store.tables.week_note import WeekNote

__all__ = [
    "CheckIn",
    "CoachingSession",
    "Commitment",
    "Goal",
    "GoalTag",
    "History",
    "HistoryRow",
    "JournalTable",
    "Reflection",
    "ReflectionTag",
    "Routine",
    "SessionStep",
    "Strategy",
    "StrategyStrength",
    "Strength",
    "UTCDateTime",
    "WeekNote",
    "moment_field",
    "utc_now",
]
