"""The SMART questions `coach goal add` asks on a terminal for each part not given as an option."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachcli.cli.console import ask, ask_until_valid, say
from coachcli.domain.dates import parse_date
from coachcli.domain.progress import parse_number
from coachcli.domain.smart import PART_QUESTIONS, is_specific


def ask_missing_parts(fields: dict[str, Any], today: date) -> None:
    """Ask, with a coaching question, for each SMART part not given as an option."""
    measured = bool(fields["measure"])
    asked = (
        not is_specific(fields["title"]),
        not measured,
        measured and (not fields["unit"] or fields["baseline"] is None or fields["target"] is None),
        fields["deadline"] is None,
        not fields["why"],
        not fields["achievable"],
    )
    if any(asked):
        say(f'A few questions to make "{fields["title"]}" SMART; press Enter to skip any.')
    if not is_specific(fields["title"]):
        fields["title"] = ask(PART_QUESTIONS["specific"], default=fields["title"])
    if not fields["measure"]:
        fields["measure"] = ask(PART_QUESTIONS["measure"]) or None
    if fields["measure"] and not fields["unit"]:
        fields["unit"] = ask(PART_QUESTIONS["unit"]) or None
    if fields["measure"] and fields["baseline"] is None:
        fields["baseline"] = ask_until_valid(
            PART_QUESTIONS["baseline"], lambda text: parse_number(text, what="baseline")
        )
    if fields["measure"] and fields["target"] is None:
        fields["target"] = ask_until_valid(
            PART_QUESTIONS["target"], lambda text: parse_number(text, what="target")
        )
    if fields["deadline"] is None:
        fields["deadline"] = ask_until_valid(
            PART_QUESTIONS["deadline"], lambda text: parse_date(text, today, prefer="future")
        )
    if not fields["why"]:
        fields["why"] = ask(PART_QUESTIONS["why"]) or None
    if not fields["achievable"]:
        fields["achievable"] = ask(PART_QUESTIONS["achievable"]) or None
