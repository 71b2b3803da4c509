"""The weekly session on a terminal, stage by stage: every answer saved in its own transaction as it is given.

A `Conversation` asks and saves. With a session id it also records each question it asked (session_step), in
the transaction that saves the answer, so that a stopped session resumes where it stopped and asks nothing
twice. `coach week review` and `coach week plan` hold the same conversation without a session.
"""

# Every change below is a lambda that Conversation.save calls at once, inside the loop that made it, so a loop
# variable it reads is the one of that turn: B023 (late binding) cannot happen here.
# ruff: noqa: B023

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from coachcli.cli.console import ask, notice_beliefs_in, say, warn
from coachcli.cli.transaction import journal_reader, journal_transaction, state
from coachcli.domain.beliefs import most_telling, most_telling_question, notice_beliefs
from coachcli.domain.dates import IsoWeek, parse_date
from coachcli.domain.progress import parse_checkin_value, parse_number
from coachcli.domain.session import (
    AWAY_QUESTION,
    CARRY_CHOICES,
    CHANGE_QUESTION,
    DONE_QUESTION,
    KEEP_WORD,
    LOW_CONFIDENCE,
    STAGE_TITLES,
    STAGES,
    STOP_WORD,
    SUPPORT_QUESTION,
    WANTED_QUESTION,
    carried_again_text,
    moved_away,
    parse_confidence,
    parse_deadline_choice,
    parse_next_step,
    parse_together,
    parse_yes,
    reached_target,
    week_in_words,
    welcome_back_text,
)
from coachcli.domain.smart import PART_QUESTIONS
from coachcli.domain.strengths import parse_strength_choice, strength_question
from coachcli.domain.vocabulary import REVIEW_CHOICES, CommitmentStatus
from coachcli.domain.weeks import WEEK_NOTE_QUESTIONS, parse_status, review_date
from coachcli.environment import journal_path, today
from coachcli.errors import CoachError, InputError, NotFoundError
from coachcli.render.plan import rich_plan_goal
from coachcli.render.session import day_text, rich_goal_standing, rich_options, rich_summary, stage_words
from coachcli.render.text import format_number
from coachcli.render.weeks import (
    rich_earlier_items,
    rich_marked_item,
    rich_review_item,
    rich_routine_copies,
    week_span,
)
from coachcli.store.changes import ChangedElsewhere
from coachcli.store.command import begin_change
from coachcli.store.process_lock import session_lock
from coachcli.store.reader import reader_in
from coachcli.views.goals import active_goal_views
from coachcli.views.plan import load_plan_view
from coachcli.views.session import load_marked, load_options, load_session_review, load_summary
from coachcli.views.weeks import load_week_outcomes

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.views.goals import GoalView
    from coachcli.views.session import ReviewItem
    from coachcli.views.weeks import CommitmentView

T = TypeVar("T")


def only_if(given: object, change: Callable[[Session], Any]) -> Callable[[Session], Any] | None:
    """The change to save with an answer, when there is an answer (Enter saves only that it was asked)."""
    return change if given else None


class StopForNow(Exception):
    """The person answered `q`: the session ends for now, to be resumed."""


@dataclass
class Conversation:
    """Asks and saves; in a session, also remembers what it asked (stage, item) so as never to ask it twice."""

    ctx: typer.Context
    closed: IsoWeek
    planned: IsoWeek
    session_id: int | None = None
    steps: dict[tuple[str, str], str | None] = field(default_factory=dict)
    stage: str = "review"

    def asked(self, item: str) -> bool:
        return (self.stage, item) in self.steps

    def answer_of(self, item: str) -> str | None:
        return self.steps.get((self.stage, item))

    def items_like(self, prefix: str) -> list[tuple[str, str | None]]:
        """The items of this stage asked so far whose name starts with `prefix`, with their answers."""
        return [
            (item, answer)
            for (stage, item), answer in self.steps.items()
            if stage == self.stage and item.startswith(prefix)
        ]

    def ask(self, question: str, *, default: str | None = None) -> str:
        """One question; `q` ends the session for now."""
        answer = ask(question, default=default)
        if answer.lower() == STOP_WORD:
            raise StopForNow
        return answer

    def ask_valid(self, question: str, parse: Callable[[str], T]) -> tuple[str, T | None]:
        """Ask until the answer parses; Enter skips (None)."""
        while True:
            answer = self.ask(question)
            if not answer:
                return answer, None
            try:
                return answer, parse(answer)
            except CoachError as error:
                warn(f"  {error.message}, or press Enter to skip")

    def save(
        self,
        item: str,
        answer: str | Callable[[Any], str] | None,
        change: Callable[[Session], Any] | None = None,
    ) -> Any:
        """Save an answer (its change and the step that says it was asked) in one transaction.

        `answer` may be a function of what the change made (the ids of new commitments).
        """
        from coachcli.store.sessions import record_step

        begin_change()  # each saved answer is its own change: `coach undo` takes back the last answer alone
        try:
            with journal_transaction(self.ctx, write=True) as session:
                self.keep_session_record(session)
                result = change(session) if change is not None else None
                recorded = answer(result) if callable(answer) else answer
                if self.session_id is not None:
                    record_step(session, self.session_id, self.stage, item, recorded)
        except NotFoundError as gone:  # removed by another command meanwhile (`coach undo`, a delete)
            say((f"Not saved: {gone.message}. It was changed elsewhere meanwhile; moving on.", "dim"))
            if change is None:
                raise
            return self.save(item, None)
        self.steps[(self.stage, item)] = recorded
        return result

    def keep_session_record(self, session: Session) -> None:
        """The session's own record, made again when another terminal took it back (`coach undo`) meanwhile."""
        from coachcli.store.sessions import start_session

        if self.session_id is None or reader_in(session).session_exists(self.session_id):
            return
        record = start_session(session, str(self.closed), str(self.planned), self.stage)
        self.session_id = record.id
        say(("This session's record was taken back elsewhere meanwhile; it goes on as a new one.", "dim"))

    def enter(self, stage: str) -> None:
        """Begin a stage (a stopped session resumes at it)."""
        from coachcli.store.sessions import set_stage

        self.stage = stage
        if self.session_id is not None:
            with journal_transaction(self.ctx, write=True) as session:
                self.keep_session_record(session)
                set_stage(session, self.session_id, stage)
            say("\n", (STAGE_TITLES[stage], "bold"))


