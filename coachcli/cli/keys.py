"""`coach encrypt`, `coach decrypt` and `coach key ...`: the journal encrypted at rest, and its key's slots.

No lockout is the promise: nothing makes the journal depend on a new key before its recovery key was shown
and its last group typed back (or written to a new file with --write-recovery, off a terminal), and every
slot can be rebuilt from the recovery key.
"""

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from coachcli.cli.console import can_prompt, say, warn, yes_or_no
from coachcli.cli.recovery import WriteRecoveryOption, hand_over_recovery
from coachcli.cli.transaction import state
from coachcli.environment import data_folder, journal_path, today
from coachcli.errors import CoachError, InputError, JournalError

app = typer.Typer(
    help="The journal's key: show or check the recovery key, choose where it is kept, rotate it.",
    no_args_is_help=True,
)

YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
RecoveryFileOption = Annotated[
    Path | None,
    typer.Option("--recovery-file", metavar="FILE", help="Read the recovery key from this file."),
]


def the_journal(ctx: typer.Context) -> Path:
    return journal_path(state(ctx).db)


def ask_first(question: str, *, yes: bool, what: str) -> bool:
    """Ask before changing the journal file; off a terminal only --yes says yes."""
    if yes:
        return True
    if not can_prompt():
        raise InputError(f"{what} needs a yes: run it on a terminal, or add --yes")
    if yes_or_no(question):
        return True
    say("Nothing changed.")
    return False


def encrypted_id(path: Path) -> str:
    """The journal id of the encrypted journal at `path`; an error for a plain one."""
    from coachcli.store.encryption import prepare

    journal_id = prepare(path)
    if journal_id is None:
        raise InputError(f"the journal {path} is not encrypted; `coach encrypt` encrypts it")
    return journal_id


def encrypt(ctx: typer.Context, yes: YesOption = False, write_recovery: WriteRecoveryOption = None) -> None:
    """Encrypt the journal file (SQLCipher 4) with a new key kept in a key file here; asks first."""
    from coachcli.store.encryption import encrypt_journal, prepare
    from coachcli.store.keys import new_journal_id, new_key
    from coachcli.store.unlock import record_path

    path = the_journal(ctx)
    if prepare(path, create=True) is not None:
        raise InputError(f"the journal {path} is already encrypted; `coach key rotate` gives it a new key")
    if not ask_first(
        f"Encrypt {path}? You will get a recovery key to keep.", yes=yes, what="encrypting the journal"
    ):
        return
    key, journal_id = new_key(), new_journal_id()
    if not hand_over_recovery(key, write_recovery):
        return
    backup = encrypt_journal(path, key, journal_id, today())
    say(f"The journal {path} is encrypted; its key is in {record_path(journal_id)}.")
    say(
        f"The backup taken first, {backup}, is not encrypted (nor are older backups beside"
        " the journal): delete them once you are sure, or keep them somewhere safe."
    )


def decrypt(ctx: typer.Context, yes: YesOption = False) -> None:
    """Make the journal file plain again (its encrypted backups keep their key); asks first."""
    from coachcli.store.encryption import decrypt_journal

    path = the_journal(ctx)
    journal_id = encrypted_id(path)
    if not ask_first(
        f"Decrypt {path}? Anyone who can read the file can then read your journal.",
        yes=yes,
        what="decrypting the journal",
    ):
        return
    backup = decrypt_journal(path, journal_id, today())
    say(
        f"The journal {path} is no longer encrypted. The backup taken first,"
        f" {backup}, stays encrypted; its key stays on this device."
    )


@app.command("show-recovery")
def show_recovery(ctx: typer.Context) -> None:
    """Show the journal's recovery key (on a terminal only)."""
    from coachcli.store.keys import recovery_text
    from coachcli.store.unlock import journal_key

    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        raise InputError("coach shows the recovery key on a terminal only, never into a file or a pipe")
    journal_id = encrypted_id(the_journal(ctx))
    say("\n    ", (recovery_text(journal_key(journal_id)), "bold"), "\n")


def typed_recovery(recovery_file: Path | None, question: str) -> bytes:
    """A recovery key from a file, the terminal or standard input, checked for typos."""
    from coachcli.store.keys import parse_recovery

    if recovery_file is not None:
        try:
            text = recovery_file.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot read {recovery_file}: {error.strerror}") from None
    elif can_prompt():
        text = getpass.getpass(question + ": ")
    else:
        text = sys.stdin.readline()
    return parse_recovery(text)


@app.command()
def verify(ctx: typer.Context, recovery_file: RecoveryFileOption = None) -> None:
    """Type the recovery key: coach says whether it opens this journal, and whether this device's key does."""
    from coachcli.store.unlock import journal_key, key_id, opens

    path = the_journal(ctx)
    journal_id = encrypted_id_without_key(path)
    key = typed_recovery(recovery_file, "Recovery key")
    if not opens(path, key):
        raise InputError(
            f"that recovery key has no typo, but it does not open {path} (it is the key {key_id(key)}):"
            " is it the recovery key of another journal, or from before a `coach key rotate`? (If it is the one,"
            " the file's first page may be damaged: coach doctor)"
        )
    say(f"Right: that is the recovery key of {path}.")
    try:
        device_key = journal_key(journal_id)
    except CoachError as error:
        say(f"This device's key does not open it ({error.message}).")
        say("Put the key back with: coach key store --file")
        return
    if device_key != key:
        say("This device's key does not open it: put the right one back with coach key store --file")


