"""`coach goal ...`: SMART goals, check-ins and their lifecycle."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachcli.cli.console import ask, can_prompt, notice_beliefs_in, say
from coachcli.cli.options import (
    CommandGroup,
    FormatOption,
    NoInputOption,
    OutputOption,
    YesOption,
    check_tags,
    id_argument,
)
from coachcli.cli.transaction import delete_after_asking, journal_reader, journal_transaction
from coachcli.domain.progress import current_value, parse_checkin_value, parse_number
from coachcli.domain.text import is_blank, optional_text, require_text
from coachcli.domain.vocabulary import GOAL_STATUS_MESSAGES, GoalStatus
from coachcli.environment import today
from coachcli.errors import InputError
from coachcli.render.output import OutputFormat, emit
from coachcli.render.text import format_number

if TYPE_CHECKING:
    from sqlmodel import Session

    from coachcli.store.reader import Reader

app = typer.Typer(
    cls=CommandGroup,
    help="SMART goals: add, list, show, edit, log check-ins, close, delete.",
    no_args_is_help=True,
    add_completion=False,
)

MeasureOption = Annotated[
    str | None, typer.Option("--measure", help="What you will measure, e.g. 'km run per week'.")
]
UnitOption = Annotated[str | None, typer.Option("--unit", help="The unit of the measure, e.g. km.")]
BaselineOption = Annotated[str | None, typer.Option("--baseline", metavar="N", help="Where you start from.")]
TargetOption = Annotated[
    str | None, typer.Option("--target", metavar="N", help="The number that means you got there.")
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", metavar="DATE", help="Deadline: 2027-03-31, 'in 6 weeks', 'end of quarter'..."),
]
WhyOption = Annotated[str | None, typer.Option("--why", help="Why it matters to you (Relevant).")]
AchievableOption = Annotated[
    str | None,
    typer.Option("--achievable", help="What makes it within reach: resources, first step, confidence."),
]
TagOption = Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag; repeat for more.")]


def parse_optional_number(text: str | None, what: str) -> float | None:
    return None if text is None else parse_number(text, what=what)


def parse_deadline(text: str | None) -> date | None:
    from coachcli.domain.dates import parse_date

    return None if text is None else parse_date(text, today(), prefer="future")


def check_title(title: str) -> str:
    return require_text(title, "the goal's title is empty; say in a few words what you want to reach")


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[
        str,
        typer.Argument(metavar="TITLE", help="What you want to reach, in a few words.", show_default=False),
    ],
    measure: MeasureOption = None,
    unit: UnitOption = None,
    baseline: BaselineOption = None,
    target: TargetOption = None,
    by: ByOption = None,
    why: WhyOption = None,
    achievable: AchievableOption = None,
    tag: TagOption = None,
    no_input: NoInputOption = False,
) -> None:
    """Add a goal; on a terminal, coach asks for each SMART part you did not give.

    \b
    Examples:
      coach goal add "Run a half marathon in spring" --measure "km in one run" --unit km --target 21 --by 2027-04-30
      coach goal add "Read twelve books this year" --target 12 --tag reading --no-input
    """
    from coachcli.render.goals import rich_goal_added
    from coachcli.store.goals import add_goal
    from coachcli.store.reader import reader_in
    from coachcli.views.goals import goal_view

    fields: dict[str, Any] = {
        "title": check_title(title),
        "measure": optional_text(measure, what="measure"),
        "unit": optional_text(unit, what="unit"),
        "baseline": parse_optional_number(baseline, "baseline"),
        "target": parse_optional_number(target, "target"),
        "deadline": parse_deadline(by),
        "why": optional_text(why, what="why"),
        "achievable": optional_text(achievable, what="achievable note"),
    }
    tags = check_tags(tag)
    if can_prompt(no_input):
        from coachcli.prompts.goals import ask_missing_parts

        ask_missing_parts(fields, today())
    with journal_transaction(ctx, write=True) as session:
        goal = add_goal(session, created=today(), tags=tags, **fields)
        view = goal_view(reader_in(session), goal, today())
    say(f"Goal {goal.id} added.")
    notice_beliefs_in(fields["why"], fields["achievable"])
    for renderable in rich_goal_added(view):
        say(renderable)


@app.command("list")
def list_goals(
    ctx: typer.Context,
    all_goals: Annotated[bool, typer.Option("--all", help="Include done and dropped goals.")] = False,
    tag: Annotated[str | None, typer.Option("--tag", metavar="TAG", help="Only goals with this tag.")] = None,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Active goals with SMART letters, progress and deadlines; --all adds done and dropped ones.

    \b
    Examples:
      coach goal list
      coach goal list --all --tag health -f json
    """
    from coachcli.render.goals import markdown_goal_list, rich_goal_list
    from coachcli.views.goals import load_goal_list

    with journal_reader(ctx) as reader:
        view = load_goal_list(reader, today(), include_closed=all_goals, tag=tag)
    emit(view, fmt=fmt, output=output, rich=rich_goal_list, markdown=markdown_goal_list)


