"""Numbers of progress: parsing values, a goal's progress and forecast, commitment counts and sparklines."""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from coachcli.domain.limits import JSON_SIGNIFICANT_DIGITS, number_problem
from coachcli.domain.vocabulary import COMMITMENT_STATUSES, COMPLETED_STATUSES
from coachcli.errors import InputError

# A plain decimal number in ASCII digits: no underscores, no thousands separators, no nan/inf, no hex.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_EXAMPLE = "use a plain number such as 12 or 7.5"
_SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
_SPARK_GAP = "·"


def parse_number(text: str, *, what: str = "value") -> float:
    """A finite number from what the user typed, or an InputError naming it and showing the expected form."""
    typed = text.strip()
    if not typed:
        raise InputError(f"the {what} is empty; {_EXAMPLE}")
    if not _NUMBER.fullmatch(typed):
        raise InputError(f'the {what} "{typed}" is not a number; {_EXAMPLE}')
    value = float(typed)
    problem = number_problem(value) if math.isfinite(value) else number_problem(math.inf)
    if problem:
        raise InputError(f'the {what} "{typed}" {problem}')
    return value + 0.0  # turns -0.0 into 0.0


def parse_checkin_value(text: str, latest: float) -> float:
    """A check-in's new total: "N" is it, "+N" / "-N" change the latest value, "=N" sets it (even below 0)."""
    typed = text.strip()
    how = "use a new total such as 12, +N or -N to change the latest value, or =N for a total below zero"
    if typed.startswith("="):
        return _checked_value(typed[1:].strip(), typed, how)
    if typed.startswith(("+", "-")):
        change = _checked_value(typed, typed, how)
        total = latest + change
        problem = number_problem(total)
        if problem:
            raise InputError(f'the check-in value "{typed}" makes the total {total:,.0f}, which {problem}')
        return total + 0.0
    return _checked_value(typed, typed, how)


def _checked_value(number: str, typed: str, how: str) -> float:
    """Parse the number part of a check-in value, with errors that quote the whole of what was typed."""
    try:
        return parse_number(number, what="check-in value")
    except InputError:
        if not typed:
            raise InputError(f"the check-in value is empty; {how}") from None
        problem = number_problem(math.inf) if _NUMBER.fullmatch(number) else "is not a number"
        raise InputError(f'the check-in value "{typed}" {problem}; {how}') from None


def current_value(baseline: float | None, checkins: Sequence[tuple[date, float]]) -> float | None:
    """The value of the latest check-in (the last given wins a tie of dates), else the baseline, else None."""
    return _latest_value(checkins) if checkins else baseline


def _latest_value(checkins: Sequence[tuple[date, float]]) -> float:
    """The value of the latest check-in (the last given wins a tie of dates)."""
    latest = max(range(len(checkins)), key=lambda index: (checkins[index][0], index))
    return checkins[latest][1]


def starting_value(baseline: float | None, target: float | None, values: Sequence[float]) -> float | None:
    """Where a goal started: its baseline; without one, the first check-in of a goal that counts down (above
    the target, and the numbers since went down: 28 h then 21 h towards 18 h starts at 28, not at 0), else
    None (a count starts from nothing, and 7 dishes of 5 is past the target)."""
    if baseline is not None or target is None or not values:
        return baseline
    return values[0] if values[0] > target and values[-1] < values[0] else None


def goal_progress(baseline: float | None, target: float | None, current: float | None) -> float | None:
    """How far from baseline (0 if unset) to target the current value is, 0..1; None without a target."""
    if target is None:
        return None
    start = 0.0 if baseline is None else baseline
    now = start if current is None else current
    if target == start:
        return 1.0 if now == target else 0.0
    return min(1.0, max(0.0, (now - start) / (target - start)))


def significant(value: float | None) -> float | None:
    """A computed measure or rate as JSON gives it, to a few significant digits; a stored value is never rounded."""
    return None if value is None else float(f"{value:.{JSON_SIGNIFICANT_DIGITS}g}")


class Forecast(NamedTuple):
    """Where the trend of the check-ins leads by the deadline, and the pace needed from now on."""

    projected: float
    on_track: bool
    needed_per_week: float | None
    slope_per_week: float
    clear: bool = True  # False with too few or too scattered check-ins to read a trend from

    def as_dict(self) -> dict[str, float | bool | None]:
        """The forecast as in the JSON output, its numbers to a few significant digits."""
        return {
            "projected": significant(self.projected),
            "on_track": self.on_track,
            "needed_per_week": significant(self.needed_per_week),
            "slope_per_week": significant(self.slope_per_week),
            "clear": self.clear,
        }


# A trend is read only from this many check-ins over this many days, fitting the line this well (R squared).
TREND_MIN_CHECKINS = 3
TREND_MIN_DAYS = 14
TREND_MIN_FIT = 0.3