# --- focus: what the person wants from this session ------------------------------------------------------


def focus_stage(conv: Conversation) -> None:
    """Stage 0: what the person wants from today, kept with the session (its close and the brief show it)."""
    from coachcli.store.sessions import set_wanted

    if conv.session_id is None or conv.asked("wanted"):
        return
    wanted = conv.ask(f"{WANTED_QUESTION} (Enter skips)")
    conv.save(
        "wanted", wanted or None, only_if(wanted, lambda s: set_wanted(s, conv.session_id or 0, wanted))
    )


# --- review: each open commitment ---------------------------------------------------------------------


def ask_status(conv: Conversation) -> str | None:
    """How a commitment went, until the answer is a status; None when skipped (it stays open)."""

    def parse(text: str) -> str:
        try:
            return parse_status(text)
        except CoachError:
            raise InputError(
                f'coach cannot read "{text}" as how it went; answer done, partly, not done or let go'
                " (d, p, n, l for short)"
            ) from None

    _, status = conv.ask_valid(f"How did it go? ({REVIEW_CHOICES}; Enter skips)", parse)
    return None if status == "open" else status


Seen = tuple[str, Any]  # a commitment's (status, updated_at) as the person was shown it


def changed_elsewhere_text(commitment_id: int, current: dict[str, Any] | None) -> str:
    """What another coach answered meanwhile about a commitment, as a line to show (kept, not overwritten)."""
    if current is None:
        return f"Commitment {commitment_id} was removed elsewhere meanwhile; moving on."
    if current.get("carried_to"):
        return (
            f"Commitment {commitment_id} was already carried into {current['carried_to']} elsewhere"
            " meanwhile; kept as it is. Moving on."
        )
    note = f": {current['note']}" if current.get("note") else ""
    return (
        f"Commitment {commitment_id} was answered elsewhere meanwhile"
        f" ({CommitmentStatus(current['status']).label}{note}); that answer is kept. Moving on."
    )


def save_checked(
    conv: Conversation, commitment_id: int, item: str, answer: Any, change: Callable[[Session], Any] | None
) -> tuple[bool, Any]:
    """Save an answer about a commitment whose `change` checks it is still as shown (store.changes).

    (False, None) when another coach changed it meanwhile: what was answered there is said and kept, and the
    item is recorded as done so that a resumed session moves on too.
    """
    from coachcli.store.weeks import AlreadyCarried

    try:
        return True, conv.save(item, answer, change)
    except ChangedElsewhere as changed:
        say((changed_elsewhere_text(commitment_id, changed.current), "dim"))
    except AlreadyCarried as carried:
        named = f" as commitment {carried.copy_id}" if carried.copy_id else ""
        say((f"Commitment {commitment_id} was already carried{named} (elsewhere); kept as it is.", "dim"))
    conv.save(f"commitment:{commitment_id}:done", "elsewhere")
    return False, None