@app.command("show")
def show(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal")],
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """One goal: SMART scorecard, progress, check-ins, strategies, commitments.

    \b
    Examples:
      coach goal show 1
      coach goal show 1 -f markdown -o goal.md
    """
    from coachcli.render.goals import markdown_goal_detail, rich_goal_detail
    from coachcli.views.goal_detail import load_goal_detail

    with journal_reader(ctx) as reader:
        view = load_goal_detail(reader, goal_id, today())
    emit(view, fmt=fmt, output=output, rich=rich_goal_detail, markdown=markdown_goal_detail)


def optional_edit(value: str | None, parse: Callable[[str], Any]) -> tuple[bool, Any]:
    """(given, parsed value) for an edit option, where an empty string clears the field."""
    if value is None:
        return False, None
    if is_blank(value):
        return True, None
    return True, parse(value)


def ask_goal_changes(ctx: typer.Context, goal_id: int) -> dict[str, Any]:
    """On a terminal with no option: ask for each SMART part the goal still lacks; the parts answered."""
    from coachcli.prompts.goals import ask_missing_parts
    from coachcli.store.goals import GOAL_FIELDS

    with journal_reader(ctx) as reader:
        goal = reader.goal(goal_id)
        fields: dict[str, Any] = {name: getattr(goal, name) for name in GOAL_FIELDS}
    before = dict(fields)
    ask_missing_parts(fields, today())
    return {name: value for name, value in fields.items() if value != before[name]}


@app.command("edit")
def edit(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal")],
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    measure: MeasureOption = None,
    unit: UnitOption = None,
    baseline: BaselineOption = None,
    target: TargetOption = None,
    by: ByOption = None,
    why: WhyOption = None,
    achievable: AchievableOption = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="Replace the tags; repeat for more.")
    ] = None,
    no_input: NoInputOption = False,
) -> None:
    """Change a goal's parts; give an empty value (--why '') to clear one. On a terminal with no option,
    coach asks for the SMART parts it still lacks."""
    from coachcli.render.goals import rich_goal_added
    from coachcli.store.goals import update_goal
    from coachcli.store.reader import reader_in
    from coachcli.views.goals import goal_view

    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = check_title(title)
    parsers: dict[str, tuple[str | None, Callable[[str], Any]]] = {
        "measure": (measure, str),
        "unit": (unit, str),
        "baseline": (baseline, lambda text: parse_optional_number(text, "baseline")),
        "target": (target, lambda text: parse_optional_number(text, "target")),
        "deadline": (by, parse_deadline),
        "why": (why, str),
        "achievable": (achievable, str),
    }
    for name, (value, parse) in parsers.items():
        given, parsed = optional_edit(value, parse)
        if given:
            changes[name] = parsed
    tags = check_tags(tag) if tag is not None else None
    if not changes and tags is None:
        if not can_prompt(no_input):
            raise InputError(
                "nothing to change; give an option such as --why or --by (see coach goal edit --help)"
            )
        changes = ask_goal_changes(ctx, goal_id)
        if not changes:
            say(f"Goal {goal_id} is unchanged.")
            return
    with journal_transaction(ctx, write=True) as session:
        goal = update_goal(session, goal_id, changes, tags)
        view = goal_view(reader_in(session), goal, today())
    say(f"Goal {goal.id} updated.")
    notice_beliefs_in(changes.get("why"), changes.get("achievable"))
    for renderable in rich_goal_added(view):
        say(renderable)


