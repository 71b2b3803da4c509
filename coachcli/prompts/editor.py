"""Writing longer text in the user's own editor ($VISUAL or $EDITOR), or reading it from a pipe."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from coachcli.errors import InputError
from coachcli.settings import editor

# Lines of the template that start with this are instructions, removed from what the user wrote.
INSTRUCTION_PREFIX = "# coach:"


def strip_final_newline(text: str) -> str:
    """Text without the one line break that editors and `echo` add at its end."""
    if text.endswith("\r\n"):
        return text[:-2]
    return text.removesuffix("\n")


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 bytes as text (a byte order mark is dropped), or a clear error naming where they came from."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source} is not UTF-8 text; save it as UTF-8 and try again") from None


def template_text(instructions: tuple[str, ...], initial: str = "") -> str:
    """The file the editor opens: the text so far (or an empty first line to write on), then the instructions."""
    return initial + "\n" + "".join(f"{INSTRUCTION_PREFIX} {line}\n" for line in instructions)


def text_from_template(written: str) -> str:
    """What the user wrote in the template: instruction lines removed, and the empty lines around it.

    Line breaks at the very start and end are the template's layout, not the user's words; everything in
    between (indentation, blank lines, Markdown headings) is kept exactly.
    """
    lines = written.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(INSTRUCTION_PREFIX)]
    return "".join(kept).strip("\r\n")


def editor_command() -> list[str]:
    """The user's editor as a command line: `editor` in coach config, else $VISUAL, else $EDITOR."""
    value, source = editor()
    if value:
        try:
            command = shlex.split(value)
        except ValueError as error:
            raise InputError(f"cannot read {source} ({value}): {error}") from None
        if command:
            return command
    raise InputError(
        "no text given and no editor set: give the text as an argument, pipe it in,"
        " or set one (for example: coach config set editor nano, or export EDITOR=nano)"
    )


def write_in_editor(instructions: tuple[str, ...], *, suffix: str = ".md", initial: str = "") -> str:
    """Open the user's editor on a private temporary file holding the template (and `initial` text to
    correct); return what they wrote."""
    command = editor_command()
    # A folder of coach's own (0700): whatever mode the editor gives the file when it saves (by rename, say),
    # nobody else can reach the text. Removed on every way out, a signal included (cli.app unwinds on one).
    folder = Path(tempfile.mkdtemp(prefix="coach-"))
    path = folder / f"reflection{suffix}"
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(template_text(instructions, initial))
        try:
            finished = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise InputError(
                f"cannot start the editor {command[0]}: {error.strerror}; set $VISUAL or $EDITOR to an"
                " installed editor, or give the text as an argument"
            ) from None
        if finished.returncode != 0:
            raise InputError(
                f"the editor {command[0]} stopped with exit status {finished.returncode}; nothing was saved"
            )
        return text_from_template(decode_text(path.read_bytes(), "what the editor saved"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