def encrypted_id_without_key(path: Path) -> str:
    """The id of an encrypted journal, read from the file alone (no key, no migration)."""
    from coachcli.store.disk import read_journal_id
    from coachcli.store.files import journal_status

    if journal_status(path) is None:
        raise JournalError(f"there is no journal at {path}")
    journal_id = read_journal_id(path)
    if journal_id is None:
        raise InputError(f"the journal {path} is not encrypted; `coach encrypt` encrypts it")
    return journal_id


def new_passphrase() -> str:
    """A passphrase asked twice on the terminal."""
    if not can_prompt():
        raise InputError("a passphrase is asked on a terminal only; run this on one")
    while True:
        first = getpass.getpass("New passphrase for the journal's key: ")
        if len(first) < 8:
            warn("  Choose at least 8 characters (a few words are easy to remember).")
            continue
        if getpass.getpass("The same passphrase again: ") == first:
            return first
        warn("  The two were not the same; once more.")


@app.command()
def store(
    ctx: typer.Context,
    file: Annotated[
        bool, typer.Option("--file", help="In a key file readable by you only (the default).")
    ] = False,
    keyring: Annotated[
        bool, typer.Option("--keyring", help="In the OS keyring (a desktop keyring is needed).")
    ] = False,
    passphrase: Annotated[
        bool, typer.Option("--passphrase", help="Behind a passphrase asked by each command.")
    ] = False,
    recovery_file: RecoveryFileOption = None,
) -> None:
    """Keep the journal's key in a key file, the OS keyring or behind a passphrase; a lost one is put back
    with the recovery key."""
    from coachcli.store.keys import store_key
    from coachcli.store.unlock import journal_key, keyring_module, opens, record_path

    chosen = [
        name for name, wanted in (("file", file), ("keyring", keyring), ("passphrase", passphrase)) if wanted
    ]
    if len(chosen) > 1:
        raise typer.BadParameter("choose one of --file, --keyring and --passphrase")
    slot = chosen[0] if chosen else "file"
    path = the_journal(ctx)
    journal_id = encrypted_id_without_key(path)
    if slot == "keyring":
        keyring_module()  # says at once when there is no real keyring here
    key = None
    if recovery_file is None:
        try:
            key = journal_key(journal_id)
        except CoachError as error:
            if not can_prompt():
                raise JournalError(
                    f"{error.message.rstrip('.')}; give the recovery key with --recovery-file FILE"
                ) from None
            say(f"This device has no working key for the journal ({error.message}).")
    if key is None:
        key = typed_recovery(recovery_file, "Recovery key")
    if not opens(path, key):
        raise InputError(f"that recovery key has no typo, but it does not open {path}; nothing was changed")
    store_key(journal_id, key, slot, new_passphrase() if slot == "passphrase" else None)
    where = {
        "file": f"in the key file {record_path(journal_id)}",
        "keyring": "in the OS keyring",
        "passphrase": f"behind your passphrase ({record_path(journal_id)})",
    }[slot]
    say(f"The journal's key is now kept {where}.")


@app.command()
def rotate(ctx: typer.Context, yes: YesOption = False, write_recovery: WriteRecoveryOption = None) -> None:
    """A new key for the journal (and a new recovery key); the old key's slot is removed, and the other devices
    that sync with it move to the new key on their next sync."""
    from coachcli.store.disk import read_journal_id
    from coachcli.store.encryption import rotate_journal
    from coachcli.store.keys import new_journal_id, new_key, store_key
    from coachcli.store.unlock import journal_key, read_record
    from coachcli.sync.engine import sync_identity

    path = the_journal(ctx)
    synced = sync_identity(path)
    if synced is not None:
        journal_id, record_id = read_journal_id(path), synced[2]
    else:
        journal_id = record_id = encrypted_id(path)
    old = journal_key(journal_id or record_id)  # the current key first: a wrong passphrase stops here
    if not ask_first(
        f"Give {path} a new key? The old recovery key will open only the backups made before.",
        yes=yes,
        what="a new key",
    ):
        return
    key = new_key()
    if not hand_over_recovery(key, write_recovery):
        return
    record = read_record(journal_id or record_id)
    secret = new_passphrase() if record is not None and record["slot"] == "passphrase" else None
    if synced is not None:
        from coachcli.sync.exchange import carry_devices_over

        # In PLACE first: if it cannot be reached, nothing changes here, and no device is ever cut off.
        place, device, _record = synced
        carry_devices_over(place, data_folder(), device, old, key, warn)
    if journal_id is None:
        store_key(record_id, key, record["slot"] if record else "file", secret)
        say(f"The journal {path} has a new key.")
    else:
        backup = rotate_journal(path, journal_id, (key, new_journal_id()), today(), secret)
        say(
            f"The journal {path} has a new key. Backups made before now, such as"
            f" {backup}, open only with the old recovery key."
        )
    if synced is not None:
        say(
            "Your other devices move to it on their next coach sync; keep the new recovery key for all of them."
        )
