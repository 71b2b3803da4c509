"""PLACE through the real `coach sync`: devices over a bare git repository, files damaged, foreign or left by sync
tools skipped with a warning, nothing of the journal readable in PLACE, kill -9 in the middle of git, a rotated key
carried over, and a device forgotten."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coachcli.sync.place import ALONE
from tests.sync.test_cli_sync import COMMANDS, Device, started

ROOT = Path(__file__).resolve().parents[2]
# What the journal holds, which must never be found in PLACE (titles, notes, a reflection and its reframe).
SECRETS = ("half marathon", "twelve books", "a good start", "felt good", "A full week", "skip the long run")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def test_three_devices_over_a_bare_git_repository_converge(tmp_path: Path, remote: Path):
    laptop, desktop, phone = started(tmp_path, remote, ["laptop", "desktop", "phone"])
    devices = [laptop, desktop, phone]
    for position, command in enumerate(COMMANDS[:9]):
        devices[position % 3].run(*command)
        for device in devices[position % 3 :] + devices[: position % 3]:
            device.run("sync")
    for _ in range(2):
        for device in devices:
            device.run("sync")
    exports = [device.json("export") for device in devices]
    assert exports[0] == exports[1] == exports[2]
    assert len(exports[0]["goals"]) == 2 and exports[0]["goals"][1]["title"] == "Read twelve books this year"
    names = [device["name"] for device in laptop.json("sync", "status")["devices"]]
    assert names == ["desktop", "laptop", "phone"]
    log = subprocess.run(["git", "-C", str(remote), "log", "--format=%an %s"], capture_output=True, text=True)
    assert log.stdout.splitlines() and all(
        line.startswith("coach coach: ") for line in log.stdout.splitlines()
    )


def test_two_devices_over_git_exchange_both_ways(tmp_path: Path, remote: Path):
    laptop, desktop = started(tmp_path, remote, ["laptop", "desktop"])
    laptop.run("goal", "log", "1", "10")
    desktop.run("goal", "log", "1", "15")
    desktop.run("reflect", "Mornings work best for me")
    assert "1 change sent." in laptop.run("sync").stdout
    assert "applied" in desktop.run("sync").stdout
    laptop.run("sync")
    assert laptop.json("export") == desktop.json("export")


def test_nothing_of_the_journal_can_be_read_in_place(tmp_path: Path, remote: Path):
    folder = tmp_path / "place"
    folder.mkdir()
    for where, root in ((folder, tmp_path / "by-folder"), (remote, tmp_path / "by-git")):
        devices = started(root, where, ["laptop", "desktop"])
        for position, command in enumerate(COMMANDS[:11]):
            devices[position % 2].run(*command)
            devices[position % 2].run("sync")
            devices[(position + 1) % 2].run("sync")
        devices[0].run("sync")
        assert devices[0].json("export")["reflections"]  # the text is there, in the journals
    clones = sorted((tmp_path / "by-git").glob("*/data/coach/sync/*"))
    assert clones  # the private clones' files, as git checked them out
    history = subprocess.run(["git", "-C", str(remote), "log", "-p", "--all", "--text"], capture_output=True)
    for secret in SECRETS:
        found = subprocess.run(
            ["grep", "-r", "-i", "-l", secret, str(folder), *map(str, clones)], capture_output=True
        )
        assert found.returncode == 1, (secret, found.stdout)  # grep: nothing found
        assert secret.lower().encode() not in history.stdout.lower()
    assert "laptop" not in (folder / "journal").read_text()


def test_damaged_foreign_and_sync_tool_files_are_skipped_with_a_warning(tmp_path: Path):
    place = tmp_path / "place"
    place.mkdir()
    laptop, desktop = started(tmp_path, place, ["laptop", "desktop"])
    for value in ("11", "12", "13", "14"):
        laptop.run("goal", "log", "1", value)
        laptop.run("sync")
    (ops,) = [folder for folder in (place / "ops").iterdir()]
    files = {int(path.name): path for path in ops.iterdir()}
    assert sorted(files) == [1, 2, 3, 4]
    whole = {number: path.read_bytes() for number, path in files.items()}
    files[2].write_bytes(whole[2][:-7])  # truncated, as a sync tool mid-copy leaves it
    files[3].write_bytes(whole[3][:-1] + bytes([whole[3][-1] ^ 1]))  # altered
    files[4].rename(ops / "9")  # renamed
    other = tmp_path / "other"
    other.mkdir()
    stranger = started(tmp_path / "foreign", other, ["stranger"])[0]
    stranger.run("goal", "log", "1", "99")
    stranger.run("sync")
    (foreign,) = list((other / "ops").iterdir())
    shutil.copytree(foreign, place / "ops" / foreign.name)  # another journal's file
    junk = [
        ops / "5.tmp",
        ops / "5 (desktop's conflicted copy 2026-11-25)",
        place / "acks" / ("x.sync-conflict-20261125-101010-ABCDEFG"),
        ops / ".6.icloud",
        ops / "1~",
        place / ".DS_Store",
    ]
    for path in junk:
        path.write_bytes(b"left by a sync tool")
    result = desktop.run("sync")
    warnings = result.stderr.splitlines()
    for path in junk:
        assert sum(str(path.relative_to(place)) in line for line in warnings) == 1, (path, warnings)
    assert any(f"ops/{ops.name}/2" in line and "cut short" in line for line in warnings), warnings
    assert any(f"ops/{foreign.name}/1" in line and "does not have" in line for line in warnings), warnings
    assert "1 change from laptop applied" in result.stdout  # the first file; the later ones wait
    assert [entry["value"] for entry in desktop.json("goal", "show", "1")["checkins"]] == [11]
    # The sync tool finishes its copies: the damaged files are whole again, and everything arrives in order.
    files[2].write_bytes(whole[2])
    files[3].write_bytes(whole[3])
    (ops / "9").rename(files[4])
    assert "3 changes from laptop applied" in desktop.run("sync").stdout
    assert [entry["value"] for entry in desktop.json("goal", "show", "1")["checkins"]] == [11, 12, 13, 14]


def test_a_rotated_key_carries_the_other_devices_over(tmp_path: Path, remote: Path):
    laptop, desktop = started(tmp_path, remote, ["laptop", "desktop"])
    laptop.run("key", "rotate", "--yes", "--write-recovery", tmp_path / "new-recovery.txt")
    laptop.run("goal", "add", "A goal after the new key", "--no-input")
    laptop.run("sync")
    said = desktop.run("sync").stdout
    assert "new key" in said and "1 change from laptop applied" in said
    desktop.run("goal", "log", "1", "5")
    desktop.run("sync")
    phone = Device(tmp_path, "phone")  # a new device needs only the new recovery key
    phone.run("sync", "join", remote, "--key-file", tmp_path / "new-recovery.txt", "--name", "phone")
    laptop.run("sync")
    assert laptop.json("export") == desktop.json("export") == phone.json("export")
    assert len(phone.json("goal", "list")) == 2


def test_a_device_that_is_gone_is_forgotten_after_asking(tmp_path: Path):
    place = tmp_path / "place"
    place.mkdir()
    laptop, _desktop, _phone = started(tmp_path, place, ["laptop", "desktop", "phone"])
    laptop.run("sync")
    refused = laptop.run("sync", "forget", "phone", expect=1)
    assert refused.stderr.startswith("Error: forgetting a device needs a yes")
    assert "no device called 'tablet'" in laptop.run("sync", "forget", "tablet", expect=1).stderr
    assert "phone is forgotten" in laptop.run("sync", "forget", "phone", "--yes").stdout
    names = [device["name"] for device in laptop.json("sync", "status")["devices"]]
    assert names == ["desktop", "laptop"]


# kill -9 in the middle of git, through the real command.

COACH = [sys.executable, "-m", "coachcli"]


def coach_process(device: Device, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **device.env, **environment}
    return subprocess.run([*COACH, *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_kill_9_during_a_git_pull_or_push_is_recovered_by_the_next_coach_sync(tmp_path: Path, fake_git):
    case = tmp_path / "case"  # every case runs at this one path: the clones know their remote by it
    remote = case / "remote.git"
    case.mkdir()
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    laptop, desktop = started(case, remote, ["laptop", "desktop"])
    desktop.run("goal", "log", "1", "7")
    desktop.run("sync")  # the laptop's sync below pulls this, then pushes its own
    laptop.run("goal", "add", "Swim once a week", "--no-input")
    template = tmp_path / "template"
    case.rename(template)
    shutil.copytree(template, case, symlinks=True)
    counted = coach_process(laptop, "sync", COACH_TEST_GIT_COUNT=str(tmp_path / "dry"), **fake_git)
    assert counted.returncode == 0, counted.stderr
    verbs = (tmp_path / "dry").read_text().split()
    kills = [
        (number, "during") for number, verb in enumerate(verbs, 1) if verb in {"fetch", "rebase", "push"}
    ]
    kills += [(number, "after") for number, verb in enumerate(verbs, 1) if verb in {"commit", "push"}]
    kills += [(number, "torn") for number, verb in enumerate(verbs, 1) if verb == "rebase"]
    assert len(kills) >= 6, verbs
    for number, moment in kills:
        shutil.rmtree(case)
        shutil.copytree(template, case, symlinks=True)
        count = str(tmp_path / f"count-{number}-{moment}")
        kill = f"{number}:{moment}"
        killed = coach_process(
            laptop, "sync", COACH_TEST_GIT_COUNT=count, COACH_TEST_GIT_KILL=kill, **fake_git
        )
        assert killed.returncode == -9, (verbs[number - 1], moment, killed.stderr)
        again = coach_process(laptop, "sync", COACH_TEST_GIT_COUNT=count, **fake_git)
        assert again.returncode == 0, (verbs[number - 1], moment, again.stderr)
        desktop.run("sync")
        laptop.run("sync")
        assert laptop.json("export") == desktop.json("export"), (verbs[number - 1], moment)
        assert [goal["title"] for goal in desktop.json("goal", "list")][-1] == "Swim once a week"
        with sqlite3.connect(laptop.env["COACH_DB"]) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_git_remote_that_cannot_be_reached_is_one_error_line_and_the_changes_wait(
    tmp_path: Path, remote: Path
):
    (laptop,) = started(tmp_path, remote, ["laptop"])
    laptop.run("goal", "log", "1", "3")
    remote.rename(tmp_path / "unplugged.git")
    result = laptop.run("sync", expect=1)
    assert result.stderr.startswith(f"Error: git could not fetch {remote}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    (tmp_path / "unplugged.git").rename(remote)
    assert "1 change sent." in laptop.run("sync").stdout


def clone_of(device: Device) -> Path:
    """The device's private clone of the git remote."""
    (git_folder,) = Path(device.env["XDG_DATA_HOME"]).glob("coach/sync/*/.git")
    return git_folder.parent


