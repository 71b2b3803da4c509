"""`coach commit`, `coach week ...`, `coach mark`, `coach carry`: weekly commitments and the review loop."""

from collections.abc import Callable
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.completion import complete_status
from coachcli.cli.console import can_prompt, notice_beliefs_in, say
from coachcli.cli.options import (
    DefaultCommandGroup,
    FormatOption,
    NoInputOption,
    OutputOption,
    YesOption,
    fail_usage,
    format_was_given,
    goal_option,
    id_argument,
    strategy_option,
)
from coachcli.cli.transaction import delete_after_asking, journal_reader, journal_transaction, routine_horizon
from coachcli.domain.dates import IsoWeek, parse_date, parse_week
from coachcli.domain.limits import check_confidence
from coachcli.domain.text import optional_text
from coachcli.domain.vocabulary import COMPLETED_STATUSES, DAY_STEPS
from coachcli.domain.weeks import (
    check_carry,
    check_commitment_text,
    default_carry_week,
    parse_status,
    week_to_close,
    week_to_plan,
)
from coachcli.environment import today
from coachcli.errors import InputError
from coachcli.render.output import OutputFormat, emit
from coachcli.render.text import markdown_block, rich_text
from coachcli.settings import review_day

if TYPE_CHECKING:
    from coachcli.domain.dates import Prefer
    from coachcli.store.reader import Reader


class CommitGroup(DefaultCommandGroup):
    """`coach commit`: TEXT alone means `coach commit add TEXT`; edit, delete and stop are subcommands."""

    default_command = "add"
    default_without_arguments = False
    # One word that reads as a request to see commitments, not as something to do.
    SHOWING_WORDS = ("list", "ls", "show")

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not ctx.resilient_parsing and args[0] not in self.commands:
            word = args[0]
            if word.lower() in self.SHOWING_WORDS and len(args) == 1:
                ctx.fail(
                    f"{word!r} is not a subcommand of coach commit: `coach week` shows your commitments."
                    f" To commit to {word!r} itself, write: coach commit add {word}"
                )
            matches = get_close_matches(word, [name for name in self.commands if name != "add"], n=1)
            if matches and len(args) > 1 and args[1].isdigit():
                ctx.fail(f"No such command {word!r}. Did you mean {matches[0]}?")
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    help=(
        "The week: show it (the default: `coach week [WEEK] [--format rich|markdown|json] [--output/-o FILE]`"
        " is `coach week show`), review it, plan it. With --format markdown or json, or --output, review and"
        " plan only show what they would ask about."
    ),
    no_args_is_help=False,
    add_completion=False,
)

commit_app = typer.Typer(
    cls=CommitGroup,
    help=(
        "Commit to an action for a week (default: this week): `coach commit [add] TEXT [--goal ID]"
        " [--strategy ID] [--week WEEK]`; `add` may be left out, so a TEXT that is a subcommand's name"
        " needs it: `coach commit add list`."
    ),
    no_args_is_help=True,
    add_completion=False,
)

# `coach mark ID STATUS`, one command: its STATUS may be -1 (a day of a daily routine taken back), not an option.
mark_app = typer.Typer(add_completion=False)

WEEK_FORMS = "this, last, next, 2026-W48, or a date"


def week_argument_help(default: str) -> Any:
    return typer.Argument(
        metavar="WEEK", help=f"The week (default: {default}): {WEEK_FORMS}.", show_default=False
    )


def read_week(text: str, *, prefer: "Prefer") -> IsoWeek:
    """The week the user named; words that are no week get a hint about the subcommands too."""
    try:
        return parse_week(text, today(), prefer=prefer)
    except InputError as error:
        if text.strip().isalpha():
            matches = get_close_matches(text.strip().lower(), ["show", "review", "plan", "note"], n=1)
            hint = (
                f"did you mean `coach week {matches[0]}`?"
                if matches
                else "`coach week --help` lists the subcommands"
            )
            raise InputError(f"{error.message}; {hint}") from None
        raise


def this_week() -> IsoWeek:
    """The week today is in."""
    return IsoWeek.of(today())


@commit_app.callback()
def commit_group() -> None:
    """Commit to an action for a week; correct or remove one (a callback keeps `commit` a group)."""


