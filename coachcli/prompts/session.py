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
from coachcli.cli.transaction import journal_reader, journal_transaction
from coachcli.domain.dates import IsoWeek
from coachcli.domain.session import (
    CARRY_CHOICES,
    CHANGE_QUESTION,
    KEEP_WORD,
    LOW_CONFIDENCE,
    STAGE_TITLES,
    STOP_WORD,
    carried_again_text,
    parse_confidence,
    parse_next_step,
)
from coachcli.domain.vocabulary import REVIEW_CHOICES, CommitmentStatus
from coachcli.domain.weeks import WEEK_NOTE_QUESTIONS, parse_status
from coachcli.environment import today
from coachcli.errors import CoachError, InputError
from coachcli.store.reader import reader_in

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.views.goals import GoalView
    from coachcli.views.session import ReviewItem

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

        with journal_transaction(self.ctx, write=True) as session:
            result = change(session) if change is not None else None
            recorded = answer(result) if callable(answer) else answer
            if self.session_id is not None:
                record_step(session, self.session_id, self.stage, item, recorded)
        self.steps[(self.stage, item)] = recorded
        return result

    def enter(self, stage: str) -> None:
        """Begin a stage (a stopped session resumes at it)."""
        from coachcli.store.sessions import set_stage

        self.stage = stage
        if self.session_id is not None:
            session_id = self.session_id
            with journal_transaction(self.ctx, write=True) as session:
                set_stage(session, session_id, stage)
            say("\n", (STAGE_TITLES[stage], "bold"))


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
    from coachcli.store.changes import ChangedElsewhere
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
    from coachcli.render.weeks import rich_review_item
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
        notice_beliefs_in(note)
    if status in ("partial", "missed"):
        if item.earlier_unfinished and not conv.asked(f"{key}:change"):
            answer = conv.ask(f"{CHANGE_QUESTION} (Enter skips)")
            conv.save(
                f"{key}:change",
                answer or None,
                only_if(answer, lambda s: add_to_note(s, commitment, answer)),
            )
        still_open = not item.commitment.carried_to and not conv.asked(f"{key}:next")
        if still_open and not decide_next(conv, item, key, seen):
            return
    conv.save(f"{key}:done", status)
    say((f"Saved: {CommitmentStatus(status).label}.", "dim"))


def add_to_note(session: Session, commitment_id: int, line: str) -> None:
    """Add a line to a commitment's note, keeping what it said."""
    from coachcli.store.sessions import update_commitment
    from coachcli.store.weeks import get_commitment

    note = get_commitment(session, commitment_id).note
    update_commitment(session, commitment_id, note=f"{note}\n{line}" if note else line)


def decide_next(conv: Conversation, item: ReviewItem, key: str, seen: Seen | None = None) -> bool:
    """Carry an unfinished commitment as it is, carry a smaller or changed version, or let it go.

    It is carried only if it is still as `seen` (by default: as the item shows it); False when it was
    changed or carried elsewhere meanwhile (said, and kept).
    """
    from coachcli.store.weeks import carry_commitment_by_id

    commitment_id = item.commitment.id
    assert commitment_id is not None
    week = max(conv.planned, IsoWeek.parse_iso(item.commitment.week).next())
    _, choice = conv.ask_valid(
        f"What do you want to do with it now? ({CARRY_CHOICES.format(week=week)}; Enter skips)",
        parse_next_step,
    )
    if choice is None:
        conv.save(f"{key}:next", None)
        return True
    text = None
    if choice == "change":
        text = conv.ask("What is the smaller or changed version? (Enter carries it as it is)") or None
    if choice == "let go":
        conv.save(f"{key}:next", "let go")
        was = item.commitment.label if item.commitment.status != "open" else "it was"
        say((f"Let go: it stays in {item.commitment.week} as {was}, with nothing carried.", "dim"))
        return True
    shown = seen or (item.commitment.status, item.commitment.updated_at)
    kept, copy = save_checked(
        conv,
        commitment_id,
        f"{key}:next",
        f"carry: {text}" if text else "carry",
        lambda s: carry_commitment_by_id(s, commitment_id, str(week), text, seen=shown),
    )
    if kept:
        say(f"Carried into {week} as commitment {copy.id}.")
    return kept


