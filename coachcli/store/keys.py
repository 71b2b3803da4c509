"""The journal's key: made, written as a recovery key, kept in a slot on this device (store/unlock.py uses it).

One random 256-bit key per journal. An encrypted journal (SQLCipher 4, store/encryption.py) says so in its
own first bytes: SQLCipher keeps the file's salt there, and coach's salt is MAGIC followed by the journal's
id (8 random bytes). That id names the journal's slot record on this device, `<config folder>/keys/<id>.key`
(0600, in a 0700 folder): which key (its id, never the key), and the slot that holds it:

- `file`: the key itself, in that record (the default, and the only one on a machine without a desktop keyring);
- `keyring`: the OS keyring (the `keyring` package with a real backend; never keyrings.alt, never its
  "fail" backend), under the service "coach" and the journal's id;
- `passphrase`: the key wrapped with scrypt (hashlib) of a passphrase; the parameters are kept with it.

The recovery key is the key itself in a form a person can type: base32 (no 0, 1, 8 or 9 to confuse), the key's
32 bytes and a 3-byte checksum, in 14 groups of 4, so a typo is caught as a typo before anything is tried.
It opens every slot because it is the key: a lost slot is rebuilt from it (`coach key store`).

Subkeys for other uses of the key (sync's files) come from `unlock.subkey` (HKDF-SHA256, RFC 5869, on
hmac). The key never appears in a message, and nothing here imports more than the standard library.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
import tempfile
from contextlib import suppress
from pathlib import Path

from coachcli.errors import InputError, JournalError
from coachcli.store.disk import ID_BYTES, sync_folder
from coachcli.store.unlock import (
    KEY_BYTES,
    KEYRING_SERVICE,
    key_id,
    keyring_module,
    keys_folder,
    read_record,
    record_path,
    scrypt,
)

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any

RECORD_VERSION = 1
# scrypt for the passphrase slot: 128 MiB and about half a second, once per command (OWASP's N=2^17, r=8, p=1).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
# The recovery key: RFC 4648 base32 of the key and its checksum, in groups a person types one at a time.
CHECKSUM_BYTES = 3
GROUP = 4
RECOVERY_LETTERS = (KEY_BYTES + CHECKSUM_BYTES) * 8 // 5
# What people type for the letters base32 leaves out.
LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})


# New keys


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_journal_id() -> str:
    return secrets.token_bytes(ID_BYTES).hex()


# The recovery key


def checksum(key: bytes) -> bytes:
    return hashlib.sha256(b"coach recovery key" + key).digest()[:CHECKSUM_BYTES]


def recovery_text(key: bytes) -> str:
    """The recovery key: `ABCD-EFGH-...`, 14 groups of 4 letters and digits."""
    letters = base64.b32encode(key + checksum(key)).decode()
    return "-".join(letters[start : start + GROUP] for start in range(0, len(letters), GROUP))


def last_group(recovery: str) -> str:
    return recovery.rsplit("-", 1)[-1]


def parse_recovery(text: str) -> bytes:
    """The key a typed recovery key holds; an InputError that says what is wrong with it (never a guess)."""
    letters = "".join(character for character in text.upper() if character.isalnum()).translate(LOOKALIKES)
    if len(letters) != RECOVERY_LETTERS:
        raise InputError(
            f"a recovery key has {RECOVERY_LETTERS} letters and digits ({RECOVERY_LETTERS // GROUP} groups of"
            f" {GROUP}); this one has {len(letters)}: check for a missing or doubled group"
        )
    try:
        data = base64.b32decode(letters)
    except binascii.Error:
        raise InputError(
            "that recovery key holds a character it never uses (only A-Z and 2-7): check it for a typo"
        ) from None
    key, check = data[:KEY_BYTES], data[KEY_BYTES:]
    if checksum(key) != check:
        raise InputError(
            "that recovery key has a typo (its check letters do not match): compare it group by group"
            " with the one you kept"
        )
    return key


# Slots


def write_record(journal_id: str, record: dict[str, Any]) -> Path:
    """Write the slot record whole or not at all (0600 in a 0700 folder, flushed to disk)."""
    folder = keys_folder()
    try:
        for item in reversed([folder, *folder.parents]):
            if not item.exists():
                item.mkdir(mode=0o700, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{journal_id}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(record, indent=2) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, record_path(journal_id))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        sync_folder(folder)
    except OSError as error:
        raise JournalError(
            f"cannot write the key file in {folder}: {error.strerror}; nothing was changed"
        ) from None
    return record_path(journal_id)


def remove_record(journal_id: str) -> None:
    """Remove the journal's slot on this device (the keyring's entry too)."""
    forget_keyring_entry(read_record(journal_id))
    record_path(journal_id).unlink(missing_ok=True)
    sync_folder(keys_folder())


def store_key(journal_id: str, key: bytes, slot: str, passphrase: str | None = None) -> Path:
    """Keep the journal's key in `slot` on this device, instead of wherever it was (moved, never copied)."""
    try:
        old = read_record(journal_id)
    except JournalError:
        old = None  # a damaged record is what this replaces
    path = write_record(journal_id, make_record(journal_id, key, slot, passphrase))
    if old is not None and slot != "keyring":
        forget_keyring_entry(old)
    return path


def forget_keyring_entry(record: dict[str, Any] | None) -> None:
    """Remove a keyring slot's entry from the OS keyring (one already gone is gone)."""
    if record is None or record["slot"] != "keyring":
        return
    with suppress(Exception):  # the keyring's own errors: the entry cannot be there any more than before
        keyring_module().delete_password(KEYRING_SERVICE, record["journal"])


def make_record(journal_id: str, key: bytes, slot: str, passphrase: str | None = None) -> dict[str, Any]:
    """The record of a slot holding `key` (storing it in the keyring first, for that slot)."""
    record: dict[str, Any] = {
        "version": RECORD_VERSION,
        "journal": journal_id,
        "key_id": key_id(key),
        "slot": slot,
    }
    if slot == "file":
        record["key"] = key.hex()
    elif slot == "keyring":
        try:
            keyring_module().set_password(KEYRING_SERVICE, journal_id, key.hex())
        except JournalError:
            raise
        except Exception as error:  # the keyring's own errors: locked, refused, no session bus...
            raise JournalError(
                f"the OS keyring did not take the key ({type(error).__name__}: {error}); the key stays where it is"
            ) from None
    else:
        if not passphrase:
            raise InputError("a passphrase slot needs a passphrase")
        salt = os.urandom(16)
        wrapping = scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        record["scrypt"] = {"n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex()}
        record["wrapped"] = bytes(a ^ b for a, b in zip(key, wrapping, strict=True)).hex()
    return record
