"""What `coach doctor` shows: the journal's health as plain data, with problems and advice in words."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

KIND_NAMES = {"other": "not-sqlite", "sqlite": "not-a-journal"}
MIGRATION_KIND = "bak"


def mode_text(mode: int | None) -> str | None:
    """Permission bits as a person types them for chmod: 0600."""
    return None if mode is None else f"{mode:04o}"


@dataclass(frozen=True)
class BackupView:
    """One backup beside the journal."""

    path: Path
    kind: str  # "backup" (by `coach backup`) or "migration" (before a schema upgrade)
    size: int
    modified: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "size": self.size,
            "modified": self.modified.isoformat(),
        }


@dataclass(frozen=True)
class DoctorView:
    """The journal file, its schema, its integrity, its tables and its backups; what is wrong and what to do."""

    path: Path
    exists: bool
    kind: str
    size: int | None
    wal_size: int | None
    mode: int | None
    writable: bool
    revision: str | None
    code_revision: str
    integrity: tuple[str, ...]
    tables: dict[str, int]
    backups: tuple[BackupView, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    encryption: dict[str, Any] | None = None  # cipher, key_id, slot (where this device keeps the key)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def integrity_text(self) -> str | None:
        """ "ok", the first messages of the integrity check, or None when it could not run."""
        if not self.integrity:
            return None
        return "; ".join(self.integrity)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "exists": self.exists,
            "kind": self.kind,
            "size": self.size,
            "wal_size": self.wal_size,
            "mode": mode_text(self.mode),
            "private": None if self.mode is None else self.mode & 0o077 == 0,
            "writable": self.writable,
            "revision": self.revision,
            "code_revision": self.code_revision,
            "integrity": self.integrity_text,
            "tables": dict(self.tables),
            "backups": [backup.to_json() for backup in self.backups],
            "ok": self.ok,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "encryption": self.encryption,
        }


def health_findings(health: Any, code_revisions: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(problems, notes) for what doctor found: each says what is wrong and what to do about it."""
    path = shlex.quote(str(health.path))
    newest = health.backups[0].path if health.backups else None
    restore = (
        f"move it aside and restore the newest backup: mv {path} {path}.damaged && cp"
        f" {shlex.quote(str(newest))} {path}"
        if newest
        else "restore it from a copy of your own if you have one"
    )
    problems: list[str] = []
    notes: list[str] = []
    if health.kind == "missing":
        notes.append("There is no journal here yet; coach creates it the first time you use it.")
    elif health.kind == "folder":
        problems.append("This is a folder, not a journal file: point --db or COACH_DB at a file inside it.")
    elif health.side_file_error:
        problems.append(f"{health.side_file_error[:1].upper()}{health.side_file_error[1:]}.")
    elif health.key_problem:
        problems.append(f"It is encrypted, and {health.key_problem}.")
    elif health.kind == "unreadable":
        problems.append(f"{health.error[:1].upper()}{health.error[1:]}.")
    elif health.error and "disk I/O" in health.error:
        problems.append(
            f"It cannot be read ({health.error}): is the disk full or failing? Free some space and run"
            " `coach doctor` again."
        )
    elif health.error and not health.is_journal:
        problems.append(f"It cannot be read ({health.error}): it may be damaged; {restore}.")
    elif health.kind == "empty":
        notes.append("The file is empty; coach sets it up the first time you use it.")
    elif health.kind == "other":
        problems.append(
            "It is not a SQLite database, so it is not a coach journal; coach will not touch it."
            f" Choose another file with --db or COACH_DB, or {restore}."
        )
    elif not health.is_journal:
        problems.append(
            "It is a SQLite database but not a coach journal; coach will not touch it."
            " Choose another file with --db or COACH_DB."
        )
    else:
        head = code_revisions[-1]
        if health.revision is not None and health.revision not in code_revisions:
            problems.append(
                f"It was written by a newer coach (schema revision {health.revision}); upgrade coach to use it."
            )
        elif health.revision != head:
            notes.append(
                f"Its schema (revision {health.revision or 'none'}) will be upgraded to {head} the next time"
                " coach opens it, after a backup."
            )
        if health.integrity and health.integrity != ("ok",):
            problems.append(f"The integrity check found damage; {restore}.")
        elif health.error:
            problems.append(f"Part of it cannot be read ({health.error}): it may be damaged; {restore}.")
    if health.disk_full:
        problems.append(
            "The disk that holds it is full: coach can show the journal but cannot change it until you free"
            " some space."
        )
    if health.held_by_another:
        problems.append(
            "Another program keeps the journal to itself right now (an exclusive lock), so no command can read"
            " it: other commands wait for it and then stop, and `coach status` shows nothing meanwhile. Close that program (a database browser, a sync tool?) and try again."
        )
    if health.mode is not None and health.mode & 0o077:
        could = "read and change" if health.mode & 0o022 else "read"
        notes.append(
            f"Other people on this computer can {could} it (mode {mode_text(health.mode)});"
            f" make it private: chmod 600 {path}"
        )
    if (
        health.kind in ("sqlite", "empty")
        and not health.writable
        and health.read_only_reason
        and not health.disk_full
    ):
        notes.append(f"{health.read_only_reason[:1].upper()}{health.read_only_reason[1:]}.")
    if health.stale_temporaries:
        names = ", ".join(shlex.quote(str(item)) for item in health.stale_temporaries)
        notes.append(
            f"An interrupted coach left {len(health.stale_temporaries)} unfinished"
            f" cop{'y' if len(health.stale_temporaries) == 1 else 'ies'} of the journal: {names};"
            " `coach backup` removes them."
        )
    if health.kind == "sqlite" and health.is_journal and not health.backups:
        notes.append("There are no backups yet: `coach backup` makes one beside the journal.")
    return problems, notes


def journal_kind(health: Any) -> str:
    """What the file is, in one word for scripts."""
    if health.is_journal:
        return "journal"
    if health.error:
        return "unreadable"
    return KIND_NAMES.get(health.kind, health.kind)


def build_doctor_view(health: Any, code_revisions: tuple[str, ...]) -> DoctorView:
    """The DoctorView of the facts store.maintenance.inspect_journal found."""
    problems, notes = health_findings(health, code_revisions)
    return DoctorView(
        path=health.path,
        exists=health.kind != "missing",
        kind=journal_kind(health),
        size=health.size,
        wal_size=health.wal_size,
        mode=health.mode,
        writable=health.writable,
        revision=health.revision,
        code_revision=code_revisions[-1],
        integrity=health.integrity,
        tables=dict(health.tables),
        backups=tuple(
            BackupView(
                path=backup.path,
                kind="migration" if backup.kind == MIGRATION_KIND else "backup",
                size=backup.size,
                modified=backup.modified,
            )
            for backup in health.backups
        ),
        problems=tuple(problems),
        notes=tuple(notes),
        encryption=encryption_of(health),
    )


def encryption_of(health: Any) -> dict[str, Any] | None:
    """An encrypted journal's cipher and which key this device keeps for it, and where (never the key)."""
    if health.key_id is None and health.key_slot is None and health.key_problem is None:
        return None
    return {"cipher": "SQLCipher 4", "key_id": health.key_id, "slot": health.key_slot}