@commit_app.command("add")
def commit(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="What you will do, in a few words.", show_default=False)
    ],
    goal: Annotated[int | None, goal_option("The goal it serves.")] = None,
    strategy: Annotated[int | None, strategy_option("The strategy it uses (which implies its goal).")] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week", metavar="WEEK", help=f"The week (default: this week; a routine's first): {WEEK_FORMS}."
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--when", metavar="TEXT", help='When and where you will do it, e.g. "Tuesday 7am, the park".'
        ),
    ] = None,
    confidence: Annotated[
        int | None,
        typer.Option("--confidence", metavar="N", help="How sure you are that you will do it, 1 to 10."),
    ] = None,
    support: Annotated[
        str | None,
        typer.Option("--support", metavar="TEXT", help="What would make you more confident of doing it."),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            metavar="day|weekday|week",
            help="Make it a routine: the same commitment in every week from its first, each with its own status;"
            " every day or weekday counts its days (check one in with coach mark ID +1).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="With --every: the last week is the one holding DATE."),
    ] = None,
) -> None:
    """Commit to an action for a week (default: this week), or with --every day|weekday|week to a routine.

    \b
    Examples:
      coach commit "Run twice before work" --goal 1 --when "Tue and Thu, 7:00" --confidence 8
      coach commit "Call mum" --week next
      coach commit "Weekly plan on Sunday" --every week --until 2027-06-30
      coach commit "Walk twenty minutes" --every day
    """
    from coachcli.store.weeks import add_commitment

    text = check_commitment_text(text)
    when = optional_text(when, what="--when")
    confidence = check_confidence(confidence)
    support = optional_text(support, what="--support")
    target = read_week(week, prefer="future") if week is not None else this_week()
    if every is not None or until is not None:
        if support is not None:
            fail_usage(
                "--support goes with one week's commitment: add it to a copy with coach commit edit ID"
            )
        add_routine_command(
            ctx,
            text,
            goal=goal,
            strategy=strategy,
            first=target,
            every=every,
            until=until,
            when=when,
            confidence=confidence,
        )
        return
    with journal_transaction(ctx, write=True) as session:
        commitment = add_commitment(
            session,
            text=text,
            week=str(target),
            goal_id=goal,
            strategy_id=strategy,
            when_where=when,
            confidence=confidence,
            support=support,
        )
    serves = f" for goal {commitment.goal_id}" if commitment.goal_id is not None else ""
    say(f"Commitment {commitment.id} added to {target}{serves}.")


def add_routine_command(
    ctx: typer.Context,
    text: str,
    *,
    goal: int | None,
    strategy: int | None,
    first: IsoWeek,
    every: str | None,
    until: str | None,
    when: str | None = None,
    confidence: int | None = None,
) -> None:
    """`coach commit TEXT --every day|weekday|week [--until DATE]`: a routine and its copies up to the week to
    plan."""
    from coachcli.domain.routines import check_every, check_until
    from coachcli.store.routines import add_routine

    if every is None:
        fail_usage("--until ends a routine: use it with --every day, --every weekday or --every week")
    repeat = check_every(every or "")
    end = parse_date(until, today(), prefer="future") if until is not None else None
    if end is not None:
        check_until(first, end)
    with journal_transaction(ctx, write=True) as session:
        routine, copies = add_routine(
            session,
            text=text,
            first_week=first,
            through=routine_horizon(),
            goal_id=goal,
            strategy_id=strategy,
            until=end,
            when_where=when,
            confidence=confidence,
            every=repeat,
        )
    serves = f" for goal {routine.goal_id}" if routine.goal_id is not None else ""
    ending = f" until {end.isoformat()}" if end is not None else ""
    made = ", ".join(f"commitment {copy.id} in {copy.week}" for copy in copies)
    say(f"Routine added{serves}: {repeat.words} from {first}{ending}; {made}.")
    if repeat.days_planned is None:
        say(("Each week gets its own copy to mark. To end it: coach commit stop ID", "dim"))
    else:
        say(
            (
                f"Each week gets its own copy, {repeat.days_planned} days to check in: coach mark"
                f" {copies[0].id} +1 on a day you did it. To end it: coach commit stop ID",
                "dim",
            )
        )


