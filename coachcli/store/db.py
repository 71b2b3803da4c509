"""Opening the journal: location, file permissions, pragmas, migrations, backups and transactions.

This is the only module that creates engines and sessions, and the one place where SQLite's errors become
JournalErrors (`sqlite_errors`). The schema revision is read with the standard library's sqlite3 so that the
common case (a journal already at the current revision) never imports Alembic.

A journal whose file or folder coach may not write is opened read-only: reading still works (with SQLite's
`mode=ro`, or `immutable=1` when no `-wal` file exists, so that nothing is created beside it), and every command
that would change it is refused before anything is touched.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.errors import CoachError, JournalError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

# Every Alembic revision shipped in coachcli/store/migrations/versions, oldest first.
# tests/test_migrations.py checks that this list matches Alembic's own view of the scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD_REVISION = REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 30.0
FILE_MODE = 0o600
FOLDER_MODE = 0o700
WAL_SUFFIXES = ("-wal", "-shm")
MIGRATIONS_FOLDER = Path(__file__).parent / "migrations"


def companion(path: Path, suffix: str) -> Path:
    """A file SQLite keeps beside the journal: `coach.db-wal`, `coach.db-shm`, `coach.db-journal`."""
    return path.with_name(path.name + suffix)


def quoted(path: Path) -> str:
    """A path as it would be typed in a shell command."""
    return shlex.quote(str(path))


def journal_error(path: Path, error: BaseException) -> JournalError:
    """The one translation of SQLite's errors into a message that names the file and says what to do.

    Only SQLite's own short message is used, never the statement or its parameters, which may hold journal text.
    """
    orig = getattr(error, "orig", None)
    if isinstance(orig, sqlite3.Error):
        error = orig
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error.args[0]) if error.args else type(error).__name__
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return JournalError(
            f"the journal {path} is busy: another program kept it to itself for too long (coach waits up to"
            f" {int(BUSY_TIMEOUT_SECONDS)} seconds); nothing was changed, try again in a moment"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return read_only_error(path)
    if name == "SQLITE_FULL" or "disk is full" in message:
        return JournalError(
            f"the disk that holds {path} is full; nothing was changed. Free some space and try again"
        )
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
    """Whether `error` comes from SQLite, directly or wrapped by SQLAlchemy (only when it was imported)."""
    if isinstance(error, sqlite3.Error):
        return True
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_errors is not None and isinstance(error, sqlalchemy_errors.DBAPIError)


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
    """Whether coach may change the journal: the file, and its folder (where SQLite keeps `-wal` and `-shm`)."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK | os.X_OK):
        return True
    return all(os.access(companion(path, suffix), os.W_OK) for suffix in WAL_SUFFIXES)


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
        needed = os.R_OK | (os.W_OK if write or suffix == "-shm" else 0)
        if os.access(side, needed):
            continue
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


