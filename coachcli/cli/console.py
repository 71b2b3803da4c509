"""Talking with the person: confirmations on standard output (`say`), notes and errors on standard error
(`warn`, `report_error`), questions on a terminal (`ask`, `confirm_removal`)."""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, TypeVar

import typer

from coachcli.errors import CoachError, InputError
from coachcli.render.output import make_console, plain_output
from coachcli.render.text import printable, rich_text, unstyled

if TYPE_CHECKING:
    from rich.console import RenderableType

    from coachcli.render.text import Piece

T = TypeVar("T")
WAKE_SECONDS = 0.2  # how often a wait for a typed answer wakes (typed_line)


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (tests replace this to script answers)."""
    return sys.stdin.isatty()


def can_prompt(no_input: bool = False) -> bool:
    """Prompts appear only on a terminal and never with --no-input."""
    return not no_input and stdin_is_terminal()


def ask(question: str, *, default: str | None = None) -> str:
    """Ask one open question; an empty answer gives '' (or the default).

    The question (and a default, which may be journal text) are shown with control codes escaped.
    """
    shown = printable(question) + (f" [{printable(default)}]" if default else "")
    # A question mark already asks; Click's usual ": " after it would read "...now?: ".
    suffix = " " if question.endswith("?") else ": "
    if not typed_on_a_terminal():
        return typer.prompt(shown, default=default or "", show_default=False, prompt_suffix=suffix).strip()
    return typed_line(shown + suffix).strip() or default or ""


def yes_or_no(question: str) -> bool:
    """Ask a yes-or-no question; no unless answered yes (Enter is no), asked again after any other answer."""
    if not typed_on_a_terminal():
        return typer.confirm(question, default=False)
    while True:
        answer = typed_line(f"{question} [y/N]: ").strip().lower()
        if answer in ("y", "yes", "n", "no", ""):
            return answer in ("y", "yes")
        warn("  Answer y or n (Enter is no).")


def typed_on_a_terminal() -> bool:
    """Whether answers are typed on a real terminal (not a test's scripted input, nor Windows' console)."""
    try:
        return os.name == "posix" and os.isatty(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):  # no descriptor at all
        return False


def typed_line(prompt: str) -> str:
    """One line typed on the terminal after `prompt`; typer.Abort on Ctrl-C or the end of input, as Click's prompts.

    input() can miss a Ctrl-C that comes after it has written its prompt and before it reads, and then waits for
    Enter (seen on a loaded machine). Here the wait is a select(), which the signal interrupts, waking every
    WAKE_SECONDS so that a Ctrl-C that came just before it began is acted on too; the line is read once typed.
    """
    sys.stdout.write(prompt)
    sys.stdout.flush()
    try:
        while not select.select([sys.stdin], [], [], WAKE_SECONDS)[0]:
            pass
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        raise typer.Abort() from None
    if not line:  # Ctrl-D: the end of input
        raise typer.Abort()
    return line.removesuffix("\n")


def ask_until_valid(question: str, parse: Callable[[str], T]) -> T | None:
    """Ask until the answer parses; an empty answer skips the question (None)."""
    while True:
        answer = ask(question)
        if not answer:
            return None
        try:
            return parse(answer)
        except CoachError as error:
            warn(f"  {error.message}")


def confirmed(question: str, shown: Sequence[str], *, needs_yes: str) -> bool:
    """Show the lines `shown`, then ask `question` (no unless answered yes).

    Off a terminal nobody can answer: an InputError saying `needs_yes` (how to say yes up front), and nothing
    is changed.
    """
    if not can_prompt():
        raise InputError(needs_yes)
    for line in shown:
        say(line)
    return yes_or_no(question)


def confirm_removal(what: str, shown: str, consequences: tuple[str, ...], *, yes: bool) -> bool:
    """Ask before removing `what` (after showing it and what happens to what points to it).

    --yes skips the question; off a terminal without --yes it is an error, and nothing is removed.
    """
    if yes:
        return True
    lines = [shown, *(f"  {line[0].upper()}{line[1:]}." for line in consequences)]
    question = f"Delete {what}? (coach undo brings it back)"
    if confirmed(
        question, lines, needs_yes=f"deleting {what} needs a yes: run it on a terminal, or add --yes"
    ):
        return True
    say("Nothing deleted.")
    return False


def say(*message: Piece | RenderableType) -> None:
    """A short confirmation for the person, on standard output: a line of pieces as render.text.rich_text
    takes them (text exactly as it is, never markup, or (text, style)), or one renderable (a table).

    On a terminal a line wraps between words, like every other output of coach (the terminal itself
    would break it mid-word). Piped or redirected, a line stays one line, so that a script never finds a file
    name in it cut in two; renderables (tables) are laid out to the width either way.
    """
    plain = [piece for piece in message if isinstance(piece, str | tuple)]
    if len(plain) == len(message) and plain_output() and "\t" not in unstyled(*plain):
        # Piped or redirected, a line of pieces is its plain text: no need to load Rich (a write's confirmation).
        sys.stdout.write(unstyled(*plain) + "\n")
        return
    from rich.text import Text

    console = make_console()
    line = [piece for piece in message if isinstance(piece, str | tuple | Text)]
    if len(line) == len(message):
        console.print(rich_text(*line), soft_wrap=not console.is_terminal)
    else:
        console.print(*message)  # a renderable (a table)


def notice_beliefs_in(*texts: str | None) -> None:
    """After saving what the person wrote: the one question its belief language invites most, if any."""
    written = [text for text in texts if text]
    if not written:
        return  # nothing written: the belief patterns are not even compiled
    from coachcli.domain.beliefs import most_telling, notice_beliefs

    belief = most_telling([found for text in written for found in notice_beliefs(text)])
    if belief is not None and belief.question is not None:
        say((belief.question, "yellow"))


def warn(message: str) -> None:
    """A short note on standard error (e.g. why an answer was not taken), as one inert line."""
    typer.echo(one_line(message), err=True)


def report_error(error: CoachError) -> None:
    """Print a CoachError as one `Error:` line on standard error."""
    typer.echo(f"Error: {one_line(error.message)}", err=True)


def one_line(message: str) -> str:
    """A message as one line with no control codes, for standard error."""
    return printable(message.replace("\r\n", " ").replace("\n", " "))


# What an interrupted command (Ctrl-C, end of input, SIGTERM) says happened to the journal.
KEPT = "Anything already saved is kept; nothing else was written."


# Said when output fails after the journal was changed, so that a person or a script does not change it twice.
AFTER_SAVED_CHANGE = "; the change was saved, so do not run the command again"


def change_was_saved() -> bool:
    """Whether this process has committed a change to the journal (only known once the store was loaded)."""
    store = sys.modules.get("coachcli.store.db")
    return bool(getattr(store, "changes_saved", False))


def report_output_failure(error: OSError) -> None:
    """One `Error:` line for standard output that cannot be written, saying whether a change was saved."""
    outcome = AFTER_SAVED_CHANGE if change_was_saved() else ""
    report_error(CoachError(f"cannot write to standard output ({error.strerror}){outcome}"))
    silence_standard_output()


def silence_standard_output() -> None:
    """Point standard output at the null device, so that what is still buffered cannot fail again at exit."""
    with suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
