"""The journal's whole schema (SCHEMA): the tables writes use (store/models.py), and here the ones they don't.

The history's tables (written by store/history.py and the capture triggers, read by store/reader.py) and the
replica's (migration 0009, store/replica.py), one SQLModel class each, are written and read in plain SQL, so
that no write pays for building them as classes: only what needs the whole schema (the migrations'
environment, the schema tests) loads this module.
"""

# No `from __future__ import annotations` here: SQLModel reads these annotations at class creation.
from datetime import datetime

from sqlalchemy import MetaData, UniqueConstraint
from sqlmodel import Field

from coachcli.store.models import COUNTED_IDS, JournalTable, UTCDateTime, utc_now


class History(JournalTable, table=True):
    """One command's whole change to the journal, as typed: what `coach undo` takes back."""

    __tablename__ = "history"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    command: str
    summary: str | None = None


class HistoryRow(JournalTable, table=True):
    """One row a change inserted, updated or deleted: its key and its values before and after, as JSON."""

    __tablename__ = "history_row"

    id: int | None = Field(default=None, primary_key=True)
    history_id: int = Field(foreign_key="history.id", index=True, ondelete="CASCADE")
    position: int
    table_name: str
    row_key: str
    before: str | None = None
    after: str | None = None


class SyncState(JournalTable, table=True):
    """This device's sync settings and counters, by name (device, name, place, journal, clock, sent...)."""

    __tablename__ = "sync_state"

    name: str = Field(primary_key=True)
    value: str


class SyncOutbox(JournalTable, table=True):
    """A change made here, as one operation (JSON), not yet sent."""

    __tablename__ = "sync_outbox"
    __table_args__ = COUNTED_IDS

    id: int | None = Field(default=None, primary_key=True)
    op: str


class SyncSeen(JournalTable, table=True):
    """Another device: its name and the last of its batches applied here."""

    __tablename__ = "sync_seen"

    device: str = Field(primary_key=True)
    name: str | None = None
    seq: int


class SyncRow(JournalTable, table=True):
    """Every synced row ever known, alive or deleted: its table, and the id it was born with, where and when."""

    __tablename__ = "sync_row"

    uid: str = Field(primary_key=True)
    table_name: str
    born: int | None = None
    born_device: str | None = None
    wanted: int | None = None


class SyncEvent(JournalTable, table=True):
    """A row made (kind "create", or "fill" for a routine's copy) or deleted, with what that device had seen."""

    __tablename__ = "sync_event"

    uid: str = Field(primary_key=True)
    stamp: int = Field(primary_key=True)
    device: str = Field(primary_key=True)
    kind: str
    seen: str | None = None


class SyncVersion(JournalTable, table=True):
    """One value a field was given, when and where, and the versions it replaced (JSON)."""

    __tablename__ = "sync_version"

    uid: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    stamp: int = Field(primary_key=True)
    device: str = Field(primary_key=True)
    value: str | None = Field(default=None, index=True)
    prev: str


class SyncConflict(JournalTable, table=True):
    """A value that lost a merge (or an edit a deletion won over), listed until the person keeps it or not."""

    __tablename__ = "sync_conflict"
    __table_args__ = (
        UniqueConstraint("uid", "field", "lost_stamp", "lost_device"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str
    field: str
    kept: str | None = None
    lost: str | None = None
    lost_stamp: int
    lost_device: str


class SyncWaiting(JournalTable, table=True):
    """A batch written by a newer coach: kept, and applied once this coach is upgraded."""

    __tablename__ = "sync_waiting"

    device: str = Field(primary_key=True)
    seq: int = Field(primary_key=True)
    revision: str
    payload: bytes


SCHEMA: MetaData = JournalTable.metadata  # every table of the journal, these and store/models.py's