def connect_sqlite(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A sqlite3 connection to an existing file that never creates it.

    Read-only: `mode=ro` when a `-wal` file exists (its commits must be seen), otherwise `immutable=1`, which
    needs no `-shm` file and so works in a read-only folder and leaves nothing behind.
    """
    uri = path.resolve().as_uri()
    if not read_only:
        mode = "mode=rw"
    elif companion(path, "-wal").exists():
        mode = "mode=ro"
    else:
        mode = "immutable=1"
    return sqlite3.connect(
        f"{uri}?{mode}", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )


def file_kind(path: Path) -> str:
    """What is at `path`: 'missing', 'folder', 'empty', 'sqlite' or 'other' (not a SQLite database).

    Anything else (a FIFO, a device, a dangling symlink) is a JournalError, found
    without opening it.
    """
    if path.is_dir():
        return "folder"
    if journal_status(path) is None:
        return "missing"
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise JournalError(cannot_read_text(path, error)) from None
    if not header:
        return "empty"
    return "sqlite" if header == SQLITE_HEADER else "other"


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


def newer_revision_error(path: Path, revision: str) -> JournalError:
    return JournalError(
        f"{path} was written by a newer coach (schema revision {revision}, this coach knows up to"
        f" {HEAD_REVISION}); it was left untouched. Upgrade coach to open it"
    )


def read_revision(path: Path, *, read_only: bool = True) -> str | None:
    """The schema revision recorded in an existing journal file, None for an empty database.

    Raises JournalError when the file is not a SQLite database or not a coach journal.
    """
    kind = file_kind(path)
    if kind in ("missing", "empty"):
        return None
    if kind == "folder":
        raise folder_error(path)
    if kind == "other":
        raise not_sqlite_error(path)
    with sqlite_errors(path):
        connection = connect_sqlite(path, read_only=read_only)
        try:
            revision = revision_of(connection)
        finally:
            connection.close()
    if revision == "":
        raise foreign_database_error(path)
    return revision


def folder_error(path: Path) -> JournalError:
    return JournalError(f"{path} is a folder, not a journal file; point --db or COACH_DB at a file inside it")


def fsync_folder(folder: Path) -> None:
    """Make a new name in `folder` survive a power cut (best effort: not every system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def copy_with_backup_api(source: Path, target: Path, *, read_only: bool, name: Path) -> list[str]:
    """Copy `source` into the (empty) file `target` (to be called `name`) as one consistent snapshot.

    The copy is switched out of WAL mode so that it is one self-contained file. Returns the copy's
    `PRAGMA integrity_check` result ("ok" alone when all is well).
    """
    try:
        source_connection = connect_sqlite(source, read_only=read_only)
        target_connection = sqlite3.connect(target, isolation_level=None)
        try:
            source_connection.backup(target_connection)
            if target_connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                target_connection.execute("PRAGMA journal_mode = DELETE")
            return [row[0] for row in target_connection.execute("PRAGMA integrity_check")]
        finally:
            target_connection.close()
            source_connection.close()
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorname", "") or ""
        if code == "SQLITE_FULL" or code.startswith("SQLITE_IOERR_WRITE"):
            raise JournalError(
                f"cannot write the backup {name}: the disk is full or failing; no backup was written"
            ) from None
        raise journal_error(source, error) from None


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
    fsync_folder(target.parent)


def backup_database(source: Path, target: Path, *, read_only: bool = False) -> Path:
    """Copy a SQLite database with SQLite's online backup API into a new private file named `target`.

    The copy is made in a temporary file beside `target` (mode 0600), checked with `PRAGMA integrity_check`,
    and only then given its name, which never replaces an existing file (FileExistsError). A backup is
    whole and checked, or absent.
    """
    import tempfile

    try:
        descriptor, temporary_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise JournalError(f"cannot write the backup {target}: {error.strerror}") from None
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        results = copy_with_backup_api(source, temporary, read_only=read_only, name=target)
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


class Journal:
    """An open journal file: an engine and the transactions taken on it."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.begin_statement = "BEGIN"
        self.engine = self._create_engine()

    def _create_engine(self) -> Engine:
        """An engine whose connections use WAL, foreign keys, a busy timeout and this journal's BEGIN."""
        from sqlalchemy import event
        from sqlmodel import create_engine

        engine = create_engine(
            f"sqlite:///{self.path}", creator=lambda: connect_sqlite(self.path, read_only=self.read_only)
        )

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys = ON")
            dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            if self.read_only:
                return
            if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                dbapi_connection.execute("PRAGMA journal_mode = WAL")
            dbapi_connection.execute("PRAGMA synchronous = NORMAL")

        @event.listens_for(engine, "begin")
        def on_begin(connection: Any) -> None:
            connection.exec_driver_sql(self.begin_statement)

        return engine

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises.

        Writers take the write lock up front (BEGIN IMMEDIATE), so two coach processes wait for each other
        (up to the busy timeout) instead of failing half-way through. SQLite's errors, here or in the block,
        become one JournalError.
        """
        from sqlmodel import Session

        if write and self.read_only:
            raise read_only_error(self.path)
        self.begin_statement = "BEGIN IMMEDIATE" if write else "BEGIN"
        with (
            sqlite_errors(self.path),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def migrate(self, target: str = HEAD_REVISION) -> None:
        """Upgrade the journal to `target` with the Alembic scripts shipped in the package (no backup)."""
        self.begin_statement = "BEGIN IMMEDIATE"
        with sqlite_errors(self.path), self.engine.begin() as connection:
            run_alembic_upgrade(connection, target)

    def upgrade(self) -> None:
        """Bring the journal to HEAD_REVISION, safely when several coach processes open it at once.

        Under the write lock, the revision is read again: another process may have migrated it meanwhile.
        An existing journal is backed up (SQLite's online backup API) before its schema changes.
        """
        from coachcli.store.backups import write_migration_backup

        self.begin_statement = "BEGIN IMMEDIATE"
        with sqlite_errors(self.path), self.engine.begin() as connection:
            revision = revision_of(connection)
            if revision == "":
                raise foreign_database_error(self.path)
            if revision == HEAD_REVISION:
                return
            if revision is not None:
                if revision not in REVISIONS:
                    raise newer_revision_error(self.path, revision)
                write_migration_backup(self.path, revision)
            run_alembic_upgrade(connection, HEAD_REVISION)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def run_alembic_upgrade(connection: Connection, target: str) -> None:
    """Run the shipped Alembic scripts up to `target` inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def open_journal(path: Path, *, write: bool = True) -> Journal:
    """Open the journal at `path`, creating it or migrating it (after a backup) when needed.

    With `write=False` a journal coach may not write is opened read-only; with `write=True` it is refused
    with a message saying how to make it writable. Files that are not coach journals are never changed.
    """
    if journal_status(path) is None:
        create_private_file(path)
    writable = is_writable(path)
    if write and not writable:
        raise read_only_error(path)
    side = side_file_problem(path, write=writable)
    if side is not None:
        raise side
    revision = read_revision(path, read_only=not writable)
    if revision is not None and revision not in REVISIONS:
        raise newer_revision_error(path, revision)
    if revision != HEAD_REVISION and not writable:
        if revision is None:
            raise JournalError(
                f"the journal {path} is empty and read-only, so coach cannot set it up;"
                f" make it writable (chmod u+w {quoted(path)}) or choose another file with --db or COACH_DB"
            )
        raise JournalError(
            f"the journal {path} needs an upgrade to this coach's schema (revision {revision} to"
            f" {HEAD_REVISION}) but is read-only; make it writable (chmod u+w {quoted(path)}) and run coach again"
        )
    journal = Journal(path, read_only=not writable)
    if revision != HEAD_REVISION:
        try:
            journal.upgrade()
        except BaseException:
            journal.close()
            raise
    return journal
