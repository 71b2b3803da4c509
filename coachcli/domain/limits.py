"""The limits of what coach accepts, defined once: ids, numbers, text lengths and dates.

They are generous, meant only to keep out what no person means (a 200 MB "why", a 309-digit target) so that
every view stays fast and every value fits SQLite. Typed input and imported files are held to the same ones.
"""

from __future__ import annotations

from datetime import date

from coachcli.errors import InputError

# SQLite's largest integer: every id fits it.
MAX_ID = 2**63 - 1

# `coach report --weeks` and `coach demo --weeks`: a hundred years, far beyond a life's journal (so that
# benchmarks/run.py can build fifty); `coach demo --seed`.
MAX_WEEKS = 5200
MAX_SEED = 2**31
# The years a date or an ISO week may name.
MIN_YEAR = 1
MAX_YEAR = 9998
# A strength in the user's own words.
MAX_CUSTOM_LENGTH = 60
# How sure a person is that they will do what they committed to.
MIN_CONFIDENCE = 1
MAX_CONFIDENCE = 10

# Goal values (baseline, target, check-ins): a trillion either way is more than any count, sum of money or
# distance a person tracks, and keeps every difference and percentage exact enough to print.
MAX_NUMBER = 1e12

# A line of text (a title, a commitment, a strategy, a measure, a tag: far more than any screen shows) and a
# long text (a why, a note, a reflection, a reframe, a week note: a few hundred thousand characters is fine).
LINE_LENGTH = 100_000
LONG_TEXT_LENGTH = 500_000

# Significant digits of a computed measure or rate (progress, forecast, completion rate) in JSON: what a person
# or a script can use, without the float noise of a division (0.8214, not 0.8214285714285714).
JSON_SIGNIFICANT_DIGITS = 4

# The dates coach handles: every one of them is in an ISO week whose neighbours are dates too.
FIRST_DAY = date(1, 1, 8)
LAST_DAY = date(9998, 12, 24)

# (table, column) -> the longest text it keeps. Tables not listed here hold no text a person types.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("goal", "title"): LINE_LENGTH,
    ("goal", "measure"): LINE_LENGTH,
    ("goal", "unit"): LINE_LENGTH,
    ("goal", "why"): LONG_TEXT_LENGTH,
    ("goal", "achievable"): LONG_TEXT_LENGTH,
    ("goal_tag", "tag"): LINE_LENGTH,
    ("checkin", "note"): LONG_TEXT_LENGTH,
    ("strength", "name"): LINE_LENGTH,
    ("strategy", "text"): LINE_LENGTH,
    ("strategy_strength", "strength"): LINE_LENGTH,
    ("commitment", "text"): LINE_LENGTH,
    ("commitment", "note"): LONG_TEXT_LENGTH,
    ("commitment", "when_where"): LINE_LENGTH,
    ("commitment", "support"): LONG_TEXT_LENGTH,
    ("routine", "text"): LINE_LENGTH,
    ("routine", "when_where"): LINE_LENGTH,
    ("week_note", "text"): LONG_TEXT_LENGTH,
    ("reflection", "text"): LONG_TEXT_LENGTH,
    ("reflection", "reframe"): LONG_TEXT_LENGTH,
    ("reflection_tag", "tag"): LINE_LENGTH,
    ("coaching_session", "questions"): LONG_TEXT_LENGTH,
    ("coaching_session", "wanted"): LONG_TEXT_LENGTH,
    ("session_step", "answer"): LONG_TEXT_LENGTH,
}


def text_problem(text: str, limit: int) -> str | None:
    """Why `text` cannot be kept (too long, or not text that UTF-8 can hold), or None."""
    if len(text) > limit:
        return f"is {len(text):,} characters long; coach keeps at most {limit:,}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a character that is not text (a lone surrogate such as \\ud800)"
    return None


def check_stored_text(table: str, column: str, value: str | None) -> None:
    """Raise InputError when a value for `table.column` is longer than it may be (see TEXT_LIMITS)."""
    limit = TEXT_LIMITS.get((table, column))
    if value is None or limit is None:
        return
    problem = text_problem(value, limit)
    if problem:
        what = column.replace("_", " ")
        raise InputError(f"the {table.replace('_', ' ')}'s {what} {problem}; shorten it and try again")


def number_problem(value: float) -> str | None:
    """Why a goal value cannot be kept, or None."""
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        return f"is out of range: coach keeps values from -{MAX_NUMBER:,.0f} to {MAX_NUMBER:,.0f}"
    return None


def date_problem(day: date) -> str | None:
    """Why a date is outside the dates coach handles, or None."""
    if not FIRST_DAY <= day <= LAST_DAY:
        return f"is out of range: coach handles dates from {FIRST_DAY} to {LAST_DAY}"
    return None


def check_confidence(value: int | None) -> int | None:
    """A commitment's confidence (how sure the person is they will do it), or None when not given."""
    if value is not None and not MIN_CONFIDENCE <= value <= MAX_CONFIDENCE:
        raise InputError(confidence_problem(str(value)))
    return value


def confidence_problem(typed: str) -> str:
    """The one message for a confidence coach cannot take."""
    return f"a confidence is a whole number from {MIN_CONFIDENCE} to {MAX_CONFIDENCE}, not {typed}"
