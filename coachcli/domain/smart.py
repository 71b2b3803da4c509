"""The SMART scorecard of a goal: one verdict per letter, with a coaching question for each one missing."""

from datetime import date
from typing import NamedTuple

from coachcli.domain.text import is_blank

SMART_LETTERS = ("specific", "measurable", "achievable", "relevant", "time_bound")

_LABELS = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
}

_QUESTIONS = {
    "specific": "What exactly will be different when you reach it?",
    "measurable": "How will you know you got there? What number?",
    "achievable": "What makes this within reach: resources, a first step, how confident are you?",
    "relevant": "Why does this matter to you now?",
    "time_bound": "By when? What date would make this real?",
}

# What `coach goal add` asks for each part not given as an option (the scorecard above asks about a letter
# still missing; these ask for the value itself, so they say what to answer).
PART_QUESTIONS = {
    "specific": "In a few concrete words, what will be different when you reach it?",
    "measure": "How will you know you got there? What will you measure (e.g. km run per week)?",
    "unit": "In what unit (optional)?",
    "baseline": "Where are you starting from? (a number, optional)",
    "target": "What number will tell you that you got there?",
    "deadline": "By when? (e.g. 2027-03-31, in 6 weeks, end of quarter)",
    "why": _QUESTIONS["relevant"],
    "achievable": _QUESTIONS["achievable"],
}

_DEADLINE_NOT_AHEAD = "By when, after today, will you get there? What date would make this real?"

# Words that carry no concrete content on their own: a title made only of these is a wish, not a goal.
_VAGUE_TEXT = """
    a an the my our your his her their its this that these those some any all
    i me we you myself ourselves yourself self
    in at on to of for with from into about by as and or but so than then
    be am is are was were being been get gets getting got become becoming
    do doing done make making have having feel feeling
    will would could should can just very really much lot lots bit kind sort way
    more less most least better best worse happier happy healthier healthy fitter
    improve improved improving improvement stuff things thing something everything anything
    life person overall general generally somehow someday somewhere sometime
    good great well nice fine okay ok
    try trying want wanting wish hope maybe perhaps like
"""
_VAGUE_WORDS = frozenset(_VAGUE_TEXT.split())


class SmartCheck(NamedTuple):
    """One letter of the scorecard: met or not, and the question to ask when it is not."""

    key: str
    letter: str
    label: str
    ok: bool
    question: str | None


class SmartScorecard(NamedTuple):
    """The five SMART verdicts of a goal, in SMART order."""

    checks: tuple[SmartCheck, ...]

    def as_dict(self) -> dict[str, bool]:
        """The verdicts keyed as in the JSON output: {"specific": True, ...}."""
        return {check.key: check.ok for check in self.checks}

    @property
    def missing(self) -> tuple[SmartCheck, ...]:
        """The letters not yet met, in SMART order."""
        return tuple(check for check in self.checks if not check.ok)

    @property
    def score(self) -> int:
        """How many letters are met, 0 to 5."""
        return sum(check.ok for check in self.checks)

    @property
    def letters(self) -> str:
        """A compact view such as "SM-RT": the letter when met, "-" when missing."""
        return "".join(check.letter if check.ok else "-" for check in self.checks)


def _words(title: str) -> list[str]:
    """The words of a title: whitespace-separated tokens that contain a letter or a digit."""
    return [token for token in title.split() if any(char.isalnum() for char in token)]


def _normalized(word: str) -> str:
    """A word lower-cased, without the punctuation around it, for comparison with the vague words."""
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end].casefold().replace("\u2019", "'")


def is_specific(title: str) -> bool:
    """Whether a title has at least three words and at least two concrete ones (not only a vague wish)."""
    words = _words(title)
    if len(words) < 3:
        return False
    concrete = [word for word in words if _normalized(word) not in _VAGUE_WORDS]
    return len(concrete) >= 2


def _check(key: str, ok: bool, question: str | None = None) -> SmartCheck:
    """A check for one letter, with the question only when the letter is not met."""
    return SmartCheck(
        key=key,
        letter=_LABELS[key][0],
        label=_LABELS[key],
        ok=ok,
        question=None if ok else (question or _QUESTIONS[key]),
    )


def smart_scorecard(
    *,
    title: str,
    measure: str | None,
    target: float | None,
    achievable: str | None,
    why: str | None,
    deadline: date | None,
    created: date,
) -> SmartScorecard:
    """Score a goal against the five SMART letters, as SPEC describes them."""
    time_bound = deadline is not None and deadline > created
    return SmartScorecard(
        checks=(
            _check("specific", is_specific(title)),
            _check("measurable", not is_blank(measure) and target is not None),
            _check("achievable", not is_blank(achievable)),
            _check("relevant", not is_blank(why)),
            _check("time_bound", time_bound, None if deadline is None else _DEADLINE_NOT_AHEAD),
        )
    )
