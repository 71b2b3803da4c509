"""The user's strengths as a ranked list: names typed in any case matched to the ones kept, and picks of ideas."""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from coachcli.domain.themes import canonical_strength, find_theme, nearest_theme
from coachcli.errors import InputError

_CHOICE_SEPARATORS = re.compile(r"[\s,;]+")
_CHOICE_RANGE = re.compile(r"^(\d+)-(\d+)$")


def strength_key(name: str) -> str:
    """What makes two strength names the same: a theme in any spelling, or own words ignoring case and spaces."""
    theme = find_theme(name)
    if theme is not None:
        return theme.name.casefold()
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class StrengthAdditions:
    """What `strengths add` will do: the new (name, kind) pairs in the order given, and those already kept."""

    added: tuple[tuple[str, str], ...]
    already: tuple[str, ...]


def plan_additions(existing: Sequence[str], names: Sequence[str], *, custom: bool) -> StrengthAdditions:
    """Sort typed names into new strengths and ones already kept; raises for a name that cannot be added."""
    kept = {strength_key(name): name for name in existing}
    added: list[tuple[str, str]] = []
    already: list[str] = []
    for typed in names:
        known = kept.get(strength_key(typed)) if typed.strip() else None
        if known is not None:
            if known not in already and known not in (name for name, _ in added):
                already.append(known)
            continue
        name, kind = canonical_strength(typed, custom=custom)
        kept[strength_key(name)] = name
        added.append((name, kind))
    return StrengthAdditions(added=tuple(added), already=tuple(already))


def own_strength(existing: Sequence[str], typed: str) -> str | None:
    """The kept strength a typed name means, in its kept spelling; None when it is not among them."""
    key = strength_key(typed)
    return next((name for name in existing if strength_key(name) == key), None)


def close_own_strength(existing: Sequence[str], typed: str) -> str | None:
    """A kept strength that a typed name is probably a typo of ("Relater" -> Relator)."""
    key = strength_key(typed)
    by_key = {strength_key(name): name for name in existing}
    for candidate in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.8):
        # A shared first letter keeps opposites such as introvert and extrovert apart.
        if candidate[:1] == key[:1]:
            return by_key[candidate]
    return None


def strengths_to_remove(existing: Sequence[str], names: Sequence[str]) -> list[str]:
    """The kept names that typed names mean, in the order given; raises for any that is not kept."""
    found: list[str] = []
    for typed in names:
        name = own_strength(existing, typed)
        if name is None:
            close = close_own_strength(existing, typed)
            hint = f"did you mean {close}?" if close else "`coach strengths` lists yours"
            raise InputError(
                f'"{" ".join(typed.split())}" is not among your strengths ({hint}); nothing was removed'
            )
        if name not in found:
            found.append(name)
    return found


def add_strength_command(name: str) -> str:
    """The command that adds a strength with this name, with --custom when it is no theme."""
    theme = find_theme(name)
    if theme is not None:
        return f"coach strengths add {shlex.quote(theme.name)}"
    return f"coach strengths add {shlex.quote(' '.join(name.split()))} --custom"


def strengths_for_strategy(existing: Sequence[str], names: Sequence[str]) -> list[str]:
    """The kept names a strategy's --strength options mean; raises, saying how to add one, for any other."""
    found: list[str] = []
    for typed in names:
        cleaned = " ".join(typed.split())
        if not cleaned:
            raise InputError("a --strength is empty; give the name of one of your strengths")
        name = own_strength(existing, typed)
        if name is not None:
            if name not in found:
                found.append(name)
            continue
        close = close_own_strength(existing, typed)
        if close is not None:
            raise InputError(f'"{cleaned}" is not among your strengths; did you mean {close}?')
        theme = nearest_theme(cleaned)
        if theme is not None and find_theme(cleaned) is None:
            raise InputError(
                f'"{cleaned}" is not among your strengths; did you mean the theme {theme}?'
                f" Add it first with `{add_strength_command(theme)}`"
            )
        raise InputError(
            f'"{cleaned}" is not among your strengths yet; add it first with `{add_strength_command(cleaned)}`'
        )
    return found


def parse_choices(text: str, count: int) -> list[int]:
    """Numbers picked from a list of `count` items ("1 3", "1,3", "2-4", "all"), 1-based, without repeats."""
    answer = text.strip().casefold()
    if answer in ("", "none", "no", "n"):
        return []
    if answer == "all":
        return list(range(1, count + 1))
    picked: list[int] = []
    for part in _CHOICE_SEPARATORS.split(answer):
        span = _CHOICE_RANGE.match(part)
        if span is not None:
            first, last = int(span.group(1)), int(span.group(2))
            numbers = list(range(first, last + 1)) if first <= last else []
        elif part.isdigit():
            numbers = [int(part)]
        else:
            numbers = []
        if not numbers or any(not 1 <= number <= count for number in numbers):
            raise InputError(
                f'"{part}" is not a number from 1 to {count}; give numbers such as 1 3 or 2-4, "all", or nothing'
            )
        picked += [number for number in numbers if number not in picked]
    return picked


def check_goal_takes_strategies(goal_id: int, status: str) -> None:
    """Strategies belong to goals still being worked on: refuse a done or dropped goal, saying how to reopen it."""
    if status != "active":
        raise InputError(
            f"goal {goal_id} is {status}; strategies are for active goals"
            f" (`coach goal reopen {goal_id}` makes it active again)"
        )


def strength_question(kept: Sequence[str]) -> str:
    """The question a strategy in the person's own words asks: which of their strengths it plays to."""
    listed = ", ".join(f"{number} {name}" for number, name in enumerate(kept, start=1))
    return f"Which of your strengths does it play to? ({listed}; numbers or names, Enter for none)"


def parse_strength_choice(text: str, kept: Sequence[str]) -> list[str]:
    """The kept strengths an answer names, by number ("1 3") or by name ("Relator, calm in a crisis")."""
    if re.fullmatch(r"[\d\s,;-]+|all", text.strip().casefold()):
        return [kept[number - 1] for number in parse_choices(text, len(kept))]
    pieces = [piece for piece in re.split(r"[,;]", text) if piece.strip()]
    return strengths_for_strategy(kept, pieces)