@app.command("log", context_settings={"ignore_unknown_options": True})
def log(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new total, or +N / -N to change it.")],
    on: Annotated[
        str | None, typer.Option("--on", metavar="DATE", help="The day of the check-in (default today).")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="What happened, what helped, what got in the way.")
    ] = None,
) -> None:
    """Check in on a measurable goal.

    \b
    Examples:
      coach goal log 1 12
      coach goal log 1 +3 --on yesterday --note "long run with Sam"
    """
    from coachcli.domain.dates import parse_date
    from coachcli.store.goals import add_checkin
    from coachcli.store.reader import reader_in
    from coachcli.views.goals import goal_view

    current_day = today()
    day = parse_date(on, current_day, prefer="past") if on is not None else current_day
    if day > current_day:
        raise InputError(f"the check-in date {day.isoformat()} is in the future; check in on or before today")
    note = optional_text(note, what="note")
    with journal_transaction(ctx, write=True) as session:
        reader = reader_in(session)
        goal = reader.goal(goal_id)
        points = [(checkin.day, checkin.value) for checkin in reader.goal_checkins([goal_id])[goal_id]]
        # +N / -N change the value as it stood on the check-in's day (a later check-in is not its past).
        before = current_value(goal.baseline, [point for point in points if point[0] <= day])
        new_value = parse_checkin_value(value, before if before is not None else 0.0)
        checkin = add_checkin(session, goal_id, day=day, value=new_value, note=note)
        view = goal_view(reader, goal, current_day)
    unit = view.unit
    later = [point for point in points if point[0] > day]
    if later:
        progress = f"; the check-in of {max(later)[0].isoformat()} ({format_number(view.current, unit)}) stays the latest"
    else:
        progress = f" ({round(view.progress * 100)}% of the way)" if view.progress is not None else ""
    say(
        f"Check-in {checkin.id} logged for goal {goal_id}: {format_number(new_value, unit)} on {day.isoformat()}{progress}."
    )
    notice_beliefs_in(note)


def change_status(ctx: typer.Context, goal_id: int, status: GoalStatus) -> None:
    """Give a goal a status, and say so with the message that goes with it."""
    from coachcli.store.goals import set_goal_status

    with journal_transaction(ctx, write=True) as session:
        set_goal_status(session, goal_id, status, today())
    say(GOAL_STATUS_MESSAGES[status].format(id=goal_id))


@app.command("done")
def done(
    ctx: typer.Context, goal_id: Annotated[int, id_argument("goal")], no_input: NoInputOption = False
) -> None:
    """Mark a goal as reached; on a terminal, what made the difference is kept as a reflection on it."""
    from coachcli.domain.dates import IsoWeek
    from coachcli.store.reflections import add_reflection

    change_status(ctx, goal_id, GoalStatus.DONE)
    if not can_prompt(no_input):
        return
    answer = ask("Your answer (kept as a reflection on the goal; Enter skips)")
    if not answer:
        return
    with journal_transaction(ctx, write=True) as session:
        reflection = add_reflection(
            session, day=today(), text=answer, goal_id=goal_id, week=str(IsoWeek.of(today())), tags=[]
        )
    say(f"Reflection {reflection.id} added to goal {goal_id}.")


@app.command("drop")
def drop(ctx: typer.Context, goal_id: Annotated[int, id_argument("goal")]) -> None:
    """Let a goal go; it stays in the journal (coach goal list --all)."""
    change_status(ctx, goal_id, GoalStatus.DROPPED)


@app.command("reopen")
def reopen(ctx: typer.Context, goal_id: Annotated[int, id_argument("goal")]) -> None:
    """Make a done or dropped goal active again."""
    change_status(ctx, goal_id, GoalStatus.ACTIVE)


@app.command("unlog")
def unlog(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal")],
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="The day of the check-in to remove (default: the latest)."),
    ] = None,
) -> None:
    """Remove a check-in (default: the latest), e.g. one logged with a typo."""
    from coachcli.domain.dates import parse_date
    from coachcli.store.corrections import remove_checkin
    from coachcli.views.goals import goal_view

    day = parse_date(on, today(), prefer="past") if on is not None else None
    from coachcli.store.reader import reader_in

    with journal_transaction(ctx, write=True) as session:
        checkin = remove_checkin(session, goal_id, day)
        reader = reader_in(session)
        view = goal_view(reader, reader.goal(goal_id), today())
    unit = view.unit
    now = f"; it stands at {format_number(view.current, unit)}" if view.current is not None else ""
    say(
        f"Check-in of {checkin.day.isoformat()} ({format_number(checkin.value, unit)}) removed from goal"
        f" {goal_id}{now}."
    )


@app.command("delete")
def delete(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal")],
    yes: YesOption = False,
) -> None:
    """Delete a goal with its check-ins and strategies (asks first unless --yes)."""
    from coachcli.store.corrections import goal_consequences
    from coachcli.store.goals import delete_goal
    from coachcli.store.reader import reader_in

    def describe(reader: "Reader") -> tuple[str, tuple[str, ...]]:
        title = reader.goal(goal_id).title
        return f"Goal {goal_id}: {title}", goal_consequences(reader, goal_id)

    def remove(session: "Session") -> tuple[str, ...]:
        consequences = goal_consequences(reader_in(session), goal_id)
        delete_goal(session, goal_id)
        return consequences

    delete_after_asking(ctx, f"goal {goal_id}", yes=yes, describe=describe, remove=remove)
