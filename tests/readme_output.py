"""The output the README shows, made by the real commands (cog runs this from README.md).

Regenerate the README's output blocks with `cog -r -I . README.md`; tests/test_docs.py runs `cog --check`, so
a command whose output changed without the README fails the suite (sqlite-utils does the same with cog).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

TODAY = "2026-11-25"  # the README's today, as in the tests


def coach_output(command: str, journal: Path) -> str:
    """What `command` (a line starting `coach `) prints on a journal, as plain text without trailing spaces."""
    words = shlex.split(command)
    assert words[0] == "coach", command
    env = {name: value for name, value in os.environ.items() if not name.startswith(("COACH_", "PAGER"))}
    env.update(
        COACH_DB=str(journal / "coach.db"),
        COACH_CONFIG=str(journal / "config.toml"),
        COACH_TODAY=TODAY,
        NO_COLOR="1",
        COLUMNS="80",
    )
    result = subprocess.run(
        [sys.executable, "-m", "coachcli", *words[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"
    return "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())


def shown(command: str, *, after: Sequence[str] = ()) -> str:
    """A fenced block: `$ command` and what it prints on a fresh journal where the commands `after` ran."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder)
        for setup in after:
            coach_output(setup, journal)
        return f"```\n$ {command}\n{coach_output(command, journal)}```\n"
