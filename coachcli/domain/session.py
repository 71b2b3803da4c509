"""The weekly session as values: its stages in GROW order, its choices, and how it speaks about a carried action."""

from __future__ import annotations

from collections.abc import Sequence

from coachcli.domain.limits import check_confidence, confidence_problem
from coachcli.errors import InputError

STAGES = ("review", "reality", "reflect", "options", "will", "close")
STAGE_TITLES = {
    "review": "Looking back",
    "reality": "Where you are",
    "reflect": "What the week taught you",
    "options": "What you could try",
    "will": "What you will do",
    "close": "Closing",
}
STOP_WORD = "q"  # at any prompt: end the session for now
LOW_CONFIDENCE = 7  # below this, ask what would make it a higher number
KEEP_WORD = "k"  # in the will stage: keep last week's done commitments of a goal

# What to do now with an unfinished commitment; the answers a person may give for each.
CARRY_CHOICES = "carry it into {week} / change it / let it go"
NEXT_STEPS = {
    "c": "carry",
    "carry": "carry",
    "carry it": "carry",
    "s": "change",
    "change": "change",
    "change it": "change",
    "smaller": "change",
    "l": "let go",
    "let go": "let go",
    "let it go": "let go",
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def parse_next_step(text: str) -> str:
    """carry, change or let go, from what a person typed."""
    words = " ".join(text.lower().split())
    if words in NEXT_STEPS:
        return NEXT_STEPS[words]
    raise InputError(
        f'"{text.strip()}" is not one of carry it, change it, let it go; answer c, s (smaller or changed) or l'
    )


def parse_confidence(text: str) -> int:
    """A confidence typed as an answer (limits.check_confidence's rule)."""
    typed = text.strip()
    if not typed.isdigit():
        raise InputError(confidence_problem(f'"{typed}"'))
    confidence = int(typed)
    check_confidence(confidence)
    return confidence


def weeks_unfinished(chain_statuses: Sequence[str]) -> int:
    """How many weeks in a row a carried commitment has gone unfinished before (its chain, nearest first)."""
    count = 0
    for status in chain_statuses:
        if status not in ("open", "partial", "missed"):
            break
        count += 1
    return count


def carried_again_text(text: str, earlier_weeks: int) -> str:
    """Naming a commitment that has gone unfinished before, without judgement: "This is the third week for ..."."""
    week = ORDINALS[earlier_weeks] if earlier_weeks < len(ORDINALS) else f"{earlier_weeks + 1}th"
    return f'This is the {week} week for "{text}".'


CHANGE_QUESTION = "What would need to change for it to happen?"
