"""`coach calendar` read by real calendar programs nobody here wrote, imported again after the journal changed.

khal (pimutils' calendar) imports the events: `khal import` takes only VEVENTs (its split_ics "ignores all other
ics components"), so the to-dos go the way the same tools take a calendar file: vdirsyncer imports the file (a
`singlefile` storage) into a folder of items, which todoman lists. After `coach mark ID done` and a moved deadline,
the second import updates each item in place: nothing is duplicated, the to-do shows completed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("khal", reason="khal (the [test] extra) imports the calendar")
pytest.importorskip("vdirsyncer", reason="vdirsyncer (the [test] extra) imports the calendar's to-dos")
pytest.importorskip("todoman", reason="todoman (the [test] extra) lists the imported to-dos")

BIN = Path(sys.executable).parent
CET_RULE = "CET-1CEST,M3.5.0,M10.5.0/3"  # a POSIX TZ: local time with no IANA name, on a UTC machine


class Clients:
    """khal, vdirsyncer and todoman configured in a folder of their own (HOME and XDG folders too)."""

    def __init__(self, folder: Path, calendar_file: Path) -> None:
        self.folder = folder
        self.events = folder / "events"
        self.todos = folder / "todos"
        self.events.mkdir(parents=True)
        self.todos.mkdir()
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(folder),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "TZ": "Europe/Berlin",
            "LC_ALL": "C.UTF-8",
        }
        self.khal_config = folder / "khal.conf"
        self.khal_config.write_text(
            f"[calendars]\n[[coach]]\npath = {self.events}\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            "default_timezone = Europe/Berlin\nlocal_timezone = Europe/Berlin\n"
        )
        vdirsyncer_config = folder / "vdirsyncer.conf"
        vdirsyncer_config.write_text(
            f'[general]\nstatus_path = "{folder / "vdirsyncer-status"}/"\n\n'
            '[pair coach]\na = "coach_file"\nb = "coach_todos"\ncollections = null\n'
            'conflict_resolution = "a wins"\n\n'
            f'[storage coach_file]\ntype = "singlefile"\npath = "{calendar_file}"\nread_only = true\n\n'
            f'[storage coach_todos]\ntype = "filesystem"\npath = "{self.todos}/"\nfileext = ".ics"\n'
        )
        self.env["VDIRSYNCER_CONFIG"] = str(vdirsyncer_config)
        self.todoman_config = folder / "todoman_config.py"
        self.todoman_config.write_text(
            f'path = "{self.todos}"\ndate_format = "%Y-%m-%d"\ntime_format = "%H:%M"\n'
            f'cache_path = "{folder / "todoman.sqlite3"}"\n'
        )
        self.run("vdirsyncer", "discover", "coach")

    def run(self, program: str, *args: str) -> str:
        result = subprocess.run(
            [str(BIN / program), *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, f"{program} {args}: {result.stdout}\n{result.stderr}"
        return result.stdout

    def import_file(self, calendar_file: Path) -> None:
        """What a person does with a new calendar file: khal imports it, vdirsyncer brings its to-dos over."""
        self.run("khal", "-c", str(self.khal_config), "import", "--batch", str(calendar_file))
        self.run("vdirsyncer", "sync")

    def khal_list(self, start: str, end: str) -> list[tuple[str, ...]]:
        """(start, title, status) of each event from `start` to `end` (khal's day headings left out)."""
        output = self.run(
            "khal", "-c", str(self.khal_config), "list", "--format", "{start}|{title}|{status}", start, end
        )
        return [
            tuple(part.strip() for part in line.split("|")) for line in output.splitlines() if "|" in line
        ]

    def todo_list(self, status: str) -> list[dict]:
        output = self.run(
            "todo", "--config", str(self.todoman_config), "--porcelain", "list", "--status", status
        )
        return json.loads(output)

    def event_files(self) -> list[str]:
        return sorted(path.name for path in self.events.glob("*.ics"))


def test_khal_and_todoman_import_the_calendar_again_after_mark_done_and_nothing_is_doubled(
    coach, tmp_path, monkeypatch
):
    monkeypatch.setenv("TZ", CET_RULE)
    monkeypatch.setenv("COACH_TODAY", "2026-12-02")  # a Wednesday of 2026-W49
    calendar_file = tmp_path / "coach.ics"
    coach("goal", "add", "Run a half marathon in spring", "--by", "2027-04-30", "--no-input")
    coach("commit", "Stretch after each run", "--goal", "1")
    coach("commit", "Book a physio")
    coach("calendar", "-o", calendar_file)
    clients = Clients(tmp_path / "clients", calendar_file)
    clients.import_file(calendar_file)
    open_todos = clients.todo_list("NEEDS-ACTION")
    assert sorted(todo["summary"] for todo in open_todos) == ["Book a physio", "Stretch after each run"]

    coach("mark", "1", "done", "--note", "Every evening")
    coach("mark", "2", "let go")
    coach("goal", "edit", "1", "--by", "2027-05-14")
    coach("calendar", "-o", calendar_file)
    clients.import_file(calendar_file)

    todos = clients.todo_list("ANY")
    assert len(todos) == 2  # updated, not added again
    (completed,) = clients.todo_list("COMPLETED")
    assert completed["summary"] == "Stretch after each run" and completed["completed"] is True
    (cancelled,) = clients.todo_list("CANCELLED")
    assert cancelled["summary"] == "Book a physio"
    assert clients.todo_list("NEEDS-ACTION") == []

    assert clients.event_files() == ["goal-1-deadline@coach-journal.ics", "weekly-session@coach-journal.ics"]
    deadline = ("2027-05-14", "Deadline: Run a half marathon in spring", "CONFIRMED")
    assert [event for event in clients.khal_list("2027-04-01", "2027-06-01") if "Deadline" in event[1]] == [
        deadline
    ]
    # The session in floating local time: 16:00 wherever the calendar is (khal's zone is Berlin here).
    sessions = [event[0] for event in clients.khal_list("2026-12-03", "2026-12-12") if "session" in event[1]]
    assert sessions == ["2026-12-04 16:00", "2026-12-11 16:00"]
