"""Loading strength views: the user's strengths in their order, and the 34 themes with theirs marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.views.strengths import StrengthView, ThemesView, build_strength_views, build_themes_view

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


def own_strengths(reader: Reader) -> tuple[StrengthView, ...]:
    """The user's strengths as views, in their order."""
    return build_strength_views([(strength.name, strength.kind) for strength in reader.strengths()])


def load_themes(reader: Reader) -> ThemesView:
    """The 34 CliftonStrengths themes by domain, the user's marked with their rank."""
    return build_themes_view(own_strengths(reader))
