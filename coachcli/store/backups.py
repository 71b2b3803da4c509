"""Backups of the journal: named beside it, taken with SQLite's online backup API, checked, and rotated.

Two kinds live beside the journal: `coach.db.backup-2026-11-25` (by `coach backup`; `.2`, `.3`... when a day
has several) and `coach.db.bak-0003` (taken before upgrading from schema revision 0003). Rotation keeps the
newest KEEP_BACKUPS of each kind and never deletes the one just written, which has passed its integrity check.
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from coachcli.environment import STARTED_AT
from coachcli.errors import JournalError
from coachcli.store.disk import read_journal_id
from coachcli.store.files import (
    UNREAD,
    WAL_SUFFIXES,
    companion,
    connect_sqlite,
    database_errors,
    journal_error,
    link_without_replacing,
)

KEEP_BACKUPS = 10
COMMAND_KIND = "backup"
MIGRATION_KIND = "bak"
# What follows ".coach.db." in the name of a temporary copy made by backup_database or store/encryption.rewrite.
_TEMPORARY = re.compile(r"^(?:backup|bak|encrypt|decrypt|rotate)-[^/]*\.tmp(?:-journal|-wal|-shm)?$")
_SUFFIX = re.compile(
    r"^\.(?P<kind>backup|bak)-(?P<label>\d{4}-\d{2}-\d{2}|\d{4})(?:\.(?P<counter>\d{1,6}))?$"
)


def copy_with_backup_api(
    source: Path, target: Path, *, read_only: bool, name: Path, journal_id: str | None
) -> list[str]:
    """Copy `source` into the (empty) file `target` (to be called `name`) as one consistent snapshot.

    The copy is switched out of WAL mode so that it is one self-contained file. Returns the copy's
    `PRAGMA integrity_check` result ("ok" alone when all is well).
    """
    try:
        source_connection = connect_sqlite(source, read_only=read_only, journal_id=journal_id)
        if journal_id is None:  # an encrypted journal's copy is encrypted with its key
            target_connection = sqlite3.connect(target, isolation_level=None)
        else:
            target_connection = connect_sqlite(target, read_only=False, journal_id=journal_id)
        try:
            source_connection.backup(target_connection)
            if target_connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                target_connection.execute("PRAGMA journal_mode = DELETE")
            return [row[0] for row in target_connection.execute("PRAGMA integrity_check")]
        finally:
            target_connection.close()
            source_connection.close()
    except database_errors() as error:
        code = getattr(error, "sqlite_errorname", "") or ""
        if code == "SQLITE_FULL" or code.startswith("SQLITE_IOERR_WRITE"):
            raise JournalError(
                f"cannot write the backup {name}: the disk is full or failing; no backup was written"
            ) from None
        raise journal_error(source, error) from None


def backup_database(
    source: Path, target: Path, *, read_only: bool = False, journal_id: str | None = UNREAD
) -> Path:
    """Copy a SQLite database with SQLite's online backup API into a new private file named `target`.

    The copy is made in a temporary file beside `target` (mode 0600), checked with `PRAGMA integrity_check`,
    and only then given its name, which never replaces an existing file (FileExistsError). A backup is
    whole and checked, or absent.
    """
    try:
        descriptor, temporary_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise JournalError(f"cannot write the backup {target}: {error.strerror}") from None
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        if journal_id == UNREAD:
            journal_id = read_journal_id(source)
        results = copy_with_backup_api(
            source, temporary, read_only=read_only, name=target, journal_id=journal_id
        )
        if results != ["ok"]:
            raise JournalError(
                f"the backup of {source} failed its integrity check ({results[0]}): the journal itself may be"
                " damaged; no backup was written. Run `coach doctor` to check it"
            )
        link_without_replacing(temporary, target)
    except FileExistsError:
        raise
    except OSError as error:
        raise JournalError(
            f"cannot write the backup {target}: {error.strerror}; no backup was written"
        ) from None
    finally:
        for suffix in ("", "-journal", *WAL_SUFFIXES):
            companion(temporary, suffix).unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class BackupFile:
    """A backup found beside the journal."""

    path: Path
    kind: str
    label: str
    counter: int
    size: int
    modified: datetime


def backup_path(journal: Path, kind: str, label: str, counter: int = 1) -> Path:
    """`coach.db.backup-2026-11-25`, then `coach.db.backup-2026-11-25.2`, ... in the journal's folder."""
    name = f"{journal.name}.{kind}-{label}" + (f".{counter}" if counter > 1 else "")
    return journal.with_name(name)