@commit_app.command("stop")
def stop(
    ctx: typer.Context,
    commitment_id: Annotated[int, id_argument("commitment (any week's copy of the routine)")],
) -> None:
    """End a routine (give the id of any of its commitments): this week keeps its copy, no later week gets one."""
    from coachcli.store.routines import routine_of, stop_routine

    last = this_week()
    with journal_transaction(ctx, write=True) as session:
        routine = routine_of(session, commitment_id, by_commitment=True)
        removed = stop_routine(session, routine, max(last, IsoWeek.parse_iso(routine.first_week).previous()))
    named = ", ".join(map(str, removed))
    gone = (
        f"; the open {'copy' if len(removed) == 1 else 'copies'} of later weeks removed ({named})"
        if removed
        else ""
    )
    say(
        f'Routine "{routine.text}" stopped after {routine.stopped_week}{gone}. Earlier weeks stay as they were.'
    )


@mark_app.command("mark", context_settings={"ignore_unknown_options": True})
def mark(
    ctx: typer.Context,
    commitment_id: Annotated[int, id_argument("commitment")],
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help='How it went: done, partly, "not done", "let go", or open again; +1 checks in a day of a daily'
            " routine, -1 takes one back.",
            show_default=False,
            autocompletion=complete_status,
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="What helped, what got in the way, what you learned.")
    ] = None,
) -> None:
    """Set a commitment's status (and a note) without the review, or check in a day of a daily routine.

    \b
    Examples:
      coach mark 12 done --note "went with Sam"
      coach mark 13 partly
      coach mark 14 "let go"
      coach mark 15 +1
    """
    from coachcli.store.weeks import set_commitment_status

    if status.strip() in DAY_STEPS:
        check_in_command(ctx, commitment_id, DAY_STEPS[status.strip()], note)
        return
    new_status = parse_status(status)
    note = optional_text(note, what="note")
    with journal_transaction(ctx, write=True) as session:
        set_commitment_status(session, commitment_id, new_status, note)
    say(f"Commitment {commitment_id} marked {new_status.label}.")
    notice_beliefs_in(note)
    if note is None and new_status in COMPLETED_STATUSES:
        say((f'{new_status.question} coach mark {commitment_id} {new_status} --note "..."', "dim"))


def check_in_command(ctx: typer.Context, commitment_id: int, step: int, note: str | None) -> None:
    """`coach mark ID +1` / `-1`: a day of a daily routine checked in or taken back, said as a count."""
    from coachcli.domain.routines import checked_days
    from coachcli.store.weeks import check_in_routine_day

    note = optional_text(note, what="note")
    with journal_transaction(ctx, write=True) as session:
        commitment = check_in_routine_day(session, commitment_id, step, today(), note)
        week = IsoWeek.parse_iso(commitment.week)
        done = len(checked_days(week, commitment.days_checked))
        planned = commitment.days_planned or 0
    what = "checked in" if step > 0 else "taken back"
    say(f"Commitment {commitment_id}: a day {what}; {done} of {planned} days in {week}.")


@commit_app.command("edit")
def commit_edit(
    ctx: typer.Context,
    commitment_id: Annotated[int, id_argument("commitment")],
    text: Annotated[str | None, typer.Option("--text", help="The commitment's new words.")] = None,
    goal: Annotated[int | None, goal_option("The goal it serves now.")] = None,
    no_goal: Annotated[bool, typer.Option("--no-goal", help="It serves no goal.")] = False,
    strategy: Annotated[int | None, strategy_option("The strategy it uses now.")] = None,
    no_strategy: Annotated[bool, typer.Option("--no-strategy", help="It uses no strategy.")] = False,
    week: Annotated[
        str | None, typer.Option("--week", metavar="WEEK", help=f"Move it to another week: {WEEK_FORMS}.")
    ] = None,
    when: Annotated[
        str | None, typer.Option("--when", help="When and where you will do it ('' clears it).")
    ] = None,
    confidence: Annotated[
        int | None, typer.Option("--confidence", metavar="N", help="How sure you are, from 1 to 10.")
    ] = None,
    support: Annotated[
        str | None,
        typer.Option("--support", metavar="TEXT", help="What would make you more confident ('' clears it)."),
    ] = None,
) -> None:
    """Correct a commitment in place: its words, goal, strategy, week, when, confidence, support."""
    from coachcli.store.corrections import update_commitment

    if goal is not None and no_goal:
        raise typer.BadParameter("give --goal or --no-goal, not both")
    if strategy is not None and no_strategy:
        raise typer.BadParameter("give --strategy or --no-strategy, not both")
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = check_commitment_text(text)
    if goal is not None or no_goal:
        changes["goal_id"] = goal
    if strategy is not None or no_strategy:
        changes["strategy_id"] = strategy
    if week is not None:
        changes["week"] = str(read_week(week, prefer="future"))
    if when is not None:
        changes["when_where"] = when if when.strip() else None
    if confidence is not None:
        changes["confidence"] = check_confidence(confidence)
    if support is not None:
        changes["support"] = support if support.strip() else None
    if not changes:
        raise InputError(
            "nothing to change; give an option such as --text or --week (see coach commit edit --help)"
        )
    with journal_transaction(ctx, write=True) as session:
        commitment = update_commitment(session, commitment_id, changes)
    serves = f" for goal {commitment.goal_id}" if commitment.goal_id is not None else ""
    say(f"Commitment {commitment_id} updated: {commitment.week}{serves}.")