def test_every_lock_a_killed_git_left_in_the_clone_is_cleared_by_the_next_sync(tmp_path: Path, remote: Path):
    laptop, desktop = started(tmp_path, remote, ["laptop", "desktop"])
    laptop.run("goal", "log", "1", "10")
    git_folder = clone_of(laptop) / ".git"
    branch = subprocess.run(
        ["git", "-C", str(git_folder.parent), "symbolic-ref", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    # What git commit, fetch and rebase hold while they run, as a kill -9 or a power cut leaves them.
    left = ["index.lock", "HEAD.lock", "ORIG_HEAD.lock", "packed-refs.lock", "config.lock"]
    left += [f"refs/heads/{branch}.lock", f"refs/remotes/origin/{branch}.lock"]
    an_hour_ago = os.stat(git_folder).st_mtime - 3600
    for name in left:
        (git_folder / name).write_text("0" * 40 + "\n")
        os.utime(git_folder / name, (an_hour_ago, an_hour_ago))
    assert "1 change sent." in laptop.run("sync").stdout
    assert not [name for name in left if (git_folder / name).exists()]
    assert "1 change from laptop applied" in desktop.run("sync").stdout
    assert laptop.json("export") == desktop.json("export")


def test_a_second_coach_sync_while_one_runs_git_in_the_clone_stops_with_one_line(
    tmp_path: Path, remote: Path
):
    fcntl = pytest.importorskip("fcntl")
    (laptop,) = started(tmp_path, remote, ["laptop"])
    laptop.run("goal", "log", "1", "10")
    clone = clone_of(laptop)
    descriptor = os.open(clone / ".git" / ALONE, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # as the first coach sync holds it while its git runs
        result = laptop.run("sync", expect=1)
    finally:
        os.close(descriptor)
    assert result.stderr == (
        f"Error: another coach sync is using {remote} from this device now; run coach sync again once it ends\n"
    )
    assert "1 change sent." in laptop.run("sync").stdout


def test_a_lock_a_killed_git_left_in_the_remote_is_named_in_one_error_line(tmp_path: Path, remote: Path):
    (laptop,) = started(tmp_path, remote, ["laptop"])
    laptop.run("goal", "log", "1", "10")
    (branch,) = (remote / "refs" / "heads").iterdir()  # what coach pushed to
    lock = branch.with_name(branch.name + ".lock")
    lock.touch()  # as a push killed on the remote's side leaves it: coach never removes a file there
    result = laptop.run("sync", expect=1)
    assert result.stderr.startswith(f"Error: git could not push to {remote}: cannot lock ref ")
    assert f"{lock.name}': File exists." in result.stderr
    assert (
        "if no device is syncing now, a git that was killed there left that file: remove it" in result.stderr
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    lock.unlink()
    laptop.run("sync")  # the change was sent into the clone: this sync pushes it
    heads = [
        subprocess.run(
            ["git", "-C", str(folder), "rev-parse", branch.name], capture_output=True, text=True
        ).stdout
        for folder in (remote, clone_of(laptop))
    ]
    assert heads[0] == heads[1] != ""
