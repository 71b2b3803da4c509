"""Shell completion: what coach's arguments and options complete to (statuses, settings and their values,
themes and strengths, goal and commitment ids with their titles), and the script of the shell that runs coach.

Completion runs on every Tab, so it reads the journal as `coach status` does: with sqlite3 alone, read-only,
never creating or upgrading it, and a journal it cannot read completes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shellingham
import typer
from typer.completion import get_completion_script, install

from coachcli.domain.vocabulary import (
    COMMITMENT_STATUSES,
    GOAL_STATUSES,
    STRATEGY_STATUSES,
    CommitmentStatus,
    GoalStatus,
    StrategyStatus,
)
from coachcli.environment import journal_path, today
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.store.reader import Reader

# A value and what it means (zsh and fish show it beside the value; bash shows values only).
Completions = list[tuple[str, str]]

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VARIABLE = "_COACH_COMPLETE"
# Where CoachGroup keeps a shell named after --show-completion or --install-completion (`coach
# --show-completion zsh`).
NAMED_SHELL = "coach.named_shell"
COMPLETION_OPTIONS = ("--show-completion", "--install-completion")
# How long completion waits for a journal another program is writing: a Tab must not hang.
BUSY_SECONDS = 0.5
# The reflections completion offers (newest first), and how much of their text it shows.
RECENT_REFLECTIONS = 50
DESCRIPTION_LENGTH = 60


def described(text: str) -> str:
    """Journal text as a description: one line, no control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def journal_rows(ctx: typer.Context, read: Callable[[Reader], Completions]) -> Completions:
    """What `read` finds in the journal that `--db` (or COACH_DB) names; nothing when there is none yet or it
    cannot be read now."""
    from coachcli.store.reader import reading_existing

    try:
        with reading_existing(
            journal_path(ctx.find_root().params.get("db")), busy_seconds=BUSY_SECONDS
        ) as reader:
            return [] if reader is None else read(reader)
    except CoachError:
        return []


