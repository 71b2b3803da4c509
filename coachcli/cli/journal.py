"""`coach reflect`, `coach reframe` and `coach journal`: dated reflections, and the journal that holds them."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli import console
from coachcli.cli.console import ask, can_prompt, say
from coachcli.cli.options import (
    DefaultCommandGroup,
    FormatOption,
    NoInputOption,
    OutputOption,
    YesOption,
    check_tags,
    goal_option,
    id_argument,
)
from coachcli.cli.transaction import delete_after_asking, journal_reader, journal_transaction
from coachcli.domain.limits import MAX_ID
from coachcli.domain.text import is_blank, require_text
from coachcli.environment import today
from coachcli.errors import InputError
from coachcli.render.output import OutputFormat, emit
from coachcli.store.ids import require_id

if TYPE_CHECKING:
    from coachcli.store.reader import Reader

EDITOR_INSTRUCTIONS = (
    "Write your reflection above. What happened? What did you notice? What matters to you now?",
    "Lines starting with '# coach:' are removed. Save and close to keep it; leave it empty to save nothing.",
)
PRIVATE_NOTE = " as private: it stays out of briefs, reports and the Markdown export"
REFRAME_PROMPT = "Your reframe, in your own words (Enter to skip)"

GoalFilterOption = Annotated[int | None, goal_option("Only reflections on this goal.")]


def check_reflection_text(text: str) -> str:
    """Blank text is refused; any other text is kept exactly as typed."""
    return require_text(
        text, "the reflection is empty; write a few words, as an argument, from a pipe, or in your editor"
    )


def check_reframe_text(text: str) -> str:
    """A blank reframe is refused; any other text is kept exactly as typed."""
    return require_text(text, "the reframe is empty; write how you choose to see it now, in a few words")


def read_reflection_text(text: str | None, no_input: bool) -> str | None:
    """The reflection's text: the argument, else standard input when piped, else the editor on a terminal.

    None means the user left the editor empty, and nothing is to be saved.
    """
    from coachcli.prompts.editor import decode_text, strip_final_newline, write_in_editor

    if text is not None:
        return check_reflection_text(text)
    if not console.stdin_is_terminal():
        piped = decode_text(typer.get_binary_stream("stdin").read(), "standard input")
        return check_reflection_text(strip_final_newline(piped))
    if no_input:
        raise InputError('no reflection text: give it as an argument (coach reflect "...") or pipe it in')
    written = write_in_editor(EDITOR_INSTRUCTIONS)
    return written if written.strip() else None


def parse_reflection_day(on: str | None) -> date:
    """The day a reflection belongs to: today, or an earlier day given with --on."""
    from coachcli.domain.dates import parse_date

    current_day = today()
    day = parse_date(on, current_day, prefer="past") if on is not None else current_day
    if day > current_day:
        raise InputError(f"the date {day.isoformat()} is in the future; reflect on today or an earlier day")
    return day


def parse_optional_date(text: str | None) -> date | None:
    """A --since / --until day; a day without a year is the latest past one."""
    from coachcli.domain.dates import parse_date

    return None if text is None else parse_date(text, today(), prefer="past")


def ask_for_reframe(reflection_id: int, text: str, *, prompting: bool) -> str | None:
    """When the text leans on should / must / always..., ask the reframing question; return any answer."""
    from coachcli.domain.beliefs import most_telling_question

    question = most_telling_question(text)
    if question is None:
        return None
    say((question, "yellow"))
    if prompting:
        return ask(REFRAME_PROMPT) or None
    say((f'Add a reframe when you are ready: coach reframe {reflection_id} "..."', "dim"))
    return None


def reflect(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="What you want to remember. Without it: standard input when piped, else your $EDITOR.",
            show_default=False,
        ),
    ] = None,
    goal: Annotated[
        int | None,
        goal_option("The goal this reflection is about."),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="WEEK",
            help="The week it is about: this, last, 2026-W48, a date (default: its date's).",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag; repeat for more.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", metavar="DATE", help="The day it belongs to (default today).")
    ] = None,
    reframe_text: Annotated[
        str | None,
        typer.Option(
            "--reframe", metavar="TEXT", help="Your reframe of a should / must / always in it, saved with it."
        ),
    ] = None,
    private: Annotated[
        bool,
        typer.Option("--private", help="Only for you: never in a brief, a report or the Markdown export."),
    ] = False,
    no_input: NoInputOption = False,
) -> None:
    """Write a reflection; coach notices should / must / always / never and asks a reframing question.

    \b
    Examples:
      coach reflect "Running in the morning gives me energy for the day." --tag running
      coach reflect --goal 1 --on yesterday
      echo "A calm week." | coach reflect --private
    """
    from coachcli.domain.dates import IsoWeek, parse_week
    from coachcli.store.reflections import add_reflection, set_reframe

    day = parse_reflection_day(on)
    about = parse_week(week, today(), prefer="past") if week is not None else IsoWeek.of(day)
    tags = check_tags(tag)
    if reframe_text is not None:
        reframe_text = check_reframe_text(reframe_text)
    if text is None and goal is not None:
        with journal_reader(ctx) as reader:
            reader.goal(goal)  # before the editor opens, so that nothing written is lost to a typo
    body = read_reflection_text(text, no_input)
    if body is None:
        say("Nothing saved: the reflection was empty. Come back to it whenever you like.")
        return
    with journal_transaction(ctx, write=True) as session:
        reflection = add_reflection(
            session,
            day=day,
            text=body,
            goal_id=goal,
            week=str(about),
            tags=tags,
            reframe=reframe_text,
            private=private,
        )
    reflection_id = require_id(reflection)
    say(f"Reflection {reflection_id} saved{PRIVATE_NOTE if private else ''}.")
    if reframe_text is not None:
        return
    answer = ask_for_reframe(reflection_id, body, prompting=can_prompt(no_input))
    if answer:
        with journal_transaction(ctx, write=True) as session:
            set_reframe(session, reflection_id, answer)
        say(f"Reframe saved with reflection {reflection_id}.")


def reframe(
    ctx: typer.Context,
    reflection_id: Annotated[int, id_argument("reflection")],
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="The belief, put the way you choose it now. Asked for on a terminal.",
            show_default=False,
        ),
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the reframe; the reflection itself stays.")
    ] = False,
    no_input: NoInputOption = False,
) -> None:
    """Add, replace or remove the reframe of a reflection."""
    from coachcli.domain.beliefs import most_telling_question
    from coachcli.render.journal import plain_text
    from coachcli.store.reader import reader_in
    from coachcli.store.reflections import set_reframe

    if remove:
        if text is not None:
            raise InputError(
                f"give either a reframe or --remove, not both: coach reframe {reflection_id} --remove"
            )
        with journal_transaction(ctx, write=True) as session:
            had_one = reader_in(session).reflection(reflection_id).reframe is not None
            if had_one:
                set_reframe(session, reflection_id, None)
        say(
            f"Reframe of reflection {reflection_id} removed."
            if had_one
            else f"Reflection {reflection_id} has no reframe."
        )
        return
    if text is None:
        if not can_prompt(no_input):
            raise InputError(
                f'no reframe given; write it as an argument: coach reframe {reflection_id} "..."'
            )
        with journal_reader(ctx) as reader:
            written = reader.reflection(reflection_id).text
        say(plain_text(written))
        question = most_telling_question(written) or "How would you put it now?"
        say((question, "yellow"))
        text = ask(REFRAME_PROMPT)
        if not text:
            say("Nothing changed.")
            return
    text = check_reframe_text(text)
    with journal_transaction(ctx, write=True) as session:
        set_reframe(session, reflection_id, text)
    say(f"Reframe saved with reflection {reflection_id}.")


def check_limit(value: int | None) -> int | None:
    """--limit N: a whole number from 1 up (0 or less would show nothing at all)."""
    if value is not None and not 1 <= value <= MAX_ID:
        raise typer.BadParameter(f"{value} is not a number of entries; give 1 or more")
    return value


class JournalGroup(DefaultCommandGroup):
    """`coach journal [filters]` lists (`coach journal list`); edit and delete are subcommands."""

    default_command = "list"


journal_app = typer.Typer(
    cls=JournalGroup,
    help=(
        "Reflections and week notes, newest first: `coach journal [--search TEXT] [--goal ID] [--tag TAG]"
        " [--since DATE] [--until DATE] [--format rich|markdown|json] [--output/-o FILE]` (that is"
        " `coach journal list`); `coach journal edit ID` corrects a reflection, `coach journal delete ID`"
        " removes one."
    ),
    no_args_is_help=False,
    add_completion=False,
)
EDIT_INSTRUCTIONS = (
    "Correct your reflection above. Lines starting with '# coach:' are removed.",
    "Save and close to keep it; leave it empty to change nothing.",
)


@journal_app.command("list")
def journal(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option("--search", metavar="TEXT", help="Words in the text, reframe or tags (any case)."),
    ] = None,
    goal: GoalFilterOption = None,
    tag: Annotated[
        str | None, typer.Option("--tag", metavar="TAG", help="Only reflections with this tag.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="From this day on.")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE", help="Up to this day.")] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", callback=check_limit, help="Only the newest N entries."),
    ] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Reflections and week notes, newest first; search and filter them."""
    from coachcli.render.journal import markdown_journal, rich_journal
    from coachcli.views.journal import load_journal

    first, last = parse_optional_date(since), parse_optional_date(until)
    if first is not None and last is not None and first > last:
        raise InputError(f"--since {first.isoformat()} is after --until {last.isoformat()}; swap them")
    if search is not None and is_blank(search):
        raise InputError("--search is empty; give a word to look for or leave the option out")
    if tag is not None and is_blank(tag):
        raise InputError("--tag is empty; give a tag or leave the option out")
    tag = tag.strip() if tag is not None else None
    with journal_reader(ctx) as reader:
        view = load_journal(
            reader, search=search, goal_id=goal, tag=tag, since=first, until=last, limit=limit
        )
    emit(view, fmt=fmt, output=output, rich=rich_journal, markdown=markdown_journal)