def review_item(conv: Conversation, item: ReviewItem, position: int, total: int) -> None:
    """Ask about one commitment: its status, a note, and for an unfinished one what to do with it now.

    Each save first checks the commitment is still what the person was shown (issue 18: two reviews at once).
    """
    from coachcli.store.weeks import set_commitment_status

    commitment = item.commitment.id
    assert commitment is not None  # reviewed commitments are rows, never a routine's unwritten copy
    key = f"commitment:{commitment}"
    if conv.asked(f"{key}:done"):
        return  # a stopped session asked everything about it already
    shown = rich_review_item(item.commitment, position, total)
    if item.commitment.week != str(conv.closed):
        shown.append(f" · {item.commitment.week}", style="dim")
    say(shown)
    if item.earlier_unfinished:
        say(carried_again_text(item.commitment.text, item.earlier_unfinished))
    seen: Seen = (item.commitment.status, item.commitment.updated_at)
    if conv.asked(f"{key}:status"):
        status = conv.answer_of(f"{key}:status")
    else:
        status = ask_status(conv)
        kept, saved = save_checked(
            conv,
            commitment,
            f"{key}:status",
            status,
            only_if(
                status, lambda session: set_commitment_status(session, commitment, status or "", seen=seen)
            ),
        )
        if not kept:
            return
        if saved is not None:
            seen = (saved.status, saved.updated_at)
    if status is None:
        conv.save(f"{key}:done", None)
        say(("Left open for now.", "dim"))
        return
    if not conv.asked(f"{key}:note"):
        note = conv.ask(f"{CommitmentStatus(status).question} (a note; Enter skips)")
        kept, saved = save_checked(
            conv,
            commitment,
            f"{key}:note",
            note or None,
            only_if(note, lambda s: set_commitment_status(s, commitment, status, note, seen=seen)),
        )
        if not kept:
            return
        if saved is not None:
            seen = (saved.status, saved.updated_at)
    offer_reframe(conv, f"{key}:reframe", conv.answer_of(f"{key}:note"), item.commitment)
    where = ""
    if status in ("partial", "missed"):
        if item.earlier_unfinished and not conv.asked(f"{key}:change"):
            answer = conv.ask(f"{CHANGE_QUESTION} (Enter skips)")
            conv.save(
                f"{key}:change",
                answer or None,
                only_if(answer, lambda s: add_to_note(s, commitment, answer)),
            )
        if not item.commitment.carried_to and not conv.asked(f"{key}:next"):
            go_on, where = decide_next(conv, item, key, seen, status)
            if not go_on:
                return
    conv.save(f"{key}:done", status)
    say((f"Saved: {CommitmentStatus(status).label}{where}.", "dim"))


def offer_reframe(conv: Conversation, item: str, note: str | None, commitment: CommitmentView) -> None:
    """The question a note's belief language invites, with room to answer (Enter skips); an answer is kept as
    a reflection on the commitment's goal and week: the note, with the answer as its reframe."""
    from coachcli.store.reflections import add_reflection

    question = most_telling_question(note) if note else None
    if question is None or conv.asked(item):
        return
    reframe = conv.ask(f"{question} (a reframe; Enter skips)")
    reflection = conv.save(
        item,
        reframe or None,
        only_if(
            reframe,
            lambda s: add_reflection(
                s,
                day=today(),
                text=note or "",
                goal_id=commitment.goal_id,
                week=commitment.week,
                tags=(),
                reframe=reframe,
            ),
        ),
    )
    if reflection is not None:
        say((f"Kept as reflection {reflection.id}, with your reframe.", "dim"))


def add_to_note(session: Session, commitment_id: int, line: str) -> None:
    """Add a line to a commitment's note, keeping what it said."""
    from coachcli.store.sessions import update_commitment
    from coachcli.store.weeks import get_commitment

    note = get_commitment(session, commitment_id).note
    update_commitment(session, commitment_id, note=f"{note}\n{line}" if note else line)


def decide_next(
    conv: Conversation, item: ReviewItem, key: str, seen: Seen | None = None, status: str | None = None
) -> tuple[bool, str]:
    """Carry an unfinished commitment as it is, carry a smaller or changed version (asked its own "when"), or
    carry nothing (it keeps the status it was given). Whether to go on, and where it went, in words.

    It is carried only if it is still as `seen` (by default: as the item shows it); (False, "") when it was
    changed or carried elsewhere meanwhile (said, and kept).
    """
    from coachcli.store.sessions import update_commitment
    from coachcli.store.weeks import carry_commitment_by_id

    commitment_id = item.commitment.id
    assert commitment_id is not None
    week = max(conv.planned, IsoWeek.parse_iso(item.commitment.week).next())
    label = CommitmentStatus(status or item.commitment.status).label
    stays = f"{label} in {item.commitment.week}"
    _, choice = conv.ask_valid(
        f"What do you want to do with it now? ({CARRY_CHOICES.format(week=week, where=stays)}; Enter skips)",
        parse_next_step,
    )
    if choice is None:
        conv.save(f"{key}:next", None)
        return True, ""
    text = None
    if choice == "change":
        text = conv.ask("What is the smaller or changed version? (Enter carries it as it is)") or None
    if choice == "leave":
        conv.save(f"{key}:next", "leave")
        return True, f"; nothing carried, it stays {stays}"
    shown = seen or (item.commitment.status, item.commitment.updated_at)
    kept, copy = save_checked(
        conv,
        commitment_id,
        f"{key}:next",
        f"carry: {text}" if text else "carry",
        lambda s: carry_commitment_by_id(s, commitment_id, str(week), text, seen=shown),
    )
    if not kept:
        return False, ""
    if text is not None:
        copy_id = copy.id
        when = conv.ask("When and where will you do the new version? (Enter skips)")
        conv.save(
            f"commitment:{copy_id}:when",
            when or None,
            only_if(when, lambda s: update_commitment(s, copy_id, when_where=when)),
        )
    return True, f"; carried into {week} as commitment {copy.id}"


def review_stage(conv: Conversation, items: Sequence[ReviewItem]) -> None:
    """Each commitment in turn, each answer saved as it is given."""
    for position, item in enumerate(items, start=1):
        review_item(conv, item, position, len(items))


def answered_in_review(conv: Conversation) -> list[int]:
    """The commitments this session has already asked about in its review (a resumed session goes on there)."""
    return sorted(
        {
            int(item.split(":")[1])
            for (stage, item) in conv.steps
            if stage == "review" and item.startswith("commitment:")
        }
    )


