"""The command being run, as the change history records it: its words and whether it may be undone.

Set once by the CLI for each command (`recording`), read by store/history.py when a write commits. Kept apart
from the history so that every command, read ones included, can set it without importing the history.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class CommandRecord:
    """The command being run: its words, whether it may be undone, and its history entry per journal.

    A plain class: every command makes one, and defining a dataclass costs more than the command's record.
    """

    __slots__ = ("command", "entries", "reason", "undoable")

    def __init__(self, command: str, undoable: bool = True, reason: str = "") -> None:
        self.command = command
        self.undoable = undoable
        self.reason = reason
        self.entries: dict[str, int] = {}


current_command: ContextVar[CommandRecord | None] = ContextVar("coach_command", default=None)


@contextmanager
def recording(command: str) -> Iterator[CommandRecord]:
    """Record every change made in the block as the one command `command`."""
    record = CommandRecord(command)
    token = current_command.set(record)
    try:
        yield record
    finally:
        current_command.reset(token)


def begin_change() -> None:
    """What the command writes from now on is a change of its own in the history (an interactive flow's next
    answer), so that `coach undo` takes back that answer alone."""
    command_record().entries.clear()


def mark_not_undoable(reason: str) -> None:
    """The command being run cannot be undone (demo, import): its entry stops `coach undo`, saying `reason`."""
    record = current_command.get()
    if record is not None:
        record.undoable = False
        record.reason = reason


def command_record() -> CommandRecord:
    """The command being run; outside the CLI, the program's own arguments."""
    record = current_command.get()
    if record is None:
        record = CommandRecord(shlex.join(sys.argv[1:]) or "(a program using coach's store)")
        current_command.set(record)
    return record