@journal_app.command("edit")
def edit(
    ctx: typer.Context,
    reflection_id: Annotated[int, id_argument("reflection")],
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT",
            help="The new text (default: your editor, with the text so far).",
            show_default=False,
        ),
    ] = None,
    private: Annotated[
        bool | None,
        typer.Option("--private/--shared", help="Keep it out of briefs and reports, or let it in again."),
    ] = None,
    no_input: NoInputOption = False,
) -> None:
    """Correct a reflection's text (in your editor when no TEXT is given), or make it private or shared."""
    from coachcli.prompts.editor import decode_text, strip_final_newline, write_in_editor
    from coachcli.store.corrections import update_reflection

    if text is not None:
        text = check_reflection_text(text)
    elif private is None:
        if can_prompt(no_input):
            with journal_reader(ctx) as reader:
                current = reader.reflection(reflection_id).text
            written = write_in_editor(EDIT_INSTRUCTIONS, initial=current)
            if not written.strip() or written == current:
                say("Nothing changed.")
                return
            text = written
        elif not console.stdin_is_terminal():
            piped = decode_text(typer.get_binary_stream("stdin").read(), "standard input")
            text = check_reflection_text(strip_final_newline(piped))
        else:
            raise InputError(
                f'nothing to change; give the new text (coach journal edit {reflection_id} "...") or --private'
            )
    with journal_transaction(ctx, write=True) as session:
        reflection = update_reflection(session, reflection_id, text=text, private=private)
    kept = " (private: kept out of briefs and reports)" if reflection.private else ""
    say(f"Reflection {reflection_id} updated{kept}.")


@journal_app.command("delete")
def delete(
    ctx: typer.Context, reflection_id: Annotated[int, id_argument("reflection")], yes: YesOption = False
) -> None:
    """Delete a reflection with its reframe and tags (asks first unless --yes)."""
    from coachcli.store.corrections import delete_reflection

    def describe(reader: "Reader") -> tuple[str, tuple[str, ...]]:
        reflection = reader.reflection(reflection_id)
        return (
            f"Reflection {reflection_id} ({reflection.day.isoformat()}): {reflection.text}",
            (),
        )

    delete_after_asking(
        ctx,
        f"reflection {reflection_id}",
        yes=yes,
        describe=describe,
        remove=lambda session: delete_reflection(session, reflection_id).consequences,
    )