def session_review(conv: Conversation) -> None:
    """The session's review, success first: welcome back after weeks without a session; what was marked since
    the last session, with its outcome (a done one without a note asked what helped); the open commitments of
    earlier weeks asked about together; then the open ones of the week to close, one by one."""
    closed = conv.closed
    answered = answered_in_review(conv)
    with journal_reader(conv.ctx) as reader:
        last = reader.last_session_week(str(closed))
        since = IsoWeek.parse_iso(last).next() if last else closed
        marked = load_marked(reader, since, closed, answered)
        items = load_session_review(reader, closed, answered)
    if last is not None and since < closed and not conv.asked("welcome"):
        say(welcome_back_text(IsoWeek.parse_iso(last), closed))
        conv.save("welcome", None)
    marked_stage(conv, marked)
    earlier = [item for item in items if item.commitment.week < str(closed)]
    current = [item for item in items if item.commitment.week >= str(closed)]
    earlier_stage(conv, earlier)
    if not current:
        say(f"Nothing is still open in {closed}.")
    review_stage(conv, current)


def marked_stage(conv: Conversation, marked: Sequence[ReviewItem]) -> None:
    """What was already marked since the last session, with its outcome; a done one without a note is asked
    "What helped?" (saved as its note, which is only ever how it went)."""
    from coachcli.store.weeks import set_commitment_status

    if not marked:
        return
    say(f"Already marked since your last session ({len(marked)}):")
    for item in marked:
        commitment = item.commitment
        say(rich_marked_item(commitment))
        commitment_id = commitment.id
        key = f"marked:{commitment_id}"
        if commitment_id is None or commitment.status != "done" or commitment.note or conv.asked(key):
            continue
        helped = conv.ask(f"  {CommitmentStatus.DONE.question} (Enter skips)")
        seen: Seen = (commitment.status, commitment.updated_at)
        save_checked(
            conv,
            commitment_id,
            key,
            helped or None,
            only_if(helped, lambda s: set_commitment_status(s, commitment_id, "done", helped, seen=seen)),
        )


def earlier_stage(conv: Conversation, items: Sequence[ReviewItem]) -> None:
    """The open commitments of weeks before the week to close, asked about together: all at once, or one by one
    (a routine's copies of those weeks once, for all of them)."""
    if not items:
        return
    say(rich_earlier_items([item.commitment for item in items]))
    if not conv.asked("earlier"):
        _, together = conv.ask_valid(
            f"Mark them all as one of {REVIEW_CHOICES}, or one by one? (o for one by one; Enter: one by one)",
            parse_together,
        )
        status = together if together and together != "one by one" else None
        if status is not None and mark_all(conv, items, status):
            return
        if status is None:
            conv.save("earlier", None)
    routines: dict[int, list[ReviewItem]] = {}
    singles = []
    for item in items:
        if item.commitment.routine_id is not None:
            routines.setdefault(item.commitment.routine_id, []).append(item)
        else:
            singles.append(item)
    for routine_id, copies in routines.items():
        routine_copies(conv, routine_id, copies)
    review_stage(conv, singles)


def mark_all(conv: Conversation, items: Sequence[ReviewItem], status: str) -> bool:
    """Give every item one status in one answer; False (and one by one) when one was changed elsewhere."""
    from coachcli.store.weeks import set_commitment_status

    def change(session: Session) -> None:
        for item in items:
            commitment = item.commitment
            seen = (commitment.status, commitment.updated_at)
            set_commitment_status(session, commitment.id or 0, status, seen=seen)

    try:
        conv.save("earlier", status, change)
    except ChangedElsewhere:
        say(("One of them was answered elsewhere meanwhile; going through them one by one.", "dim"))
        return False
    say((f"Saved: all {len(items)} {CommitmentStatus(status).label}.", "dim"))
    return True


def routine_copies(conv: Conversation, routine_id: int, copies: Sequence[ReviewItem]) -> None:
    """A routine's open copies of earlier weeks, asked about once: the answer is each copy's status."""
    from coachcli.store.weeks import set_commitment_status

    key = f"routine:{routine_id}"
    if conv.asked(key):
        return
    if len(copies) == 1:
        review_stage(conv, copies)
        return
    say(rich_routine_copies([item.commitment for item in copies]))
    status = ask_status(conv)

    def change(session: Session) -> None:
        for item in copies:
            seen = (item.commitment.status, item.commitment.updated_at)
            set_commitment_status(session, item.commitment.id or 0, status or "", seen=seen)

    try:
        conv.save(key, status, only_if(status, change))
    except ChangedElsewhere:
        say(("A copy was answered elsewhere meanwhile; that answer is kept.", "dim"))
        conv.save(key, None)
        return
    if status:
        say((f"Saved: {CommitmentStatus(status).label}, in each of those weeks.", "dim"))


# --- reality: where each measurable goal stands -------------------------------------------------------


