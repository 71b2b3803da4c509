"""The `coach` console script: a process that lives for a moment, so it starts and ends as quickly as it can."""

from __future__ import annotations

import gc
import os
import sys

# What CPython itself exits with when it cannot flush standard output at shutdown (e.g. a closed pipe).
FLUSH_FAILED = 120


def main() -> None:
    """Run coach with the cyclic garbage collector off, and end the process without tearing it down.

    A command lives for a fraction of a second; the collector would spend a good part of each start-up
    walking the objects that imports create, for garbage that the end of the process frees anyway. At exit
    CPython still runs a full collection and takes every module apart (benchmarks/run.py measures what that
    costs); coach runs the exit handlers, flushes its output and leaves at once.
    Reference counting still frees everything else as it goes, and every journal is closed by the command.
    """
    gc.disable()
    from coachcli.status_line import fast_arguments

    status_arguments = fast_arguments(sys.argv[1:])
    if status_arguments is not None:  # `coach status` for a shell prompt: before Typer is even imported
        from coachcli.status_line import show_status

        exit_now(show_status(*status_arguments))
    from coachcli.cli.app import main as run_coach

    try:
        run_coach()
    except SystemExit as stop:
        exit_now(stop.code)
    exit_now(0)


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
    import atexit

    status = exit_status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            if stream is sys.stdout and status == 0:
                status = FLUSH_FAILED
    os._exit(status)
