"""Numbers of progress: parsing values, a goal's progress and forecast, commitment counts and sparklines."""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from coachcli.domain.limits import number_problem
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


def goal_progress(baseline: float | None, target: float | None, current: float | None) -> float | None:
    """How far from baseline (0 if unset) to target the current value is, 0..1; None without a target."""
    if target is None:
        return None
    start = 0.0 if baseline is None else baseline
    now = start if current is None else current
    if target == start:
        return 1.0 if now == target else 0.0
    return min(1.0, max(0.0, (now - start) / (target - start)))


class Forecast(NamedTuple):
    """Where the trend of the check-ins leads by the deadline, and the pace needed from now on."""

    projected: float
    on_track: bool
    needed_per_week: float | None
    slope_per_week: float
    clear: bool = True  # False with too few or too scattered check-ins to read a trend from

    def as_dict(self) -> dict[str, float | bool | None]:
        """The forecast as in the JSON output (full floats; the renderer rounds)."""
        return {
            "projected": self.projected,
            "on_track": self.on_track,
            "needed_per_week": self.needed_per_week,
            "slope_per_week": self.slope_per_week,
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
