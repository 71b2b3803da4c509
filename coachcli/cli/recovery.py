"""Handing over a new recovery key before anything depends on it (`coach encrypt`, `coach key rotate`,
`coach sync init`): shown on a terminal with its last group typed back, or written into a new file."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.console import ask, can_prompt, say, warn
from coachcli.errors import InputError, JournalError

WriteRecoveryOption = Annotated[
    Path | None,
    typer.Option(
        "--write-recovery",
        metavar="FILE",
        help="Write the new recovery key into this new file (needed off a terminal); keep it somewhere safe.",
    ),
]


def hand_over_recovery(key: bytes, write_recovery: Path | None) -> bool:
    """Give the person the recovery key of `key` before anything depends on it: shown on a terminal and its
    last group typed back, and/or written into a new file (read back and checked). False: they stopped."""
    from coachcli.store.keys import last_group, parse_recovery, recovery_text

    recovery = recovery_text(key)
    if write_recovery is not None:
        write_new_private_file(write_recovery, recovery + "\n")
        if parse_recovery(write_recovery.read_text(encoding="utf-8")) != key:
            raise JournalError(
                f"the recovery key in {write_recovery} does not read back; nothing was changed"
            )
        say(f"Recovery key written to {write_recovery}: keep it away from this device.")
        return True
    if not (can_prompt() and sys.stdout.isatty()):
        raise InputError(
            "the recovery key must be shown and typed back before the journal depends on it: run this on a"
            " terminal, or add --write-recovery FILE"
        )
    say("Your recovery key (it opens the journal if this device's key is ever lost; nothing else can):")
    say("\n    ", (recovery, "bold"), "\n")
    say("Write it down or keep it in your password manager, away from this device.")
    while True:
        answer = ask("Type its last group to show you have it (Enter stops here)")
        if not answer:
            say("Nothing changed.")
            return False
        if answer.replace("-", "").strip().upper() == last_group(recovery):
            return True
        warn("  That is not its last group; look again.")


def write_new_private_file(path: Path, text: str) -> None:
    """A new file readable by its owner only; an existing one is never replaced."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(f"{path} already exists; coach never replaces a file with a recovery key") from None
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
