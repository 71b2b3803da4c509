"""The 34 CliftonStrengths themes, strength names as users type them, and strategy ideas that play to them."""

import difflib
import functools
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from coachcli.domain.limits import MAX_CUSTOM_LENGTH
from coachcli.errors import InputError

DOMAINS = ("Executing", "Influencing", "Relationship Building", "Strategic Thinking")

# The only placeholder an idea may hold (the shared ideas for a person's own words); other braces stay.
_PLACEHOLDER = r"\{strength\}"  # patterns only suggestions need are strings, compiled by `re` on first use
_NOT_KEY = re.compile(r"[\s_-]+")


class Theme(NamedTuple):
    """A CliftonStrengths theme: its domain, how its people tend to progress, and strategy prompts."""

    name: str
    domain: str
    progress: str
    ideas: Mapping[str, tuple[str, ...]]  # by goal kind, and "any" for every kind


class StrategyIdea(NamedTuple):
    """A suggested strategy for a goal, and the user's strength it plays to."""

    strength: str
    text: str


class _SelfDescription(NamedTuple):
    """A common way people describe themselves that is not a theme (introvert, night owl...), with prompts."""

    name: str
    aliases: tuple[str, ...]
    ideas: Mapping[str, tuple[str, ...]]


class _Catalogue(NamedTuple):
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


