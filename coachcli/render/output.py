"""Choosing a format and writing the result: to standard output, or whole to a file."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from coachcli.errors import JournalError

if TYPE_CHECKING:
    from rich.console import RenderHook

FILE_WIDTH = 100
DEFAULT_PAGER = "less -R"
# As git sets them: less quits at once when the text fits, keeps colours, and leaves the text on screen.
PAGER_ENVIRONMENT = {"LESS": "FRX", "LV": "-c"}


class Paging:
    """Whether long output on a terminal may go through a pager (`coach --no-pager` turns it off)."""

    enabled = True


class OutputFormat(StrEnum):
    """The formats every command that shows data can produce."""

    rich = "rich"
    markdown = "markdown"
    json = "json"


# Characters json.dumps leaves raw with ensure_ascii=False that a terminal could still act on: DEL, the C1
# controls (U+009B is a one-character CSI) and the bidirectional overrides. Written as \uXXXX escapes they are
# still the same text for every JSON reader. (json.dumps already escapes the C0 controls.)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def to_json_text(data: Any) -> str:
    """JSON for scripts: UTF-8 text, stable key order, a final newline; no raw terminal control codes."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def is_database_file(path: Path) -> bool:
    """Whether `path` is an existing SQLite database, which an --output file must never replace."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def write_file_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a temporary file renamed over it), readable by its owner."""
    import tempfile

    target = path.expanduser()
    if target.is_dir():
        raise JournalError(f"{target} is a folder; give --output a file name")
    folder = target.parent
    if not folder.is_dir():
        raise JournalError(f"cannot write {target}: the folder {folder} does not exist")
    if is_database_file(target):
        raise JournalError(
            f"{target} is a SQLite database (a journal or a backup?); coach never writes over one."
            " Give --output another file name"
        )
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise JournalError(f"cannot write {target}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise JournalError(f"cannot write {target}: {error.strerror}; nothing was written") from None


def make_console(*, file: Any = None, width: int | None = None) -> Any:
    """A Rich console; colour follows the terminal and NO_COLOR, and is off when writing to a file.

    Emoji codes are off (`:bug:` in a note stays as typed), and every console shows control codes that reach
    it as escapes (render.text.InertOutput), whichever renderable carried them.
    """
    from rich.console import Console

    from coachcli.render.text import InertOutput

    if file is not None:
        console = Console(
            file=file, width=width or FILE_WIDTH, color_system=None, force_terminal=False, emoji=False
        )
    else:
        console = Console(highlight=False, soft_wrap=False, emoji=False)
    console.push_render_hook(cast("RenderHook", InertOutput()))
    return console


def pager_command() -> str | None:
    """The pager to use: $PAGER (empty or `cat`: none), else `less -R` when less is installed."""
    chosen = os.environ.get("PAGER")
    if chosen is not None:
        return None if chosen.strip() in ("", "cat") else chosen
    import shutil

    return DEFAULT_PAGER if shutil.which("less") else None


def write_out(text: str) -> None:
    """Write to standard output; on a terminal, text taller than the screen goes through the pager, as git does.

    Never when standard output is piped or redirected, and never with `coach --no-pager`.
    """
    command = pager_command() if Paging.enabled and sys.stdout.isatty() else None
    if command is not None:
        import shutil

        if text.count("\n") >= shutil.get_terminal_size().lines:
            run_pager(command, text)
            return
    sys.stdout.write(text)
    sys.stdout.flush()


def run_pager(command: str, text: str) -> None:
    """Show `text` in the pager (a shell command, as $PAGER is for git) and wait for the person to leave it."""
    import subprocess

    sys.stdout.flush()
    environment = {**PAGER_ENVIRONMENT, **os.environ}
    pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environment)
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        pager.stdin.close()
    except BrokenPipeError:
        pass  # the person left the pager before the end: nothing more to show
    while True:
        try:
            pager.wait()
            return
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager (less scrolls on), as with git


def rich_to_text(renderables: list[Any]) -> str:
    """Render Rich renderables as plain text, for `--output FILE`."""
    import io

    buffer = io.StringIO()
    console = make_console(file=buffer)
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def emit(
    view: Any,
    *,
    fmt: OutputFormat,
    output: Path | None,
    rich: Callable[[Any], list[Any]],
    markdown: Callable[[Any], str],
) -> None:
    """Show `view` in the chosen format, on standard output or in the `--output` file."""
    if fmt is OutputFormat.json:
        text = to_json_text(view.to_json())
    elif fmt is OutputFormat.markdown:
        text = markdown(view)
        if not text.endswith("\n"):
            text += "\n"
    elif output is not None:
        text = rich_to_text(rich(view))
    else:
        # Rendered whole first, for the terminal it goes to (width, colour), then written once.
        console = make_console()
        with console.capture() as captured:
            for renderable in rich(view):
                console.print(renderable)
        text = captured.get()
    if output is not None:
        write_file_atomically(output, text)
    else:
        write_out(text)
