"""The journal as a file: its name and companions, private creation, sqlite3 connections, SQLite's errors.

This is the one place where SQLite's errors become JournalErrors (`sqlite_errors`, `journal_error`), and where a
file is told apart as a coach journal, another database or no database at all, with the standard library only.
`db` (engines, migrations) and `backups` (copies) both build on it; it imports neither.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from coachcli.errors import CoachError, JournalBusyError, JournalError
from coachcli.store.disk import HEADER_BYTES, journal_id_of, read_journal_id, sync_folder

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 30.0
FILE_MODE = 0o600
FOLDER_MODE = 0o700
WAL_SUFFIXES = ("-wal", "-shm")


def companion(path: Path, suffix: str) -> Path:
    """A file SQLite keeps beside the journal: `coach.db-wal`, `coach.db-shm`, `coach.db-journal`."""
    return path.with_name(path.name + suffix)


def quoted(path: Path) -> str:
    """A path as it would be typed in a shell command."""
    import shlex  # only for a message

    return shlex.quote(str(path))


def journal_error(path: Path, error: BaseException) -> JournalError:
    """The one translation of SQLite's errors into a message that names the file and says what to do.

    Only SQLite's own short message is used, never the statement or its parameters, which may hold journal text.
    """
    orig = getattr(error, "orig", None)
    if orig is not None and is_database_error(orig):
        error = orig
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error.args[0]) if error.args else type(error).__name__
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return JournalBusyError(
            f"the journal {path} is busy: another program kept it to itself for too long (coach waits up to"
            f" {int(BUSY_TIMEOUT_SECONDS)} seconds); nothing was changed, try again in a moment"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return read_only_error(path)
    if name == "SQLITE_FULL" or "disk is full" in message:
        return disk_full_error(path)
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in message:
        return JournalError(
            f"cannot read or write {path} (disk I/O error: is the disk full, removed or failing?);"
            " nothing was changed. Free some space or check the disk, then try again"
        )
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in message or "not a database" in message:
        return JournalError(
            f"the journal {path} is damaged ({message}); nothing was changed. Run `coach doctor`,"
            " and restore your latest backup (`coach doctor` lists them) if it confirms the damage"
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in message:
        return JournalError(f"cannot open the journal {path}; check that it and its folder can be read")
    return JournalError(f"cannot use the journal {path} ({message}); nothing was changed")


def is_database_error(error: BaseException) -> bool:
    """Whether `error` comes from SQLite (sqlite3, or sqlcipher3 for an encrypted journal, whose errors are
    its own classes), directly or wrapped by SQLAlchemy (each only when it was imported)."""
    if isinstance(error, sqlite3.Error):
        return True
    sqlcipher_errors = sys.modules.get("sqlcipher3.dbapi2")
    if sqlcipher_errors is not None and isinstance(error, sqlcipher_errors.Error):
        return True
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_errors is not None and isinstance(error, sqlalchemy_errors.DBAPIError)


def database_errors() -> tuple[type[Exception], ...]:
    """The classes of SQLite's errors, for an `except`: sqlite3's, and sqlcipher3's once it was imported."""
    sqlcipher_errors = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) if sqlcipher_errors is None else (sqlite3.Error, sqlcipher_errors.Error)


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn SQLite errors (from sqlite3 or SQLAlchemy) raised in the block into one JournalError."""
    try:
        yield
    except CoachError:
        raise
    except Exception as error:
        if is_database_error(error):
            raise journal_error(path, error) from None
        raise


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by its owner only."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for item in reversed(missing):
        with suppress(FileExistsError):
            item.mkdir(mode=FOLDER_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (whatever the umask), with its folders."""
    try:
        make_private_folder(path.parent)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return
    except OSError as error:
        raise JournalError(
            f"cannot create the journal {path}: {error.strerror}; choose another file with --db or COACH_DB,"
            " or make its folder writable"
        ) from None
    os.close(descriptor)
    os.chmod(path, FILE_MODE)  # the umask may have taken bits away; it never adds any, but be exact


def is_writable(path: Path) -> bool:
    """Whether coach may change the journal: the file, its folder (where SQLite keeps `-wal` and `-shm`), and
    room on the disk. A journal coach may not change is opened read-only, which needs no room."""
    if not os.access(path, os.W_OK) or disk_is_full(path):
        return False
    if os.access(path.parent, os.W_OK | os.X_OK):
        return True
    return all(os.access(companion(path, suffix), os.W_OK) for suffix in WAL_SUFFIXES)


