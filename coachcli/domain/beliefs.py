"""Belief language ("should", "must", "always"...) in what the user writes, and a question to reframe it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_APOSTROPHE = "['\u2019]"
_GAP = r"[^\S\r\n]+"  # spaces or tabs, not a line break: a phrase stays on one line

# Longer forms first, so that "shouldn't" wins over "should"; letters or digits may not touch either side,
# but markup such as *never* or _never_ may.
_BELIEF = re.compile(
    rf"""(?<![^\W_])(?:
        (?P<should>should(?:n{_APOSTROPHE}t|{_GAP}not)?)
      | (?P<must>must(?:n{_APOSTROPHE}t|{_GAP}not)?)
      | (?P<have_to>ha(?:ve|s|d){_GAP}to)
      | (?P<ought_to>ought{_GAP}to)
      | (?P<always>always)
      | (?P<never>never)
    )(?![^\W_])""",
    re.IGNORECASE | re.VERBOSE,
)

_KINDS = {
    "should": "should",
    "must": "must",
    "have_to": "have to",
    "ought_to": "ought to",
    "always": "always",
    "never": "never",
}


@dataclass(frozen=True)
class BeliefPhrase:
    """One piece of belief language: the words as typed, their family, and where they are in the text."""

    phrase: str
    kind: str
    start: int
    end: int


def find_belief_language(text: str) -> list[BeliefPhrase]:
    """Every should / must / have to / ought to / always / never in the text, in order of appearance."""
    return [
        BeliefPhrase(
            phrase=match.group(), kind=_KINDS[match.lastgroup or ""], start=match.start(), end=match.end()
        )
        for match in _BELIEF.finditer(text)
    ]


def _is_negative(phrase: str) -> bool:
    """Whether the phrase forbids rather than demands ("shouldn't", "must not")."""
    lowered = phrase.casefold().replace("\u2019", "'")
    return lowered.endswith("n't") or lowered.split()[-1] == "not"


def reframe_question(phrase: BeliefPhrase) -> str:
    """One warm, open question that quotes the phrase as typed and invites a second look at the belief."""
    quoted = f'You wrote "{phrase.phrase}".'
    negative = _is_negative(phrase.phrase)
    if phrase.kind == "should":
        if negative:
            return f"{quoted} What would you choose if nobody had an opinion about it?"
        return f"{quoted} What would you choose to do if nobody expected it?"
    if phrase.kind == "ought to":
        return f"{quoted} Whose expectation is that, and how much of it do you share?"
    if phrase.kind == "must":
        if negative:
            return f"{quoted} What would happen if you did? Who says so?"
        return f"{quoted} What would happen if you didn't? Who says so?"
    if phrase.kind == "have to":
        if phrase.phrase.casefold().startswith("had"):
            return f"{quoted} What made it feel like there was no other choice?"
        return f"{quoted} What would happen if you didn't? Who says so?"
    return f"{quoted} Has there been a time when that was not quite true?"
