"""The 34 CliftonStrengths themes, strength names as users type them, and strategy ideas that play to them."""

import difflib
import functools
import json
import re
import zlib
from collections.abc import Mapping, Sequence
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
    """A CliftonStrengths theme: its domain and how its people tend to progress."""

    name: str
    domain: str
    progress: str


class StrategyIdea(NamedTuple):
    """A suggested strategy for a goal, in the imperative as it would be kept, and the strength it plays to."""

    strength: str
    text: str


class _SelfDescription(NamedTuple):
    """A common way people describe themselves that is not a theme (introvert, night owl...), and the domain of
    strengths it works like."""

    name: str
    aliases: tuple[str, ...]
    domain: str


class _Catalogue(NamedTuple):
    """Everything in themes.json, indexed for lookup."""

    themes: tuple[Theme, ...]
    by_key: dict[str, Theme]
    self_descriptions: dict[str, _SelfDescription]
    ideas: dict[
        str, dict[str, tuple[str, ...]]
    ]  # by goal kind, then by domain, and "own" naming the strength


def _theme_key(name: str) -> str:
    """Fold a theme name so that "self assurance", "SelfAssurance" and "Self-Assurance" meet."""
    return _NOT_KEY.sub("", name).casefold()


def _phrase_key(name: str) -> str:
    """Fold a self-description so that "Night-Owl", "night owl" and "a night owl" meet."""
    words = _NOT_KEY.sub(" ", name).casefold().split()
    if len(words) > 1 and words[0] in ("a", "an"):
        words = words[1:]
    return " ".join(words)


