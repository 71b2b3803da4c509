"""What coach reads from its surroundings: where the journal lives and what day it is."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from coachcli.errors import InputError

JOURNAL_FILE = "coach.db"
# When this coach process started: temporary files older than this were left by another, interrupted one.
STARTED_AT = time.time()
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
    """The demo journal: `--db`/`COACH_DB` when given, else `demo.db` beside the default journal."""
    chosen = db_option or os.environ.get("COACH_DB")
    if chosen:
        return Path(chosen).expanduser()
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
    from coachcli.domain.limits import date_problem

    problem = date_problem(day)
    if problem:
        raise InputError(f'COACH_TODAY="{override}" {problem}')
    return day
