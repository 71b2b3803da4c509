"""`coach status` without Typer: the fast path the console script takes for a shell prompt or cron.

`coach [--db PATH] status [--format text|json]` is answered here before Typer, Rich or any database library
is imported; anything else about `status` (`--help`, a wrong option) goes through Typer's command in
cli/status.py, which answers with this same function.
"""

from __future__ import annotations

import sys

FORMATS = ("text", "json")
# How long `coach status` waits for a journal another program holds: a shell prompt cannot wait.
STATUS_BUSY_SECONDS = 0.25


def fast_arguments(arguments: list[str]) -> tuple[str | None, str] | None:
    """(--db, format) when `arguments` are a plain `[--db PATH] status [--format F]`; None otherwise."""
    db = None
    rest = list(arguments)
    if rest[:1] == ["--db"] and len(rest) >= 2:
        db, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    if rest[:1] != ["status"]:
        return None
    rest = rest[1:]
    chosen = "text"
    if len(rest) == 2 and rest[0] in ("--format", "-f"):
        chosen = rest[1].lower()
    elif len(rest) == 1 and rest[0].startswith("--format="):
        chosen = rest[0].removeprefix("--format=").lower()
    elif rest:
        return None
    return (db, chosen) if chosen in FORMATS else None


def show_status(db: str | None, output_format: str) -> int:
    """Print the status line (or JSON) of the journal; nothing when nothing is due. The exit status."""
    from coachcli import environment
    from coachcli.environment import journal_path, today
    from coachcli.errors import CoachError, JournalBusyError
    from coachcli.settings import review_day
    from coachcli.store.reader import reading_existing
    from coachcli.views.status import load_status

    environment.may_ask_passphrase = False  # a shell prompt never waits for a passphrase
    try:
        day = review_day()
    except CoachError:
        return 0  # a config file coach cannot read: `coach config` and `coach doctor` say why; a prompt stays quiet
    try:
        with reading_existing(journal_path(db), busy_seconds=STATUS_BUSY_SECONDS) as reader:
            status = load_status(reader, today(), day)
    except JournalBusyError:
        return 0  # another program holds the journal: a prompt cannot wait (`coach doctor` says who waits)
    except CoachError as error:
        sys.stderr.write("Error: " + " ".join(error.message.splitlines()) + "\n")
        return error.exit_code
    finally:
        environment.may_ask_passphrase = True
    if output_format == "json":
        import json

        sys.stdout.write(json.dumps(status.to_json()) + "\n")
    elif line := status.line():
        sys.stdout.write(line + "\n")
    return 0
