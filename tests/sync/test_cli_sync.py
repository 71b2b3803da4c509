"""`coach sync` through the real command on two and three devices: separate homes and journals, a folder PLACE."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coachcli.cli.app import app
from tests.conftest import TODAY


class Device:
    """One device: its own home (config, key files, data) and journal."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        home = root / name
        self.env = {
            "HOME": str(home),
            "COACH_DB": str(home / "coach.db"),
            "COACH_CONFIG": str(home / "config" / "config.toml"),
            "XDG_DATA_HOME": str(home / "data"),
            "COACH_TODAY": TODAY,
        }

    def run(self, *args: Any, expect: int = 0) -> Any:
        result = CliRunner().invoke(app, [str(arg) for arg in args], env=self.env)
        assert result.exit_code == expect, f"{self.name}: coach {args}: {result.stdout}{result.stderr}"
        return result

    def json(self, *args: Any) -> Any:
        return json.loads(self.run(*args, "--format", "json").stdout)


@pytest.fixture
def place(tmp_path: Path) -> Path:
    folder = tmp_path / "place"
    folder.mkdir()
    return folder


def started(tmp_path: Path, place: Path, names: list[str]) -> list[Device]:
    first, *others = (Device(tmp_path, name) for name in names)
    first.run("goal", "add", "Run a half marathon in spring", "--target", "40", "--no-input")
    first.run("sync", "init", place, "--name", first.name, "--write-recovery", tmp_path / "recovery.txt")
    for other in others:
        other.run("sync", "join", place, "--key-file", tmp_path / "recovery.txt", "--name", other.name)
    return [first, *others]


# One command of each kind of SPEC's list that changes the journal, on the device that runs it.
COMMANDS: list[tuple[Any, ...]] = [
    ("goal", "add", "Read twelve books this year", "--tag", "mind", "--no-input"),
    ("goal", "edit", "1", "--why", "health"),
    ("goal", "log", "1", "12", "--note", "a good start"),
    ("strengths", "add", "Learner", "Focus"),
    ("strategy", "add", "1", "Run with the club", "--strength", "Focus"),
    ("commit", "Run twice", "--goal", "1", "--when", "mornings", "--confidence", "8"),
    ("mark", "1", "done", "--note", "felt good"),
    ("commit", "Stretch", "--every", "week"),
    ("week", "note", "2026-W48", "A full week"),
    ("reflect", "I always skip the long run", "--goal", "1", "--tag", "running"),
    ("reframe", "1", "I skipped it once this month"),
    ("goal", "done", "2"),
    ("strengths", "remove", "Learner"),
]


def test_every_command_on_one_device_shows_up_on_the_others_and_exports_agree(tmp_path: Path, place: Path):
    laptop, desktop, phone = started(tmp_path, place, ["laptop", "desktop", "phone"])
    for position, command in enumerate(COMMANDS):
        [laptop, desktop, phone][position % 3].run(*command)
        [laptop, desktop, phone][position % 3].run("sync")
        for device in (laptop, desktop, phone):
            device.run("sync")
    laptop.run("goal", "delete", "2", "--yes")
    laptop.run("undo")  # a device's undo is a change the others get too
    desktop.run("journal", "delete", "1", "--yes")
    for _ in range(2):
        for device in (laptop, desktop, phone):
            device.run("sync")
    exports = [device.json("export") for device in (laptop, desktop, phone)]
    assert exports[0] == exports[1] == exports[2]
    export = exports[0]
    assert [goal["title"] for goal in export["goals"]] == [
        "Run a half marathon in spring",
        "Read twelve books this year",
    ]
    assert {strength["name"] for strength in export["strengths"]} == {"Focus"}
    assert export["reflections"] == []
    assert (
        export["week_notes"] == [{"week": "2026-W48", "text": "A full week"}]
        or export["week_notes"][0]["text"] == "A full week"
    )
    assert [c["status"] for c in export["commitments"] if c["text"] == "Run twice"] == ["done"]


def test_two_devices_adding_goal_4_offline_keep_both_and_say_so(tmp_path: Path, place: Path):
    laptop, desktop = started(tmp_path, place, ["laptop", "desktop"])
    for title in ("Two two two", "Three three three"):
        laptop.run("goal", "add", title, "--no-input")
    laptop.run("sync")
    desktop.run("sync")
    laptop.run("goal", "add", "Laptop's fourth goal here", "--no-input")
    desktop.run("goal", "add", "Desktop's fourth goal here", "--no-input")
    laptop.run("sync")
    assert "Your goal 4 is now goal 5" in desktop.run("sync").stdout
    assert "Goal 4 from desktop is goal 5 here." in laptop.run("sync").stdout
    for device in (laptop, desktop):
        titles = {goal["id"]: goal["title"] for goal in device.json("goal", "list")}
        assert titles[4] == "Laptop's fourth goal here" and titles[5] == "Desktop's fourth goal here"


def test_a_conflict_is_listed_counted_and_kept_on_request(tmp_path: Path, place: Path):
    laptop, desktop = started(tmp_path, place, ["laptop", "desktop"])
    laptop.run("goal", "edit", "1", "--title", "Run a full marathon in spring")
    desktop.run("goal", "edit", "1", "--title", "Run a trail race in spring")
    laptop.run("sync")
    said = desktop.run("sync").stdout
    assert "1 change from laptop applied, 1 sent; 1 conflict (coach sync conflicts)" in said
    laptop.run("sync")
    for device in (laptop, desktop):
        [conflict] = device.json("sync", "conflicts")
        assert conflict["entry"] == "goal 1" and conflict["field"] == "title"
        assert conflict["kept"] == "Run a trail race in spring"  # the later edit
        assert conflict["lost"] == "Run a full marathon in spring" and conflict["lost_device"] == "laptop"
        assert "1 sync conflict" in device.run("status").stdout
        assert device.json("sync", "status")["conflicts"] == 1
    laptop.run("sync", "keep", conflict["id"])
    laptop.run("sync")
    desktop.run("sync")
    for device in (laptop, desktop):
        assert device.json("goal", "show", "1")["title"] == "Run a full marathon in spring"
        assert device.json("sync", "conflicts") == []


def test_join_refuses_a_journal_that_is_not_empty_and_says_how(tmp_path: Path, place: Path):
    started(tmp_path, place, ["laptop"])
    other = Device(tmp_path, "other")
    other.run("goal", "add", "Something of my own here", "--no-input")
    result = other.run("sync", "join", place, "--key-file", tmp_path / "recovery.txt", expect=1)
    assert "is not empty" in result.stderr and "--db" in result.stderr


def test_init_refuses_a_journal_inside_place(tmp_path: Path):
    device = Device(tmp_path, "laptop")
    result = device.run("sync", "init", tmp_path / "laptop", "--write-recovery", tmp_path / "r.txt", expect=1)
    assert "inside" in result.stderr


def test_sync_auto_syncs_every_change_and_an_unreachable_place_is_one_warning(tmp_path: Path, place: Path):
    laptop, desktop = started(tmp_path, place, ["laptop", "desktop"])
    desktop.run("config", "set", "sync.auto", "true")
    said = desktop.run("goal", "log", "1", "7")
    assert "1 change sent." in said.stdout
    assert "1 change from desktop applied" in laptop.run("sync").stdout
    place.rename(tmp_path / "away")
    said = desktop.run("goal", "log", "1", "9")
    assert said.stderr.count("\n") == 1 and said.stderr.startswith("Not synced (")
    assert desktop.json("sync", "status")["pending"] == 1
