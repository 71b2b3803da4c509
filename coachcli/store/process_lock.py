"""One process at a time: locks that the operating system lets go when the process ends.

`coach session` holds an exclusive `flock` on a small file beside the journal (`coach.db.session-lock`, private
like the journal) for as long as it asks questions; `coach sync` holds one in its clone of a git PLACE while
it runs git there. A second one finds it held and stops with one line; one that was killed or whose terminal
closed leaves nothing held (the kernel drops the lock with the process), so the next one simply goes on. The lock
file itself stays: removing it while another process opens it would let two of them lock two different files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from coachcli.errors import CoachError

SESSION_LOCK_SUFFIX = ".session-lock"
LOCK_MODE = 0o600


class SessionOpenElsewhere(CoachError):
    """Another `coach session` on this journal is still asking its questions."""


@contextmanager
def process_lock(path: Path, busy: CoachError) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` for the block, or raise `busy` when another process has it.

    Where the lock cannot be had at all (no fcntl, a folder coach cannot write), the block goes on without it:
    its first write says what is wrong.
    """
    try:
        import fcntl
    except ImportError:  # not on a POSIX system
        yield
        return
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, LOCK_MODE)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        yield
    finally:
        os.close(descriptor)  # closing lets the lock go


def session_lock(journal: Path) -> AbstractContextManager[None]:
    """Hold the journal's session lock for the block, or raise SessionOpenElsewhere when another process has it."""
    return process_lock(
        journal.with_name(journal.name + SESSION_LOCK_SUFFIX),
        SessionOpenElsewhere(
            "a session is open elsewhere on this journal (another terminal is running `coach session`);"
            " finish it there, or close that terminal and run `coach session` again to go on with it"
        ),
    )
