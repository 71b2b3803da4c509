"""Making user text inert: for the terminal (Rich markup, control codes) and for Markdown.

User text is stored verbatim; it is made safe here, once, at the moment it is shown.
"""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL, C1 controls, and the bidirectional overrides and isolates that can
# make text display in a different order than it was written.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters with a meaning anywhere in a line; others only matter at its start (see markdown_inline).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
_BLOCK_START = ("-", "+", "=", "#")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text with terminal control codes and direction overrides shown as escapes instead of acting."""
    return _UNSAFE_CHARACTERS.sub(_visible, text)


def rich_escape(text: str) -> str:
    """Text to place inside a Rich markup string: control codes shown, markup made literal."""
    from rich.markup import escape

    safe = printable(text)
    # Rich's escape() doubles a trailing backslash (so it cannot escape a tag that follows), and then shows
    # both; a zero-width space after it keeps the text exactly as typed and any following tag intact.
    return escape(safe + "\u200b" if safe.endswith("\\") else safe)


def markdown_inline(text: str) -> str:
    """Text for one Markdown line or table cell that renders exactly as typed.

    Markdown punctuation and HTML are backslash-escaped, `&` becomes `&amp;` so that entities stay literal,
    and newlines become `<br>` so that a note cannot break out of its table cell or list item.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text.replace("\r\n", "\n"))).replace("&", "&amp;")
    escaped = _ORDERED_LIST_START.sub(r"\1\\\2", escaped)
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
    if value is None:
        return "–"
    rounded = round(value, 2)
    text = f"{rounded:,.2f}".rstrip("0").rstrip(".") if rounded != int(rounded) else f"{int(rounded):,}"
    return f"{text} {unit}" if unit else text


def format_percent(fraction: float | None) -> str:
    """A 0..1 fraction as a whole percentage, or a dash when there is none."""
    return "–" if fraction is None else f"{round(fraction * 100)}%"
