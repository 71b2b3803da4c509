"""Rich renderables for text laid out under, beside and along a heading, lighter than Padding and Table.grid.

A journal page is some eighty pieces of text: Padding measures each one and pads every line it draws with
trailing spaces, and a two-column grid for a label imports rich.table (and with it fractions and decimal).
These draw the same text in the same place, line by line, with nothing after the last word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.measure import Measurement
    from rich.segment import Segment
    from rich.text import Text


def without_trailing_spaces(line: list[Segment]) -> list[Segment]:
    """A rendered line (Rich segments) without the spaces Rich leaves where it wrapped."""
    from rich.segment import Segment

    while line and not line[-1].control and line[-1].text.endswith(" "):
        last = line.pop()
        if last.text.rstrip(" "):
            line.append(Segment(last.text.rstrip(" "), last.style))
            break
    return line


def narrower(options: ConsoleOptions, columns: int) -> ConsoleOptions:
    """Rich console options for what is drawn `columns` in from the left (at least one column wide)."""
    return options.update_width(max(options.max_width - columns, 1))


class Indented:
    """A renderable drawn `by` columns in from the left, each line ending at its last character."""

    def __init__(self, renderable: RenderableType, by: int = 2) -> None:
        self.renderable = renderable
        self.by = by

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment

        margin, new_line = Segment(" " * self.by), Segment.line()
        for line in console.render_lines(self.renderable, narrower(options, self.by), pad=False):
            line = without_trailing_spaces(line)
            if line:
                yield margin
                yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        inner = Measurement.get(console, narrower(options, self.by), self.renderable)
        return Measurement(inner.minimum + self.by, inner.maximum + self.by)


class Labelled:
    """A label, then text that wraps beside it: its later lines start under its first word, not the label."""

    def __init__(self, label: Text, text: Text, gap: int = 1) -> None:
        self.label = label
        self.text = text
        self.gap = gap

    def indent(self) -> int:
        """The columns before the text: the label's and the gap after it."""
        return self.label.cell_len + self.gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment
        from rich.text import Text

        gap = self.indent()
        lines = console.render_lines(self.text, narrower(options, gap), pad=False)
        first = list(Text.assemble(self.label, " " * self.gap).render(console))  # the label's own style kept
        margin, new_line = Segment(" " * gap), Segment.line()
        for number, line in enumerate(lines):
            yield from first if number == 0 else (margin,)
            yield from without_trailing_spaces(line)
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        gap = self.indent()
        text = Measurement.get(console, narrower(options, gap), self.text)
        return Measurement(text.minimum + gap, text.maximum + gap)


class Row:
    """Pieces drawn side by side on one line, a space apart: what a one-row Table.grid draws, without a table.

    A piece is a rich.text.Text or a renderable of one line and a fixed width (a ProgressBar).
    """

    def __init__(self, *pieces: RenderableType) -> None:
        self.pieces = pieces

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.measure import Measurement
        from rich.segment import Segment
        from rich.text import Text

        for number, piece in enumerate(self.pieces):
            if number:
                yield Segment(" ")
            if isinstance(piece, Text):
                shown = Text.assemble(piece)  # a copy with the piece's own style kept
                if number == len(self.pieces) - 1:
                    shown.rstrip()  # nothing after the last word
                yield from shown.render(console)
                continue
            drawn = list(console.render(piece, options))  # a bar without colour leaves out its empty part
            yield from drawn
            width = Measurement.get(console, options, piece).maximum
            yield Segment(" " * max(0, width - Segment.get_line_length(drawn)))
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement
        from rich.text import Text

        *before, last = self.pieces
        width = sum(Measurement.get(console, options, piece).maximum + 1 for piece in before)
        if isinstance(last, Text):
            width += Text(last.plain.rstrip()).cell_len  # drawn without what follows its last word
        else:
            width += Measurement.get(console, options, last).maximum
        return Measurement(width, width)
