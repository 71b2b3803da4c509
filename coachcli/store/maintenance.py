"""Looking after the journal file: what `coach doctor` inspects and what `coach backup` copies.

Nothing here changes the journal: doctor reads it (read-only when coach may not write it), and a backup is
a copy made with SQLite's online backup API. Neither creates, migrates or repairs anything.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from coachcli.errors import JournalError
from coachcli.store.backups import (
    BackupFile,
    find_backups,
    find_stale_temporaries,
    sweep_stale_temporaries,
    write_backup_to,
    write_command_backup,
)
from coachcli.store.db import read_revision
from coachcli.store.disk import read_journal_id
from coachcli.store.files import (
    companion,
    connect_sqlite,
    database_errors,
    disk_is_full,
    file_kind,
    folder_error,
    held_by_another_program,
    is_writable,
    not_sqlite_error,
    read_only_error,
    revision_of,
    side_file_problem,
)
from coachcli.store.unlock import read_record

INTEGRITY_MESSAGES = 10


@dataclass(frozen=True)
class JournalHealth:
    """What `coach doctor` found, as facts (the view decides what is a problem)."""

    path: Path
    kind: str  # missing, folder, empty, other (not SQLite), sqlite
    size: int | None = None
    wal_size: int | None = None
    mode: int | None = None
    writable: bool = False
    is_journal: bool = False
    revision: str | None = None
    integrity: tuple[str, ...] = ()
    tables: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    backups: tuple[BackupFile, ...] = ()
    read_only_reason: str | None = None  # why coach may not change it, with the fix that fits
    side_file_error: str | None = None  # a -wal/-shm coach cannot use: named with its fix, never "restore"
    stale_temporaries: tuple[Path, ...] = ()
    held_by_another: bool = False  # another program keeps it to itself: nobody can read it now
    disk_full: bool = False  # no room for SQLite's files beside it: it can be read, not changed
    key_id: str | None = (
        None  # an encrypted journal: the id of the key this device keeps for it (never the key)
    )
    key_slot: str | None = None  # where this device keeps it: file, keyring, passphrase
    key_problem: str | None = None  # no key, or a wrong one: named as such, never as damage


def file_mode(path: Path) -> int | None:
    """The permission bits of a file, or None when it cannot be read."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def size_of(path: Path) -> int | None:
    """A file's size, None when it is not there (a -wal may go as doctor looks: its coach has closed)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def quote_identifier(name: str) -> str:
    """A table name as a SQL identifier, whatever characters a foreign database used in it."""
    return '"' + name.replace('"', '""') + '"'


def inspect_journal(path: Path) -> JournalHealth:
    """Everything doctor reports about the journal at `path`, read without changing or creating anything."""
    backups = tuple(find_backups(path))
    try:
        kind = file_kind(path)
    except JournalError as error:
        return JournalHealth(path=path, kind="unreadable", error=error.message, backups=backups)
    if kind in ("missing", "folder"):
        return JournalHealth(path=path, kind=kind, backups=backups)
    wal = companion(path, "-wal")
    side = side_file_problem(path, write=False)
    health = JournalHealth(
        path=path,
        kind=kind,
        size=path.stat().st_size,
        wal_size=size_of(wal) if side is None else None,
        mode=file_mode(path),
        writable=is_writable(path),
        backups=backups,
        read_only_reason=None if is_writable(path) else read_only_error(path).message,
        stale_temporaries=tuple(find_stale_temporaries(path)),
        held_by_another=kind == "sqlite" and held_by_another_program(path),
        disk_full=disk_is_full(path),
    )
    if kind != "sqlite":
        return health
    if side is not None:
        return replace(health, side_file_error=side.message)
    journal_id = read_journal_id(path)
    if journal_id is not None:
        health = with_key_facts(health, journal_id)
    try:
        with read_only_snapshot(path) as connection:
            return read_database_facts(connection, health)
    except JournalError as error:
        return replace(health, key_problem=error.message, is_journal=journal_id is not None)
    except (*database_errors(), OSError) as error:  # type: ignore[misc]  # a tuple of exception classes
        return replace(health, error=str(error))


def with_key_facts(health: JournalHealth, journal_id: str) -> JournalHealth:
    """`health` with which key this device keeps for an encrypted journal, and where (its slot record)."""
    try:
        record = read_record(journal_id)
    except JournalError as error:
        return replace(health, key_problem=error.message)
    if record is None:
        return health
    return replace(health, key_id=record.get("key_id"), key_slot=record["slot"])


@contextmanager
def read_only_snapshot(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that can never change the journal or the files beside it, even a damaged one.

    Without a `-wal` file the journal is opened `immutable=1`. With one, its committed changes must be seen,
    but any connection that may write could checkpoint and delete it: so the journal and its `-wal` are copied
    into a private folder and the copy is what is read.
    """
    wal = companion(path, "-wal")
    if not wal.exists():
        connection = connect_sqlite(path, read_only=True)
        try:
            yield connection
        finally:
            connection.close()
        return
    with tempfile.TemporaryDirectory(prefix="coach-doctor-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        with suppress(FileNotFoundError):  # gone since: its coach closed and folded it into the journal
            shutil.copyfile(wal, companion(copy, "-wal"))
        connection = connect_sqlite(copy, read_only=False)
        try:
            yield connection
        finally:
            connection.close()


def read_database_facts(connection: sqlite3.Connection, health: JournalHealth) -> JournalHealth:
    """`health` with the revision, integrity check and row counts, each read on its own so that one failure
    hides no other (the first error is kept)."""
    try:
        revision = revision_of(connection)
    except database_errors() as error:
        health = replace(health, error=str(error))
    else:
        health = replace(health, is_journal=revision != "", revision=revision or None)
    try:
        check = connection.execute(f"PRAGMA integrity_check({INTEGRITY_MESSAGES})")
        health = replace(health, integrity=tuple(row[0] for row in check))
    except database_errors() as error:
        return replace(health, error=health.error or str(error))
    tables = {}
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            if name != "alembic_version":
                tables[name] = connection.execute(
                    f"SELECT count(*) FROM {quote_identifier(name)}"
                ).fetchone()[0]
    except database_errors() as error:
        health = replace(health, error=health.error or str(error))
    return replace(health, tables=tables)


@dataclass(frozen=True)
class WrittenBackup:
    """A backup `coach backup` has just written and checked."""

    path: Path
    size: int
    swept: tuple[Path, ...] = ()


def back_up_journal(
    path: Path, *, output: Path | None, today: date, folder_only: bool = False
) -> WrittenBackup:
    """Copy the journal with SQLite's online backup API: beside it (rotated), into a folder, or to a new file.

    `folder_only`: the output was written as a folder (`usb/`), so it must be one.
    """
    kind = file_kind(path)
    if kind == "missing":
        raise JournalError(f"there is no journal at {path} yet, so there is nothing to back up")
    if kind == "folder":
        raise folder_error(path)
    if kind == "empty":
        raise JournalError(f"the journal {path} is empty, so there is nothing to back up")
    if kind == "other":
        raise not_sqlite_error(path)
    read_only = not is_writable(path)
    read_revision(path, read_only=read_only)  # refuses files that are not coach journals
    target = None if output is None else output.expanduser()
    if (
        target is not None and target.is_symlink()
    ):  # a symlink's target is written (a new file, never replaced)
        target = Path(os.path.realpath(target))
    if target is None:
        written = write_command_backup(path, today, read_only=read_only)
    elif target.is_dir():
        written = write_command_backup(path, today, read_only=read_only, folder=target)
    elif folder_only:
        raise JournalError(
            f"there is no folder {target}; create it first, or leave out the final / to name a new file"
        )
    elif not target.parent.is_dir():
        raise JournalError(f"cannot write the backup {target}: the folder {target.parent} does not exist")
    else:
        written = write_backup_to(path, target, read_only=read_only)
    swept = tuple(sweep_stale_temporaries(path))
    return WrittenBackup(path=written, size=written.stat().st_size, swept=swept)
