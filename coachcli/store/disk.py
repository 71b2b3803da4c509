"""The disk, asked directly: an encrypted journal told apart by its first bytes, a folder's new names made durable.

Below files.py and keys.py alike, with the standard library's os only: every command loads it, `coach status`
included, and none of keys.py's cryptography comes with it.
"""

from __future__ import annotations

import os
from pathlib import Path

ID_BYTES = 8
MAGIC = b"coach\x00K1"  # the first 8 bytes of an encrypted coach journal (the first half of SQLCipher's salt)
HEADER_BYTES = len(MAGIC) + ID_BYTES


def journal_id_of(header: bytes) -> str | None:
    """The id an encrypted coach journal carries in its first bytes; None for any other file."""
    if len(header) >= HEADER_BYTES and header.startswith(MAGIC):
        return header[len(MAGIC) : HEADER_BYTES].hex()
    return None


def read_journal_id(path: Path) -> str | None:
    """The id of the encrypted coach journal at `path`; None when it is not one (or cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return journal_id_of(handle.read(HEADER_BYTES))
    except OSError:
        return None


def sync_folder(folder: Path) -> None:
    """Make a new or removed name in `folder` survive a power cut (best effort)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
