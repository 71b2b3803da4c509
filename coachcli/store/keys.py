"""The journal's key: made, written as a recovery key, kept in a slot on this device, and given to SQLCipher.

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

Subkeys for other uses of the key (sync's files) come from `subkey` (HKDF-SHA256, RFC 5869, on hmac). The
key never appears in a message, and nothing here imports more than the standard library and, to open an
encrypted journal, sqlcipher3.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from coachcli import environment
from coachcli.errors import InputError, JournalError
from coachcli.store.disk import ID_BYTES, MAGIC, read_journal_id, sync_folder

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any

KEY_BYTES = 32
SLOTS = ("file", "keyring", "passphrase")
RECORD_VERSION = 1
KEYS_FOLDER = "keys"
KEYRING_SERVICE = "coach"
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

NO_KEY = "no key for this journal: coach key store --file (you will need the recovery key)"
WRONG_KEY = "wrong key for this journal: coach key verify"


# The key, its id, its subkeys


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_journal_id() -> str:
    return secrets.token_bytes(ID_BYTES).hex()


def subkey(key: bytes, purpose: str, length: int = KEY_BYTES) -> bytes:
    """A key for one purpose derived from the journal's key: HKDF-SHA256 (RFC 5869), no salt."""
    pseudo_random = hmac.new(b"\x00" * hashlib.sha256().digest_size, key, hashlib.sha256).digest()
    output, block = b"", b""
    counter = 1
    while len(output) < length:
        block = hmac.new(pseudo_random, block + purpose.encode() + bytes([counter]), hashlib.sha256).digest()
        output += block
        counter += 1
    return output[:length]


def key_id(key: bytes) -> str:
    """A short public name of a key (12 hex digits): tells keys apart without saying anything about them."""
    return subkey(key, "coach key id", 6).hex()


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


# Encrypted files


def key_pragma(key: bytes, journal_id: str) -> str:
    """The value of PRAGMA key (or ATTACH ... KEY): SQLCipher's raw key with coach's salt (no per-open KDF)."""
    return f"\"x'{key.hex()}{MAGIC.hex()}{journal_id}'\""


