"""The person's settings: one TOML file (SPEC "Config"), read with the standard library's tomllib.

This module is light on purpose (no Typer, no Rich, no database): `coach status` reads it before anything else is
imported. Writing the file, and the `coach config` command, build on the KEYS table here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachcli.domain.weeks import DEFAULT_REVIEW_DAY, WEEKDAYS
from coachcli.errors import InputError

CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class Key:
    """One setting: its dotted name, its default, what is allowed, and how a value is checked."""

    name: str
    default: str | None
    allowed: str
    check: Callable[[str], bool]
    help: str


def is_time(value: str) -> bool:
    match = re.fullmatch(r"(\d{2}):(\d{2})", value)
    return bool(match) and int(match.group(1)) < 24 and int(match.group(2)) < 60


KEYS: dict[str, Key] = {
    key.name: key
    for key in (
        Key(
            "week.review_day",
            DEFAULT_REVIEW_DAY,
            "one of " + ", ".join(WEEKDAYS),
            lambda value: value in WEEKDAYS,
            "the day you look back on your week",
        ),
        Key(
            "session.time", "16:00", "a time written HH:MM, e.g. 16:00", is_time, "when the weekly session is"
        ),
        Key(
            "output.format",
            "rich",
            "one of rich, markdown, json",
            lambda value: value in ("rich", "markdown", "json"),
            "the default of every --format",
        ),
        Key(
            "editor",
            None,
            "a command, e.g. vim or 'code --wait'",
            lambda value: bool(value.strip()),
            "your editor",
        ),
    )
}


def config_path() -> Path:
    """The config file: `COACH_CONFIG`, else config.toml in the user config folder (platformdirs)."""
    chosen = os.environ.get("COACH_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("coach") / CONFIG_FILE


def read_config_file(path: Path) -> dict[str, Any]:
    """The file's settings as a flat {dotted key: value}; {} when there is no file. Bad TOML is an error."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            f"the config file {path} is not valid TOML ({error}); fix or remove that line"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the config file {path}: {error}") from None
    return dict(flatten(data))


def flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """{"week": {"review_day": "friday"}} as [("week.review_day", "friday")]."""
    items: list[tuple[str, Any]] = []
    for name, value in data.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict):
            items.extend(flatten(value, f"{dotted}."))
        else:
            items.append((dotted, value))
    return items


def setting(name: str) -> str | None:
    """The value of one setting: the file's if it sets a valid one, else the default."""
    key = KEYS[name]
    path = config_path()
    value = read_config_file(path).get(name)
    if value is None:
        return key.default
    if not isinstance(value, str) or not key.check(value):
        raise InputError(f"{name} = {value!r} in {path} is not allowed; use {key.allowed}")
    return value


def review_day() -> str:
    """`week.review_day`: the day a person looks back on their week (default friday)."""
    return setting("week.review_day") or DEFAULT_REVIEW_DAY
