"""Choosing a format and writing the result: to standard output, or whole to a file."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
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
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # compiled by `re` when JSON is first written


def to_json_text(data: Any) -> str:
    """JSON for scripts: UTF-8 text, stable key order, a final newline; no raw terminal control codes."""
    return inert_json(json.dumps(data, ensure_ascii=False, indent=2))


def inert_json(text: str) -> str:
    """JSON text with _JSON_UNSAFE characters escaped, and a final newline."""
    return without_unsafe(text) + "\n"


def without_unsafe(text: str) -> str:
    """JSON text with _JSON_UNSAFE characters escaped as \\uXXXX."""
    if text.isascii():  # every such character is beyond ASCII (and isascii() only reads a flag)
        return text
    return re.sub(_JSON_UNSAFE, lambda match: f"\\u{ord(match.group()):04x}", text)


def to_json_records_text(document: dict[str, Any]) -> str:
    """A document of record lists (the export) as JSON with one record per line, as to_json_text escapes it.

    Records on their own lines keep a large journal readable and its changes easy to compare; a record is
    looked at for characters to escape only when it holds anything beyond ASCII (nearly none do).
    """
    written = json.JSONEncoder(ensure_ascii=False).encode

    def encode(value: Any) -> str:
        return without_unsafe(written(value))

    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            records = ",\n".join(f"    {encode(item)}" for item in value)
            parts.append(f"  {encode(key)}: [\n{records}\n  ]")
        else:
            parts.append(f"  {encode(key)}: {encode(value)}")
    return ("{\n" + ",\n".join(parts) + "\n}" if parts else "{}") + "\n"


def is_database_file(path: Path) -> bool:
    """Whether `path` is an existing SQLite database, which an --output file must never replace.

    Only called for regular files: opening a FIFO to look inside could wait forever.
    """
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


# Names of a descriptor coach already holds: written through it, never opened again (nor truncated).
_DESCRIPTOR_PATH = re.compile(
    r"^/(?:dev/(?:(?P<name>stdout|stderr)|fd/(?P<fd>\d+))|proc/self/fd/(?P<proc>\d+))$"
)
_STANDARD_DESCRIPTORS = {"stdout": 1, "stderr": 2}


def write_output(path: Path, text: str) -> None:
    """Write `text` to an --output path, in the way that suits what is there (UTF-8 always).

    A regular file (or a missing one) is written whole or not at all: a temporary file renamed over it. A symlink
    keeps being a symlink: its target is written that way. `/dev/stdout`, `/dev/fd/N` (`-o >(wc -c)`) are
    written through the descriptor; a character device or a FIFO is written to directly, never replaced. What
    is there is learned with stat(), which never opens it, so no check can wait on a FIFO.
    """
    target = path.expanduser()
    descriptor = descriptor_of(target)
    if descriptor is not None:
        write_to_descriptor(descriptor, target, text)
        return
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise JournalError(f"cannot write {target}: {error.strerror}") from None
    if status is None or stat.S_ISREG(status.st_mode):
        # A symlink (dangling or not) is followed: the file it names is what gets written.
        write_file_atomically(Path(os.path.realpath(target)) if target.is_symlink() else target, text)
    elif stat.S_ISDIR(status.st_mode):
        raise JournalError(f"{target} is a folder; give --output a file name")
    elif stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        write_to_device(target, text, fifo=stat.S_ISFIFO(status.st_mode))
    else:
        kind = "a block device (a disk)" if stat.S_ISBLK(status.st_mode) else "a socket"
        raise JournalError(f"{target} is {kind}; coach writes only to files. Give --output a file name")


def descriptor_of(path: Path) -> int | None:
    """The descriptor `/dev/stdout`, `/dev/fd/N` or `/proc/self/fd/N` names, when it is open in coach."""
    match = _DESCRIPTOR_PATH.match(str(path))
    if match is None:
        return None
    number = _STANDARD_DESCRIPTORS[match["name"]] if match["name"] else int(match["fd"] or match["proc"])
    try:
        os.fstat(number)
    except OSError:
        return None
    return number


def write_to_descriptor(descriptor: int, shown: Path, text: str) -> None:
    """Write through an open descriptor (flushing what coach printed on it before)."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            if stream.fileno() == descriptor:
                stream.flush()
    write_all(descriptor, shown, text)


def write_to_device(target: Path, text: str, *, fifo: bool) -> None:
    """Write into a character device or a FIFO as it is (a FIFO must already have a reader: no waiting)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | (os.O_NONBLOCK if fifo else 0)
    try:
        descriptor = os.open(target, flags)
    except OSError as error:
        if fifo and error.errno == errno.ENXIO:
            raise JournalError(
                f"nothing is reading from the FIFO {target}; start the program that reads it first"
            ) from None
        raise JournalError(f"cannot write {target}: {error.strerror}") from None
    try:
        if fifo:
            os.set_blocking(descriptor, True)
        write_all(descriptor, target, text)
    finally:
        os.close(descriptor)


def write_all(descriptor: int, shown: Path, text: str) -> None:
    """Write all of `text` as UTF-8 to an open descriptor; a failure is one error that names the file."""
    data = memoryview(text.encode("utf-8"))
    try:
        while data:
            data = data[os.write(descriptor, data) :]
    except OSError as error:
        raise JournalError(f"cannot write {shown}: {error.strerror}") from None


def write_file_atomically(path: Path, text: str) -> None:
    """Write `text` to the regular file `path` whole or not at all (a temporary file renamed over it).

    The new file is readable by its owner only. Use write_output for a path the user gave.
    """
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
        raise JournalError(f"cannot write {target}: {error.strerror}; nothing was written") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def plain_output() -> bool:
    """Whether standard output takes plain text, as Rich decides it: not a terminal (TTY_COMPATIBLE and
    FORCE_COLOR say otherwise)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "0"
    forced = os.environ.get("FORCE_COLOR")
    if forced is not None:
        return forced == ""
    try:
        return not sys.stdout.isatty()
    except ValueError:  # a closed stream
        return True


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
    return DEFAULT_PAGER if shutil.which("less") else None


def write_out(text: str) -> None:
    """Write to standard output; on a terminal, text taller than the screen goes through the pager, as git does.

    Never when standard output is piped or redirected, and never with `coach --no-pager`.
    """
    command = pager_command() if Paging.enabled and sys.stdout.isatty() else None
    if command is not None and text.count("\n") >= shutil.get_terminal_size().lines:
        run_pager(command, text)
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def run_pager(command: str, text: str) -> None:
    """Show `text` in the pager (a shell command, as $PAGER is for git) and wait for the person to leave it."""
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
    from rich.console import Group

    buffer = io.StringIO()
    make_console(file=buffer).print(Group(*renderables))  # one print, as on the terminal (see emit)
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
        # Rendered whole first, for the terminal it goes to (width, colour), then written once: one print of
        # the parts as a Group (each print has a cost of its own, and a journal has dozens of parts).
        from rich.console import Group

        console = make_console()
        with console.capture() as captured:
            console.print(Group(*rich(view)))
        text = captured.get()
    if output is not None:
        write_output(output, text)
    else:
        write_out(text)