# Below this much free space SQLite cannot even set up its `-shm` (32 KB) and a first page of `-wal`: opening
# the journal to write would fail half-way, with "disk I/O error" and a few bytes of `-shm` left behind.
ROOM_TO_WRITE = 64 * 1024


def disk_is_full(path: Path) -> bool:
    """Whether the disk that holds the journal has no room left for SQLite's files beside it."""
    try:
        disk = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    if disk.f_flag & os.ST_RDONLY:
        return False  # read-only, not full (a CD or squashfs has no free blocks at all)
    blocks = disk.f_bfree if hasattr(os, "geteuid") and os.geteuid() == 0 else disk.f_bavail
    return blocks * disk.f_frsize < ROOM_TO_WRITE


def disk_full_error(path: Path) -> JournalError:
    return JournalError(
        f"the disk that holds {path} is full: coach can show the journal but not change it; nothing was"
        " changed. Free some space and try again"
    )


def changes_waiting(path: Path) -> bool:
    """Whether the journal's `-wal` holds changes a reader must see, or may soon (a program writing it).

    An empty `-wal` holds nothing; it can only be written where something can write, so on a read-only or
    full disk it is as good as none.
    """
    try:
        size = os.stat(companion(path, "-wal")).st_size
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return size > 0 or not (on_read_only_disk(path) or disk_is_full(path))


# SQLite's lock bytes in the journal file (its os_unix.c): a reader holds a read lock on one byte of the
# SHARED range; a connection that keeps the journal to itself holds a write lock on all of it.
SHARED_FIRST_BYTE = 0x40000000 + 2
SHARED_SIZE = 510


def held_by_another_program(path: Path) -> bool:
    """Whether another program keeps the journal to itself now, so that nobody can even read it (SQLite's
    EXCLUSIVE lock, e.g. `PRAGMA locking_mode = EXCLUSIVE`). Learned as a reader would, with a read lock
    on SQLite's SHARED range that is let go at once; nothing is written.

    Call it while this process has no other connection to the journal: closing a descriptor lets go of
    every POSIX lock the process holds on the file.
    """
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): SQLite locks differently there
        return False
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB, SHARED_SIZE, SHARED_FIRST_BYTE, os.SEEK_SET)
    except OSError:
        return True
    finally:
        os.close(descriptor)
    return False


def on_read_only_disk(path: Path) -> bool:
    """Whether the file system that holds `path` is mounted read-only (EROFS: no chmod can help)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def owner_name(status: os.stat_result) -> str:
    """The user who owns a file, by name when the system knows it."""
    try:
        import pwd

        return pwd.getpwuid(status.st_uid).pw_name
    except (ImportError, KeyError):
        return f"user {status.st_uid}"


def owned_by_someone_else(path: Path) -> str | None:
    """The owner's name when `path` belongs to another user (whose permissions only they or root can change)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not hasattr(os, "geteuid") or status.st_uid == os.geteuid():
        return None
    return owner_name(status)


def read_only_error(path: Path) -> JournalError:
    """The error for a change asked of a journal coach may not write, with advice that fits the cause."""
    shown = "coach can show it but not change it"
    if disk_is_full(path):
        return disk_full_error(path)
    if not os.access(path, os.R_OK):  # nor show it: say that, with the fix that fits
        return JournalError(cannot_read_text(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES))))
    if on_read_only_disk(path):
        return JournalError(
            f"the journal {path} is on a read-only disk: {shown}. To change it, copy it to a writable place"
            " and point --db or COACH_DB at the copy"
        )
    side = side_file_problem(path, write=True)
    if side is not None:
        return side
    for item, what in ((path, "journal"), (path.parent, "folder")):
        access = os.W_OK if item == path else os.W_OK | os.X_OK
        if os.access(item, access):
            continue
        owner = owned_by_someone_else(item)
        keeps = "" if item == path else f" (coach keeps {path.name}-wal there while writing)"
        if owner is not None:
            return JournalError(
                f"the {what} {item} belongs to {owner}{keeps}: {shown}. Ask {owner} to change it, or copy the"
                " journal and point --db or COACH_DB at the copy"
            )
        return JournalError(
            f"the {what} {item} is read-only{keeps}: {shown}. To change it, make it writable:"
            f" chmod u+w {quoted(item)}"
        )
    return JournalError(
        f"the journal {path} cannot be written; nothing was changed. Check with: ls -l {quoted(path)}*"
    )