def trend_is_clear(points: Sequence[tuple[float, float]], slope: float, intercept: float) -> bool:
    """Whether check-ins (day, value) show a trend worth projecting: enough of them, long enough, close to a line."""
    if (
        len(points) < TREND_MIN_CHECKINS
        or max(x for x, _ in points) - min(x for x, _ in points) < TREND_MIN_DAYS
    ):
        return False
    mean_y = math.fsum(y for _, y in points) / len(points)
    total = math.fsum((y - mean_y) ** 2 for _, y in points)
    if total == 0:
        return True  # a flat line is a clear trend
    residual = math.fsum((y - (slope * x + intercept)) ** 2 for x, y in points)
    return 1 - residual / total >= TREND_MIN_FIT


def least_squares(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The (slope, intercept) of the least-squares line; None with fewer than two points or all x equal."""
    if len(points) < 2:
        return None
    mean_x = math.fsum(x for x, _ in points) / len(points)
    mean_y = math.fsum(y for _, y in points) / len(points)
    spread = math.fsum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    slope = math.fsum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


def forecast(
    *,
    checkins: Sequence[tuple[date, float]],
    baseline: float | None,
    target: float | None,
    deadline: date | None,
    today: date,
) -> Forecast | None:
    """Project the check-ins' trend to the deadline; None without a deadline, a target or a trend."""
    if deadline is None or target is None:
        return None
    line = least_squares([(day.toordinal(), value) for day, value in checkins])
    if line is None:
        return None
    slope, intercept = line
    projected = slope * deadline.toordinal() + intercept
    values = [value for _, value in checkins] + [target] + ([baseline] if baseline is not None else [])
    if min(values) >= 0:
        projected = max(
            0.0, projected
        )  # a measure that has never been below zero (books, km) will not go there
    start = baseline if baseline is not None else _first_value(checkins)
    rising = target >= start
    tolerance = 1e-9 * max(1.0, abs(target))
    on_track = projected >= target - tolerance if rising else projected <= target + tolerance
    needed: float | None = None
    days_left = (deadline - today).days
    if days_left > 0:
        needed = (target - _latest_value(checkins)) / (days_left / 7)
        # Once the target is passed, no more pace is needed (rather than a pace backwards).
        needed = max(0.0, needed) if rising else min(0.0, needed)
    clear = trend_is_clear([(day.toordinal(), value) for day, value in checkins], slope, intercept)
    return Forecast(
        projected=projected, on_track=on_track, needed_per_week=needed, slope_per_week=slope * 7, clear=clear
    )


def _first_value(checkins: Sequence[tuple[date, float]]) -> float:
    """The value of the earliest check-in (the first given wins a tie of dates)."""
    first = min(range(len(checkins)), key=lambda index: (checkins[index][0], index))
    return checkins[first][1]


def completion_rate(counts: Mapping[str, int]) -> float | None:
    """(done + partial / 2) / (done + partial + missed), open and dropped aside; None when nothing counts."""
    done, partial, missed = (counts.get(status, 0) for status in COMPLETED_STATUSES)
    counted = done + partial + missed
    if counted == 0:
        return None
    return (done + partial / 2) / counted


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many commitments have each status, every status in COMMITMENT_STATUSES order, zeros included."""
    counts: dict[str, int] = dict.fromkeys(COMMITMENT_STATUSES, 0)
    for status in statuses:
        if status not in counts:
            raise InputError(
                f'"{status}" is not a commitment status; use one of {", ".join(COMMITMENT_STATUSES)}'
            )
        counts[status] += 1
    return counts


def sparkline(values: Sequence[float | None]) -> str:
    """A one-line chart of values in 0..1 with block characters; "·" where a value is missing."""
    top = len(_SPARK_BLOCKS) - 1
    chars = []
    for value in values:
        if value is None or math.isnan(value):
            chars.append(_SPARK_GAP)
        else:
            level = round(min(1.0, max(0.0, value)) * top)
            chars.append(_SPARK_BLOCKS[level])
    return "".join(chars)


# --- numbers as a person says them ------------------------------------------------------------------------

MAX_DECIMALS = 2
_SIBILANT_PLURAL = r"(?i)(?:ss|x|z|ch|sh)es$"


def singular_unit(unit: str) -> str:
    """A plural unit as one of it: "1 interview", "1 book", "1 class"; short units ("km", "kg") stay."""
    words = unit.rsplit(" ", 1)
    last = words[-1]
    if len(last) <= 3 or not last.endswith("s") or last.endswith(("ss", "us", "is")):
        return unit
    last = last[:-2] if re.search(_SIBILANT_PLURAL, last) else last[:-1]
    return " ".join([*words[:-1], last])


def number_text(value: float, unit: str | None = None, *, decimals: int = MAX_DECIMALS) -> str:
    """A number as a person writes it, to at most `decimals` places (12, 7.5, 1,200), with its unit."""
    rounded = round(value, decimals)
    text = (
        f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".") if rounded != int(rounded) else f"{int(rounded):,}"
    )
    if text == "-0":
        text = "0"
    if not unit:
        return text
    return f"{text} {singular_unit(unit) if abs(rounded) == 1 else unit}"


def decimals_used(values: Iterable[float | None]) -> int:
    """How many decimal places the person uses in a goal's numbers (0 for whole numbers, at most 2)."""
    places = 0
    for value in values:
        if value is None:
            continue
        for count in range(MAX_DECIMALS + 1):
            if round(value, count) == round(value, MAX_DECIMALS):
                places = max(places, count)
                break
    return places


class GoalNumbers(NamedTuple):
    """A goal's numbers in the words a person would use: whole units where they count in whole units, a
    decimal only where they used one, "one 1:1 a week", and a goal that counts down read as one."""

    baseline: float | None
    target: float | None
    current: float | None
    unit: str | None
    decimals: int

    @classmethod
    def of(
        cls,
        baseline: float | None,
        target: float | None,
        current: float | None,
        unit: str | None,
        values: Sequence[float] = (),
    ) -> "GoalNumbers":
        """A goal's numbers; `values` are its check-ins, oldest first."""
        start = starting_value(baseline, target, values)
        return cls(start, target, current, unit, decimals_used([baseline, target, current, *values]))

    def amount(self, value: float, *, unit: bool = True) -> str:
        """A value of the goal, as precise as the person's own numbers."""
        return number_text(value, self.unit if unit else None, decimals=self.decimals)

    def about(self, value: float) -> str:
        """A worked-out value (a projection): "about 8 reports" when it had to be rounded."""
        shown = self.amount(value)
        return shown if round(value, self.decimals) == round(value, MAX_DECIMALS + 2) else f"about {shown}"

    @property
    def counts_down(self) -> bool:
        """Whether the goal is to bring a number down (28 h of meetings to 18)."""
        start = self.baseline if self.baseline is not None else None
        return start is not None and self.target is not None and self.target < start

    def standing(self) -> str:
        """Where the goal stands against its target: "12 of 15 books", "from 28 h down to 18 h: 3 h to go"."""
        if self.current is None:
            return f"target {self.amount(self.target)}, no check-in yet" if self.target is not None else "–"
        if self.target is None:
            return self.amount(self.current)
        if self.counts_down and self.baseline is not None:
            left = self.current - self.target
            rest = f"{self.amount(left)} to go" if left > 0 else "there"
            return f"from {self.amount(self.baseline)} down to {self.amount(self.target)}: {rest}"
        return f"{self.amount(self.current, unit=False)} of {self.amount(self.target)}"

    def pace(self, needed_per_week: float, per_week: str = "a week") -> str:
        """The pace a goal needs: "2 reports a week", "one 1:1 a week", "one interview every 3 weeks"."""
        needed = abs(needed_per_week)
        one = f"one {singular_unit(self.unit)}" if self.unit else "one"
        less = " less" if self.counts_down else ""
        if 0 < needed < 1:  # "one every 3 weeks": as often as would still get there
            weeks = math.floor(round(1 / needed, 6))
            return f"{one}{less} {per_week}" if weeks <= 1 else f"{one}{less} every {weeks} weeks"
        scale = 10**self.decimals  # rounded up to the person's precision: what would get there
        enough = math.ceil(round(needed * scale, 6)) / scale
        if enough == 1:
            return f"{one}{less} {per_week}"
        return f"{self.amount(enough)}{less} {per_week}"

    def values(self) -> str:
        """Where the goal starts, where it is going and where it is now: "from 3 books to 15 books, now 4.5
        books"; a goal that counts down: "from 28 h down to 18 h: 3 h to go (now 21 h)"."""
        if self.counts_down and self.current is not None:
            return f"{self.standing()} (now {self.amount(self.current)})"
        parts = [f"from {self.amount(self.baseline)}"] if self.baseline is not None else []
        if self.target is not None:
            parts.append(f"to {self.amount(self.target)}")
        now = f"now {self.amount(self.current)}" if self.current is not None else "no check-in yet"
        return f"{' '.join(parts)}, {now}" if parts else now

    def forecast_phrase(self, forecast: Forecast | None) -> str:
        """On track, or where the trend leads and the pace that would get there; "" without a forecast."""
        if forecast is None:
            return ""
        pace = (
            f"; {self.pace(forecast.needed_per_week)} would get there"
            if forecast.needed_per_week not in (None, 0)
            else ""
        )
        if not forecast.clear:
            return f"{UNCLEAR_TREND}{pace}"
        projected = self.about(forecast.projected)
        if forecast.on_track:
            return f"on track (heading for {projected})"
        if forecast.needed_per_week is None:
            return f"trend reaches {projected}"
        return f"heading for {projected}{pace}"


UNCLEAR_TREND = "the trend is not clear yet"
