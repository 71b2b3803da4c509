"""The weekly session as values: its stages in GROW order, its choices, and how it speaks about a carried action."""

from __future__ import annotations

from collections.abc import Sequence

from coachcli.domain.dates import IsoWeek
from coachcli.domain.limits import check_confidence, confidence_problem
from coachcli.domain.weeks import parse_status
from coachcli.errors import CoachError, InputError

STAGES = ("focus", "review", "reality", "reflect", "options", "will", "close")
STAGE_TITLES = {
    "focus": "What you want from today",
    "review": "Looking back",
    "reality": "Where you are",
    "reflect": "What the week taught you",
    "options": "What you could try",
    "will": "What you will do",
    "close": "Closing",
}
STOP_WORD = "q"  # at any prompt: end the session for now
LOW_CONFIDENCE = 7  # below this, ask what would make it a higher number
SUPPORT_QUESTION = "What would make it a higher number?"  # its answer is the commitment's `support`
SUPPORT_WORDS = "what would raise it"  # how `support` is introduced wherever a commitment's plan is shown
KEEP_WORD = "k"  # in the will stage: keep last week's done commitments of a goal

# What to do now with an unfinished commitment; the answers a person may give for each. "let go" is a status
# (the commitment was set aside); leaving one where it is carries nothing and keeps the status it was given.
CARRY_CHOICES = (
    "c: carry it into {week} / s: carry a smaller or changed version / n: carry nothing, it stays {where}"
)
NEXT_STEPS = {
    "c": "carry",
    "carry": "carry",
    "carry it": "carry",
    "s": "change",
    "change": "change",
    "change it": "change",
    "smaller": "change",
    "n": "leave",
    "nothing": "leave",
    "carry nothing": "leave",
    "leave": "leave",
    "leave it": "leave",
    "l": "leave",  # what "let it go" used to be called here
    "let it go": "leave",
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def parse_next_step(text: str) -> str:
    """carry, change or let go, from what a person typed."""
    words = " ".join(text.lower().split())
    if words in NEXT_STEPS:
        return NEXT_STEPS[words]
    raise InputError(
        f'"{text.strip()}" is not one of carry it, carry a changed version, carry nothing; answer c, s (smaller'
        " or changed) or n"
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
WANTED_QUESTION = "What do you want from this session?"  # stage 0, kept with the session


ONE_BY_ONE = "one by one"
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def parse_together(text: str) -> str:
    """How to answer the open commitments of earlier weeks: a status for all of them, or one by one."""
    words = " ".join(text.lower().split())
    if words in ("o", "one", ONE_BY_ONE):
        return ONE_BY_ONE
    try:
        status = parse_status(words)
    except CoachError:
        status = None
    if status is None or status == "open":
        raise InputError(
            f'"{text.strip()}" is neither how they went nor one by one; answer done, partly, not done, let go'
            " (d, p, n, l) for all of them, or o to go through them one by one"
        )
    return str(status)


def weeks_in_words(count: int) -> str:
    """A number of weeks as a person says it: "one week", "three weeks", "12 weeks"."""
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"{number} week{'s' if count != 1 else ''}"


def welcome_back_text(last: IsoWeek, closed: IsoWeek) -> str:
    """A kind word after weeks without a session, never a reproach."""
    between = 0
    week = last.next()
    while week < closed:
        between += 1
        week = week.next()
    return (
        f"Welcome back. Your last session looked back on {last}; {weeks_in_words(between)} went by without one"
        f" ({last.next()}{'' if between == 1 else f' to {closed.previous()}'}). Whatever happened, it is"
        " information: let us look at those weeks together, then at this one."
    )


# Reality: what a goal's standing asks about.
DEADLINE_CHOICES = {"m": "move", "move": "move", "move the date": "move", "c": "close", "close": "close",
                    "close it": "close", "done": "close", "l": "let go", "let go": "let go", "let it go": "let go"}  # fmt: skip
DONE_QUESTION = "What made the difference?"  # kept as a reflection on a goal marked done
AWAY_QUESTION = "It moved away from the target. What happened?"


def reached_target(baseline: float | None, target: float | None, current: float | None) -> bool:
    """Whether a goal's number has reached its target, counting up or down (from its baseline)."""
    if target is None or current is None:
        return False
    if baseline is not None and target < baseline:
        return current <= target
    return current >= target


def moved_away(baseline: float | None, target: float | None, before: float | None, now: float) -> bool:
    """Whether a new value is further from the target than the one before it."""
    if target is None or before is None:
        return False
    counting_down = baseline is not None and target < baseline
    return now > before if counting_down else now < before


def parse_deadline_choice(text: str) -> str:
    """move, close or let go, for a goal past its deadline."""
    words = " ".join(text.lower().split())
    if words in DEADLINE_CHOICES:
        return DEADLINE_CHOICES[words]
    raise InputError(f'"{text.strip()}" is not one of move the date, close it, let it go; answer m, c or l')


def parse_yes(text: str) -> bool:
    """y/yes or n/no."""
    words = text.strip().lower()
    if words in ("y", "yes"):
        return True
    if words in ("n", "no"):
        return False
    raise InputError(f'"{text.strip()}" is not yes or no; answer y or n')


def week_in_words(week: IsoWeek, this_week: IsoWeek) -> str:
    """A week as a person says it, with the ISO week beside: "next week (2026-W50)", or the ISO week alone."""
    names = {this_week: "this week", this_week.next(): "next week", this_week.previous(): "last week"}
    return f"{names[week]} ({week})" if week in names else str(week)