def _by_kind(raw: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    return {kind: tuple(ideas) for kind, ideas in raw.items()}


@functools.cache
def _catalogue() -> _Catalogue:
    """Load themes.json from the package once, on first use."""
    # The file beside this module (importlib.resources would cost more to import than the whole catalogue).
    raw = json.loads(Path(__file__).with_name("themes.json").read_text(encoding="utf-8"))
    domain_order = {domain: index for index, domain in enumerate(DOMAINS)}
    themes = tuple(
        sorted(
            (
                Theme(name=t["name"], domain=t["domain"], progress=t["progress"], ideas=_by_kind(t["ideas"]))
                for t in raw["themes"]
            ),
            key=lambda theme: (domain_order[theme.domain], theme.name),
        )
    )
    descriptions: dict[str, _SelfDescription] = {}
    for entry in raw["self_descriptions"]:
        description = _SelfDescription(
            name=entry["name"], aliases=tuple(entry.get("aliases", ())), ideas=_by_kind(entry["ideas"])
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


def _fill(template: str, strength: str) -> str:
    """Fill a generic idea's one placeholder in one pass, so braces in a strength's name are never read."""
    return re.sub(_PLACEHOLDER, lambda match: strength, template)


def _ideas_for(name: str, kind: str) -> tuple[Mapping[str, tuple[str, ...]], bool]:
    """The ideas for one strength by goal kind ("any" for every kind), and whether they are the shared ones."""
    catalogue = _catalogue()
    if kind == "theme":
        theme = find_theme(name)
        if theme is not None:
            return theme.ideas, False
    description = catalogue.self_descriptions.get(_phrase_key(name))
    if description is not None:
        return description.ideas, False
    return {"any": catalogue.generic}, True


_CAREER = (  # what a goal is about, for suggestions; strings, compiled by `re` on first use
    r"(?i)"
    r"\b(?:career|job|jobs|role|roles|promotion|promoted|interview\w*|hired|hiring|cv|r[eé]sum[eé]|portfolio"
    r"|salary|raise|internship|freelanc\w*|clients?|business|manager|position|profession\w*|work)\b"
)
_RELATIONSHIP = (
    r"(?i)"
    r"\b(?:friends?|friendships?|partner|wife|husband|family|mum|mom|dad|parents?|kids|children|son|daughter"
    r"|sister|brother|grandparents?|dating|date|relationships?|marriage|together|neighbours?|neighbors?)\b"
)
_HABIT = (
    r"(?i)"
    r"\b(?:daily|every\s+(?:day|morning|evening|night|week)|each\s+(?:day|morning|evening|week)|habit|routine"
    r"|times\s+a\s+(?:day|week)|a\s+day|per\s+day|streak|meditat\w*|journal\w*)\b"
)


class GoalKind(StrEnum):
    """What kind of goal it is, so that ideas fit it: a number, a date, a habit, people, or a career move."""

    measure = "measure"
    deadline = "deadline"
    habit = "habit"
    relationship = "relationship"
    career = "career"
    open = "open"  # still taking shape: no number, no date, nothing that says which kind


def goal_kind(
    title: str,
    *,
    measure: str | None = None,
    target: float | None = None,
    deadline: date | None = None,
    why: str | None = None,
    tags: Sequence[str] = (),
) -> GoalKind:
    """The kind of a goal, from its words (title, why, tags) first, then from its measure or deadline."""
    words = " ".join([title, measure or "", why or "", *tags])
    if re.search(_CAREER, words):
        return GoalKind.career
    if re.search(_RELATIONSHIP, " ".join([title, *tags])):
        return GoalKind.relationship
    if re.search(_HABIT, " ".join([title, measure or ""])):
        return GoalKind.habit
    if measure and target is not None:
        return GoalKind.measure
    if deadline is not None:
        return GoalKind.deadline
    return GoalKind.open


class StrengthHistory(NamedTuple):
    """How the person's past commitments through strategies using one strength went."""

    name: str
    counted: int  # done, partly done and not done ones
    rate: float | None


# A strength's own record comes first when it is this good over at least this many commitments.
HISTORY_RATE = 0.6
HISTORY_COUNTED = 3
HISTORY_IDEAS = 2
IDEAS_SHOWN = 8
IDEAS_MAX = 10


def _stable(text: str) -> int:
    """A number that depends only on the text, the same on every run (Python's hash() is salted)."""
    return zlib.crc32(text.encode("utf-8"))


def _pool(name: str, kind: str, goal: GoalKind, title: str) -> list[str]:
    """One strength's ideas for a goal kind, in an order that depends on the goal, so goals differ."""
    ideas, generic = _ideas_for(name, kind)
    fitted, general = list(ideas.get(str(goal), ())), list(ideas.get("any", ()))
    if generic:
        general = [_fill(template, name) for template in general]
    turn = _stable(f"{title}\n{name}")
    if general:
        general = general[turn % len(general) :] + general[: turn % len(general)]
    # Usually an idea made for this kind of goal first; for some goals a general one, so that goals differ.
    return [*general[:1], *fitted, *general[1:]] if turn % 3 == 0 else [*fitted, *general]


def history_idea(record: StrengthHistory) -> str:
    """The person's own record with a strength, turned into a question for this goal."""
    percent = round((record.rate or 0) * 100)
    return f"Your strategies that use {record.name} had {percent}% follow-through: what would that look like here?"


def strategy_ideas(
    *,
    goal_title: str,
    kind: GoalKind,
    strengths: Sequence[tuple[str, str]],
    history: Sequence[StrengthHistory] = (),
) -> list[StrategyIdea]:
    """A handful of ideas for a goal: the person's best records first, then one from every strength in their
    order, then more until there are enough. Fitted to the goal's kind; deterministic; never names the goal."""
    best = sorted(
        (
            r
            for r in history
            if r.counted >= HISTORY_COUNTED and r.rate is not None and r.rate >= HISTORY_RATE
        ),
        key=lambda record: -(record.rate or 0),
    )[:HISTORY_IDEAS]
    ideas = [StrategyIdea(strength=record.name, text=history_idea(record)) for record in best]
    limit = min(IDEAS_MAX, max(IDEAS_SHOWN, len(ideas) + len(strengths)))
    pools = [(name, _pool(name, strength_kind, kind, goal_title)) for name, strength_kind in strengths]
    if len(ideas) + len(pools) > limit:  # more strengths than room: which come first depends on the goal
        start = _stable(goal_title) % len(pools)
        pools = pools[start:] + pools[:start]
    seen = {idea.text for idea in ideas}
    for round_ in range(max((len(pool) for _, pool in pools), default=0)):
        for name, pool in pools:
            if len(ideas) >= limit:
                return ideas
            text = next((text for text in pool[round_:] if text not in seen), None)
            if text is None or round_ >= len(pool):
                continue
            seen.add(text)
            ideas.append(StrategyIdea(strength=name, text=text))
    return ideas
