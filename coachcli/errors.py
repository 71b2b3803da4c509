"""Errors a user can act on: the CLI prints them as one `Error: ...` line and exits 1."""

from __future__ import annotations


class CoachError(Exception):
    """Base of every error whose message is meant for the user."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(CoachError):
    """A value the user typed cannot be used (a date, a number, a status...)."""


class NotFoundError(CoachError):
    """An id or name the user gave does not exist in the journal."""


class JournalError(CoachError):
    """The journal file cannot be opened, read or written as asked."""


class OutputError(JournalError):
    """A file (or descriptor) coach was asked to write cannot take the output."""


class JournalBusyError(JournalError):
    """Another program held the journal for longer than coach waits."""
