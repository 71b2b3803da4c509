"""What `coach journal` and `coach reflect` show: reflections and week notes as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from coachcli.domain.beliefs import notice_beliefs
from coachcli.domain.dates import IsoWeek

if TYPE_CHECKING:
    from coachcli.domain.beliefs import Belief
    from coachcli.store.reader import Reader


def beliefs_in(text: str) -> tuple[Belief, ...]:
    """The belief language in a text (domain/beliefs.py, imported only when a view shows it)."""

    return tuple(notice_beliefs(text))


def questions_of(beliefs: Sequence[Belief]) -> tuple[str, ...]:
    """The questions belief phrases invite, in order (an intention to support invites none)."""
    return tuple(belief.question for belief in beliefs if belief.question is not None)


# How many of a goal's latest reflections `coach goal show` lists.
GOAL_REFLECTIONS_SHOWN = 5


@dataclass(frozen=True)
class ReflectionView:
    """One reflection with its goal's title, its tags, and the belief language in it."""

    id: int
    date: date
    text: str
    goal_id: int | None
    goal_title: str | None
    week: str | None
    tags: tuple[str, ...]
    reframe: str | None
    private: bool = False  # kept out of briefs, reports and the Markdown export

    @cached_property
    def beliefs(self) -> tuple[Belief, ...]:
        """The belief language in the text, found when first asked for (goal show never shows it)."""
        return beliefs_in(self.text)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """The questions its belief phrases invite, until a reframe has answered them."""
        return () if self.reframe else questions_of(self.beliefs)

    def to_json(self) -> dict[str, Any]:
        """The SPEC's reflection object, with its kind, goal title, reframe and beliefs."""
        return {
            "kind": "reflection",
            "id": self.id,
            "date": self.date.isoformat(),
            "text": self.text,
            "goal_id": self.goal_id,
            "goal_title": self.goal_title,
            "week": self.week,
            "tags": list(self.tags),
            "reframe": self.reframe,
            "private": self.private,
            "beliefs": [belief.to_json() for belief in self.beliefs],
        }


@dataclass(frozen=True)
class WeekNoteView:
    """The note that closes a week's review, dated by the week's Sunday."""

    week: str
    date: date
    text: str

    @cached_property
    def beliefs(self) -> tuple[Belief, ...]:
        """The belief language in the text, found when first asked for."""
        return beliefs_in(self.text)

    @property
    def open_questions(self) -> tuple[str, ...]:
        """The questions its belief phrases invite."""
        return questions_of(self.beliefs)

    def to_json(self) -> dict[str, Any]:
        """The SPEC's week note object, with its kind, date and beliefs."""
        return {
            "kind": "week_note",
            "week": self.week,
            "date": self.date.isoformat(),
            "text": self.text,
            "beliefs": [belief.to_json() for belief in self.beliefs],
        }


JournalEntry = ReflectionView | WeekNoteView


@dataclass(frozen=True)
class JournalFilters:
    """The filters `coach journal` was given, to say what the list shows."""

    search: str | None = None
    goal_id: int | None = None
    goal_title: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None

    @property
    def any(self) -> bool:
        """Whether any filter narrows the journal."""
        return any(
            value is not None for value in (self.search, self.goal_id, self.tag, self.since, self.until)
        )

    @property
    def includes_week_notes(self) -> bool:
        """Week notes belong to no goal and carry no tags, so --goal and --tag leave them out."""
        return self.goal_id is None and self.tag is None


@dataclass(frozen=True)
class JournalView:
    """The entries `coach journal` shows, newest first."""

    entries: tuple[JournalEntry, ...]
    filters: JournalFilters = JournalFilters()
    newest_only: bool = False  # `--limit` left older matching entries out

    def to_json(self) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in self.entries]


def week_note_day(week: str) -> date:
    """The day a week note is dated by: the Sunday that ends its week."""
    return IsoWeek.parse_iso(week).end


def week_note_bounds(since: date | None, until: date | None) -> tuple[str | None, str | None]:
    """The first and last weeks whose notes (dated by their Sunday) fall between since and until."""
    first = str(IsoWeek.of(since)) if since is not None else None
    last = str(IsoWeek.of(until - timedelta(days=6))) if until is not None else None
    return first, last


def build_reflection_view(reflection: Any, *, goal_title: str | None, tags: Sequence[str]) -> ReflectionView:
    """A ReflectionView from a reflection row, its goal's title and its tags."""
    return ReflectionView(
        id=reflection.id,
        date=reflection.day,
        text=reflection.text,
        goal_id=reflection.goal_id,
        goal_title=goal_title,
        week=reflection.week,
        tags=tuple(tags),
        reframe=reflection.reframe,
        private=bool(getattr(reflection, "private", False)),
    )


def build_reflection_views(
    rows: Sequence[tuple[Any, str | None]], tags: dict[int, list[str]]
) -> tuple[ReflectionView, ...]:
    """ReflectionViews from (reflection row, goal title) pairs, in the same order."""
    return tuple(
        build_reflection_view(reflection, goal_title=title, tags=tags.get(reflection.id, ()))
        for reflection, title in rows
    )


def build_journal_view(
    reflections: Sequence[ReflectionView],
    week_notes: Sequence[Any],
    filters: JournalFilters,
    limit: int | None = None,
) -> JournalView:
    """Reflections and week notes in one list, newest first; on the same day a week note comes first.

    With `limit`, only the newest `limit` entries (the caller reads at most that many of each kind).
    """
    notes = [
        WeekNoteView(
            week=note.week,
            date=week_note_day(note.week),
            text=note.text,
        )
        for note in week_notes
    ]
    entries: list[JournalEntry] = [*reflections, *notes]
    entries.sort(
        key=lambda entry: (
            (entry.date, 0, entry.id) if isinstance(entry, ReflectionView) else (entry.date, 1, 0)
        ),
        reverse=True,
    )
    if limit is not None and len(entries) > limit:
        return JournalView(entries=tuple(entries[:limit]), filters=filters, newest_only=True)
    return JournalView(entries=tuple(entries), filters=filters)


def goal_reflection_views(reader: Reader, goal_id: int) -> tuple[ReflectionView, ...]:
    """The latest reflections on a goal, for `coach goal show`."""
    rows = reader.reflections(goal_id=goal_id, limit=GOAL_REFLECTIONS_SHOWN)
    return build_reflection_views(rows, reader.reflection_tags([reflection.id for reflection, _ in rows]))


def load_journal(
    reader: Reader,
    *,
    search: str | None = None,
    goal_id: int | None = None,
    tag: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> JournalView:
    """Reflections (and, unless a goal or tag narrows it, week notes) that match, newest first; with `limit`
    the newest `limit` of them, reading no more than that many of each kind."""
    goal_title = reader.goal(goal_id).title if goal_id is not None else None
    filters = JournalFilters(
        search=search, goal_id=goal_id, goal_title=goal_title, tag=tag, since=since, until=until
    )
    # One more than asked, so that the view knows whether older entries were left out.
    wanted = limit + 1 if limit is not None else None
    rows = reader.reflections(search=search, goal_id=goal_id, tag=tag, since=since, until=until, limit=wanted)
    tags = reader.reflection_tags([reflection.id for reflection, _ in rows])
    notes: list[Any] = []
    if filters.includes_week_notes:
        first_week, last_week = week_note_bounds(since, until)
        notes = reader.week_notes(search=search, first_week=first_week, last_week=last_week, limit=wanted)
    return build_journal_view(build_reflection_views(rows, tags), notes, filters, limit)
