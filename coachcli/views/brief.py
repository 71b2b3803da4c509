"""What `coach brief` shows: the page a person sends their coach before a session, as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.progress import completion_rate, significant
from coachcli.domain.report import ChartPoint, add_counts, chart_points
from coachcli.domain.vocabulary import GOAL_STATUSES, OBSTACLE_STATUSES, CommitmentStatus
from coachcli.domain.weeks import week_to_plan
from coachcli.errors import InputError
from coachcli.views.goals import CheckInView, GoalView, goal_views, load_goal_view
from coachcli.views.journal import ReflectionView, build_reflection_views
from coachcli.views.report import build_report_weeks
from coachcli.views.strategies import StrategyView, strategy_views
from coachcli.views.strengths import StrengthView, build_strength_views
from coachcli.views.weeks import CommitmentView, WeekView, commitment_views

if TYPE_CHECKING:
    from coachcli.store.reader import Reader


# A brief covers this many weeks by default: those up to the week to close, so the chart has two bars.
DEFAULT_BRIEF_WEEKS = 2
HELPED_STATUSES = (CommitmentStatus.DONE,)  # the review asks a done commitment "What helped?"


def brief_period(today: date, since: date | None, closed: IsoWeek) -> tuple[date, date]:
    """The days a brief covers: from `since` (default: the Monday of the week before the week to close, so
    the last two weeks looked back on) up to today."""
    first = since if since is not None else closed.shift(-(DEFAULT_BRIEF_WEEKS - 1)).start
    if first > today:
        raise InputError(f"--since {first.isoformat()} is after today; give a day up to today")
    return first, today


def period_weeks(first: date, last: date, planned: IsoWeek) -> list[IsoWeek]:
    """The ISO weeks with a day in first..last, leaving out the week to plan (its commitments are the plan)."""
    weeks = []
    week = IsoWeek.of(first)
    while week.start <= last:
        if week != planned:
            weeks.append(week)
        week = week.next()
    return weeks


def checkins_between(goal: GoalView, first: date, last: date) -> tuple[CheckInView, ...]:
    """A goal's check-ins dated first..last, oldest first."""
    return tuple(checkin for checkin in goal.checkins if first <= checkin.date <= last)


@dataclass(frozen=True)
class BriefGoal:
    """A goal as the brief shows it: its view (all check-ins, for the chart) and those of the period."""

    goal: GoalView
    checkins: tuple[CheckInView, ...]

    @property
    def measurable(self) -> bool:
        return self.goal.target is not None

    def to_json(self) -> dict[str, Any]:
        """The SPEC's goal object, with the check-ins of the period."""
        return {**self.goal.to_json(), "checkins": [checkin.to_json() for checkin in self.checkins]}


@dataclass(frozen=True)
class BriefWeek:
    """A week of the period: the week view `coach week` shows, and what helped and what got in the way."""

    week: WeekView

    @property
    def helped(self) -> list[CommitmentView]:
        return [c for c in self.week.commitments if c.status in HELPED_STATUSES and c.note]

    @property
    def in_the_way(self) -> list[CommitmentView]:
        return [c for c in self.week.commitments if c.status in OBSTACLE_STATUSES and c.note]

    def to_json(self) -> dict[str, Any]:
        """The SPEC's week object, with the notes split into what helped and what got in the way."""
        return {
            **self.week.to_json(),
            "helped": [commitment.to_json() for commitment in self.helped],
            "in_the_way": [commitment.to_json() for commitment in self.in_the_way],
        }


@dataclass(frozen=True)
class CoachQuestion:
    """One question the person wants to take to their coach, from the close of a session, with its date."""

    day: date
    session_id: int
    text: str

    def to_json(self) -> dict[str, Any]:
        """The SPEC's question object."""
        return {"date": self.day.isoformat(), "session_id": self.session_id, "text": self.text}


@dataclass(frozen=True)
class BriefStrength:
    """One of the person's strengths, in their order, with the active strategies that play to it."""

    strength: StrengthView
    strategies: tuple[StrategyView, ...]

    def to_json(self) -> dict[str, Any]:
        """The SPEC's strength object, with its strategies."""
        return {**self.strength.to_json(), "strategies": [strategy.to_json() for strategy in self.strategies]}


@dataclass(frozen=True)
class SessionWish:
    """What the person wanted from one session (asked as it opened), with the week that session closed."""

    session_id: int
    week: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "week": self.week, "text": self.text}