def review_stage(conv: Conversation, items: Sequence[ReviewItem]) -> None:
    """Each commitment in turn, each answer saved as it is given."""
    for position, item in enumerate(items, start=1):
        review_item(conv, item, position, len(items))


# --- reality: where each measurable goal stands -------------------------------------------------------


def reality_stage(conv: Conversation, goals: Sequence[GoalView]) -> None:
    """For each active goal with a measure: where it stands, and "Where are you now?" saved as a check-in."""
    from coachcli.domain.progress import parse_checkin_value
    from coachcli.render.session import rich_goal_standing
    from coachcli.render.text import format_number
    from coachcli.store.goals import add_checkin

    measurable = [goal for goal in goals if goal.target is not None or goal.measure]
    if not measurable:
        say(
            "No goal has a measure yet, so there is nothing to check in on. What would tell you a goal is moving? ",
            ("coach goal edit ID --measure TEXT --target N", "dim"),
        )
        return
    for goal in measurable:
        key = f"goal:{goal.id}"
        say(rich_goal_standing(goal))
        if conv.asked(key):
            continue
        current = goal.current if goal.current is not None else 0.0
        keeps = (
            f"Enter keeps {format_number(goal.current, goal.unit)}"
            if goal.current is not None
            else "Enter skips"
        )
        _, value = conv.ask_valid(
            f"Where are you now? (a new total, +N or -N; {keeps})",
            lambda text: parse_checkin_value(text, current),
        )
        if value is None:
            conv.save(key, None)
            continue
        checkin = conv.save(
            key,
            str(value),
            lambda s: add_checkin(s, goal.id, day=today(), value=value, note=None),
        )
        say((f"Check-in {checkin.id}: {format_number(value, goal.unit)}.", "dim"))


# --- reflect: the week note, with belief language noticed ---------------------------------------------


def reflect_stage(conv: Conversation, week: IsoWeek, existing: str | None) -> None:
    """The week note's three questions, each answer a line of it; a belief in one is noticed, a reframe offered."""
    from coachcli.domain.beliefs import most_telling, notice_beliefs
    from coachcli.store.weeks import add_to_week_note

    say((f"A short note on {week}", "bold"), " ", ("(Enter skips a question)", "dim"))
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
    from coachcli.render.session import rich_options
    from coachcli.store.strengths import add_strategy
    from coachcli.views.session import load_options

    for goal in goals:
        key = f"goal:{goal.id}"
        asked = conv.items_like(f"{key}:")
        if asked and asked[-1][1] is None and len(asked) == max_number(asked):
            continue
        with journal_reader(conv.ctx) as reader:
            options = load_options(reader, goal)
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
            text, strengths = (idea.text, [idea.strength]) if idea else (answer, [])
            strategy = conv.save(
                f"{key}:{number}",
                answer,
                lambda s: add_strategy(s, goal.id, text=text, strengths=strengths, created=today()),
            )
            say((f"Strategy {strategy.id} kept.", "dim"))


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