def side_file_problem(path: Path, *, write: bool) -> JournalError | None:
    """What stops coach from using the `-wal`/`-shm` files beside the journal, if anything.

    They are checked before SQLite opens the journal, so the message names them and the real fix. The `-wal`
    holds committed changes not yet folded into the journal: the advice never deletes it.
    """
    for suffix in WAL_SUFFIXES:
        side = companion(path, suffix)
        try:
            status = os.stat(side)
        except FileNotFoundError:
            continue
        except OSError as error:
            return JournalError(f"cannot look at {side} beside the journal: {error.strerror}")
        if not stat.S_ISREG(status.st_mode):
            return JournalError(
                f"{side} beside the journal is {file_type_name(status)}, not a file SQLite made; coach will not"
                f" open the journal with it there. Move it aside: mv {quoted(side)} {quoted(side)}.aside"
            )
        # SQLite writes the -shm even to read, except where nothing can write at all (then it reads it as is).
        shared = suffix == "-shm" and not on_read_only_disk(path)
        needed = os.R_OK | (os.W_OK if write or shared else 0)
        if os.access(side, needed) or not os.path.lexists(side):
            continue  # usable, or gone since stat() (a closing coach removes its -wal): no permission problem
        keeps = (
            " (it holds changes not yet written into the journal: never delete it)"
            if suffix == "-wal"
            else ""
        )
        owner = owned_by_someone_else(side)
        if owner is not None:
            return JournalError(
                f"{side} belongs to {owner}{keeps}; coach cannot use the journal until it is yours: have"
                f" {owner} run coach once on it, or take it over: sudo chown $(id -un) {quoted(side)}"
            )
        return JournalError(
            f"{side} cannot be read or written by you{keeps}; give it back its permissions:"
            f" chmod 600 {quoted(side)}"
        )
    return None


FILE_TYPE_NAMES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device (a disk)"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symlink"),
)


def file_type_name(status: os.stat_result) -> str:
    """What a file that is not a regular file is, in words."""
    return next((name for test, name in FILE_TYPE_NAMES if test(status.st_mode)), "not a regular file")


