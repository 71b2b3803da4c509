"""kill -9 at every git command of a sync through a bare repository (before it, while it runs, after it): the
next sync recovers, sends everything, and never reuses a seq or forces a push.

The process killed is a real one running the exchange the way `coach sync` does (refresh, read, send, ack,
publish), with a `git` first on PATH that runs the real one and kills its caller at the chosen moment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.sync.exchange import Exchange, create_journal
from coachcli.sync.place import open_place

KEY = bytes(range(32))

# One sync of a device, as `coach sync` does it; what it has sent is kept in a state file (its "database"),
# written after each send as the journal's count would be committed.
DRIVER = r"""
import json, sys
from pathlib import Path
from coachcli.sync.exchange import Exchange
from coachcli.sync.place import open_place

remote, data, device, state_file, wanted = sys.argv[1:6]
state_path = Path(state_file)
state = json.loads(state_path.read_text()) if state_path.exists() else {"sent": 0, "done": [], "seen": {}}
place = open_place(remote, Path(data), lambda message: print(message, file=sys.stderr))
place.refresh()
exchange = Exchange(place, bytes(range(32)), device)
exchange.journal()
for batch in exchange.incoming(state["seen"]):
    state["seen"][batch.device] = batch.seq
for payload in wanted.split(","):
    if payload and payload not in state["done"]:
        state["sent"] = exchange.send(payload.encode(), "0009", state["sent"])
        state["done"].append(payload)
        state_path.write_text(json.dumps(state))
exchange.acknowledge(state["seen"], device, state["sent"])
state_path.write_text(json.dumps(state))
place.publish()
"""


def run_sync(folder: Path, device: str, wanted: str, **environment: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", DRIVER, str(folder / "remote.git"), str(folder / device), device]
    return subprocess.run(
        [*command, str(folder / f"{device}.json"), wanted],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def started(folder: Path, fake_git: dict[str, str]) -> None:
    """A bare remote holding a journal that the laptop synced once, and an op of the desktop's since."""
    folder.mkdir()
    subprocess.run(["git", "init", "--quiet", "--bare", str(folder / "remote.git")], check=True)
    desktop = open_place(str(folder / "remote.git"), folder / "desktop", print)
    desktop.refresh()
    create_journal(desktop, KEY, "journal-1")
    desktop.publish()
    first = run_sync(folder, "laptop", "a", COACH_TEST_GIT_COUNT=str(folder / "first.count"), **fake_git)
    assert first.returncode == 0, first.stderr
    Exchange(desktop, KEY, "desktop").send(b"d1", "0009")
    desktop.publish()


def received(folder: Path) -> list[tuple[int, bytes]]:
    """What a third device finds of the laptop's ops in the remote."""
    reader = open_place(str(folder / "remote.git"), folder / "reader", print)
    reader.refresh()
    return [
        (batch.seq, batch.payload)
        for batch in Exchange(reader, KEY, "reader").incoming({})
        if batch.device == "laptop"
    ]


# The git commands that change something (in the clone or the remote): killed while they run, right after, and
# torn by a power cut. Killing before each command covers the moments between the others.
CHANGING = {"clone", "fetch", "rebase", "reset", "checkout", "add", "commit", "push"}


@pytest.mark.parametrize("moment", ["before", "during", "after", "torn"])
def test_kill_9_at_every_git_command_of_a_sync_is_recovered_by_the_next(tmp_path, fake_git, moment):
    case = tmp_path / "case"  # every case runs at this one path: the clones know their remote by it
    started(case, fake_git)
    template = tmp_path / "template"
    case.rename(template)
    shutil.copytree(template, case, symlinks=True)
    counted = run_sync(case, "laptop", "b,c", COACH_TEST_GIT_COUNT=str(tmp_path / "dry.count"), **fake_git)
    assert counted.returncode == 0, counted.stderr
    verbs = (tmp_path / "dry.count").read_text().split()
    assert {"fetch", "rebase", "add", "commit", "push"} <= set(verbs)
    for number, verb in enumerate(verbs, start=1):
        if moment != "before" and verb not in CHANGING:
            continue
        shutil.rmtree(case)
        shutil.copytree(template, case, symlinks=True)
        count = str(tmp_path / f"count-{number}")
        kill = f"{number}:{moment}"
        killed = run_sync(
            case, "laptop", "b,c", COACH_TEST_GIT_COUNT=count, COACH_TEST_GIT_KILL=kill, **fake_git
        )
        assert killed.returncode == -9, (verb, killed.stderr)
        again = run_sync(case, "laptop", "b,c,d", COACH_TEST_GIT_COUNT=count, **fake_git)
        assert again.returncode == 0, (verb, again.stderr)
        ops = received(case)
        seqs = [seq for seq, _ in ops]
        assert seqs == list(range(1, len(seqs) + 1)), (verb, ops)  # no gap, no seq used twice
        assert {b"a", b"b", b"c", b"d"} <= {payload for _, payload in ops}, (verb, ops)
        shutil.rmtree(case / "reader")
