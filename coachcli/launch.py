"""The `coach` console script: the process around one command.

It starts and ends as quickly as it can, unwinds on SIGTERM or SIGHUP as on Ctrl-C, gives output in a narrow
encoding replacement characters instead of a traceback, refuses arguments that are not text, and exits with
the command's status.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
from contextlib import suppress

from coachcli.errors import CoachError, InputError
from coachcli.status_line import fast_arguments, show_status

# What CPython itself exits with when it cannot flush standard output at shutdown (e.g. a closed pipe).
FLUSH_FAILED = 120


def main() -> None:
    """Run coach with the cyclic garbage collector off, and end the process without tearing it down.

    A command lives for a fraction of a second; the collector would walk the objects that imports create,
    for garbage that the end of the process frees anyway. At exit CPython would still run a full collection
    and take every module apart; coach runs the exit handlers, flushes its output and leaves at once.
    Reference counting still frees everything else as it goes, and every journal is closed by the command.
    """
    gc.disable()
    status_arguments = fast_arguments(sys.argv[1:])
    if status_arguments is not None:  # `coach status` for a shell prompt: before Typer is even imported
        exit_now(show_status(*status_arguments))
    exit_now(run_process(sys.argv[1:]))


def run_process(words: list[str]) -> object:
    """Run one command line as a process: signals that unwind, output that degrades, arguments checked to be
    text; the exit code."""
    handle_stop_signals()
    degrade_narrow_output()
    try:
        try:
            arguments = text_arguments(words)
        except CoachError as error:
            from coachcli.cli.console import report_error

            report_error(error)
            return 1
        return run(arguments)
    except StoppedBySignal as stopped:
        from coachcli.cli.console import KEPT

        with suppress(OSError):
            sys.stderr.write(f"\nStopped by {signal.Signals(stopped.number).name}. {KEPT}\n")
        return 128 + stopped.number


def run(arguments: list[str]) -> object:
    """Run the command line; its exit code (standard output flushed, or its failure reported)."""
    from coachcli.cli.app import app
    from coachcli.cli.console import report_output_failure

    try:
        app(args=arguments, prog_name="coach")
        code: object = 0
    except SystemExit as finished:
        code = finished.code
    try:
        sys.stdout.flush()
    except OSError as error:
        report_output_failure(error)
        code = code or 1
    return code


class StoppedBySignal(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that it unwinds like Ctrl-C: every `finally`
    removes its temporary files and every open transaction rolls back."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def stop_on_signal(number: int, _frame: object) -> None:
    """The handler of SIGTERM and SIGHUP: further signals are ignored while the first one unwinds."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    raise StoppedBySignal(number)


def handle_stop_signals() -> None:
    for stop in STOP_SIGNALS:
        signal.signal(stop, stop_on_signal)


def degrade_narrow_output() -> None:
    """Output in an encoding that cannot show every character (ascii, latin-1) gets replacement characters
    instead of a UnicodeEncodeError; files coach writes are always UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):
                reconfigure(errors="replace")


def text_arguments(arguments: list[str]) -> list[str]:
    """The command line as text: bytes that are not UTF-8 are an error naming the argument.

    Python decodes arguments with the locale's encoding and keeps bad bytes as surrogates; they are decoded
    again as UTF-8 (so that UTF-8 text typed in the C locale still works).
    """
    decoded = []
    for position, argument in enumerate(arguments, start=1):
        raw = os.fsencode(argument)
        try:
            decoded.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", errors="replace")
            raise InputError(
                f"argument {position} ({shown}) is not UTF-8 text; type it again, with your terminal set to UTF-8"
            ) from None
    return decoded


def exit_status(code: object) -> int:
    """The exit status SystemExit(code) gives: None is 0, a number itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    return 1


def exit_now(code: object) -> None:
    """Leave as `sys.exit(code)` would (exit handlers, flushed output, same status), without the teardown."""
    status = exit_status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            if stream is sys.stdout and status == 0:
                status = FLUSH_FAILED
    os._exit(status)
