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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from coachcli.errors import InputError, OutputError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType, RenderHook

FILE_WIDTH = 100
# What coach writes to a file: text, bytes as they are, or pieces of text written one after the other.
Writable = str | bytes | Iterable[str]
RECORDS_PER_CHUNK = 256  # records of an export made into text at a time (json_records_chunks)
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


F = TypeVar("F")

# The kind of document each --output extension names (SPEC "Output"); `.txt` is the plain text `rich` writes
# to a file. Without --format, the extension chooses among the kinds a command writes.
EXTENSION_KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".ics": "icalendar",
}
KIND_NAMES = {
    "markdown": ".md (Markdown)",
    "json": ".json (JSON)",
    "html": ".html (HTML)",
    "text": ".txt (plain text)",
    "icalendar": ".ics (iCalendar)",
}
# Extensions of documents coach never writes, so that `brief -o x.pdf` is an error, not Markdown in a .pdf.
# Any other extension (`-o notes`, `-o report.2026-W48`) names no format: the command's default is written.
FOREIGN_EXTENSIONS = frozenset(
    [
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".epub",
        ".csv",
        ".tsv",
        ".xls",
        ".xlsx",
        ".ods",
        ".xml",
        ".yaml",
        ".yml",
        ".toml",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
    ]
)
# What every command with the common --format writes, by kind.
STANDARD_KINDS = {"markdown": OutputFormat.markdown, "json": OutputFormat.json, "text": OutputFormat.rich}


def format_from_extension(output: Path | None, kinds: Mapping[str, F], command: str) -> F | None:
    """The format the --output file's extension names, among the `kinds` the command writes ({kind: format}).

    None when there is no file or its extension names no format; an extension of a document the command
    cannot write is an error that says what it can write.
    """
    if output is None:
        return None
    extension = output.suffix.lower()
    kind = EXTENSION_KINDS.get(extension)
    if kind is not None and kind in kinds:
        return kinds[kind]
    if kind is None and extension not in FOREIGN_EXTENSIONS:
        return None
    written = [KIND_NAMES[name] for name in kinds]
    choices = ", ".join(written[:-1]) + " or " + written[-1] if len(written) > 1 else written[0]
    choose = ", or choose one with --format" if len(written) > 1 else ""
    raise InputError(
        f"coach {command} cannot write {extension} files; it writes {choices}: end the --output name with"
        f" {'one of them' if len(written) > 1 else 'it'}{choose}"
    )


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


def json_records_chunks(document: dict[str, Any]) -> Iterator[str]:
    """A document of record lists (the export) as JSON with one record per line, as to_json_text escapes it,
    in pieces of RECORDS_PER_CHUNK records: written as they come, a large journal is never held whole as text.

    Records on their own lines keep a large journal readable and its changes easy to compare; a record is
    looked at for characters to escape only when it holds anything beyond ASCII (nearly none do).
    """
    written = json.JSONEncoder(ensure_ascii=False).encode

    def encode(value: Any) -> str:
        return without_unsafe(written(value))

    if not document:
        yield "{}\n"
        return
    for position, (key, value) in enumerate(document.items()):
        opening = "{\n" if position == 0 else ",\n"
        if isinstance(value, list) and value:
            yield f"{opening}  {encode(key)}: [\n"
            for start in range(0, len(value), RECORDS_PER_CHUNK):
                records = value[start : start + RECORDS_PER_CHUNK]
                yield ("" if start == 0 else ",\n") + ",\n".join(f"    {encode(item)}" for item in records)
            yield "\n  ]"
        else:
            yield f"{opening}  {encode(key)}: {encode(value)}"
    yield "\n}\n"


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
MAX_SYMLINKS = 40  # as the kernel follows them


def write_output(path: Path, text: Writable) -> None:
    """Write `text` (UTF-8; bytes as they are; pieces of text one after the other) to a file coach was asked
    to write: every --output, the config file, an export, a backup sent to a stream.

    The one writer, so that every file follows SPEC's "Output" rules. A regular file (or a missing one) is
    written whole or not at all: a temporary file renamed over it. A symlink keeps being a symlink: its target
    is written that way. `/dev/stdout`, `/dev/fd/N` (`-o >(wc -c)`) are written through the descriptor; a
    character device or a FIFO is written to directly, never replaced, and a FIFO nobody reads is an error.
    What is there is learned with stat(), which never opens it, so no check can wait on a FIFO or read a pipe.
    """
    target = path.expanduser()
    descriptor = descriptor_of(target)
    if descriptor is not None:
        write_to_descriptor(descriptor, target, text)
        return
    status = target_status(target)
    if status is None or stat.S_ISREG(status.st_mode):
        # A symlink (dangling or not) is followed: the file it names is what gets written.
        write_file_atomically(Path(os.path.realpath(target)) if target.is_symlink() else target, text)
    elif stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        write_to_device(target, text, fifo=stat.S_ISFIFO(status.st_mode))