def sqlcipher() -> Any:
    """sqlcipher3's DB-API module, imported only where a key is used (each connection silences SQLCipher's own
    `ERROR CORE ...` lines on stderr with `PRAGMA cipher_log_level = NONE`)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def connect(target: str, journal_id: str, key: bytes | None = None, **options: Any) -> Any:
    """A sqlcipher3 connection to `target` (a `file:` URI) with the journal's key set (a given key, or the one
    in this device's slot). The key is checked at once, so a wrong one is named here."""
    module = sqlcipher()
    connection = module.connect(target, uri=True, **options)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {key_pragma(key or journal_key(journal_id), journal_id)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as error:
        connection.close()
        if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise JournalError(WRONG_KEY) from None
        raise
    except BaseException:
        connection.close()
        raise
    return connection


def opens(path: Path, key: bytes) -> bool:
    """Whether `key` opens the encrypted journal at `path` (read-only; nothing is written)."""
    journal_id = read_journal_id(path)
    if journal_id is None:
        return False
    try:
        connection = connect(path.resolve().as_uri() + "?mode=ro", journal_id, key)
    except JournalError:
        return False
    connection.close()
    return True


# Slots


def keys_folder() -> Path:
    """Where this device keeps its key slots: `keys/` beside the config file."""
    from coachcli.settings import config_path

    return config_path().parent / KEYS_FOLDER


def record_path(journal_id: str) -> Path:
    return keys_folder() / f"{journal_id}.key"


def read_record(journal_id: str) -> dict[str, Any] | None:
    """This device's slot record for the journal; None when it has none."""
    text = record_text(journal_id)
    return None if text is None else parse_record(journal_id, text)


def record_text(journal_id: str) -> str | None:
    path = record_path(journal_id)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JournalError(f"cannot read the key file {path}: {error.strerror}") from None


def parse_record(journal_id: str, text: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except ValueError:
        record = None
    if not isinstance(record, dict) or record.get("slot") not in SLOTS:
        raise JournalError(
            f"the key file {record_path(journal_id)} is damaged; put the key back with the recovery key:"
            " coach key store --file"
        )
    return record


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


def scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p + 2**20, dklen=KEY_BYTES
    )


# Keys loaded in this process, with the record they came from: a passphrase is asked once, and a record that
# changed (`coach key store`) is read again.
_loaded: dict[str, tuple[str, bytes]] = {}


def journal_key(journal_id: str) -> bytes:
    """The journal's key from this device's slot; a JournalError naming what to do when there is none."""
    text = record_text(journal_id)
    if text is None:
        raise JournalError(NO_KEY)
    cached = _loaded.get(journal_id)
    if cached is not None and cached[0] == text:
        return cached[1]
    record = parse_record(journal_id, text)
    key = key_from_record(record)
    if key is None:
        raise JournalError(NO_KEY)
    if key_id(key) != record.get("key_id"):
        raise JournalError(WRONG_KEY)
    _loaded[journal_id] = (text, key)
    return key


def key_from_record(record: dict[str, Any]) -> bytes | None:
    slot = record["slot"]
    try:
        if slot == "file":
            return bytes.fromhex(record["key"])
        if slot == "keyring":
            return keyring_key(record["journal"])
        return unwrap(record, ask_passphrase())
    except (KeyError, TypeError, ValueError):
        return None


def keyring_key(journal_id: str) -> bytes | None:
    """The key in the OS keyring; None when the entry is not there."""
    keyring = keyring_module()
    try:
        stored = keyring.get_password(KEYRING_SERVICE, journal_id)
    except Exception as error:  # the keyring's own errors: locked, refused, no session bus...
        raise JournalError(
            f"the OS keyring did not give the journal's key ({type(error).__name__}); unlock it and try again,"
            " or put the key in a key file with the recovery key: coach key store --file"
        ) from None
    return None if stored is None else bytes.fromhex(stored)


def unwrap(record: dict[str, Any], passphrase: str) -> bytes:
    """The key of a passphrase slot; InputError for a passphrase that does not open it."""
    params = record["scrypt"]
    wrapping = scrypt(
        passphrase, bytes.fromhex(params["salt"]), int(params["n"]), int(params["r"]), int(params["p"])
    )
    key = bytes(a ^ b for a, b in zip(bytes.fromhex(record["wrapped"]), wrapping, strict=True))
    if key_id(key) != record["key_id"]:
        raise InputError(
            "that passphrase does not open the journal's key; try again, or put the key back with the"
            " recovery key: coach key store --passphrase"
        )
    return key


def ask_passphrase(question: str = "Passphrase for the journal's key: ") -> str:
    """The passphrase, asked on the terminal (never echoed); an error off a terminal."""
    if not environment.may_ask_passphrase:
        raise JournalError(
            "the journal's key is behind a passphrase, which `coach status` never waits for; keep the key in"
            " a key file for it to answer: coach key store --file"
        )
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise JournalError(
            "the journal's key is behind a passphrase, which coach can ask for only on a terminal;"
            " run it on one, or keep the key in a key file: coach key store --file"
        )
    return getpass.getpass(question)


def keyring_module() -> Any:
    """The `keyring` package with a real OS keyring behind it; a JournalError that says why there is none."""
    try:
        import keyring
    except ImportError:
        raise JournalError(
            "there is no OS keyring here: the `keyring` package is not installed (pip install keyring, with a"
            " desktop keyring such as GNOME Keyring, KWallet, macOS Keychain or Windows Credential Locker);"
            " the key stays where it is"
        ) from None
    backend = keyring.get_keyring()
    names = [type(item).__module__ for item in getattr(backend, "backends", [backend])]
    real = [
        name
        for name in names
        if not name.startswith(("keyrings.alt", "keyring.backends.fail", "keyring.backends.null"))
    ]
    if not real:
        raise JournalError(
            "there is no OS keyring on this machine (keyring found no desktop keyring such as GNOME Keyring,"
            " KWallet or macOS Keychain; coach never uses keyrings.alt, which keeps secrets in a plain file);"
            " the key stays where it is: a key file readable by you only is the safe choice here"
        )
    return keyring