def find_backups(journal: Path) -> list[BackupFile]:
    """The backups beside the journal, newest first (by when they were written)."""
    found = []
    try:
        entries = list(journal.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(journal.name):
            continue
        match = _SUFFIX.match(entry.name[len(journal.name) :])
        if match is None:
            continue
        try:
            status = entry.stat()
        except OSError:
            continue
        if not entry.is_file():
            continue
        found.append(
            BackupFile(
                path=entry,
                kind=match["kind"],
                label=match["label"],
                counter=int(match["counter"] or 1),
                size=status.st_size,
                modified=datetime.fromtimestamp(status.st_mtime, UTC),
            )
        )
    found.sort(key=lambda backup: (backup.modified, backup.label, backup.counter), reverse=True)
    return found


def find_stale_temporaries(journal: Path, before: float | None = None) -> list[Path]:
    """Unfinished copies of the journal that an interrupted coach left beside it, older than this command.

    They are the temporary files of a backup or a migration copy (`.coach.db.backup-2026-11-25.k3j9.tmp`,
    with any `-journal` SQLite kept for it): whole copies of the journal that no backup list shows.
    """
    cutoff = STARTED_AT if before is None else before
    prefix = f".{journal.name}."
    found = []
    try:
        entries = list(journal.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or _TEMPORARY.match(name[len(prefix) :]) is None:
            continue
        try:
            status = entry.lstat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode) and status.st_mtime < cutoff:
            found.append(entry)
    return sorted(found)


def sweep_stale_temporaries(journal: Path) -> list[Path]:
    """Delete the stale temporary copies beside the journal (find_stale_temporaries); the ones removed."""
    removed = []
    for path in find_stale_temporaries(journal):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def rotate_backups(journal: Path, kind: str, *, newest: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete the backups of `kind` beyond the newest `keep`, never `newest` (the one just written)."""
    older = [backup.path for backup in find_backups(journal) if backup.kind == kind and backup.path != newest]
    removed = []
    for path in older[max(keep - 1, 0) :]:
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def write_backup(
    journal: Path,
    kind: str,
    label: str,
    *,
    read_only: bool = False,
    folder: Path | None = None,
    journal_id: str | None = UNREAD,
) -> Path:
    """Back up the journal under the first free name of `kind` and `label`, then rotate that kind.

    With `folder` (a place the user chose), the backup goes there and nothing is rotated.
    """
    base = journal if folder is None else folder / journal.name
    for counter in itertools.count(1):
        target = backup_path(base, kind, label, counter)
        if target.exists():
            continue
        try:
            backup_database(journal, target, read_only=read_only, journal_id=journal_id)
        except FileExistsError:
            continue
        if folder is None:
            rotate_backups(journal, kind, newest=target)
        return target
    raise AssertionError("unreachable")  # pragma: no cover


def write_migration_backup(journal: Path, revision: str, journal_id: str | None) -> Path:
    """The copy taken before upgrading a journal from `revision`: `coach.db.bak-0003` (under the upgrade's lock,
    so the caller says whether the journal is encrypted: see connect_sqlite)."""
    return write_backup(journal, MIGRATION_KIND, revision, journal_id=journal_id)


def write_command_backup(journal: Path, today: date, *, read_only: bool, folder: Path | None = None) -> Path:
    """The copy `coach backup` writes beside the journal (or in `folder`): `coach.db.backup-2026-11-25`."""
    return write_backup(journal, COMMAND_KIND, today.isoformat(), read_only=read_only, folder=folder)


def write_backup_to(journal: Path, target: Path, *, read_only: bool) -> Path:
    """The copy `coach backup --output FILE` writes: a new file, never one that exists."""
    try:
        return backup_database(journal, target, read_only=read_only)
    except FileExistsError:
        raise JournalError(
            f"{target} already exists; coach never replaces a file with a backup. Choose another name"
        ) from None