@commit_app.command("delete")
def commit_delete(
    ctx: typer.Context, commitment_id: Annotated[int, id_argument("commitment")], yes: YesOption = False
) -> None:
    """Delete a commitment (asks first unless --yes); a copy carried from it stays."""
    from coachcli.store.corrections import commitment_consequences, delete_commitment

    def describe(reader: "Reader") -> tuple[str, tuple[str, ...]]:
        commitment = reader.commitment(commitment_id)
        shown = f"Commitment {commitment_id} ({commitment.week}): {commitment.text}"
        return shown, commitment_consequences(reader, commitment_id)

    delete_after_asking(
        ctx,
        f"commitment {commitment_id}",
        yes=yes,
        describe=describe,
        remove=lambda session: delete_commitment(session, commitment_id).consequences,
    )


def carry(
    ctx: typer.Context,
    commitment_id: Annotated[int, id_argument("commitment")],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="WEEK",
            help=f"The later week (default: the week after its own, or this week if that one is past): {WEEK_FORMS}.",
        ),
    ] = None,
) -> None:
    """Copy an unfinished commitment into a later week."""
    from coachcli.store.weeks import carry_commitment, get_commitment

    target_given = read_week(to, prefer="future") if to is not None else None
    with journal_transaction(ctx, write=True) as session:
        original = get_commitment(session, commitment_id)
        own = IsoWeek.parse_iso(original.week)
        target = target_given or default_carry_week(own, this_week())
        check_carry(commitment_id, original.status, own, target)
        copy = carry_commitment(session, original, str(target))
    say(f"Commitment {commitment_id} carried into {target} as commitment {copy.id}.")