def commitment_details(conv: Conversation, commitment_id: int, strategies: Sequence[Any]) -> None:
    """A new commitment's strategy, when and where, and confidence (below 7: what would raise it)."""
    from coachcli.store.sessions import update_commitment

    key = f"commitment:{commitment_id}"
    ask_strategy(conv, key, commitment_id, strategies)
    if not conv.asked(f"{key}:when"):
        when = conv.ask("When and where? (Enter skips)")
        conv.save(
            f"{key}:when",
            when or None,
            only_if(when, lambda s: update_commitment(s, commitment_id, when_where=when)),
        )
    if not conv.asked(f"{key}:confidence"):
        _, confidence = conv.ask_valid("How confident are you, 1 to 10? (Enter skips)", parse_confidence)
        conv.save(
            f"{key}:confidence",
            str(confidence) if confidence else None,
            only_if(confidence, lambda s: update_commitment(s, commitment_id, confidence=confidence)),
        )
    confidence_text = conv.answer_of(f"{key}:confidence")
    if confidence_text and int(confidence_text) < LOW_CONFIDENCE and not conv.asked(f"{key}:higher"):
        higher = conv.ask("What would make it a higher number? (Enter skips)")
        conv.save(
            f"{key}:higher",
            higher or None,
            only_if(higher, lambda s: add_to_note(s, commitment_id, higher)),
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
        question = (
            f"What will you do for it in {week}? (Enter moves on{keep_hint})"
            if goal_id is not None
            else f"Anything else for {week}, not tied to a goal? (Enter finishes)"
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
        for commitment in made:
            say((f"Commitment {commitment.id} added.", "dim"))
            commitment_details(conv, commitment.id, [] if commitment.strategy_id else strategies)


def will_stage(conv: Conversation) -> None:
    """Goal by goal, commitments for the week to plan; a goal with none is named with a question."""
    from coachcli.render.plan import rich_plan_goal
    from coachcli.views.plan import load_plan_view
    from coachcli.views.weeks import load_week_outcomes

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
    from coachcli.domain.weeks import review_date
    from coachcli.render.session import day_text, rich_summary
    from coachcli.store.sessions import finish_session, set_questions
    from coachcli.views.session import load_summary

    with journal_reader(conv.ctx) as reader:
        summary = load_summary(reader, conv.closed, conv.planned, conv.steps, today())
    for part in rich_summary(summary):
        say(part)
    session_id = conv.session_id
    if session_id is not None:
        if not conv.asked("questions"):
            questions = conv.ask("What would you like to take to your coach? (Enter skips)")
            conv.save(
                "questions",
                questions or None,
                only_if(questions, lambda s: set_questions(s, session_id, questions)),
            )
        with journal_transaction(conv.ctx, write=True) as session:
            finish_session(session, session_id)
    say(
        "\nNext: ",
        ("coach brief", "bold"),
        f" writes what to send your coach. Your next session: {day_text(review_date(conv.planned, review_day))} (",
        ("coach session", "bold"),
        ").",
    )


def begin_session(ctx: typer.Context, closed: IsoWeek, planned: IsoWeek) -> Conversation:
    """The session under way for the week to close (resumed where it stopped), or a new one."""
    from coachcli.domain.session import STAGES
    from coachcli.render.session import stage_words
    from coachcli.render.weeks import week_span
    from coachcli.store.sessions import session_steps, start_session

    with journal_transaction(ctx, write=True) as session:
        stopped = reader_in(session).resumable_session(str(closed))
        if stopped is None:
            record = start_session(session, str(closed), str(planned), STAGES[0])
            conv = Conversation(ctx, closed, planned, session_id=record.id, stage=STAGES[0])
            say(
                ("Weekly session", "bold"),
                f": looking back on {closed} ({week_span(closed)}) and planning {planned}.\n",
                (
                    "Enter skips any question; q ends the session for now, and `coach session` goes on where you stopped.",
                    "dim",
                ),
            )
            return conv
        conv = Conversation(
            ctx,
            closed,
            IsoWeek.parse_iso(stopped.planned_week),
            session_id=stopped.id,
            steps=session_steps(session, stopped.id or 0),
            stage=stopped.stage or STAGES[0],
        )
    say(
        ("Going on with your session", "bold"),
        f" of {stopped.started.date().isoformat()} for {closed}, at {stage_words(conv.stage)}."
        " Nothing you answered will be asked again.",
    )
    return conv


def run_session(ctx: typer.Context, closed: IsoWeek, planned: IsoWeek, review_day: str) -> None:
    """The six stages in GROW order, from where a stopped session left off."""
    from coachcli.domain.session import STAGES
    from coachcli.views.goals import active_goal_views
    from coachcli.views.session import load_session_review

    conv = begin_session(ctx, closed, planned)
    for stage in STAGES[STAGES.index(conv.stage) :]:
        conv.enter(stage)
        if stage == "review":
            begun = sorted({int(item.split(":")[1]) for (st, item) in conv.steps if st == "review"})
            with journal_reader(ctx) as reader:
                items = load_session_review(reader, closed, begun)
            if not items:
                say(f"Nothing is still open in {closed} or before.")
            review_stage(conv, items)
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
