"""`coach doctor` for people: a Rich report and a Markdown one."""

from __future__ import annotations

from typing import Any

from coachcli.render.text import format_moment, format_size, markdown_inline, rich_escape
from coachcli.views.maintenance import DoctorView, mode_text

KIND_WORDS = {
    "journal": "a coach journal",
    "missing": "not there yet",
    "folder": "a folder",
    "empty": "an empty file",
    "not-sqlite": "not a SQLite database",
    "not-a-journal": "a SQLite database, not a coach journal",
    "unreadable": "unreadable",
}
BACKUP_WORDS = {"backup": "by coach backup", "migration": "before an upgrade"}  # "Taken ..."


def doctor_facts(view: DoctorView) -> list[tuple[str, str]]:
    """(label, plain text) pairs shared by both formats; user-controlled text is escaped by the caller."""
    facts = [("Journal", str(view.path)), ("File", KIND_WORDS.get(view.kind, view.kind))]
    if view.size is not None:
        size = format_size(view.size)
        if view.wal_size is not None:
            size += f" (+ {format_size(view.wal_size)} in {view.path.name}-wal)"
        facts.append(("Size", size))
    if view.mode is not None:
        private = "private" if view.mode & 0o077 == 0 else "others can read it"
        access = "" if view.writable else ", read-only"
        facts.append(("Permissions", f"{mode_text(view.mode)} ({private}{access})"))
    if view.kind == "journal" and (view.revision is not None or view.encryption is None):  # (no key: unknown)
        revision = view.revision or "none"
        state = "current" if view.revision == view.code_revision else f"this coach's is {view.code_revision}"
        facts.append(("Schema", f"revision {revision} ({state})"))
    if view.encryption is not None:
        facts.append(("Encrypted", encryption_text(view.encryption)))
    if view.integrity_text is not None:
        facts.append(("Integrity", view.integrity_text))
    return facts


SLOT_WORDS = {"file": "in a key file", "keyring": "in the OS keyring", "passphrase": "behind a passphrase"}


def encryption_text(encryption: dict[str, Any]) -> str:
    """`SQLCipher 4, key 1a2b3c4d5e6f in a key file` (the key's id, never the key)."""
    slot = encryption["slot"]
    where = "no key on this device" if slot is None else f"key {encryption['key_id']} {SLOT_WORDS[slot]}"
    return f"{encryption['cipher']}, {where}"


def rich_doctor(view: DoctorView) -> list[Any]:
    """The doctor's report as Rich tables, then problems and notes."""
    from rich.table import Table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    for label, text in doctor_facts(view):
        value = rich_escape(text)
        if label == "Integrity":
            value = "[green]ok[/green]" if text == "ok" else f"[red]{value}[/red]"
        facts.add_row(label, value)
    parts: list[Any] = [facts]
    if view.tables:
        tables = Table(title="Rows", title_justify="left")
        tables.add_column("Table")
        tables.add_column("Rows", justify="right")
        for name, count in view.tables.items():
            tables.add_row(rich_escape(name), f"{count:,}")
        parts.append(tables)
    if view.backups:
        backups = Table(title="Backups", title_justify="left")
        backups.add_column("File", overflow="fold")
        backups.add_column("Taken")
        backups.add_column("Size", justify="right")
        backups.add_column("Written")
        for backup in view.backups:
            backups.add_row(
                rich_escape(backup.path.name),
                BACKUP_WORDS[backup.kind],
                format_size(backup.size),
                format_moment(backup.modified),
            )
        parts.append(backups)
    parts += [f"[red]✗[/red] {rich_escape(problem)}" for problem in view.problems]
    parts += [f"[yellow]•[/yellow] {rich_escape(note)}" for note in view.notes]
    if view.ok:
        parts.append("[green]✓[/green] No problems found.")
    return parts


def markdown_doctor(view: DoctorView) -> str:
    """The doctor's report as Markdown."""
    lines = ["# coach doctor", ""]
    lines += [f"- **{label}:** {markdown_inline(text)}" for label, text in doctor_facts(view)]
    if view.tables:
        lines += ["", "## Rows", "", "| Table | Rows |", "|---|---:|"]
        lines += [f"| {markdown_inline(name)} | {count} |" for name, count in view.tables.items()]
    if view.backups:
        lines += ["", "## Backups", "", "| File | Taken | Size | Written |", "|---|---|---:|---|"]
        lines += [
            f"| {markdown_inline(backup.path.name)} | {BACKUP_WORDS[backup.kind]} | {format_size(backup.size)}"
            f" | {format_moment(backup.modified)} |"
            for backup in view.backups
        ]
    if view.problems or view.notes:
        lines += ["", "## Findings", ""]
        lines += [f"- **Problem:** {markdown_inline(problem)}" for problem in view.problems]
        lines += [f"- {markdown_inline(note)}" for note in view.notes]
    else:
        lines += ["", "No problems found."]
    return "\n".join(lines)
