"""One weekly session at a time per journal: a lock that the operating system lets go when the process ends.

`coach session` holds an exclusive `flock` on a small file beside the journal (`coach.db.session-lock`, private
like the journal) for as long as it asks questions. A second `coach session` on the same journal finds it held and
stops with one line; a session that was killed or whose terminal closed leaves nothing held (the kernel drops the
lock with the process), so the next one simply resumes it. The lock file itself stays: removing it while another
process opens it would let two sessions lock two different files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coachcli.errors import CoachError

LOCK_SUFFIX = ".session-lock"
LOCK_MODE = 0o600


class SessionOpenElsewhere(CoachError):
    """Another `coach session` on this journal is still asking its questions."""


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name + LOCK_SUFFIX)


@contextmanager
def session_lock(journal: Path) -> Iterator[None]:
    """Hold the journal's session lock for the block, or raise SessionOpenElsewhere when another process has it.

    Where the lock cannot be had at all (no fcntl, a folder coach cannot write), the session goes on without it:
    its first write says what is wrong with the journal.
    """
    try:
        import fcntl
    except ImportError:  # not on a POSIX system
        yield
        return
    try:
        descriptor = os.open(lock_path(journal), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, LOCK_MODE)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SessionOpenElsewhere(
                "a session is open elsewhere on this journal (another terminal is running `coach session`);"
                " finish it there, or close that terminal and run `coach session` again to go on with it"
            ) from None
        yield
    finally:
        os.close(descriptor)  # closing lets the lock go
