"""The man pages are made from coach's real help (man/generate.py) and checked for drift, as the README is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.cli.app import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
MAN = ROOT / "man"


def test_the_man_pages_are_the_help_of_today():
    result = subprocess.run(
        [sys.executable, str(MAN / "generate.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_has_a_page():
    assert {path.name for path in MAN.glob("*.1")} == {"coach.1"} | {f"coach-{name}.1" for name in COMMANDS}


def test_a_page_holds_the_commands_usage_options_and_examples():
    page = (MAN / "coach-goal.1").read_text(encoding="utf-8")
    assert page.startswith('.TH COACH\\-GOAL 1 "" "coach" "coach manual"\n')
    assert "coach goal log [OPTIONS] ID VALUE" in page and "\\-\\-note TEXT" in page
    assert 'coach goal log 1 +3 \\-\\-on yesterday \\-\\-note "long run with Sam"' in page
    root = (MAN / "coach.1").read_text(encoding="utf-8")
    assert "COACH_DB" in root and "COACH_TODAY" in root and "COACH_CONFIG" in root


@pytest.mark.skipif(
    shutil.which("groff") is None, reason="groff is not installed (apt-get install groff-base)"
)
def test_the_pages_are_roff_without_warnings():
    for page in sorted(MAN.glob("*.1")):
        result = subprocess.run(["groff", "-man", "-ww", "-z", str(page)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stderr, f"{page.name}: {result.stderr}"
