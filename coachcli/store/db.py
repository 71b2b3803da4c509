"""Opening the journal: location, file permissions, pragmas, migrations, backups and transactions.

This is the only module that creates engines and sessions. The schema revision is read with the standard
library's sqlite3 so that the common case (a journal already at the current revision) never imports Alembic.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.errors import JournalError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# Every Alembic revision shipped in coachcli/store/migrations/versions, oldest first.
# tests/test_migrations.py checks that this list matches Alembic's own view of the scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD_REVISION = REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 30.0
FILE_MODE = 0o600
MIGRATIONS_FOLDER = Path(__file__).parent / "migrations"


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only, with its folders."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return
    except OSError as error:
        raise JournalError(f"cannot create the journal {path}: {error.strerror}") from None
    os.close(descriptor)
    os.chmod(path, FILE_MODE)


def read_revision(path: Path) -> str | None:
    """The schema revision recorded in an existing journal file, None for an empty database.

    Raises JournalError when the file is not a SQLite database or not a coach journal.
    """
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        return None
    if header != SQLITE_HEADER:
        raise JournalError(
            f"{path} is not a coach journal (not a SQLite database); choose another file with --db or COACH_DB"
        )
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            if tables:
                raise JournalError(
                    f"{path} is a SQLite database but not a coach journal; choose another file with --db or COACH_DB"
                )
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise JournalError(
            f"cannot read the journal {path}: {error}; run `coach doctor` to check it"
        ) from None
    finally:
        connection.close()
    return row[0] if row else None


def backup_database(source: Path, target: Path) -> Path:
    """Copy a SQLite database with SQLite's online backup API into a new private file."""
    if target.exists():
        raise JournalError(f"{target} already exists; choose another name for the backup")
    create_private_file(target)
    source_connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target_connection = sqlite3.connect(target)
    try:
        with target_connection:
            source_connection.backup(target_connection)
        (result,) = target_connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.Error as error:
        target_connection.close()
        target.unlink(missing_ok=True)
        raise JournalError(f"cannot back up {source} to {target}: {error}") from None
    finally:
        source_connection.close()
        target_connection.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise JournalError(
            f"the backup of {source} failed its integrity check ({result}); nothing was changed"
        )
    return target


def migration_backup_path(path: Path, revision: str) -> Path:
    """Where the copy taken before migrating from `revision` goes: `coach.db.bak-<revision>`, never overwritten."""
    candidate = path.with_name(f"{path.name}.bak-{revision}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.bak-{revision}.{counter}")
    return candidate


class Journal:
    """An open journal file: an engine and the transactions taken on it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.begin_statement = "BEGIN"
        self.engine = self._create_engine()

    def _create_engine(self) -> Engine:
        """An engine whose connections use WAL, foreign keys, a busy timeout and this journal's BEGIN."""
        from sqlalchemy import event
        from sqlmodel import create_engine

        engine = create_engine(
            f"sqlite:///{self.path}",
            connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "isolation_level": None},
        )

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys = ON")
            dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
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
        (up to the busy timeout) instead of failing half-way through.
        """
        from sqlmodel import Session

        self.begin_statement = "BEGIN IMMEDIATE" if write else "BEGIN"
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def migrate(self, target: str = HEAD_REVISION) -> None:
        """Upgrade the journal to `target` with the Alembic scripts shipped in the package."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
        self.begin_statement = "BEGIN IMMEDIATE"
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def open_journal(path: Path) -> Journal:
    """Open the journal at `path`, creating it or migrating it (after a backup) when needed."""
    if path.is_dir():
        raise JournalError(
            f"{path} is a folder, not a journal file; point --db or COACH_DB at a file inside it"
        )
    create_private_file(path)
    revision = read_revision(path)
    if revision is not None and revision not in REVISIONS:
        raise JournalError(
            f"{path} was written by a newer coach (schema revision {revision}); upgrade coach to open it"
        )
    journal = Journal(path)
    if revision != HEAD_REVISION:
        if revision is not None:
            backup_database(path, migration_backup_path(path, revision))
        journal.migrate()
    return journal
