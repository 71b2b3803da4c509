"""The journal's key in use: read from this device's slot, checked, derived from, and given to SQLCipher.

What every command on an encrypted journal needs, `coach status` included: the slot's record
(`<config folder>/keys/<journal id>.key`, JSON), the OS keyring when the key is kept there, and sqlcipher3.
SQLCipher checks the key against the file itself, so opening a journal hashes nothing: hashlib and hmac
(OpenSSL) load only where a key is checked against its id (`journal_key`), derived from (`subkey`), or
unwrapped from a passphrase. Making keys, recovery keys and writing slot records are store/keys.py's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from coachcli import environment
from coachcli.errors import InputError, JournalError
from coachcli.store.disk import MAGIC, read_journal_id

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any

KEY_BYTES = 32
SLOTS = ("file", "keyring", "passphrase")
KEYS_FOLDER = "keys"
KEYRING_SERVICE = "coach"

NO_KEY = "no key for this journal: coach key store --file (you will need the recovery key)"
WRONG_KEY = "wrong key for this journal: coach key verify"


# The key's id and subkeys


def subkey(key: bytes, purpose: str, length: int = KEY_BYTES) -> bytes:
    """A key for one purpose derived from the journal's key: HKDF-SHA256 (RFC 5869), no salt."""
    import hashlib  # OpenSSL: loaded by what checks or derives keys, never to open a journal
    import hmac

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


# Keys loaded in this process, with the record they came from: a passphrase is asked once, and a record that
# changed (`coach key store`) is read again.
_loaded: dict[str, tuple[str, bytes, str | None]] = {}


def slot_key(journal_id: str) -> tuple[bytes, str | None]:
    """The key in this device's slot for the journal, and the key id its record names; a JournalError naming
    what to do when there is none. SQLCipher checks the key against the file; journal_key checks it against
    the id for every other use."""
    text = record_text(journal_id)
    if text is None:
        raise JournalError(NO_KEY)
    cached = _loaded.get(journal_id)
    if cached is None or cached[0] != text:
        record = parse_record(journal_id, text)
        key = key_from_record(record)
        if key is None:
            raise JournalError(NO_KEY)
        cached = _loaded[journal_id] = (text, key, record.get("key_id"))
    return cached[1], cached[2]


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


def journal_key(journal_id: str) -> bytes:
    """The journal's key from this device's slot, checked against the key id its record names; a JournalError
    naming what to do when there is none, or when the slot holds another key."""
    key, expected = slot_key(journal_id)
    if key_id(key) != expected:
        raise JournalError(WRONG_KEY)
    return key


def scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib

    return hashlib.scrypt(
        passphrase.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p + 2**20, dklen=KEY_BYTES
    )


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
    import getpass

    return getpass.getpass(question)


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
        connection.execute(f"PRAGMA key = {key_pragma(key or slot_key(journal_id)[0], journal_id)}")
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
