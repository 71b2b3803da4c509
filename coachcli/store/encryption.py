"""Encrypting, decrypting and re-keying the journal file: a new file built beside it, then renamed into place.

SQLCipher 4's `sqlcipher_export` copies the journal into a new file under another key (or none). While it
runs, a second connection holds the journal's write lock (after folding any `-wal` into the file, so nothing
is left beside it to be replayed onto the new one), so no other coach can change what is being copied. The
copy is checked (`integrity_check`, the same rows in every table), flushed to disk, and renamed over the
journal: killed at any moment, the journal is the old file or the new one, never neither. The key that the
new file needs is in its slot (store/keys.py) before the rename.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from coachcli.errors import JournalError
from coachcli.store.backups import write_command_backup
from coachcli.store.db import open_journal
from coachcli.store.disk import read_journal_id, sync_folder
from coachcli.store.files import (
    BUSY_TIMEOUT_SECONDS,
    companion,
    journal_error,
    replaced_error,
    same_file,
    sqlite_errors,
)
from coachcli.store.unlock import journal_key, key_pragma, read_record, sqlcipher

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# A key and the journal id it goes with; None for a plain file.
Keying = tuple[bytes, str] | None


def connect_to(path: Path, keying: Keying) -> Any:
    """A sqlcipher3 connection to the journal file, plain or with its key."""
    connection = sqlcipher().connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    if keying is not None:
        connection.execute(f"PRAGMA key = {key_pragma(*keying)}")
    return connection


def table_counts(connection: Any, schema: str) -> dict[str, int]:
    """Rows per table of one attached schema."""
    names = [
        row[0]
        for row in connection.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names
    }


def rewrite(path: Path, *, label: str, source: Keying, target: Keying) -> None:
    """Replace the journal at `path` with the same journal under `target`'s key (None: plain)."""
    path = path.resolve()  # a symlink's target is replaced, never the link
    with sqlite_errors(path):
        opened = same_file(path)
        lock = connect_to(path, source)
        try:
            if lock.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
                raise JournalError(
                    f"the journal {path} is open in another coach; nothing was changed. Close it and try again"
                )
            lock.execute("BEGIN IMMEDIATE")  # no other coach writes until the new file is in place
            if same_file(path) != opened:
                raise replaced_error(path)  # another encrypt, decrypt or rotate got there first
            temporary = build_copy(path, label=label, source=source, target=target)
            try:
                os.replace(temporary, path)
            except OSError as error:
                temporary.unlink(missing_ok=True)
                raise JournalError(f"cannot replace {path}: {error.strerror}; nothing was changed") from None
            sync_folder(path.parent)
            lock.execute("ROLLBACK")
        finally:
            lock.close()


def build_copy(path: Path, *, label: str, source: Keying, target: Keying) -> Path:
    """The journal copied under `target`'s key into a new file beside it, checked and on disk."""
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.{label}-", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise JournalError(f"cannot write beside {path}: {error.strerror}; nothing was changed") from None
    os.close(descriptor)
    temporary = Path(name)
    try:
        copy_into(path, temporary, source=source, target=target)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        for suffix in ("", "-journal"):
            companion(temporary, suffix).unlink(missing_ok=True)
        raise
    return temporary


def copy_into(path: Path, temporary: Path, *, source: Keying, target: Keying) -> None:
    connection = connect_to(path, source)
    try:
        target_key = "''" if target is None else key_pragma(*target)
        connection.execute(f"ATTACH DATABASE ? AS rewritten KEY {target_key}", (str(temporary),))
        connection.execute("SELECT sqlcipher_export('rewritten')")
        for header_field in ("user_version", "application_id"):  # sqlcipher_export leaves them at 0
            value = int(connection.execute(f"PRAGMA {header_field}").fetchone()[0])
            connection.execute(f"PRAGMA rewritten.{header_field} = {value}")
        check = [row[0] for row in connection.execute("PRAGMA rewritten.integrity_check")]
        if check != ["ok"] or table_counts(connection, "rewritten") != table_counts(connection, "main"):
            raise JournalError(
                f"the new copy of {path} did not match the journal ({check[0]}); nothing was changed."
                " Run `coach doctor` to check the journal"
            )
        connection.execute("DETACH DATABASE rewritten")
    except sqlcipher().Error as error:
        raise journal_error(path, error) from None
    finally:
        with suppress(Exception):
            connection.close()


# The commands' steps, each on a coach journal already at the current revision (`prepare`).


def prepare(path: Path, *, create: bool = False) -> str | None:
    """Make sure `path` is a coach journal coach may write, at the current revision (created first when
    `create`, so that a journal can be encrypted from its first entry on); its journal id (None: plain)."""
    if not create and not path.exists():
        raise JournalError(f"there is no journal at {path} yet; nothing was changed")
    open_journal(path, write=True).close()
    return read_journal_id(path)


def encrypt_journal(path: Path, key: bytes, journal_id: str, today: Any) -> Path:
    """Encrypt the plain journal with `key` (already kept in a key file here); the checked backup taken first."""
    from coachcli.store.keys import make_record, write_record

    backup = write_command_backup(path, today, read_only=False)
    write_record(journal_id, make_record(journal_id, key, "file"))
    rewrite(path, label="encrypt", source=None, target=(key, journal_id))
    return backup


def decrypt_journal(path: Path, journal_id: str, today: Any) -> Path:
    """Make the journal plain again; its key stays in its slot, for the encrypted backups."""
    key = journal_key(journal_id)
    backup = write_command_backup(path, today, read_only=False)
    rewrite(path, label="decrypt", source=(key, journal_id), target=None)
    return backup


def rotate_journal(
    path: Path, journal_id: str, new: tuple[bytes, str], today: Any, passphrase: str | None = None
) -> Path:
    """Put the journal under a new key and id, in a slot of the same kind; the old slot removed."""
    from coachcli.store.keys import make_record, remove_record, write_record

    key = journal_key(journal_id)
    record = read_record(journal_id)
    assert record is not None  # journal_key found it
    backup = write_command_backup(path, today, read_only=False)
    new_key, new_id = new
    write_record(new_id, make_record(new_id, new_key, record["slot"], passphrase))
    rewrite(path, label="rotate", source=(key, journal_id), target=new)
    remove_record(journal_id)
    return backup