@dataclass(frozen=True)
class BriefView:
    """Everything a brief holds, for one period, goal or tag."""

    first: date
    last: date
    today: date
    goals: tuple[BriefGoal, ...]
    weeks: tuple[BriefWeek, ...]
    reflections: tuple[ReflectionView, ...]
    planned_week: IsoWeek
    planned: tuple[CommitmentView, ...]
    questions: tuple[CoachQuestion, ...] = ()
    strengths: tuple[BriefStrength, ...] = ()
    goal_id: int | None = None
    tag: str | None = None
    wanted: tuple[SessionWish, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return add_counts(week.week.counts for week in self.weeks)

    @property
    def completion_rate(self) -> float | None:
        return completion_rate(self.counts)

    @property
    def chart(self) -> list[ChartPoint]:
        """One point per week of the period; a week that counted nothing has no rate (a gap, not a zero)."""
        return chart_points([(week.week.week, week.week.counts) for week in self.weeks])

    @property
    def narrowed(self) -> bool:
        return self.goal_id is not None or self.tag is not None

    def to_json(self) -> dict[str, Any]:
        """The SPEC's brief object: from, to, goals, weeks, reflections, planned, strengths, questions."""
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "goal_id": self.goal_id,
            "tag": self.tag,
            "goals": [goal.to_json() for goal in self.goals],
            "weeks": [week.to_json() for week in self.weeks],
            "counts": self.counts,
            "completion_rate": significant(self.completion_rate),
            "reflections": [reflection.to_json() for reflection in self.reflections],
            "planned_week": str(self.planned_week),
            "planned": [commitment.to_json() for commitment in self.planned],
            "strengths": [strength.to_json() for strength in self.strengths],
            "questions": [question.to_json() for question in self.questions],
            "wanted": [wish.to_json() for wish in self.wanted],
        }


def split_questions(text: str | None) -> tuple[str, ...]:
    """The questions a session's close wrote down, one per non-blank line, as typed."""
    if text is None:
        return ()
    return tuple(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def brief_goals(goals: Sequence[GoalView], first: date, last: date) -> tuple[BriefGoal, ...]:
    """The goals of a brief with the check-ins of its period."""
    return tuple(BriefGoal(goal, checkins_between(goal, first, last)) for goal in goals)


def shown_goal(goal: GoalView, first: date) -> bool:
    """A goal belongs in a brief when it is active, or was closed during (or after the start of) the period."""
    return goal.status == "active" or (goal.closed is not None and goal.closed >= first)


def load_brief(
    reader: Reader,
    first: date,
    last: date,
    today: date,
    *,
    review_day: str,
    goal_id: int | None = None,
    tag: str | None = None,
) -> BriefView:
    """Everything a brief shows from `first` to `last`, of one goal or one tag when given, in one transaction.

    Private reflections are left out here, at the query, so no renderer can show one.
    """
    goals: tuple[GoalView, ...]
    if goal_id is not None:
        goals = (load_goal_view(reader, goal_id, today),)
    else:
        every = goal_views(reader, reader.goals(GOAL_STATUSES, tag), today)
        goals = tuple(goal for goal in every if shown_goal(goal, first))
    narrowed = goal_id is not None or tag is not None
    goal_ids = {goal.id for goal in goals}

    def wanted(rows: Sequence[Any]) -> list[Any]:
        return [row for row in rows if not narrowed or row.goal_id in goal_ids]

    planned_week = week_to_plan(today, review_day)
    weeks = period_weeks(first, last, planned_week)
    brief_weeks: tuple[BriefWeek, ...] = ()
    wishes: tuple[SessionWish, ...] = ()
    if weeks:
        start, end = str(weeks[0]), str(weeks[-1])
        names = {str(week) for week in weeks}
        rows = [row for row in wanted(reader.commitments_between(start, end)) if row.week in names]
        notes = {} if narrowed else reader.week_notes_between(start, end)
        views = build_report_weeks(
            weeks[0], weeks[-1], today=today, commitments=commitment_views(reader, rows), notes=notes
        )
        brief_weeks = tuple(BriefWeek(week) for week in views if str(week.week) in names)
        if not narrowed:
            wishes = tuple(
                SessionWish(row.id, row.closed_week, row.wanted) for row in reader.session_wishes(start, end)
            )
    found = reader.reflections(
        goal_id=goal_id,
        tag=tag if goal_id is None else None,
        since=first,
        until=last,
        include_private=False,
    )
    found.reverse()  # oldest first, as the weeks are
    reflections = build_reflection_views(found, reader.reflection_tags([row.id for row, _ in found]))
    questions = tuple(
        CoachQuestion((row.finished or row.started).astimezone().date(), row.id, text)
        for row in reader.session_questions(str(IsoWeek.of(first)), str(IsoWeek.of(last)))
        for text in split_questions(row.questions)
    )
    return BriefView(
        first=first,
        last=last,
        today=today,
        goals=brief_goals(goals, first, last),
        weeks=brief_weeks,
        reflections=reflections,
        planned_week=planned_week,
        planned=tuple(commitment_views(reader, wanted(reader.shown_commitments(str(planned_week))))),
        strengths=brief_strengths(reader, goal_ids if narrowed else None),
        questions=questions,
        goal_id=goal_id,
        tag=tag,
        wanted=wishes,
    )


def brief_strengths(reader: Reader, goal_ids: set[int] | None) -> tuple[BriefStrength, ...]:
    """The person's strengths in their order, each with the active strategies (of `goal_ids`, when given)
    that play to it."""
    strategies = [
        strategy
        for strategy in strategy_views(reader, reader.strategies(("active",)), with_titles=True)
        if goal_ids is None or strategy.goal_id in goal_ids
    ]
    return tuple(
        BriefStrength(strength, tuple(s for s in strategies if strength.name in s.strengths))
        for strength in build_strength_views([(row.name, row.kind) for row in reader.strengths()])
    )