@app.command("show")
def show(
    ctx: typer.Context,
    week: Annotated[str | None, week_argument_help("this week")] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Show a week (the default): commitments by goal, status, days left.

    \b
    Examples:
      coach week
      coach week last
      coach week 2026-W48 -f markdown
    """
    from coachcli.render.weeks import markdown_week, rich_week
    from coachcli.views.weeks import load_week_view

    target = read_week(week, prefer="past") if week is not None else this_week()
    with journal_reader(ctx) as reader:
        view = load_week_view(reader, target, today(), with_previous=fmt is OutputFormat.markdown)
    emit(view, fmt=fmt, output=output, rich=rich_week, markdown=markdown_week)


def shows_only(ctx: typer.Context, fmt: OutputFormat, output: Path | None, no_input: bool) -> bool:
    """Whether an interactive command only shows its view: for a script, a file, or when it cannot ask."""
    # A format that comes from `output.format` shapes what is shown; only a typed --format stops the questions.
    shown_for_a_script = fmt is not OutputFormat.rich and format_was_given(ctx)
    return shown_for_a_script or output is not None or not can_prompt(no_input)


def show_view(
    view: Any,
    *,
    fmt: OutputFormat,
    output: Path | None,
    rich: Callable[[Any], list[Any]],
    markdown: Callable[[Any], str],
) -> None:
    """Show a view in the chosen format; Rich on standard output part by part, its one-line messages unwrapped."""
    if fmt is OutputFormat.rich and output is None:
        for part in rich(view):
            say(part)
    else:
        emit(view, fmt=fmt, output=output, rich=rich, markdown=markdown)


@app.command("review")
def review(
    ctx: typer.Context,
    week: Annotated[
        str | None, week_argument_help("the earliest week up to the week to close with open commitments")
    ] = None,
    no_input: NoInputOption = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Review a week: each open commitment, then a note.

    \b
    Examples:
      coach week review
      coach week review last
    """
    from coachcli.prompts.weeks import review_week
    from coachcli.render.weeks import markdown_review_list, rich_review_list
    from coachcli.views.plan import load_review

    closed = week_to_close(today(), review_day())
    target = read_week(week, prefer="past") if week is not None else None
    with journal_reader(ctx) as reader:
        view = load_review(reader, target, closed.next())
    if view.week is None or shows_only(ctx, fmt, output, no_input):
        show_view(view, fmt=fmt, output=output, rich=rich_review_list, markdown=markdown_review_list)
        return
    review_week(ctx, view, max(closed.next(), view.week.next()))


@app.command("plan")
def plan(
    ctx: typer.Context,
    week: Annotated[
        str | None, week_argument_help("the week to plan: next week from your review day on")
    ] = None,
    no_input: NoInputOption = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Plan a week: carry what is unfinished, commit per goal.

    \b
    Examples:
      coach week plan
      coach week plan next
    """
    from coachcli.prompts.weeks import plan_week
    from coachcli.render.plan import markdown_plan, rich_plan
    from coachcli.views.plan import load_plan_view

    target = read_week(week, prefer="future") if week is not None else week_to_plan(today(), review_day())
    with journal_reader(ctx) as reader:
        view = load_plan_view(reader, target, today())
    if shows_only(ctx, fmt, output, no_input):
        show_view(view, fmt=fmt, output=output, rich=rich_plan, markdown=markdown_plan)
        return
    plan_week(ctx, view)


NOTE_INSTRUCTIONS = (
    "Your note on the week above: what went well, what got in the way, what you learned.",
    "Lines starting with '# coach:' are removed. Save and close to keep it; leave it empty to change nothing.",
)


def read_note_arguments(first: str | None, second: str | None) -> tuple[IsoWeek, str | None]:
    """WEEK and TEXT, either left out: one argument that reads as a week is the week, else the text."""
    if second is not None:
        return read_week(first or "", prefer="past"), second
    if first is not None:
        try:
            return parse_week(first, today(), prefer="past"), None
        except InputError:
            pass
    return week_to_close(today(), review_day()), first


@app.command("note")
def note(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Argument(
            metavar="[WEEK]",
            help=f"The week (default: the week to close): {WEEK_FORMS}.",
            show_default=False,
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Argument(metavar="[TEXT]", help="The note; it replaces the one there is.", show_default=False),
    ] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Show, write or replace a week's note (no TEXT on a terminal: your editor, with the note so far)."""
    from coachcli.store.corrections import write_week_note
    from coachcli.views.weeks import WeekNoteView

    target, words = read_note_arguments(week, text)
    if words is None:
        with journal_reader(ctx) as reader:
            existing = reader.week_note(str(target))
        current = existing.text if existing else ""
        if shows_only(ctx, fmt, output, False):
            view = WeekNoteView(str(target), current)
            show_view(
                view,
                fmt=fmt,
                output=output,
                rich=lambda v: [rich_text((v.week, "bold")), rich_text(v.text or "No note yet.")],
                markdown=lambda v: (
                    f"## {v.week}\n\n{markdown_block(v.text) if v.text else '_No note yet._'}\n"
                ),
            )
            return
        from coachcli.prompts.editor import write_in_editor

        written = write_in_editor(NOTE_INSTRUCTIONS, initial=current)
        if not written.strip() or written == current:
            say("Nothing changed.")
            return
        words = written
    if not words.strip():
        raise InputError("the note is empty; write a few words, or leave TEXT out to see the note")
    with journal_transaction(ctx, write=True) as session:
        _, replaced = write_week_note(session, str(target), words)
    say(f"Note of {target} {'replaced' if replaced else 'saved'}.")