def reality_stage(conv: Conversation, goals: Sequence[GoalView]) -> None:
    """For each active goal: where it stands and "Where are you now?" (a check-in); a number that moved away from
    the target asked what happened; a goal at its target offered to be marked done; a past deadline asked about;
    the SMART parts still missing asked in place. Enter skips each question."""
    if not any(goal.target is not None or goal.measure for goal in goals):
        say(
            "No goal has a measure yet, so there is nothing to check in on. What would tell you a goal is moving? ",
            ("coach goal edit ID --measure TEXT --target N", "dim"),
        )
    for goal in goals:
        reality_of_goal(conv, goal)


def reality_of_goal(conv: Conversation, goal: GoalView) -> None:
    """One goal's reality, each answer saved as it is given."""
    key = f"goal:{goal.id}"
    say(rich_goal_standing(goal))
    current = goal.current
    if goal.target is not None or goal.measure:
        current = check_in(conv, goal, key)
    if reached_target(goal.baseline, goal.target, current) and offer_done(conv, goal, key):
        return
    if goal.deadline is not None and goal.deadline < today() and past_deadline(conv, goal, key):
        return
    missing_smart_parts(conv, goal, key)


def check_in(conv: Conversation, goal: GoalView, key: str) -> float | None:
    """ "Where are you now?" saved as a check-in; a move away from the target asked what happened. The value now."""
    from coachcli.store.goals import add_checkin, set_checkin_note

    if conv.asked(key):
        answer = conv.answer_of(key)
        return float(answer) if answer is not None else goal.current
    before = goal.current if goal.current is not None else goal.baseline
    keeps = (
        f"Enter keeps {format_number(goal.current, goal.unit)}" if goal.current is not None else "Enter skips"
    )
    _, value = conv.ask_valid(
        f"Where are you now? (a new total, +N or -N; {keeps})",
        lambda text: parse_checkin_value(text, goal.current if goal.current is not None else 0.0),
    )
    if value is None:
        conv.save(key, None)
        return goal.current
    checkin = conv.save(
        key, str(value), lambda s: add_checkin(s, goal.id, day=today(), value=value, note=None)
    )
    if checkin is None:
        return goal.current
    say((f"Check-in {checkin.id}: {format_number(value, goal.unit)}.", "dim"))
    if moved_away(goal.baseline, goal.target, before, value) and not conv.asked(f"{key}:away"):
        happened = conv.ask(f"{AWAY_QUESTION} (Enter skips)")
        checkin_id = checkin.id
        conv.save(
            f"{key}:away",
            happened or None,
            only_if(happened, lambda s: set_checkin_note(s, checkin_id, happened)),
        )
        notice_beliefs_in(happened)
    return value


def offer_done(conv: Conversation, goal: GoalView, key: str) -> bool:
    """A goal at its target: offered to be marked done, and what made the difference kept. True when done."""
    from coachcli.store.goals import set_goal_status

    if conv.asked(f"{key}:done"):
        if conv.answer_of(f"{key}:done") == "done":
            ask_what_made_the_difference(conv, goal.id)
            return True
        return False
    say((f"You have reached your target for goal {goal.id}.", "green"))
    _, done = conv.ask_valid(f"Mark goal {goal.id} done? (y/n; Enter skips)", parse_yes)
    if not done:
        conv.save(f"{key}:done", None)
        return False
    conv.save(f"{key}:done", "done", lambda s: set_goal_status(s, goal.id, "done", today()))
    say((f"Goal {goal.id} marked done.", "dim"))
    ask_what_made_the_difference(conv, goal.id)
    return True


def ask_what_made_the_difference(conv: Conversation, goal_id: int) -> None:
    """After a goal is marked done: what made the difference, kept as a reflection on it."""
    from coachcli.store.reflections import add_reflection

    key = f"goal:{goal_id}:difference"
    if conv.asked(key):
        return
    answer = conv.ask(f"{DONE_QUESTION} (Enter skips)")
    conv.save(
        key,
        answer or None,
        only_if(
            answer,
            lambda s: add_reflection(
                s, day=today(), text=answer, goal_id=goal_id, week=str(IsoWeek.of(today())), tags=[]
            ),
        ),
    )


def past_deadline(conv: Conversation, goal: GoalView, key: str) -> bool:
    """A goal past its deadline: move the date, close it, or let it go. True when the goal was closed."""
    from coachcli.store.goals import set_goal_status, update_goal

    if conv.asked(f"{key}:deadline"):
        return conv.answer_of(f"{key}:deadline") in ("close", "let go")
    assert goal.deadline is not None
    days = (today() - goal.deadline).days
    say(f"Its deadline, {goal.deadline.isoformat()}, passed {days} day{'s' if days != 1 else ''} ago.")
    _, choice = conv.ask_valid(
        "Move the date, close it, or let it go? (m / c / l; Enter skips)", parse_deadline_choice
    )
    if choice == "move":
        _, moved = conv.ask_valid(
            "To when? (e.g. 2027-03-31, in 6 weeks, end of quarter)",
            lambda text: parse_date(text, today(), prefer="future"),
        )
        conv.save(
            f"{key}:deadline",
            f"move: {moved.isoformat()}" if moved else None,
            only_if(moved, lambda s: update_goal(s, goal.id, {"deadline": moved}, None)),
        )
        return False
    if choice in ("close", "let go"):
        status = "done" if choice == "close" else "dropped"
        conv.save(f"{key}:deadline", choice, lambda s: set_goal_status(s, goal.id, status, today()))
        say((f"Goal {goal.id} {'marked done' if status == 'done' else 'let go'}.", "dim"))
        if status == "done":
            ask_what_made_the_difference(conv, goal.id)
        return True
    conv.save(f"{key}:deadline", None)
    return False