def target_status(target: Path) -> os.stat_result | None:
    """What is at a path coach is to write (None: nothing yet), refusing what can never be written there:
    a folder, a missing folder, a SQLite database, a block device or a socket. Nothing is opened but a
    regular file (to look for a database header)."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        folder = Path(os.path.realpath(target)).parent
        if not folder.is_dir():
            raise OutputError(f"cannot write {target}: the folder {folder} does not exist") from None
        return None
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    if stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{target} is a folder; name a file to write instead")
    if stat.S_ISREG(status.st_mode) and is_database_file(target):
        raise OutputError(
            f"{target} is a SQLite database (a journal or a backup?); coach never writes over one."
            " Name another file to write"
        )
    if stat.S_ISBLK(status.st_mode) or stat.S_ISSOCK(status.st_mode):
        kind = "a block device (a disk)" if stat.S_ISBLK(status.st_mode) else "a socket"
        raise OutputError(f"{target} is {kind}; coach writes only to files. Name a file to write instead")
    return status


def is_stream(path: Path) -> bool:
    """Whether an --output is written as a stream (a descriptor, a device, a FIFO), not as a file of its own."""
    target = path.expanduser()
    if descriptor_of(target) is not None:
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def check_output_target(path: Path) -> None:
    """Refuse at once an --output that could never be written, before a command changes the journal."""
    target = path.expanduser()
    if descriptor_of(target) is None:
        target_status(target)


def descriptor_of(path: Path) -> int | None:
    """The descriptor `/dev/stdout`, `/dev/fd/N` or `/proc/self/fd/N` names, when it is open in coach; also
    through symlinks that lead to one (as /dev/stdout itself is, on Linux)."""
    current = str(path)
    for _ in range(MAX_SYMLINKS):
        match = _DESCRIPTOR_PATH.match(current)
        if match is not None:
            number = (
                _STANDARD_DESCRIPTORS[match["name"]] if match["name"] else int(match["fd"] or match["proc"])
            )
            try:
                os.fstat(number)
            except OSError:
                return None
            return number
        try:
            link = os.readlink(current)
        except OSError:  # not a symlink (or nothing there): a path like any other
            return None
        current = os.path.join(os.path.dirname(current), link)
    return None


def write_to_descriptor(descriptor: int, shown: Path, text: Writable) -> None:
    """Write through an open descriptor (flushing what coach printed on it before)."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            if stream.fileno() == descriptor:
                stream.flush()
    write_all(descriptor, shown, text)


def write_to_device(target: Path, text: Writable, *, fifo: bool) -> None:
    """Write into a character device or a FIFO as it is (a FIFO must already have a reader: no waiting)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | (os.O_NONBLOCK if fifo else 0)
    try:
        descriptor = os.open(target, flags)
    except OSError as error:
        if fifo and error.errno == errno.ENXIO:
            raise OutputError(
                f"nothing is reading from the FIFO {target}; start the program that reads it first"
            ) from None
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    try:
        if fifo:
            os.set_blocking(descriptor, True)
        write_all(descriptor, target, text)
    finally:
        os.close(descriptor)


def write_all(descriptor: int, shown: Path, text: Writable) -> None:
    """Write all of `text` as UTF-8 to an open descriptor; a failure is one error that names the file."""
    try:
        for piece in encoded(text):
            data = memoryview(piece)
            while data:
                data = data[os.write(descriptor, data) :]
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror}") from None


def encoded(text: Writable) -> Iterator[bytes]:
    """Text as coach writes it to a file (UTF-8, newlines as they are), piece by piece; bytes as they are."""
    if isinstance(text, bytes):
        yield text
    elif isinstance(text, str):
        yield text.encode("utf-8")
    else:
        for piece in text:
            yield piece.encode("utf-8")


def write_file_atomically(target: Path, text: Writable) -> None:
    """Write `text` to the regular file `target` whole or not at all (a temporary file renamed over it).

    The new file is readable by its owner only. Only write_output calls it, once it knows what is there.
    """
    folder = target.parent
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for piece in encoded(text):
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}; nothing was written") from None
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


def make_console(*, file: Any = None, width: int | None = None) -> Console:
    """A Rich console; colour follows the terminal and NO_COLOR, and is off when writing to a file.

    Markup is off (coach builds its styled text with render.text.rich_text: a string is shown as it is), so
    are emoji codes (`:bug:` in a note stays as typed), and every console shows control codes that reach it as
    escapes (render.text.InertOutput), whichever renderable carried them.
    """
    from rich.console import Console

    from coachcli.render.text import InertOutput

    if file is not None:
        console = Console(
            file=file,
            width=width or FILE_WIDTH,
            color_system=None,
            force_terminal=False,
            emoji=False,
            markup=False,
        )
    else:
        console = Console(highlight=False, soft_wrap=False, emoji=False, markup=False)
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


def rich_to_text(renderables: list[RenderableType]) -> str:
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
    rich: Callable[[Any], list[RenderableType]],
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