def journal_status(path: Path) -> os.stat_result | None:
    """The journal's stat() (None when missing), refusing anything but a regular file before it is opened.

    stat() never opens the file, so a FIFO, a device or a socket is refused at once instead of being waited on
    or handed to SQLite; a symlink to nothing is named as such.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise JournalError(
                f"{path} is a symlink to {os.readlink(path)}, which does not exist; restore the file it points"
                " to, or point --db or COACH_DB at the journal itself"
            ) from None
        return None
    except OSError as error:
        raise JournalError(f"cannot look at the journal {path}: {error.strerror}") from None
    if stat.S_ISDIR(status.st_mode):
        raise folder_error(path)
    if not stat.S_ISREG(status.st_mode):
        raise JournalError(
            f"{path} is {file_type_name(status)}, not a journal file; coach keeps its journal in a regular"
            " file: point --db or COACH_DB at one"
        )
    journal_side = companion(path, "-journal")
    with suppress(OSError):
        if not stat.S_ISREG(os.stat(journal_side).st_mode):
            raise JournalError(
                f"{journal_side} beside the journal is not a file SQLite made; move it aside:"
                f" mv {quoted(journal_side)} {quoted(journal_side)}.aside"
            )
    return status


# `connect_sqlite`'s journal_id when the caller does not know it: the file's first bytes are read.
UNREAD = "unread"


def connect_sqlite(
    path: Path,
    *,
    read_only: bool,
    journal_id: str | None = UNREAD,
    busy_seconds: float = BUSY_TIMEOUT_SECONDS,
) -> sqlite3.Connection:
    """A sqlite3 connection to an existing file that never creates it.

    Read-only: `mode=ro` when the `-wal` may hold commits (they must be seen), otherwise `immutable=1`, which
    needs no `-shm` file and so works in a read-only folder or on a full disk, and leaves nothing behind.
    An encrypted journal (its first bytes say so, or `journal_id` names the key of a new copy) is opened
    with sqlcipher3 and its key (store/unlock.py): the same DB-API, so the callers never know. A caller that
    holds a connection to the journal already passes `journal_id` (None: plain): reading the file would
    open and close it, and closing any descriptor of a file drops every POSIX lock this process has on it.
    """
    uri = path.resolve().as_uri()
    if not read_only:
        mode = "mode=rw"
    elif changes_waiting(path):
        mode = "mode=ro"
    else:
        mode = "immutable=1"
    options: dict[str, Any] = {
        "timeout": busy_seconds,
        "isolation_level": None,
        "check_same_thread": False,
    }
    if journal_id == UNREAD:
        journal_id = read_journal_id(path)
    if journal_id is not None:
        from coachcli.store.unlock import connect

        connection: sqlite3.Connection = connect(f"{uri}?{mode}", journal_id, **options)
        return connection
    return sqlite3.connect(f"{uri}?{mode}", uri=True, **options)


def file_kind(path: Path) -> str:
    """What is at `path`: 'missing', 'folder', 'empty', 'sqlite' (encrypted or not) or 'other' (not SQLite).

    Anything else (a FIFO, a device, a dangling symlink) is a JournalError, found
    without opening it.
    """
    if path.is_dir():
        return "folder"
    if journal_status(path) is None:
        return "missing"
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_BYTES)
    except OSError as error:
        raise JournalError(cannot_read_text(path, error)) from None
    if not header:
        return "empty"
    # An encrypted coach journal is a SQLite database too (SQLCipher's): connect_sqlite opens it with its key.
    return "sqlite" if header == SQLITE_HEADER or journal_id_of(header) is not None else "other"


def cannot_read_text(path: Path, error: OSError) -> str:
    """Why the journal cannot be read, with the fix that fits (its owner, or chmod)."""
    owner = owned_by_someone_else(path)
    if owner is not None:
        return (
            f"cannot read the journal {path}: it belongs to {owner}; ask {owner} for a copy, or point --db or"
            " COACH_DB at your own journal"
        )
    return f"cannot read the journal {path}: {error.strerror}; make it readable: chmod u+rw {quoted(path)}"


def revision_of(connection: Any) -> str | None:
    """The revision recorded, through a sqlite3 or SQLAlchemy connection.

    None for an empty database, "" for one that holds tables but no alembic_version, or that another program
    has marked as its own (user_version or application_id): not a coach journal.
    """
    run = getattr(connection, "exec_driver_sql", None) or connection.execute
    tables = {row[0] for row in run("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in tables:
        if tables:
            return ""
        # No tables, but another program may have claimed the file already.
        claimed = run("PRAGMA user_version").fetchone()[0] or run("PRAGMA application_id").fetchone()[0]
        return "" if claimed else None
    row = run("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def not_sqlite_error(path: Path) -> JournalError:
    return JournalError(
        f"{path} is not a coach journal (not a SQLite database); it was left untouched."
        " Choose another file with --db or COACH_DB"
    )


def foreign_database_error(path: Path) -> JournalError:
    return JournalError(
        f"{path} is a SQLite database but not a coach journal; it was left untouched."
        " Choose another file with --db or COACH_DB"
    )


def folder_error(path: Path) -> JournalError:
    return JournalError(f"{path} is a folder, not a journal file; point --db or COACH_DB at a file inside it")


def same_file(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (device and inode): a writer that waited for the write lock checks that the
    journal was not replaced meanwhile (`coach encrypt` renames a new file into place), or its change would go
    into the old file, gone from every folder."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def replaced_error(path: Path) -> JournalError:
    return JournalError(
        f"the journal {path} was replaced while this command waited for it (by `coach encrypt`, `decrypt` or"
        " `key rotate`); nothing was changed. Run the command again"
    )


# Files written whole: a temporary name beside the target, flushed to disk, then given the target's name.


def link_without_replacing(temporary: Path, target: Path) -> None:
    """Give a finished file its final name; FileExistsError if that name is taken (never replaced)."""
    with temporary.open("rb+") as handle:
        os.fsync(handle.fileno())
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems have no hard links: then the check and the rename are two steps, not one.
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(temporary, target)
    sync_folder(target.parent)


def write_private_file(target: Path, data: bytes, *, replace: bool = False) -> None:
    """Write `data` as the file `target`, whole or not at all, readable by its owner only.

    Without `replace`, an existing `target` is never replaced (FileExistsError). The temporary name is
    `.coach-<target's name>.<random>.tmp` in the same folder.
    """
    import tempfile  # only for writes: `coach status` never needs it

    descriptor, name = tempfile.mkstemp(prefix=f".coach-{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, FILE_MODE)
        if replace:
            with temporary.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(temporary, target)
            sync_folder(target.parent)
        else:
            link_without_replacing(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
