"""`coach strategy ...`: ways of working towards a goal that play to the user's strengths."""

from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.cli.completion import complete_strength
from coachcli.cli.console import ask_until_valid, can_prompt, say
from coachcli.cli.options import (
    CommandGroup,
    FormatOption,
    NoInputOption,
    OutputOption,
    YesOption,
    goal_option,
    id_argument,
)
from coachcli.cli.transaction import delete_after_asking, journal_reader, journal_transaction
from coachcli.domain.text import require_text
from coachcli.domain.vocabulary import RETIRE_QUESTION
from coachcli.environment import today
from coachcli.errors import InputError
from coachcli.render.output import OutputFormat, emit

if TYPE_CHECKING:
    from coachcli.store.reader import Reader

app = typer.Typer(
    cls=CommandGroup,
    help="Strategies for your goals that play to your strengths: add, list, suggest, edit, retire, delete.",
    no_args_is_help=True,
    add_completion=False,
)

PICK_QUESTION = "Keep any as strategies? Their numbers (e.g. 1 3), 'all', or Enter for none"


def check_strategy_text(text: str) -> str:
    return require_text(text, "the strategy is empty; say in a few words how you will work towards the goal")


def strengths_text(names: list[str] | tuple[str, ...]) -> str:
    """ ", playing to Relator and Achiever", or nothing."""
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f", playing to {joined}"


@app.command("add")
def add(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal", "GOAL_ID")],
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="How you will work towards the goal.", show_default=False)
    ],
    strength: Annotated[
        list[str] | None,
        typer.Option(
            "--strength",
            "-s",
            metavar="NAME",
            help="One of your strengths it plays to; repeat for more.",
            autocompletion=complete_strength,
        ),
    ] = None,
    no_input: NoInputOption = False,
) -> None:
    """Add a strategy to an active goal, naming the strengths it plays to (on a terminal, asked without one).

    \b
    Examples:
      coach strategy add 1 "Track every run in a spreadsheet" --strength Achiever
    """
    from coachcli.store.ids import require_id
    from coachcli.store.reader import reader_in
    from coachcli.store.strengths import add_strategy

    text = check_strategy_text(text)
    if not strength and can_prompt(no_input):
        from coachcli.domain.strengths import parse_strength_choice, strength_question

        with journal_reader(ctx) as reader:
            kept = [row.name for row in reader.strengths()]
        if kept:
            strength = ask_until_valid(
                strength_question(kept), lambda typed: parse_strength_choice(typed, kept)
            )
    with journal_transaction(ctx, write=True) as session:
        strategy = add_strategy(session, goal_id, text=text, strengths=strength or [], created=today())
        strategy_id = require_id(strategy)
        names = reader_in(session).strategy_strengths([strategy_id])[strategy_id]
    say(f"Strategy {strategy.id} added to goal {goal_id}{strengths_text(names)}.")


@app.command("list")
def list_strategies(
    ctx: typer.Context,
    goal: Annotated[
        int | None,
        goal_option("Only the strategies of this goal."),
    ] = None,
    all_strategies: Annotated[bool, typer.Option("--all", help="Include retired strategies.")] = False,
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
) -> None:
    """Active strategies by goal, with the strengths they play to; --all adds retired ones."""
    from coachcli.render.strengths import markdown_strategy_list, rich_strategy_list
    from coachcli.views.strategies import load_strategy_list

    with journal_reader(ctx) as reader:
        view = load_strategy_list(reader, include_retired=all_strategies, goal_id=goal)
    emit(view, fmt=fmt, output=output, rich=rich_strategy_list, markdown=markdown_strategy_list)


def ask_choices(count: int) -> list[int]:
    """Ask which ideas to keep until the answer reads as numbers from 1 to `count`; Enter keeps none."""
    from coachcli.domain.strengths import parse_choices

    return ask_until_valid(PICK_QUESTION, lambda answer: parse_choices(answer, count)) or []


