"""Every file in PLACE sealed: encrypted and authenticated with ChaCha20-Poly1305 under the journal's sync key.

ChaCha20-Poly1305 (RFC 8439, from `cryptography`) rather than AES-256-GCM: it is as fast and constant-time in
software on every processor coach runs on (a phone's terminal or an old ARM board has no AES instructions, where
table-based AES leaks timing), and its 96-bit nonce, drawn at random for each file, is as safe as GCM's for the
few million files a journal writes in a lifetime.

A sealed file is a small public header, then the ciphertext and its 16-byte tag:

    MAGIC (6) | format (1) | key id (6) | revision length (1) | revision (ASCII) | nonce (12) | ciphertext+tag

The header names nothing of the journal: the format, which key sealed it (`unlock.key_id`, public) and the schema
revision of the coach that wrote it, so a newer file is kept for later rather than misread. The header and the
file's path in PLACE are the associated data: a file renamed, truncated, altered or sealed by another journal's
key is refused with a SealError, never opened. The key is `unlock.subkey(journal_key, "coach sync")`, so sync's
files never share a key with the journal file's own encryption.

`cryptography` is imported here only, when a file is first sealed or opened: `--help`, completion, `coach
status` and every read command never load it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, NamedTuple

from coachcli.errors import CoachError
from coachcli.store.unlock import key_id, subkey

MAGIC = b"coachS"
FORMAT = 1
KEY_ID_BYTES = 6
NONCE_BYTES = 12
TAG_BYTES = 16
MAX_REVISION = 32
PURPOSE = "coach sync"


class SealError(CoachError):
    """A file in PLACE that cannot be opened: truncated, altered, renamed, foreign, or of a newer format."""


class Header(NamedTuple):
    """The public part of a sealed file."""

    format: int
    key_id: str
    revision: str


def seal(key: bytes, name: str, plaintext: bytes, revision: str) -> bytes:
    """`plaintext` sealed for the file `name` in PLACE under the journal key `key`."""
    encoded = revision.encode("ascii")
    if not 0 < len(encoded) <= MAX_REVISION:
        raise ValueError(f"a schema revision has 1 to {MAX_REVISION} ASCII characters: {revision!r}")
    header = MAGIC + bytes([FORMAT]) + bytes.fromhex(key_id(key)) + bytes([len(encoded)]) + encoded
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + cipher(key).encrypt(nonce, plaintext, header + name.encode("utf-8"))


def read_header(name: str, data: bytes) -> Header:
    """The public header of a sealed file; a SealError for a file that is not one coach can open."""
    prefix = len(MAGIC) + 1 + KEY_ID_BYTES + 1
    if len(data) < prefix or not data.startswith(MAGIC):
        raise SealError(f"{name} is not a file coach sealed (or it was cut short)")
    version = data[len(MAGIC)]
    if version != FORMAT:
        raise SealError(
            f"{name} is in sync format {version}, which this coach does not know (it knows {FORMAT}):"
            " upgrade coach on this device"
        )
    length = data[prefix - 1]
    if len(data) < prefix + length + NONCE_BYTES + TAG_BYTES:
        raise SealError(f"{name} was cut short")
    try:
        revision = data[prefix : prefix + length].decode("ascii")
    except UnicodeDecodeError:
        raise SealError(f"{name} has a damaged header") from None
    return Header(version, data[len(MAGIC) + 1 : prefix - 1].hex(), revision)


def unseal(key: bytes, name: str, data: bytes) -> bytes:
    """The plaintext of the file `name`, sealed under `key`; a SealError when it is not exactly what was
    sealed there (another name, cut short, altered, or sealed with another key)."""
    header = read_header(name, data)
    if header.key_id != key_id(key):
        raise SealError(
            f"{name} was sealed with another key ({header.key_id}): a file of another journal, or of a key"
            " this device has not learned yet"
        )
    start = len(MAGIC) + 1 + KEY_ID_BYTES + 1 + len(header.revision)
    nonce, body = data[start : start + NONCE_BYTES], data[start + NONCE_BYTES :]
    try:
        return cipher(key).decrypt(nonce, body, data[:start] + name.encode("utf-8"))
    except invalid_tag():
        raise SealError(f"{name} was altered, cut short or renamed since it was sealed") from None


@lru_cache(maxsize=4)
def cipher(key: bytes) -> Any:
    """The AEAD for `key`'s sync subkey (made once per key in a process)."""
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    return ChaCha20Poly1305(subkey(key, PURPOSE))


def invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag
