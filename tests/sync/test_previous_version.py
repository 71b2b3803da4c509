"""A device on the previous coach version, installed in its own venv, exchanges changes with this one.

The previous version is commit f8dfc28 (`previous/coach-f8dfc28.tar.xz`, made with `git archive f8dfc28 coachcli
| xz -9e`): the first coach with `coach sync`, at schema revision 0009, before 0010 (calendar revisions, daily
routines). Its venv holds that coachcli and reaches the libraries through this environment's site-packages, so the
test needs no network. The older device's changes apply here at once; this device's wait, kept in the older
journal, until that device upgrades, and then apply.
"""

from __future__ import annotations

import json
import subprocess
import sysconfig
import tarfile
import venv
from pathlib import Path
from typing import Any

import pytest

from tests.sync.test_cli_sync import Device

PREVIOUS = Path(__file__).with_name("previous") / "coach-f8dfc28.tar.xz"


@pytest.fixture(scope="module")
def previous_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a venv holding the previous coach."""
    folder = tmp_path_factory.mktemp("previous") / "venv"
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    with tarfile.open(PREVIOUS) as archive:
        archive.extractall(site, filter="data")
    # Its own coachcli comes first on its path; the libraries come from this environment.
    libraries = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "libraries.pth").write_text("".join(f"{path}\n" for path in sorted(libraries)))
    return python


class PreviousDevice(Device):
    """A device whose `coach` is the previous version, run as its own process."""

    def __init__(self, root: Path, name: str, python: Path) -> None:
        super().__init__(root, name)
        self.python = python

    def run(self, *args: Any, expect: int = 0) -> Any:
        result = subprocess.run(
            [self.python, "-m", "coachcli", *map(str, args)],
            env={"PATH": "/usr/bin:/bin", **self.env},
            cwd=self.python.parent,  # never this checkout, whose coachcli `-m` would find first
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == expect, f"{self.name}: coach {args}: {result.stdout}{result.stderr}"
        return result

    def json(self, *args: Any) -> Any:
        return json.loads(self.run(*args, "--format", "json").stdout)


def test_the_previous_coach_is_what_the_older_device_runs(previous_python: Path):
    found = subprocess.run(
        [previous_python, "-c", "import coachcli.store.db as db; print(db.__file__, db.HEAD_REVISION)"],
        cwd=previous_python.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    where, revision = found.stdout.split()
    assert where.startswith(str(previous_python.parents[1])) and revision == "0009"


def test_a_device_on_the_previous_coach_exchanges_changes_with_this_one(
    tmp_path: Path, previous_python: Path
):
    place = tmp_path / "place"
    place.mkdir()
    older = PreviousDevice(tmp_path, "older", previous_python)
    newer = Device(tmp_path, "newer")
    older.run("goal", "add", "Run a half marathon in spring", "--target", "40", "--no-input")
    older.run("sync", "init", place, "--name", "older", "--write-recovery", tmp_path / "recovery.txt")
    newer.run("sync", "join", place, "--key-file", tmp_path / "recovery.txt", "--name", "newer")
    assert [goal["title"] for goal in newer.json("goal", "list")] == ["Run a half marathon in spring"]

    # The older device's changes apply here at once.
    older.run("goal", "log", "1", "12", "--note", "a good start")
    older.run("commit", "Run twice", "--goal", "1", "--confidence", "8")
    older.run("sync")
    assert "applied" in newer.run("sync").stdout
    assert [c["text"] for c in newer.json("export")["commitments"]] == ["Run twice"]

    # This device's changes wait on the older one, kept, and apply once it upgrades.
    newer.run("goal", "edit", "1", "--why", "health")
    newer.run("commit", "Stretch", "--every", "day")  # a daily routine: 0010's, which the older coach lacks
    newer.run("sync")
    waiting = older.run("sync").stdout
    assert "waiting for a newer coach" in waiting, waiting
    assert older.json("goal", "show", "1")["why"] in (None, "")
    older.run("goal", "log", "1", "15")  # it goes on working, and sending, meanwhile
    older.run("sync")
    newer.run("sync")

    upgraded = Device(tmp_path, "older")  # the same home and journal, now opened by this coach
    upgraded.run("sync")
    newer.run("sync")
    assert upgraded.json("export") == newer.json("export")
    export = newer.json("export")
    assert export["goals"][0]["why"] == "health"
    assert [checkin["value"] for checkin in export["checkins"]] == [12, 15]
    assert [(routine["text"], routine["every"]) for routine in export["routines"]] == [("Stretch", "day")]
    assert {c["text"] for c in export["commitments"]} == {"Run twice", "Stretch"}
