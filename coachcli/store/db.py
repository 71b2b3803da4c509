"""Opening the journal: pragmas, migrations (with a backup first) and transactions.

This is the only module that creates engines and sessions; the file itself (permissions, sqlite3 connections,
SQLite's errors) is `files`' business, and copies are `backups`'. The schema revision is read with the standard
library's sqlite3 so that the common case (a journal already at the current revision) never imports Alembic.

A journal whose file or folder coach may not write is opened read-only: reading still works (with SQLite's
`mode=ro`, or `immutable=1` when no `-wal` file exists, so that nothing is created beside it), and every command
that would change it is refused before anything is touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coachcli.domain.limits import TEXT_LIMITS, check_stored_text
from coachcli.errors import JournalError
from coachcli.store import files
from coachcli.store.disk import read_journal_id
from coachcli.store.files import (
    connect_sqlite,
    create_private_file,
    file_kind,
    folder_error,
    foreign_database_error,
    is_writable,
    journal_status,
    not_sqlite_error,
    quoted,
    read_only_error,
    replaced_error,
    revision_of,
    same_file,
    side_file_problem,
    sqlite_errors,
)

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any

    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

# Every Alembic revision shipped in coachcli/store/migrations/versions, oldest first.
# tests/test_migrations.py checks that this list matches Alembic's own view of the scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")
HEAD_REVISION = REVISIONS[-1]
MIGRATIONS_FOLDER = Path(__file__).parent / "migrations"


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


def check_text_limits(session: Any, _context: Any, _instances: Any) -> None:
    """Refuse, before anything is written, text longer than its column keeps (domain.limits.TEXT_LIMITS)."""
    for row in (*session.new, *session.dirty):
        table = getattr(row, "__tablename__", "")
        for (limited_table, column), _limit in TEXT_LIMITS.items():
            if limited_table == table:
                check_stored_text(table, column, getattr(row, column, None))


# Whether this process has committed a change: an error after that (standard output failing) must say so,
# or a script that retries would make the change twice.
changes_saved = False


class Journal:
    """An open journal file: an engine and the transactions taken on it."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.begin_statement = "BEGIN"
        self.opened_file: tuple[int, int] | None = None  # the file the latest connection opened
        self.journal_id = read_journal_id(path)  # read once, before any connection holds a lock on it
        self.engine = self._create_engine()

    def _create_engine(self) -> Engine:
        """An engine whose connections use WAL, foreign keys, a busy timeout and this journal's BEGIN."""
        from sqlalchemy import event
        from sqlmodel import create_engine

        options: dict[str, Any] = {}
        if self.journal_id is not None:
            from coachcli.store.unlock import sqlcipher

            options["module"] = sqlcipher()  # its errors are the ones SQLAlchemy wraps
        engine = create_engine(f"sqlite:///{self.path}", creator=self._connect, **options)

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection: Any, record: Any) -> None:
            record.info["file"] = self.opened_file
            dbapi_connection.execute("PRAGMA foreign_keys = ON")
            dbapi_connection.execute(f"PRAGMA busy_timeout = {int(files.BUSY_TIMEOUT_SECONDS * 1000)}")
            if self.read_only:
                return
            if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                dbapi_connection.execute("PRAGMA journal_mode = WAL")
            dbapi_connection.execute("PRAGMA synchronous = NORMAL")

        @event.listens_for(engine, "begin")
        def on_begin(connection: Any) -> None:
            connection.exec_driver_sql(self.begin_statement)
            if self.begin_statement == "BEGIN IMMEDIATE" and same_file(self.path) != connection.info["file"]:
                raise replaced_error(self.path)

        return engine

    def _connect(self) -> Any:
        """A connection to the journal, noting which file it is (see `same_file`)."""
        self.opened_file = same_file(self.path)
        return connect_sqlite(self.path, read_only=self.read_only, journal_id=self.journal_id)

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back when it raises.

        Writers take the write lock up front (BEGIN IMMEDIATE), so two coach processes wait for each other
        (up to the busy timeout) instead of failing half-way through. A write's every row change is recorded
        in the history (store/history.py) in the same transaction, whoever made it. SQLite's errors, here or in the block,
        become one JournalError.
        """
        from sqlmodel import Session

        if write and self.read_only:
            raise read_only_error(self.path)
        self.begin_statement = "BEGIN IMMEDIATE" if write else "BEGIN"
        from sqlalchemy import event

        with (
            sqlite_errors(self.path),
            Session(self.engine, expire_on_commit=False) as session,
        ):
            event.listen(session, "before_flush", check_text_limits)
            with session.begin():
                if not write:
                    yield session
                    return
                from coachcli.store.history import record_changes, start_capture
                from coachcli.store.replica import capture

                start_capture(session)
                yield session
                record_changes(session, str(self.path), capture)
        if write:
            global changes_saved
            changes_saved = True

    @contextmanager
    def migrating(self) -> Iterator[Connection]:
        """One write transaction for a migration, with foreign keys off (SQLite's procedure for rebuilding a
        table: dropping the old copy must not cascade to the rows that point to it), checked before it commits."""
        self.begin_statement = "BEGIN IMMEDIATE"
        with sqlite_errors(self.path), self.engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            try:
                with connection.begin():
                    yield connection
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise JournalError(
                            f"upgrading {self.path} would leave {broken[0][0]} row {broken[0][1]} pointing to"
                            f" a missing {broken[0][2]}; nothing was changed"
                        )
            finally:
                driver.execute("PRAGMA foreign_keys = ON")

    def migrate(self, target: str = HEAD_REVISION) -> None:
        """Upgrade the journal to `target` with the Alembic scripts shipped in the package (no backup)."""
        with self.migrating() as connection:
            run_alembic_upgrade(connection, target)

    def upgrade(self) -> None:
        """Bring the journal to HEAD_REVISION, safely when several coach processes open it at once.

        Under the write lock, the revision is read again: another process may have migrated it meanwhile.
        An existing journal is backed up (SQLite's online backup API) before its schema changes.
        """
        with self.migrating() as connection:
            revision = revision_of(connection)
            if revision == "":
                raise foreign_database_error(self.path)
            if revision == HEAD_REVISION:
                return
            if revision is not None:
                if revision not in REVISIONS:
                    raise newer_revision_error(self.path, revision)
                from coachcli.store.backups import write_migration_backup  # only before a migration

                write_migration_backup(self.path, revision, self.journal_id)
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
        if files.disk_is_full(path):
            raise files.disk_full_error(path)
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
