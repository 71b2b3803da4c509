"""Making user text inert: for the terminal (Rich markup, control codes) and for Markdown.

User text is stored verbatim; it is made safe here, once, at the moment it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

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
# Rich's markup (rich/markup.py): a tag is `[name]` or `[name=value]`, its name starting with a letter, `#`,
# `/` or `@`; an odd number of backslashes before it makes it literal text.
_RICH_TAG = r"((\\*)\[[a-z#/@][^[]*?])"
_RICH_BRACKET = r"(\\*)(\[(?:[a-z#/@][^[]*?])?)"  # a tag, or a `[` that starts none


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text with terminal control codes and direction overrides shown as escapes instead of acting."""
    return _UNSAFE_CHARACTERS.sub(_visible, text)


def has_unsafe_characters(text: str) -> bool:
    """Whether `text` holds a control code or direction override that printable() would show escaped."""
    return _UNSAFE_CHARACTERS.search(text) is not None


def rich_text(text: str, style: str = "") -> Any:
    """User text as a Rich Text object (never parsed as markup), with control codes shown as escapes."""
    from rich.text import Text

    return Text(printable(text), style=style)


def rich_title(markup: str) -> Any:
    """A Panel title or subtitle from a Rich markup string (user text in it already rich_escape()d).

    Rich parses a Panel's string title with emoji codes on, whatever the console says, so `:bug:` in a goal's
    title would become an emoji: give Panels this Text instead of a string.
    """
    from rich.text import Text

    return Text.from_markup(markup, emoji=False)


class InertRenderable:
    """A renderable whose text segments pass through printable(), so no control code reaches the terminal raw.

    A safety net under rich_escape(): user text escaped there has no control codes left, so this changes
    nothing and the layout stays right; anything that slipped past it is still shown, not acted on.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control is None and has_unsafe_characters(segment.text):
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment


class InertOutput:
    """A Rich render hook that wraps everything printed in an InertRenderable (see make_console)."""

    def process_renderables(self, renderables: list[Any]) -> list[Any]:
        return [InertRenderable(renderable) for renderable in renderables]


def plain_from_markup(markup: str) -> str:
    """What Rich prints for a markup string without colour (tags left out, escapes undone), control codes shown.

    Rich's own parsing (rich.markup._parse and render, emoji off) on well-formed markup, without importing
    Rich: a command that confirms a change on a pipe never loads it.
    """
    if "[" not in markup:
        return printable(markup)
    pieces = []
    position = 0
    for match in re.finditer(_RICH_TAG, markup):
        tag, escapes = match.group(1), match.group(2)
        start, end = match.span()
        if start > position:
            pieces.append(markup[position:start])
        backslashes, escaped = divmod(len(escapes), 2)
        pieces.append("\\" * backslashes)
        if escaped:
            pieces.append(tag[len(escapes) :])
        position = end
    pieces.append(markup[position:])
    return printable("".join(piece.replace("\\[", "[") for piece in pieces))


def _escaped_bracket(match: re.Match[str]) -> str:
    backslashes, bracket = match.groups()
    if bracket == "[":  # not a tag: Rich drops one backslash before it, so give it one more
        return backslashes + "\\[" if backslashes else "["
    return f"{backslashes}{backslashes}\\{bracket}"  # a tag: its backslashes doubled, and one to escape it


def rich_escape(text: str) -> str:
    """Text to place inside a Rich markup string: control codes shown, markup made literal.

    Rich's own escape() turns `[bold]` into `\\[bold]` but leaves `\\[x` as it is, which Rich then shows as
    `[x`; here every `[` that follows a backslash is escaped too, so the text shows exactly as typed. Rich
    is not imported.
    """
    safe = printable(text)
    # A trailing backslash would escape the tag that follows; a zero-width space after it keeps the text
    # exactly as typed and any following tag intact.
    if safe.endswith("\\"):
        safe += "\u200b"
    return re.sub(_RICH_BRACKET, _escaped_bracket, safe)


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
