"""contrib/: the crontab lines and the systemd user units parse, fire when the README says, and their commands
run the real `coach` (here the one installed in this environment, put where the files expect it)."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

CONTRIB = Path(__file__).resolve().parent.parent / "contrib"
UNITS = CONTRIB / "systemd"
CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def cron_entries() -> list[tuple[list[str], str]]:
    """The crontab's jobs: five time fields and the command, every other line a comment or blank."""
    entries = []
    for line in (CONTRIB / "crontab").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split(None, 5)
        assert len(fields) == 6, f"not a cron job: {line!r}"
        entries.append((fields[:5], fields[5]))
    return entries


def cron_values(field: str, low: int, high: int) -> set[int]:
    """The values a cron field stands for: *, N, N-M, lists and steps."""
    values: set[int] = set()
    for part in field.split(","):
        spread, _, step = part.partition("/")
        if spread == "*":
            first, last = low, high
        elif "-" in spread:
            first, last = (int(value) for value in spread.split("-"))
        else:
            first = last = int(spread)
        assert low <= first <= last <= high, f"{field} is out of range {low}-{high}"
        values.update(range(first, last + 1, int(step) if step else 1))
    return values


def fires_at(fields: list[str], moment: datetime) -> bool:
    minute, hour, day, month, weekday = (
        cron_values(field, low, high) for field, (low, high) in zip(fields, CRON_RANGES, strict=True)
    )
    weekdays = {value % 7 for value in weekday}
    return (
        moment.minute in minute
        and moment.hour in hour
        and moment.day in day
        and moment.month in month
        and moment.isoweekday() % 7 in weekdays
    )


@pytest.fixture
def home(tmp_path, journal) -> Path:
    """A home folder with `coach` in ~/.local/bin, as pipx installs it."""
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "share" / "coach").mkdir(parents=True)
    installed = shutil.which("coach", path=str(Path(sys.executable).parent))
    assert installed, "the coach console script of this environment"
    (home / ".local" / "bin" / "coach").symlink_to(installed)
    return home


def run_shell(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, env=env, timeout=60)


def test_the_crontab_reminds_on_friday_before_the_session_and_refreshes_the_calendar_daily():
    (status_fields, status_command), (calendar_fields, calendar_command) = cron_entries()
    assert shlex.split(status_command)[1:] == ["status"]
    assert shlex.split(calendar_command)[1:3] == ["calendar", "-o"]
    fridays = [datetime(2026, 12, 25, 15, 45), datetime(2027, 1, 1, 15, 45)]  # week 52 and week 53
    assert all(fires_at(status_fields, moment) for moment in fridays)
    assert not fires_at(status_fields, datetime(2026, 12, 24, 15, 45))
    assert not fires_at(status_fields, datetime(2026, 12, 25, 16, 45))
    assert all(fires_at(calendar_fields, datetime(2027, 1, day, 6, 0)) for day in range(1, 8))


def test_the_crontab_commands_run_coach(coach, home):
    coach("commit", "Stretch after each run", "--week", "last")
    (_, status_command), (_, calendar_command) = cron_entries()
    status = run_shell(status_command, home)
    assert status.returncode == 0, status.stderr
    assert "2026-W47" in status.stdout  # last week's commitment is due for its review
    calendar = run_shell(calendar_command, home)
    assert calendar.returncode == 0, calendar.stderr
    assert (home / ".local/share/coach/coach.ics").read_text().startswith("BEGIN:VCALENDAR")


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((UNITS / name).read_text())
    return parser


@pytest.mark.parametrize("name", ["coach-reminder", "coach-calendar"])
def test_each_timer_starts_its_oneshot_service(name):
    timer, service = read_unit(f"{name}.timer"), read_unit(f"{name}.service")
    assert timer["Timer"]["Unit"] == f"{name}.service"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert service["Service"]["Type"] == "oneshot"
    assert service["Unit"]["Description"].startswith("coach:")
    if shutil.which("systemd-analyze"):
        result = subprocess.run(
            ["systemd-analyze", "calendar", "--iterations", "2", timer["Timer"]["OnCalendar"]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr


def test_the_reminder_timer_fires_on_friday_at_15_45():
    assert read_unit("coach-reminder.timer")["Timer"]["OnCalendar"] == "Fri *-*-* 15:45:00"
    assert read_unit("coach-calendar.timer")["Timer"]["OnCalendar"] == "*-*-* 06:00:00"


def exec_start(name: str, home: Path) -> str:
    """A unit's ExecStart as a shell command, with systemd's %h (the home folder) filled in."""
    command = read_unit(name)["Service"]["ExecStart"]
    return command.replace("%h", shlex.quote(str(home)))


def test_the_reminder_service_says_what_is_due_and_nothing_otherwise(coach, home):
    command = exec_start("coach-reminder.service", home)
    assert shlex.split(command)[0] == "/bin/sh"
    quiet = run_shell(shlex.split(command)[2], home)
    assert (quiet.returncode, quiet.stdout) == (0, "")
    coach("commit", "Stretch after each run", "--week", "last")
    due = run_shell(shlex.split(command)[2], home)
    assert due.returncode == 0, due.stderr
    assert "2026-W47" in due.stdout


def test_the_calendar_service_writes_the_file(coach, home):
    coach("commit", "Stretch after each run")
    result = run_shell(exec_start("coach-calendar.service", home), home)
    assert result.returncode == 0, result.stderr
    assert "SUMMARY:Stretch after each run" in (home / ".local/share/coach/coach.ics").read_text()