def _by_domain(raw: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    return {domain: tuple(ideas) for domain, ideas in raw.items()}


@functools.cache
def _catalogue() -> _Catalogue:
    """Load themes.json from the package once, on first use."""
    # The file beside this module (importlib.resources would cost more to import than the whole catalogue).
    raw = json.loads(Path(__file__).with_name("themes.json").read_text(encoding="utf-8"))
    domain_order = {domain: index for index, domain in enumerate(DOMAINS)}
    themes = tuple(
        sorted(
            (Theme(name=t["name"], domain=t["domain"], progress=t["progress"]) for t in raw["themes"]),
            key=lambda theme: (domain_order[theme.domain], theme.name),
        )
    )
    descriptions: dict[str, _SelfDescription] = {}
    for entry in raw["self_descriptions"]:
        description = _SelfDescription(
            name=entry["name"], aliases=tuple(entry.get("aliases", ())), domain=entry["domain"]
        )
        for spelling in (description.name, *description.aliases):
            descriptions[_phrase_key(spelling)] = description
    return _Catalogue(
        themes=themes,
        by_key={_theme_key(theme.name): theme for theme in themes},
        self_descriptions=descriptions,
        ideas={kind: _by_domain(ideas) for kind, ideas in raw["goal_kinds"].items()},
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
    """Fill an idea's one placeholder in one pass, so braces in a strength's name are never read."""
    return re.sub(_PLACEHOLDER, lambda match: strength, template)


def strength_domain(name: str, kind: str) -> str | None:
    """The domain a strength works in: a theme's, or a common self-description's; None for other own words."""
    if kind == "theme":
        theme = find_theme(name)
        if theme is not None:
            return theme.domain
    description = _catalogue().self_descriptions.get(_phrase_key(name))
    return description.domain if description is not None else None


class GoalKind(StrEnum):
    """What a goal is about, read from its words, so that the ideas offered fit it."""

    relationship = "relationship"
    health = "health"
    learning = "learning"
    career_change = "career_change"
    work_habit = "work_habit"
    output = "output"
    finances = "finances"
    creative = "creative"
    other = "other"  # nothing says which: the strengths' general ideas


# The words that tell each kind, with their weights: whole words only, so "manager" in a tag is a work habit,
# never a job change, and "work" alone says little. Strings, compiled by `re` on first use.
_KIND_WORDS: dict[GoalKind, tuple[tuple[str, int], ...]] = {
    GoalKind.relationship: (
        (r"relationships?|friendships?|marriage|dating|date\s+nights?|reconnect\w*|connection", 4),
        (
            r"friends?|partner|wife|husband|spouse|family|mum|mom|dad|mother|father|parents?|kids|children|son"
            r"|daughter|sister|brother|siblings?|grandparents?|neighbou?rs?|colleagues?|co-?workers?|boss|peers?",
            3,
        ),
        (r"together|trust|closer|listen\w*|rapport", 1),
    ),
    GoalKind.health: (
        (
            r"health\w*|fitness|fit|gym|workouts?|exercis\w*|marathon|half\s+marathon|5k|10k|yoga|pilates|swim\w*"
            r"|cycl\w*|weigh|weight|kg|lbs|sleep\w*|diet|meditat\w*|alcohol|smoking|sugar|blood\s+pressure",
            4,
        ),
        (
            r"run|runs|running|walks?|walking|steps|eat|eating|vegetables|water|stretch\w*|stress|rest|energy",
            3,
        ),
    ),
    GoalKind.learning: (
        (
            r"learn\w*|course|courses|study|studying|studies|exam|exams|degree|certificat\w*|mooc|tutorials?",
            4,
        ),
        (
            r"dutch|spanish|french|german|italian|japanese|mandarin|chinese|portuguese|arabic|language|languages"
            r"|vocabulary|lessons?|classes|read|reading|books|chapters\s+read|skills?|practi[cs]e",
            3,
        ),
    ),
    GoalKind.career_change: (
        (
            r"career\s+change|change\s+careers?|new\s+job|new\s+career|job\s+(?:search|hunt\w*)|career\s+move"
            r"|(?:move|moving|switch\w*|transition\w*)\s+(?:\w+\s+){0,3}(?:into|to)\s+(?:\w+\s+){0,3}(?:role|job|field"
            r"|career|industry)",
            6,
        ),
        (
            r"career|applications?|apply|applying|interview\w*|cv|r[eé]sum[eé]|portfolio|promotion|promoted|hired"
            r"|job\s+offers?|recruiters?|freelanc\w*|own\s+business|redundan\w*",
            3,
        ),
        (r"role|job|jobs|profession\w*|industry", 1),
    ),
    GoalKind.work_habit: (
        (
            r"meetings?|inbox|emails?|e-mails?|deep\s+work|focus\s+time|delegat\w*|one-to-ones?|1:1s?|1-1s?"
            r"|overtime|stand-?ups?|calendar|interruptions",
            4,
        ),
        (
            r"manag\w*|leader\w*|lead|team|feedback|priorit\w*|procrastinat\w*|boundaries|office|colleague"
            r"|workload|hours",
            2,
        ),
        (r"work|working", 1),
    ),
    GoalKind.output: (
        (
            r"reports?|articles?|posts?|blog\w*|papers?|thesis|chapters?|manuscript|releases?|ship\w*|publish\w*"
            r"|deliver\w*|launch\w*|sales|deals|features?|tickets|pages|words",
            3,
        ),
        (r"write|writing|finish|complete|submit|drafts?|pieces|tasks|projects?|clients?", 2),
    ),
    GoalKind.finances: (
        (
            r"money|savings?|save|saving|budget\w*|debts?|invest\w*|pension|mortgage|emergency\s+fund|pay\s+off"
            r"|spending|spend\s+less|income|salary|eur|euros?|usd|dollars?|gbp|pounds\s+saved|net\s+worth|finances?",
            4,
        ),
    ),
    GoalKind.creative: (
        (
            r"paint\w*|draw\w*|sketch\w*|photograph\w*|music|songs?|compos\w*|guitar|piano|violin|novel|poems?"
            r"|poetry|short\s+stor(?:y|ies)|art|artwork|illustrat\w*|knit\w*|sew\w*|pottery|ceramics|film|creative"
            r"|sculpt\w*|dance|dancing|theatre|sing\w*",
            6,
        ),
        (r"stories|design\w*|craft\w*|make|making|build|building", 1),
    ),
}
# How much a word counts by where it stands: the title says most, a tag as much, the measure and the why less.
_FIELD_WEIGHTS = {"title": 3, "tags": 3, "measure": 2, "unit": 2, "why": 1}
_KIND_MIN_SCORE = 4  # below this nothing says enough: "other"


def _kind_pattern(words: str) -> str:
    return rf"(?i)(?<![\w-])(?:{words})(?![\w-])"


def kind_scores(fields: Mapping[str, str]) -> dict[GoalKind, int]:
    """How strongly each kind is told by a goal's words: every whole-word match, by its weight and its field's."""
    scores = dict.fromkeys(_KIND_WORDS, 0)
    for name, text in fields.items():
        if not text:
            continue
        field = _FIELD_WEIGHTS[name]
        for kind, words in _KIND_WORDS.items():
            for pattern, weight in words:
                scores[kind] += field * weight * len(re.findall(_kind_pattern(pattern), text))
    return scores


def goal_kind(
    title: str,
    *,
    measure: str | None = None,
    unit: str | None = None,
    why: str | None = None,
    tags: Sequence[str] = (),
) -> GoalKind:
    """The kind of a goal, read from its whole wording (title, tags, measure, unit, why), each word weighed."""
    scores = kind_scores(
        {
            "title": title,
            "tags": " ; ".join(tags),
            "measure": measure or "",
            "unit": unit or "",
            "why": why or "",
        }
    )
    best = max(scores, key=lambda kind: scores[kind])  # the first in _KIND_WORDS order wins a tie
    return best if scores[best] >= _KIND_MIN_SCORE else GoalKind.other


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


def _pool(name: str, strength_kind: str, goal: GoalKind, title: str, turn: int) -> list[str]:
    """One strength's ideas for a goal kind: its domain's, then those naming it; begun at a place that moves on
    by one each turn (each week), so that sessions in a row do not offer the same ideas."""
    ideas = _catalogue().ideas[str(goal)]
    domain = strength_domain(name, strength_kind)
    pool = [*(ideas.get(domain, ()) if domain else ()), *(_fill(text, name) for text in ideas["own"])]
    start = (_stable(f"{title}\n{name}") + turn) % len(pool)
    return pool[start:] + pool[:start]


def history_idea(record: StrengthHistory) -> str:
    """The person's own record with a strength, as a strategy to keep."""
    percent = round((record.rate or 0) * 100)
    return f"Lean on {record.name} here as your other strategies do ({percent}% follow-through so far)."


def strategy_ideas(
    *,
    goal_title: str,
    kind: GoalKind,
    strengths: Sequence[tuple[str, str]],
    history: Sequence[StrengthHistory] = (),
    turn: int = 0,
) -> list[StrategyIdea]:
    """A handful of ideas for a goal: the person's best records first, then one from every strength in their
    order, then more until there are enough. Fitted to the goal's kind; each `turn` (week) begins each strength's
    ideas one further on; deterministic; never names the goal."""
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
    pools = [(name, _pool(name, strength_kind, kind, goal_title, turn)) for name, strength_kind in strengths]
    if len(ideas) + len(pools) > limit:  # more strengths than room: which come first depends on the goal
        start = (_stable(goal_title) + turn) % len(pools)
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