def complete_status(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """A commitment's statuses, each with how a person says it (`partial`: partly done)."""
    return [(status.value, status.label) for status in COMMITMENT_STATUSES]


def complete_theme(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """The 34 CliftonStrengths themes, each with its domain."""
    from coachcli.domain.themes import all_themes

    return [(theme.name, theme.domain) for theme in all_themes()]


def complete_strength(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """The person's own strengths, first-ranked first."""
    return journal_rows(ctx, lambda reader: [(row.name, row.kind) for row in reader.strengths()])


def complete_config_key(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """Every setting, with what it is for."""
    from coachcli.settings import KEYS

    return [(name, key.help) for name, key in KEYS.items()]


def complete_config_value(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """The values the setting named before it allows (a weekday, a format), or its default as an example."""
    from coachcli.settings import KEYS

    key = KEYS.get(str(ctx.params.get("key") or "").strip().lower())
    if key is None:
        return []
    if key.choices:
        return [(choice, key.help) for choice in key.choices]
    return [(key.default, f"the default: {key.allowed}")] if key.default else []


def with_words(rows: list[Any], words: str, active: str) -> Completions:
    """Each row's id with its words (the column `words`), and its status once it is no longer `active`."""
    return [
        (str(row.id), described(getattr(row, words)) + ("" if row.status == active else f" ({row.status})"))
        for row in rows
    ]


def complete_goal_id(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """Every goal's id with its title (and its status, once it is no longer active)."""
    return journal_rows(
        ctx, lambda reader: with_words(reader.goals(GOAL_STATUSES), "title", GoalStatus.ACTIVE)
    )


def complete_commitment_id(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """The ids of the commitments a person is likely to name: open ones, and those of last week on, each
    with its words, its week and its status."""
    from coachcli.domain.dates import IsoWeek

    since = str(IsoWeek.of(today()).shift(-1))

    def commitments(reader: Reader) -> Completions:
        return [
            (str(row.id), f"{described(row.text)} ({row.week}, {CommitmentStatus(row.status).label})")
            for row in reader.nameable_commitments(since)
        ]

    return journal_rows(ctx, commitments)


def complete_strategy_id(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """Every strategy's id with its words (and `retired`, once it is)."""
    return journal_rows(
        ctx, lambda reader: with_words(reader.strategies(STRATEGY_STATUSES), "text", StrategyStatus.ACTIVE)
    )


def complete_reflection_id(ctx: typer.Context, args: list[str], _incomplete: str) -> Completions:
    """The latest reflections' ids, each with its day and its first words."""

    def reflections(reader: Reader) -> Completions:
        return [
            (str(row.id), f"{row.day.isoformat()} {described(row.text)[:DESCRIPTION_LENGTH]}")
            for row, _ in reader.reflections(limit=RECENT_REFLECTIONS)
        ]

    return journal_rows(ctx, reflections)


# The completion of an id argument or option, by what it names (cli/options.id_argument).
ID_COMPLETIONS: dict[str, Callable[[typer.Context, list[str], str], Completions]] = {
    "goal": complete_goal_id,
    "commitment": complete_commitment_id,
    "strategy": complete_strategy_id,
    "reflection": complete_reflection_id,
}


def zsh_ran_coach_in_its_place() -> bool:
    """Whether a zsh replaced itself with coach (`zsh -c 'coach ...'` runs its last command with exec, so the
    process tree shows the program that started zsh instead).

    zsh leaves one mark: it exports OLDPWD set to the folder it started in, where bash and fish pass on the
    OLDPWD they were given. So OLDPWD equal to PWD, and not as coach's parent was given it, is zsh's. (Linux's
    /proc; elsewhere the process tree alone decides.)
    """
    oldpwd = os.environ.get("OLDPWD")
    if not oldpwd or oldpwd != os.environ.get("PWD"):
        return False
    try:
        inherited = Path(f"/proc/{os.getppid()}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return os.fsencode(f"OLDPWD={oldpwd}") not in inherited


def shell_running_coach() -> str:
    """The shell that runs coach: a zsh that ran it in its own place, else the nearest shell among the
    processes that started coach, else the login shell ($SHELL), else bash."""
    if zsh_ran_coach_in_its_place():
        return "zsh"
    try:
        name, _ = shellingham.detect_shell()
    except (shellingham.ShellDetectionFailure, RuntimeError):
        name = ""
    if name in SHELLS:
        return str(name)
    login = Path(os.environ.get("SHELL", "")).name
    return login if login in SHELLS else "bash"


def chosen_shell(ctx: typer.Context) -> str:
    """The shell named after the option (`coach --show-completion fish`), else the one that runs coach."""
    return str(ctx.find_root().meta.get(NAMED_SHELL) or shell_running_coach())


def show_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    """`coach --show-completion [bash|zsh|fish]`: print the completion script, to put where the shell reads it."""
    if not value or ctx.resilient_parsing:
        return
    typer.echo(
        get_completion_script(prog_name="coach", complete_var=COMPLETE_VARIABLE, shell=chosen_shell(ctx))
    )
    raise typer.Exit()


def install_completion(ctx: typer.Context, param: Any, value: bool) -> None:
    """`coach --install-completion [bash|zsh|fish]`: install the completion script where the shell reads it."""
    if not value or ctx.resilient_parsing:
        return
    shell, path = install(shell=chosen_shell(ctx), prog_name="coach", complete_var=COMPLETE_VARIABLE)
    typer.echo(f"{shell} completion installed in {path}; it works in shells started from now on.")
    raise typer.Exit()


COMPLETION_HELP = {
    "show_completion": (
        show_completion,
        "Print the completion script of your shell, or of the one named after it: bash, zsh or fish.",
    ),
    "install_completion": (
        install_completion,
        "Install completion for your shell, or for the one named after it: bash, zsh or fish.",
    ),
}


def take_over_completion_options(command: Any) -> None:
    """The root's --show-completion and --install-completion (made by Typer) detect the shell as above and take
    a shell's name after them."""
    for parameter in command.params:
        if parameter.name in COMPLETION_HELP:
            parameter.callback, parameter.help = COMPLETION_HELP[parameter.name]


def take_named_shell(ctx: typer.Context, args: list[str]) -> list[str]:
    """The command line without a shell named after --show-completion / --install-completion, which is kept
    for them in the context."""
    for position, word in enumerate(args[:-1]):
        if word in COMPLETION_OPTIONS and args[position + 1] in SHELLS:
            ctx.meta[NAMED_SHELL] = args[position + 1]
            return args[: position + 1] + args[position + 2 :]
    return args
