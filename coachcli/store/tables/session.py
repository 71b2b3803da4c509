"""Weekly sessions and each answered question of one."""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import datetime

from sqlmodel import Field

from coachcli.store.tables.base import COUNTED_IDS, JournalTable, UTCDateTime, utc_now


class CoachingSession(JournalTable, table=True):
    """One weekly session (`coach session`): the week it closes, the week it plans, and where it stands."""

    __tablename__ = "coaching_session"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    started: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    finished: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_week: str = Field(index=True)
    planned_week: str
    stage: str | None = None  # the stage a stopped session resumes at; None once finished
    questions: str | None = None  # what the person wants to take to their coach
    wanted: str | None = None  # what the person wants from the session (asked first)


class SessionStep(JournalTable, table=True):
    """One answered (or skipped) question of a session, so that a resumed session asks nothing twice."""

    __tablename__ = "session_step"

    session_id: int = Field(foreign_key="coaching_session.id", primary_key=True, ondelete="CASCADE")
    stage: str = Field(primary_key=True)
    item: str = Field(primary_key=True)  # what was asked about, e.g. "commitment:12" or "goal:3"
    answer: str | None = None
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
