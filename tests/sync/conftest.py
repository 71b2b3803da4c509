"""A `git` first on PATH that runs the real one, and kills its caller (coach) with SIGKILL at a chosen command:
COACH_TEST_GIT_KILL=N:MOMENT, the Nth git command of the process, "before" it runs, "during" it (git itself and
what it started killed too) or "after" it; every command's verb is appended to the file COACH_TEST_GIT_COUNT."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

FAKE_GIT = r"""
import os, signal, subprocess, sys
count_file = os.environ["COACH_TEST_GIT_COUNT"]
with open(count_file, "a+") as handle:
    handle.seek(0)
    number = len(handle.read().split()) + 1
    verb = next(word for word in sys.argv[1:] if not word.startswith("-") and "=" not in word)
    handle.write(verb + "\n")
at, _, moment = os.environ.get("COACH_TEST_GIT_KILL", "").partition(":")
caller = os.getppid()
if at == str(number) and moment == "before":
    os.kill(caller, signal.SIGKILL)
    sys.exit(1)
# git in a process group of its own: "during" kills it with every process it started (a local push's
# receive-pack), as a power cut would, so that nothing of it goes on writing after coach is gone.
process = subprocess.Popen([os.environ["COACH_TEST_REAL_GIT"], *sys.argv[1:]], start_new_session=True)
if at == str(number) and moment == "during":
    os.kill(caller, signal.SIGKILL)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    sys.exit(1)
code = process.wait()
if at == str(number) and moment == "after":
    os.kill(caller, signal.SIGKILL)
sys.exit(code)
"""


@pytest.fixture
def fake_git(tmp_path: Path) -> dict[str, str]:
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "git"
    script.write_text(f"#!{sys.executable}\n{FAKE_GIT}")
    script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "COACH_TEST_REAL_GIT": real}
