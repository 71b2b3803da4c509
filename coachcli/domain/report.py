"""The arithmetic of a progress report: its range of weeks, pooled completion rates, and follow-through by strength."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from coachcli.domain.dates import IsoWeek
from coachcli.domain.limits import MAX_WEEKS
from coachcli.domain.progress import completion_rate
from coachcli.domain.vocabulary import COMMITMENT_STATUSES
from coachcli.errors import InputError

DEFAULT_WEEKS = 12


def report_range(
    today: date, *, weeks: int | None, since: date | None, until: date | None
) -> tuple[IsoWeek, IsoWeek]:
    """The first and last ISO week a report covers.

    Default: the last 12 weeks up to this one. `weeks`: that many weeks up to this one. `since`/`until`: the weeks
    containing those days (`since` alone runs to this week; `until` alone covers the 12 weeks up to it).
    """
    if weeks is not None and (since is not None or until is not None):
        raise InputError("give either --weeks or --since/--until, not both")
    this_week = IsoWeek.of(today)
    if weeks is not None:
        if not 1 <= weeks <= MAX_WEEKS:
            raise InputError(f"--weeks {weeks} is out of range; use a number from 1 to {MAX_WEEKS}")
        return this_week.shift(-(weeks - 1)), this_week
    last = IsoWeek.of(until) if until is not None else this_week
    first = IsoWeek.of(since) if since is not None else last.shift(-(DEFAULT_WEEKS - 1))
    if first > last:
        raise InputError(
            f"--since {since} comes after --until {until or today}; give the earlier date to --since"
        )
    return first, last


def add_counts(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Status counts added up over several weeks (every status present)."""
    total: dict[str, int] = dict.fromkeys(COMMITMENT_STATUSES, 0)
    for item in counts:
        for status, count in item.items():
            total[status] += count
    return total


class ChartPoint(NamedTuple):
    """One bar of the follow-through chart: a week, or a run of weeks when the range is long.

    `bin_weeks` is how many weeks each bar of its chart pools (the last one may hold fewer).
    """

    label: str
    rate: float | None
    bin_weeks: int = 1


def chart_points(
    weeks: Sequence[tuple[IsoWeek, Mapping[str, int]]], max_points: int = 26
) -> list[ChartPoint]:
    """Completion rates to chart: one per week, or pooled over equal runs of weeks so at most `max_points` remain."""
    if not weeks:
        return []
    size = -(-len(weeks) // max_points)  # ceiling division
    points = []
    for start in range(0, len(weeks), size):
        run = weeks[start : start + size]
        label = str(run[0][0]) if len(run) == 1 else f"{run[0][0]}..W{run[-1][0].week:02d}"
        points.append(ChartPoint(label, completion_rate(add_counts(counts for _, counts in run)), size))
    return points


def chart_title(points: Sequence[ChartPoint]) -> str:
    """What a follow-through chart's bars are: "Weekly completion rate", or per how many weeks when pooled."""
    size = points[0].bin_weeks if points else 1
    return "Weekly completion rate" if size == 1 else f"Completion rate per {size} weeks"


class StrengthFollowThrough(NamedTuple):
    """How the commitments made through strategies that use one strength went."""

    name: str
    counts: dict[str, int]

    @property
    def commitments(self) -> int:
        return sum(self.counts.values())

    @property
    def counted(self) -> int:
        """The commitments that count towards the rate: done, partly done and not done."""
        return self.counts["done"] + self.counts["partial"] + self.counts["missed"]

    @property
    def completion_rate(self) -> float | None:
        return completion_rate(self.counts)


def strength_follow_through(
    strengths: Sequence[str],
    commitments: Iterable[tuple[int | None, str]],
    strategy_strengths: Mapping[int, Sequence[str]],
) -> list[StrengthFollowThrough]:
    """For each strength (in the user's order), the statuses of commitments whose strategy names it.

    `commitments` are (strategy_id, status) pairs; names match in any case.
    """
    counts: dict[str, dict[str, int]] = {
        name.casefold(): dict.fromkeys(COMMITMENT_STATUSES, 0) for name in strengths
    }
    for strategy_id, status in commitments:
        if strategy_id is None:
            continue
        for name in {name.casefold() for name in strategy_strengths.get(strategy_id, ())}:
            if name in counts:
                counts[name][status] += 1
    return [StrengthFollowThrough(name, counts[name.casefold()]) for name in strengths]
