"""The one check for text a person types: kept exactly as typed, refused when blank."""

from __future__ import annotations

from coachcli.errors import InputError


def is_blank(text: str | None) -> bool:
    """Whether text is missing, empty or only whitespace."""
    return text is None or not text.strip()


def require_text(text: str, problem: str) -> str:
    """`text` exactly as typed; blank text raises InputError(`problem`), which says what to write instead."""
    if is_blank(text):
        raise InputError(problem)
    return text


def optional_text(text: str | None, *, what: str) -> str | None:
    """Text given as an option: None when not given, refused when blank, else kept exactly as typed."""
    if text is None:
        return None
    return require_text(text, f"the {what} is empty; give some text or leave the option out")
