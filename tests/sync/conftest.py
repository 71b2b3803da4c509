"""A `git` first on PATH that runs the real one, and kills its caller (coach) with SIGKILL at a chosen command:
COACH_TEST_GIT_KILL=N:MOMENT, the Nth git command of the process, "before" it runs, "during" it (git itself and
what it started killed too), "after" it, or "torn": after it, as a power cut leaves a git that had written the
work tree's files but not its index and refs, and the disk held only the first half of those files' data;
every command's verb is appended to the file COACH_TEST_GIT_COUNT."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

FAKE_GIT = r"""
import os, shutil, signal, subprocess, sys, time
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
kept = {}
started = time.time_ns() - 20_000_000  # the file system's clock is coarser than this one
torn = at == str(number) and moment == "torn" and os.path.isdir(".git")  # not a clone: it has its own
if torn:
    for name in ("index", "HEAD", "ORIG_HEAD", "packed-refs"):
        if os.path.exists(os.path.join(".git", name)):
            with open(os.path.join(".git", name), "rb") as handle:
                kept[name] = handle.read()
    shutil.copytree(os.path.join(".git", "refs"), os.path.join(".git", "refs.kept"))
process = subprocess.Popen([os.environ["COACH_TEST_REAL_GIT"], *sys.argv[1:]], start_new_session=True)
if at == str(number) and moment == "during":
    os.kill(caller, signal.SIGKILL)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    sys.exit(1)
code = process.wait()
if torn:
    for name in ("index", "HEAD", "ORIG_HEAD", "packed-refs"):
        if name in kept:
            with open(os.path.join(".git", name), "wb") as handle:
                handle.write(kept[name])
        elif os.path.exists(os.path.join(".git", name)):
            os.remove(os.path.join(".git", name))
    shutil.rmtree(os.path.join(".git", "refs"))
    os.rename(os.path.join(".git", "refs.kept"), os.path.join(".git", "refs"))
    for folder, folders, files in os.walk("."):
        folders[:] = [name for name in folders if name != ".git"]
        for name in files:
            if os.stat(os.path.join(folder, name)).st_mtime_ns >= started:
                os.truncate(os.path.join(folder, name), os.stat(os.path.join(folder, name)).st_size // 2)
if at == str(number) and moment in {"after", "torn"}:
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
