"""The 34 CliftonStrengths themes, strength names as users type them, and strategy ideas that play to them."""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from coachcli.domain.limits import MAX_CUSTOM_LENGTH
from coachcli.errors import InputError

DOMAINS = ("Executing", "Influencing", "Relationship Building", "Strategic Thinking")

# The only placeholders a prompt template may hold; anything else in braces is left as written.
_PLACEHOLDER = re.compile(r"\{(goal|measure|strength)\}")
_MEASURE = "{measure}"
_NOT_KEY = re.compile(r"[\s_-]+")


@dataclass(frozen=True)
class Theme:
    """A CliftonStrengths theme: its domain, how its people tend to progress, and strategy prompts."""

    name: str
    domain: str
    progress: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class StrategyIdea:
    """A suggested strategy for a goal, and the user's strength it plays to."""

    strength: str
    text: str


@dataclass(frozen=True)
class _SelfDescription:
    """A common way people describe themselves that is not a theme (introvert, night owl...), with prompts."""

    name: str
    aliases: tuple[str, ...]
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class _Catalogue:
    """Everything in themes.json, indexed for lookup."""

    themes: tuple[Theme, ...]
    by_key: dict[str, Theme]
    self_descriptions: dict[str, _SelfDescription]
    generic: tuple[str, ...]


def _theme_key(name: str) -> str:
    """Fold a theme name so that "self assurance", "SelfAssurance" and "Self-Assurance" meet."""
    return _NOT_KEY.sub("", name).casefold()


def _phrase_key(name: str) -> str:
    """Fold a self-description so that "Night-Owl", "night owl" and "a night owl" meet."""
    words = _NOT_KEY.sub(" ", name).casefold().split()
    if len(words) > 1 and words[0] in ("a", "an"):
        words = words[1:]
    return " ".join(words)


@functools.cache
def _catalogue() -> _Catalogue:
    """Load themes.json from the package once, on first use."""
    raw = json.loads(resources.files("coachcli.domain").joinpath("themes.json").read_text(encoding="utf-8"))
    domain_order = {domain: index for index, domain in enumerate(DOMAINS)}
    themes = tuple(
        sorted(
            (
                Theme(name=t["name"], domain=t["domain"], progress=t["progress"], prompts=tuple(t["prompts"]))
                for t in raw["themes"]
            ),
            key=lambda theme: (domain_order[theme.domain], theme.name),
        )
    )
    descriptions: dict[str, _SelfDescription] = {}
    for entry in raw["self_descriptions"]:
        description = _SelfDescription(
            name=entry["name"], aliases=tuple(entry.get("aliases", ())), prompts=tuple(entry["prompts"])
        )
        for spelling in (description.name, *description.aliases):
            descriptions[_phrase_key(spelling)] = description
    return _Catalogue(
        themes=themes,
        by_key={_theme_key(theme.name): theme for theme in themes},
        self_descriptions=descriptions,
        generic=tuple(raw["generic"]),
    )


def all_themes() -> tuple[Theme, ...]:
    """The 34 themes, grouped by domain in DOMAINS order and alphabetical within each domain."""
    return _catalogue().themes


def find_theme(name: str) -> Theme | None:
    """The theme a name means, ignoring case, surrounding space and inner spaces or hyphens; None if none."""
    return _catalogue().by_key.get(_theme_key(name))


def nearest_theme(name: str) -> str | None:
    """The theme name closest to a likely typo ("Relater" -> "Relator"), or None when nothing is close."""
    theme = find_theme(name)
    if theme is not None:
        return theme.name
    key = _theme_key(name)
    if not key:
        return None
    by_key = _catalogue().by_key
    for candidate in difflib.get_close_matches(key, by_key, n=3, cutoff=0.6):
        ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
        # A close score alone pairs "creative" with Restorative; a shared start keeps "empathetic" -> Empathy.
        if ratio >= 0.8 or (ratio >= 0.6 and key[:4] == candidate[:4]):
            return by_key[candidate].name
    return None


def uses_measure(prompt: str) -> bool:
    """Whether a prompt template needs the goal's measure, so fits only goals that have one."""
    return _MEASURE in prompt


def canonical_strength(name: str, *, custom: bool) -> tuple[str, str]:
    """The name to store for a strength and its kind ("theme" or "custom"); non-themes need custom."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("A strength needs a name.")
    theme = find_theme(cleaned)
    if theme is not None:
        return theme.name, "theme"
    if not custom:
        suggestion = nearest_theme(cleaned)
        if suggestion is not None and _phrase_key(cleaned) not in _catalogue().self_descriptions:
            raise InputError(
                f'"{cleaned}" is not a CliftonStrengths theme; did you mean {suggestion}? '
                "To keep your own word, add --custom"
            )
        raise InputError(
            f'"{cleaned}" is not a CliftonStrengths theme; see `coach strengths themes` for the 34 themes, '
            "or add --custom for your own word"
        )
    if len(cleaned) > MAX_CUSTOM_LENGTH:
        raise InputError(
            f"A strength name can be at most {MAX_CUSTOM_LENGTH} characters ({len(cleaned)} given); "
            "what is a shorter word for it?"
        )
    return cleaned, "custom"


def _fill(template: str, values: dict[str, str]) -> str:
    """Fill a prompt's placeholders in one pass, so braces in user text are never read as placeholders."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def _templates(name: str, kind: str) -> tuple[tuple[str, ...], bool]:
    """The prompt templates for one strength, and whether they are the generic ones shared by custom words."""
    catalogue = _catalogue()
    if kind == "theme":
        theme = find_theme(name)
        if theme is not None:
            return theme.prompts, False
    description = catalogue.self_descriptions.get(_phrase_key(name))
    if description is not None:
        return description.prompts, False
    return catalogue.generic, True


def strategy_ideas(
    *,
    goal_title: str,
    measure: str | None,
    strengths: Sequence[tuple[str, str]],
    per_strength: int = 2,
    limit: int = 8,
) -> list[StrategyIdea]:
    """Strategy ideas for a goal, up to per_strength for each (name, kind) strength in the user's order."""
    has_measure = measure is not None and measure.strip() != ""
    ideas: list[StrategyIdea] = []
    seen: set[str] = set()
    generic_used = 0
    for name, kind in strengths:
        if len(ideas) >= limit:
            break
        templates, generic = _templates(name, kind)
        usable = [template for template in templates if has_measure or not uses_measure(template)]
        if generic and usable:
            # Each custom word without prompts of its own starts further along the shared list, for variety.
            start = (generic_used * per_strength) % len(usable)
            usable = usable[start:] + usable[:start]
            generic_used += 1
        values = {"goal": f'"{goal_title}"', "measure": measure or "", "strength": f'"{name}"'}
        taken = 0
        for template in usable:
            if taken >= per_strength or len(ideas) >= limit:
                break
            text = _fill(template, values)
            if text in seen:
                continue
            seen.add(text)
            ideas.append(StrategyIdea(strength=name, text=text))
            taken += 1
    return ideas
