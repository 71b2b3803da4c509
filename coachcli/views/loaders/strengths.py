"""Loading strength views: the user's strengths in their order, and the 34 themes with theirs marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachcli.views.strengths import StrengthView, ThemesView, build_strength_views, build_themes_view

if TYPE_CHECKING:
    from sqlmodel import Session


def own_strengths(session: Session) -> tuple[StrengthView, ...]:
    """The user's strengths as views, in their order."""
    from coachcli.store.strengths import list_strengths

    return build_strength_views([(strength.name, strength.kind) for strength in list_strengths(session)])


def load_themes(session: Session) -> ThemesView:
    """The 34 CliftonStrengths themes by domain, the user's marked with their rank."""
    return build_themes_view(own_strengths(session))