def missing_smart_parts(conv: Conversation, goal: GoalView, key: str) -> None:
    """The SMART parts a goal still misses, asked in place; Enter skips each, an answer is saved at once."""
    from coachcli.store.goals import update_goal

    missing = {check.key for check in goal.smart.missing}
    if not missing:
        return
    fields: list[tuple[str, str, Callable[[str], Any]]] = []
    if "specific" in missing:
        fields.append(("title", PART_QUESTIONS["specific"], str))
    if "measurable" in missing:
        if not goal.measure:
            fields.append(("measure", PART_QUESTIONS["measure"], str))
        fields.append(("target", PART_QUESTIONS["target"], lambda text: parse_number(text, what="target")))
    if "achievable" in missing:
        fields.append(("achievable", PART_QUESTIONS["achievable"], str))
    if "relevant" in missing:
        fields.append(("why", PART_QUESTIONS["why"], str))
    if "time_bound" in missing:
        fields.append(
            ("deadline", PART_QUESTIONS["deadline"], lambda t: parse_date(t, today(), prefer="future"))
        )
    if not any(not conv.asked(f"{key}:smart:{name}") for name, _, _ in fields):
        return
    say((f"To make goal {goal.id} SMART (Enter skips any):", "dim"))
    for name, question, parse in fields:
        item = f"{key}:smart:{name}"
        if conv.asked(item):
            continue
        if (
            name == "target"
            and conv.asked(f"{key}:smart:measure")
            and not conv.answer_of(f"{key}:smart:measure")
        ):
            conv.save(item, None)  # no measure: no target to ask for
            continue
        _, value = conv.ask_valid(question, parse)
        conv.save(
            item,
            None if value is None else str(value),
            only_if(value is not None, lambda s: update_goal(s, goal.id, {name: value}, None)),
        )


# --- reflect: the week note, with belief language noticed ---------------------------------------------


def reflect_stage(conv: Conversation, week: IsoWeek, existing: str | None) -> None:
    """The week note's three questions, each answer a line of it; a belief in one is noticed, a reframe offered."""
    from coachcli.store.weeks import add_to_week_note

    say(
        (f"A short note on {week_in_words(week, IsoWeek.of(today()))}", "bold"),
        " ",
        ("(Enter skips a question)", "dim"),
    )
    if existing:
        say(("So far:", "dim"), " ", existing)
    for label, question in WEEK_NOTE_QUESTIONS:
        key = f"note:{label}"
        if conv.asked(key):
            answer = conv.answer_of(key) or ""
        else:
            answer = conv.ask(question)
            conv.save(
                key,
                answer or None,
                only_if(answer, lambda s: add_to_week_note(s, str(week), f"{label}: {answer}")),
            )
        belief = most_telling(notice_beliefs(answer)) if answer else None
        if belief is None or belief.question is None or conv.asked(f"reframe:{label}"):
            continue
        reframe = conv.ask(f"{belief.question} (a reframe; Enter skips)")
        conv.save(
            f"reframe:{label}",
            reframe or None,
            only_if(reframe, lambda s: add_to_week_note(s, str(week), f"Reframe: {reframe}")),
        )


# --- options: strategies and what else could be tried ------------------------------------------------


def options_stage(conv: Conversation, goals: Sequence[GoalView]) -> None:
    """For each active goal: its strategies by follow-through, and "What else could you try?"."""
    from coachcli.store.strengths import add_strategy

    for goal in goals:
        key = f"goal:{goal.id}"
        asked = conv.items_like(f"{key}:")
        if asked and asked[-1][1] is None and len(asked) == max_number(asked):
            continue
        with journal_reader(conv.ctx) as reader:
            options = load_options(reader, goal, conv.planned)
        for part in rich_options(options):
            say(part)
        number = max_number(asked)
        while True:
            number += 1
            hint = ", or an idea's number to keep it" if options.ideas else ""
            answer = conv.ask(f"What else could you try? (your own words{hint}; Enter moves on)")
            if not answer:
                conv.save(f"{key}:{number}", None)
                break
            idea = options.idea(answer)
            text, strengths = (idea.text, [idea.strength]) if idea else (answer, own_strengths(conv))
            strategy = conv.save(
                f"{key}:{number}",
                answer,
                lambda s: add_strategy(s, goal.id, text=text, strengths=strengths, created=today()),
            )
            if strategy is not None:
                say((f"Strategy {strategy.id} kept.", "dim"))


def own_strengths(conv: Conversation) -> list[str]:
    """For a strategy in the person's own words: which of their strengths it plays to (Enter for none)."""
    with journal_reader(conv.ctx) as reader:
        kept = [row.name for row in reader.strengths()]
    if not kept:
        return []
    _, chosen = conv.ask_valid(strength_question(kept), lambda typed: parse_strength_choice(typed, kept))
    return chosen or []


