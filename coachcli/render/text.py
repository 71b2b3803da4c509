"""Making user text inert: for the terminal (Rich Text, never markup; control codes shown) and for Markdown.

User text is stored verbatim; it is made safe here, once, at the moment it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType
    from rich.segment import Segment
    from rich.text import OverflowMethod, Text

from coachcli.domain.progress import number_text

# C0 controls (but tab and newline), DEL, C1 controls, and the bidirectional overrides and isolates that can
# make text display in a different order than it was written.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The patterns only Markdown needs are strings, compiled (and cached) by `re` on first use: a command that
# shows Rich never pays for them.
# Characters with a meaning anywhere in a line; others only matter at its start (see markdown_inline).
_MARKDOWN_SPECIAL = r"([\\`*_\[\]<>|~])"
_ORDERED_LIST_START = r"^(\d+)([.)])(?=\s|$)"
_BLOCK_START = ("-", "+", "=", "#")
# What GFM's autolink extension turns into a link even without <...>: a scheme's "://" and "www." (an escaped
# ":" or "." keeps the text as typed and stops the link).
_BARE_LINK = r"(?i)\b([a-z][a-z0-9+.-]*)(:/)|\b(www)(\.)"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text with terminal control codes and direction overrides shown as escapes instead of acting."""
    return _UNSAFE_CHARACTERS.sub(_visible, text)


def has_unsafe_characters(text: str) -> bool:
    """Whether `text` holds a control code or direction override that printable() would show escaped."""
    return _UNSAFE_CHARACTERS.search(text) is not None


# A piece of a line: text exactly as it is (user text or coach's own words, never markup), the same with its
# style (Text.assemble's pieces), or a Text already made by rich_text.
Piece: TypeAlias = "str | tuple[str, str] | Text"


def rich_text(*pieces: Piece, style: str = "", overflow: OverflowMethod | None = None) -> Text:
    """User text and coach's words as one Rich Text, each piece in its own style: nothing in it is parsed as
    markup, and control codes are shown as escapes. `rich_text(("Goal ", "bold"), goal.title)`."""
    from rich.text import Text

    return Text.assemble(*(inert(piece) for piece in pieces), style=style, overflow=overflow)


def inert(piece: Piece) -> str | tuple[str, str] | Text:
    """A piece of rich_text with its control codes shown as escapes (a Text is made by rich_text already)."""
    if isinstance(piece, str):
        return printable(piece)
    if isinstance(piece, tuple):
        return printable(piece[0]), piece[1]
    return piece


def unstyled(*pieces: str | tuple[str, str]) -> str:
    """What rich_text(*pieces) shows without colour, without importing Rich: a write's confirmation on a pipe."""
    return printable("".join(piece if isinstance(piece, str) else piece[0] for piece in pieces))


class InertRenderable:
    """A renderable whose text segments pass through printable(), so no control code reaches the terminal raw.

    What rich_text makes has none left, so this changes nothing there; it covers what coach does not build
    itself (Rich's own titles and captions, a Text made elsewhere): that is still shown, not acted on.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control is None and has_unsafe_characters(segment.text):
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment


class InertOutput:
    """A Rich render hook that wraps everything printed in an InertRenderable (see make_console)."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [InertRenderable(renderable) for renderable in renderables]


def markdown_inline(text: str) -> str:
    """Text for one Markdown line or table cell that renders exactly as typed.

    Markdown punctuation and HTML are backslash-escaped, `&` becomes `&amp;` so that entities stay literal,
    and newlines become `<br>` so that a note cannot break out of its table cell or list item. A bare URL
    (`https://...`, `www.`) gets an escaped `:` or `.`, so that GFM shows it as typed instead of as a link.
    """
    escaped = re.sub(_MARKDOWN_SPECIAL, r"\\\1", printable(text.replace("\r\n", "\n"))).replace("&", "&amp;")
    escaped = re.sub(_ORDERED_LIST_START, r"\1\\\2", escaped)
    escaped = re.sub(_BARE_LINK, lambda match: "\\".join(part for part in match.groups() if part), escaped)
    if escaped.startswith(_BLOCK_START):
        escaped = "\\" + escaped
    return escaped.replace("\n", "<br>")


def markdown_block(text: str) -> str:
    """Multi-line user text as Markdown paragraphs that keep the writer's line breaks."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        body = line.lstrip(" ")
        lines.append("&nbsp;" * (len(line) - len(body)) + markdown_inline(body))
    return "\\\n".join(lines)


def format_number(value: float | None, unit: str | None = None) -> str:
    """A number as a person writes it: 12, 7.5, 0.33 (at most two decimals), with its unit when given."""
    return "–" if value is None else number_text(value, unit)


def format_percent(fraction: float | None) -> str:
    """A 0..1 fraction as a whole percentage, or a dash when there is none."""
    return "–" if fraction is None else f"{round(fraction * 100)}%"


def format_size(size: int | None) -> str:
    """A file size as a person reads it: 512 bytes, 236 KB, 1.4 MB."""
    if size is None:
        return "–"
    if size < 1024:
        return f"{size} bytes"
    value, unit = size / 1024, "KB"
    for larger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"


def format_moment(moment: datetime) -> str:
    """A stored UTC timestamp in the person's local time: 2026-11-25 09:41 (naive values are taken as UTC)."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")
