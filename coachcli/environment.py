"""What coach reads from its surroundings: where the journal lives and what day it is."""

from __future__ import annotations

import os
import time
from contextlib import suppress
from datetime import UTC, date, datetime
from pathlib import Path

from coachcli.domain.limits import date_problem
from coachcli.errors import InputError

JOURNAL_FILE = "coach.db"
# When this coach process started: temporary files older than this were left by another, interrupted one.
STARTED_AT = time.time()
# Whether opening an encrypted journal may ask for its passphrase: `coach status` (a shell prompt's) never waits.
may_ask_passphrase = True
DEMO_FILE = "demo.db"


def data_folder() -> Path:
    """The per-user folder that holds the journal (platformdirs' user data path)."""
    from platformdirs import user_data_path

    return user_data_path("coach")


def journal_path(db_option: str | None) -> Path:
    """The journal file: `--db`, else `COACH_DB`, else the default in the user data folder."""
    chosen = db_option or os.environ.get("COACH_DB")
    if chosen:
        return Path(chosen).expanduser()
    return data_folder() / JOURNAL_FILE


def demo_path(db_option: str | None) -> Path:
    """The demo journal: `--db` when given, else `demo.db` beside the default journal.

    Never COACH_DB's journal: that variable names the person's own journal, which a demo must not fill.
    """
    if db_option:
        return Path(db_option).expanduser()
    return data_folder() / DEMO_FILE


def today() -> date:
    """Today, or the day `COACH_TODAY=YYYY-MM-DD` says it is."""
    override = os.environ.get("COACH_TODAY", "").strip()
    if not override:
        return date.today()
    try:
        day = date.fromisoformat(override)
    except ValueError:
        raise InputError(
            f'COACH_TODAY="{override}" is not a date; use the form YYYY-MM-DD, e.g. 2026-11-25'
        ) from None

    problem = date_problem(day)
    if problem:
        raise InputError(f'COACH_TODAY="{override}" {problem}')
    return day


def now() -> datetime:
    """The current moment in UTC; with `COACH_TODAY`, this time of day on that day, so that what is stamped
    with a moment (a session's start and finish) is dated as everything else is."""
    moment = datetime.now().astimezone()
    if os.environ.get("COACH_TODAY", "").strip():
        day = today()
        moment = moment.replace(year=day.year, month=day.month, day=day.day)
    return moment.astimezone(UTC)


def local_zone_name(
    localtime: Path = Path("/etc/localtime"), timezone_file: Path = Path("/etc/timezone")
) -> str | None:
    """The person's IANA time zone (e.g. Europe/Berlin): `TZ`, else /etc/localtime's link, else /etc/timezone.

    None when it cannot be told, or names no zone Python knows: times are then written floating (local). A `TZ`
    that is a POSIX rule (`CET-1CEST,M3.5.0,M10.5.0/3`: it has an offset) is the local time of this process,
    whatever zone the machine is in, and has no IANA name: floating.
    """
    zone = os.environ.get("TZ", "").strip().removeprefix(":")
    if zone and not known_zone(zone) and any(character.isdigit() for character in zone):
        return None
    candidates = [zone]
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with suppress(OSError, UnicodeDecodeError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and known_zone(name):
            return name
    return None


def known_zone(name: str) -> bool:
    """Whether `name` is a time zone in the system's (or tzdata's) database."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, OSError, LookupError):
        return False
    return True
