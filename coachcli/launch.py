"""The `coach` console script: a process that lives for a moment, so it starts as quickly as it can."""

from __future__ import annotations

import gc


def main() -> None:
    """Run coach with the cyclic garbage collector off.

    A command lives for a fraction of a second; the collector would spend about 30 ms of each start-up
    walking the objects that imports create (measured in benchmarks/run.py), for garbage that the end of
    the process frees anyway. Reference counting still frees everything else as it goes.
    """
    gc.disable()
    from coachcli.cli.app import main as run_coach

    run_coach()
