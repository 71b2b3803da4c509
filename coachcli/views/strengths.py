"""What strengths commands show: the user's ranked strengths and the 34 themes, as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coachcli.domain.strengths import strength_key
from coachcli.domain.themes import DOMAINS, all_themes, find_theme

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


@dataclass(frozen=True)
class StrengthView:
    """One of the user's strengths, with its rank and, for a theme, its domain and how its people progress."""

    rank: int
    name: str
    kind: str
    domain: str | None
    progress: str | None

    def to_json(self) -> dict[str, Any]:
        """The SPEC's strength object."""
        return {"name": self.name, "kind": self.kind, "domain": self.domain}


def build_strength_views(strengths: Sequence[tuple[str, str]]) -> tuple[StrengthView, ...]:
    """StrengthViews from (name, kind) pairs in the user's order."""
    views = []
    for rank, (name, kind) in enumerate(strengths, start=1):
        theme = find_theme(name) if kind == "theme" else None
        views.append(
            StrengthView(
                rank=rank,
                name=name,
                kind=kind,
                domain=theme.domain if theme else None,
                progress=theme.progress if theme else None,
            )
        )
    return tuple(views)


@dataclass(frozen=True)
class StrengthListView:
    """The user's strengths, in their order (`coach strengths list`)."""

    strengths: tuple[StrengthView, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [strength.to_json() for strength in self.strengths]


@dataclass(frozen=True)
class ThemeView:
    """A CliftonStrengths theme, and its rank among the user's strengths when it is one of them."""

    name: str
    domain: str
    description: str  # how its people tend to make progress
    rank: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "domain": self.domain,
            "description": self.description,
            "mine": self.rank is not None,
            "rank": self.rank,
        }


@dataclass(frozen=True)
class ThemesView:
    """The 34 themes by domain, the user's own marked, and the user's own words that are no theme."""

    domains: tuple[tuple[str, tuple[ThemeView, ...]], ...]
    custom: tuple[StrengthView, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [theme.to_json() for _, themes in self.domains for theme in themes]


def build_themes_view(strengths: Sequence[StrengthView]) -> ThemesView:
    """The themes grouped by domain, each with the user's rank for it (when it is one of theirs)."""
    ranks = {strength_key(strength.name): strength.rank for strength in strengths if strength.kind == "theme"}
    themes = [
        ThemeView(theme.name, theme.domain, theme.progress, ranks.get(strength_key(theme.name)))
        for theme in all_themes()
    ]
    return ThemesView(
        domains=tuple(
            (domain, tuple(theme for theme in themes if theme.domain == domain)) for domain in DOMAINS
        ),
        custom=tuple(strength for strength in strengths if strength.kind != "theme"),
    )


def own_strengths(reader: Reader) -> tuple[StrengthView, ...]:
    """The user's strengths as views, in their order."""
    return build_strength_views([(strength.name, strength.kind) for strength in reader.strengths()])


def load_themes(reader: Reader) -> ThemesView:
    """The 34 CliftonStrengths themes by domain, the user's marked with their rank."""
    return build_themes_view(own_strengths(reader))