@app.command("suggest")
def suggest(
    ctx: typer.Context,
    goal_id: Annotated[int, id_argument("goal", "GOAL_ID")],
    fmt: FormatOption = OutputFormat.rich,
    output: OutputOption = None,
    no_input: NoInputOption = False,
) -> None:
    """Ideas for strategies that play to your strengths, in your order; on a terminal, keep any of them."""
    from coachcli.domain.weeks import week_to_plan
    from coachcli.render.strengths import markdown_suggestions, rich_suggestions
    from coachcli.settings import review_day
    from coachcli.views.strategies import load_suggestions

    with journal_reader(ctx) as reader:
        # the ideas of the week to plan: the same the session offers
        view = load_suggestions(reader, goal_id, week_to_plan(today(), review_day()))
    emit(view, fmt=fmt, output=output, rich=rich_suggestions, markdown=markdown_suggestions)
    new_ideas = [idea for idea in view.ideas if idea.strategy_id is None]
    if not new_ideas or fmt is OutputFormat.json or output is not None or not can_prompt(no_input):
        return
    chosen = [view.ideas[number - 1] for number in ask_choices(len(view.ideas))]
    for idea in chosen:
        if idea.strategy_id is not None:
            say(f"Idea {idea.number} is already strategy {idea.strategy_id}.")
    keep = [idea for idea in chosen if idea.strategy_id is None]
    if not keep:
        say(
            "Nothing kept. Which of these would you try in your own words? ",
            (f'coach strategy add {goal_id} "TEXT"', "dim"),
        )
        return
    from coachcli.store.strengths import add_strategy

    with journal_transaction(ctx, write=True) as session:
        kept = [
            add_strategy(session, goal_id, text=idea.text, strengths=[idea.strength], created=today())
            for idea in keep
        ]
    for strategy, idea in zip(kept, keep, strict=True):
        say(f"Strategy {strategy.id} added to goal {goal_id}{strengths_text([idea.strength])}.")
    say((f'A first step this week? coach commit "TEXT" --goal {goal_id} --strategy {kept[0].id}', "dim"))


@app.command("retire")
def retire(ctx: typer.Context, strategy_id: Annotated[int, id_argument("strategy")]) -> None:
    """Retire a strategy that has done its work or does not fit; it stays in the journal (list --all)."""
    from coachcli.store.strengths import retire_strategy

    with journal_transaction(ctx, write=True) as session:
        strategy = retire_strategy(session, strategy_id)
    say(f"Strategy {strategy.id} retired. {RETIRE_QUESTION}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    strategy_id: Annotated[int, id_argument("strategy")],
    text: Annotated[str | None, typer.Option("--text", help="The strategy's new words.")] = None,
    strength: Annotated[
        list[str] | None,
        typer.Option(
            "--strength",
            metavar="NAME",
            help="Replace the strengths it plays to; repeat for more.",
            autocompletion=complete_strength,
        ),
    ] = None,
    no_strengths: Annotated[bool, typer.Option("--no-strengths", help="It plays to no strength.")] = False,
) -> None:
    """Correct a strategy: its words, or the strengths it plays to."""
    from coachcli.store.corrections import update_strategy
    from coachcli.store.strengths import strategy_strengths

    if strength and no_strengths:
        raise typer.BadParameter("give --strength or --no-strengths, not both")
    strengths = [] if no_strengths else strength
    if text is None and strengths is None:
        raise InputError("nothing to change; give --text, --strength or --no-strengths")
    with journal_transaction(ctx, write=True) as session:
        strategy = update_strategy(
            session,
            strategy_id,
            text=check_strategy_text(text) if text is not None else None,
            strengths=strengths,
        )
        names = strategy_strengths(session, [strategy_id])[strategy_id]
    say(f"Strategy {strategy.id} updated{strengths_text(names)}.")


@app.command("delete")
def delete(
    ctx: typer.Context, strategy_id: Annotated[int, id_argument("strategy")], yes: YesOption = False
) -> None:
    """Delete a strategy (asks first unless --yes); commitments that used it keep their goal."""
    from coachcli.store.corrections import delete_strategy, strategy_consequences

    def describe(reader: "Reader") -> tuple[str, tuple[str, ...]]:
        strategy = reader.strategy(strategy_id)
        shown = f"Strategy {strategy_id} (goal {strategy.goal_id}): {strategy.text}"
        return shown, strategy_consequences(reader, strategy_id)

    delete_after_asking(
        ctx,
        f"strategy {strategy_id}",
        yes=yes,
        describe=describe,
        remove=lambda session: delete_strategy(session, strategy_id).consequences,
    )
