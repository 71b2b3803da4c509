"""Tables that fit the terminal: columns get room for their longest word, and the least needed ones go first
when the terminal is narrow, so that no word is broken mid-word and no date is cut."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.table import Table
    from rich.text import Text

# The longest word a column makes room for; a longer one (a URL, a very long name) may still fold.
LONGEST_WORD = 20
_WORD = re.compile(r"\S+")


class FitColumn(NamedTuple):
    """A column: its header, the room it needs at least, and when to leave it out (higher goes first)."""

    header: str
    min_width: int = 0
    drop: int = 0  # 0: never left out
    options: Mapping[str, Any] = MappingProxyType({})  # Rich's add_column options; never changed


def longest_word(texts: Sequence[str], *, floor: int = 1) -> int:
    """The width a column needs so that none of these plain texts' words is broken (up to LONGEST_WORD)."""
    widths = [len(word) for text in texts for word in _WORD.findall(text)]
    return max(floor, min(LONGEST_WORD, max(widths, default=floor)))


def drop_order(columns: Sequence[FitColumn]) -> list[int]:
    """The indexes of the columns that may be left out, the first to go first."""
    return sorted((i for i, column in enumerate(columns) if column.drop), key=lambda i: -columns[i].drop)


class FittedTable:
    """A Rich renderable that builds its table for the width it is drawn at, leaving out columns until it fits."""

    def __init__(
        self,
        columns: Sequence[FitColumn],
        rows: Sequence[Sequence[RenderableType]],
        make_table: Callable[[], Table],
    ) -> None:
        self.columns, self.rows, self.make_table = columns, rows, make_table

    def build(self, kept: Sequence[int], widths: Sequence[int]) -> Table:
        table = self.make_table()
        for index, width in zip(kept, widths, strict=True):
            table.add_column(self.columns[index].header, width=width, **self.columns[index].options)
        for row in self.rows:
            table.add_row(*(row[index] for index in kept))
        return table

    def ranges(self, console: Console, options: ConsoleOptions, index: int) -> tuple[int, int]:
        """The narrowest a column can be without breaking a word (a no-wrap column: its whole text), and the
        widest its content would like."""
        from rich.measure import Measurement

        column = self.columns[index]
        least = max(column.min_width, longest_word([column.header]))  # a header wraps between its words
        most = max(least, len(column.header))
        for row in self.rows:
            measured = Measurement.get(console, options, row[index])
            least = max(least, measured.maximum if column.options.get("no_wrap") else measured.minimum)
            most = max(most, measured.maximum)
        return least, most

    def table_for(self, console: Console, options: ConsoleOptions) -> Table:
        kept = list(range(len(self.columns)))
        room = options.max_width
        measured = [self.ranges(console, options, index) for index in kept]  # each cell measured once

        def needed() -> int:  # a space either side of each column, a rule between and around them
            return sum(measured[index][0] + 3 for index in kept) + 1

        for index in drop_order(self.columns):
            if needed() <= room:
                break
            kept.remove(index)
        ranges = [measured[index] for index in kept]
        widths = [least for least, _ in ranges]
        spare = room - needed()
        for position, (least, most) in enumerate(ranges):  # what is left goes to columns that want more
            extra = max(0, min(spare, most - least))
            widths[position] += extra
            spare -= extra
        return self.build(kept, widths)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Table]:
        yield self.table_for(console, options)


class TitledPanel:
    """A panel with its title on the top edge when the title fits there, else above it as a heading that
    wraps between words (Rich would cut a long title short)."""

    def __init__(self, body: RenderableType, title: Text) -> None:
        self.body, self.title = body, title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        from rich.panel import Panel

        if self.title.cell_len + 6 <= options.max_width:
            yield Panel(self.body, title=self.title, title_align="left", expand=False)
            return
        heading = self.title.copy()
        heading.stylize("bold")
        yield heading
        yield Panel(self.body, expand=False)