def max_number(asked: Sequence[tuple[str, str | None]]) -> int:
    """The highest numbered item asked so far (items named like goal:3:2)."""
    return max((int(item.rsplit(":", 1)[1]) for item, _ in asked), default=0)


# --- will: commitments for the week to plan -------------------------------------------------------------


def ask_strategy(conv: Conversation, key: str, commitment_id: int, strategies: Sequence[Any]) -> None:
    """Which of the goal's strategies a new commitment uses (Enter for none)."""
    from coachcli.store.sessions import update_commitment

    if not strategies or conv.asked(f"{key}:strategy"):
        return
    ids = {strategy.id for strategy in strategies}
    listed = ", ".join(str(strategy_id) for strategy_id in sorted(ids))

    def parse(text: str) -> int:
        if text.isdigit() and int(text) in ids:
            return int(text)
        raise InputError(f'"{text}" is not one of this goal\'s strategies; answer {listed}')

    _, chosen = conv.ask_valid(f"Which strategy does it use? ({listed}; Enter for none)", parse)
    conv.save(
        f"{key}:strategy",
        str(chosen) if chosen else None,
        only_if(chosen, lambda s: update_commitment(s, commitment_id, strategy_id=chosen)),
    )


def commitment_gone(conv: Conversation, commitment_id: int) -> bool:
    """Whether a commitment being asked about was removed in another terminal (deleted, or its adding taken
    back with `coach undo`); said once, and remembered so that a resumed session asks nothing more about it."""
    key = f"commitment:{commitment_id}:gone"
    if conv.asked(key):
        return True
    with journal_reader(conv.ctx) as reader:
        if commitment_id in reader.commitment_weeks([commitment_id]):
            return False
    say((f"Commitment {commitment_id} was removed elsewhere meanwhile; moving on.", "dim"))
    conv.save(key, None)
    return True


def commitment_details(conv: Conversation, commitment_id: int, strategies: Sequence[Any]) -> None:
    """A new commitment's strategy, when and where, and confidence (below 7: what would raise it)."""
    from coachcli.store.sessions import update_commitment

    key = f"commitment:{commitment_id}"
    if commitment_gone(conv, commitment_id):
        return
    ask_strategy(conv, key, commitment_id, strategies)
    if commitment_gone(conv, commitment_id):
        return
    if not conv.asked(f"{key}:when"):
        when = conv.ask("When and where? (Enter skips)")
        conv.save(
            f"{key}:when",
            when or None,
            only_if(when, lambda s: update_commitment(s, commitment_id, when_where=when)),
        )
    if commitment_gone(conv, commitment_id):
        return
    if not conv.asked(f"{key}:confidence"):
        _, confidence = conv.ask_valid("How confident are you, 1 to 10? (Enter skips)", parse_confidence)
        conv.save(
            f"{key}:confidence",
            str(confidence) if confidence else None,
            only_if(confidence, lambda s: update_commitment(s, commitment_id, confidence=confidence)),
        )
    confidence_text = conv.answer_of(f"{key}:confidence")
    if confidence_text and int(confidence_text) < LOW_CONFIDENCE and not conv.asked(f"{key}:higher"):
        higher = conv.ask(f"{SUPPORT_QUESTION} (Enter skips)")
        conv.save(
            f"{key}:higher",
            higher or None,
            only_if(higher, lambda s: update_commitment(s, commitment_id, support=higher)),
        )


def ask_commitments(
    conv: Conversation,
    key: str,
    goal_id: int | None,
    strategies: Sequence[Any],
    keepable: Sequence[Any] = (),
) -> None:
    """Ask for commitments until Enter; each saved as given, then its details asked."""
    from coachcli.store.weeks import add_commitment

    week = str(conv.planned)
    asked = conv.items_like(f"{key}:")
    for _, answer in asked:  # a stopped session: finish the details of what was already added
        for commitment_id in (answer or "").split(","):
            if commitment_id:
                commitment_details(conv, int(commitment_id), strategies)
    if asked and asked[-1][1] is None and len(asked) == max_number(asked):
        return
    number = max_number(asked)
    while True:
        number += 1
        keep_hint = f"; {KEEP_WORD} keeps {', '.join(c.text for c in keepable)} again" if keepable else ""
        said = week_in_words(conv.planned, IsoWeek.of(today()))
        question = (
            f"What will you do for it {said if said.startswith(('this', 'next', 'last')) else 'in ' + said}?"
            f" (Enter moves on{keep_hint})"
            if goal_id is not None
            else f"Anything else for {said}, not tied to a goal? (Enter finishes)"
        )
        text = conv.ask(question)
        if not text:
            conv.save(f"{key}:{number}", None)
            return
        kept = list(keepable) if keepable and text.lower() == KEEP_WORD else []
        made = conv.save(
            f"{key}:{number}",
            lambda made: ",".join(str(c.id) for c in made),
            lambda s: (
                [
                    add_commitment(s, text=c.text, week=week, goal_id=c.goal_id, strategy_id=c.strategy_id)
                    for c in kept
                ]
                or [add_commitment(s, text=text, week=week, goal_id=goal_id, strategy_id=None)]
            ),
        )
        if kept:
            keepable = ()
        for commitment in made or ():
            say((f"Commitment {commitment.id} added.", "dim"))
            commitment_details(conv, commitment.id, [] if commitment.strategy_id else strategies)


def will_stage(conv: Conversation) -> None:
    """Goal by goal, commitments for the week to plan; a goal with none is named with a question."""
    with journal_reader(conv.ctx) as reader:
        view = load_plan_view(reader, conv.planned, today())
        before = load_week_outcomes(reader, conv.closed, today())
    by_goal = {group.goal.id: group.commitments for group in view.week.groups if group.goal}
    planned_texts = {c.text for c in view.week.commitments}
    for item in view.goals:
        for part in rich_plan_goal(item, by_goal.get(item.goal.id, ())):
            say(part)
        keepable = [
            c
            for c in before.commitments
            if c.goal_id == item.goal.id and c.status == "done" and c.text not in planned_texts
        ]
        ask_commitments(conv, f"goal:{item.goal.id}", item.goal.id, item.strategies, keepable)
    say("")
    ask_commitments(conv, "other", None, ())
    with journal_reader(conv.ctx) as reader:
        week = load_plan_view(reader, conv.planned, today()).week
    for goal in week.goals_without_commitments:
        say(
            f"No commitment for goal {goal.id}, {goal.title}, in {conv.planned}."
            " What is one small step that would still count? ",
            (f'coach commit "TEXT" --goal {goal.id} --week {conv.planned}', "dim"),
        )


# --- close, and the whole session ---------------------------------------------------------------------------


def close_stage(conv: Conversation, review_day: str) -> None:
    """The summary, what to take to the coach (kept for the brief), and the next step."""
    from coachcli.store.sessions import finish_session, set_questions

    with journal_reader(conv.ctx) as reader:
        wanted = conv.steps.get(("focus", "wanted"))
        summary = load_summary(reader, conv.closed, conv.planned, conv.steps, today(), wanted=wanted)
    for part in rich_summary(summary):
        say(part)
    if conv.session_id is not None:
        if not conv.asked("questions"):
            questions = conv.ask("What would you like to take to your coach? (Enter skips)")
            conv.save(
                "questions",
                questions or None,
                only_if(questions, lambda s: set_questions(s, conv.session_id or 0, questions)),
            )
        with journal_transaction(conv.ctx, write=True) as session:
            conv.keep_session_record(session)
            finish_session(session, conv.session_id or 0)
    say(
        "\nNext: ",
        ("coach brief", "bold"),
        f" writes what to send your coach. Your next session: {day_text(review_date(conv.planned, review_day))} (",
        ("coach session", "bold"),
        ").",
    )


def begin_session(ctx: typer.Context, closed: IsoWeek, planned: IsoWeek) -> Conversation:
    """The session under way for the week to close (resumed where it stopped), or a new one."""
    from coachcli.store.sessions import start_session

    with journal_transaction(ctx, write=True) as session:
        reader = reader_in(session)
        stopped = reader.resumable_session(str(closed))
        if stopped is None:
            record = start_session(session, str(closed), str(planned), STAGES[0])
            conv = Conversation(ctx, closed, planned, session_id=record.id, stage=STAGES[0])
            say(
                ("Weekly session", "bold"),
                f": looking back on {week_in_words(closed, IsoWeek.of(today()))}"
                f" ({week_span(closed)}) and planning {week_in_words(planned, IsoWeek.of(today()))}.\n",
                (
                    "Enter skips any question; q ends the session for now, and `coach session` goes on"
                    " where you stopped.",
                    "dim",
                ),
            )
            return conv
        conv = Conversation(
            ctx,
            closed,
            IsoWeek.parse_iso(stopped.planned_week),
            session_id=stopped.id,
            steps={(step.stage, step.item): step.answer for step in reader.session_steps(stopped.id)},
            stage=stopped.stage or STAGES[0],
        )
    say(
        ("Going on with your session", "bold"),
        f" of {stopped.started.astimezone().date().isoformat()} for {closed}, at {stage_words(conv.stage)}."
        " Nothing you answered will be asked again.",
    )
    return conv


def run_session(ctx: typer.Context, closed: IsoWeek, planned: IsoWeek, review_day: str) -> None:
    """The stages in GROW order, from where a stopped session left off; one session at a time per journal."""
    with session_lock(journal_path(state(ctx).db)):
        conv = begin_session(ctx, closed, planned)
        run_stages(ctx, conv, closed, review_day)


def run_stages(ctx: typer.Context, conv: Conversation, closed: IsoWeek, review_day: str) -> None:
    """Each stage in turn, from the one a stopped session is at."""
    for stage in STAGES[STAGES.index(conv.stage) :]:
        conv.enter(stage)
        if stage == "focus":
            focus_stage(conv)
        elif stage == "review":
            session_review(conv)
        elif stage in ("reality", "options"):
            with journal_reader(ctx) as reader:
                goals = active_goal_views(reader, today())
            if not goals:
                say("No active goals yet. ", ("coach goal add TITLE sets one.", "dim"))
            (reality_stage if stage == "reality" else options_stage)(conv, goals)
        elif stage == "reflect":
            with journal_reader(ctx) as reader:
                note = reader.week_note(str(closed))
                existing = note.text if note else None
            reflect_stage(conv, closed, existing)
        elif stage == "will":
            will_stage(conv)
        else:
            close_stage(conv, review_day)
