"""Small inline SVG charts for the HTML brief: weekly follow-through as bars, a goal's check-ins as a line.

Coach's own: the two charts need bars, lines, a few labels and no interaction, which a charting library would
bring with scripts, fonts or a second file. Each function returns one `<svg>` element as text, sized by its
viewBox so it scales with the page (a phone, a printed A4). Text in it is escaped here, once.

Labels never overlap each other or the lines: each one is placed at the first of its candidate spots whose box
(its width estimated from a wide sans-serif's glyph widths, at the largest font size the page uses) is clear of
every line, dot and label already placed, and is left out when none is (the chart's title names it all).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from coachcli.domain.report import ChartPoint, chart_title
from coachcli.render.text import format_number, format_percent, printable

WIDTH = 440
BAR_HEIGHT = 210
LINE_HEIGHT = 250
# The chart text's size in the SVG's own units: CHART_FONT where the chart is narrow (a phone: about 12.5 px on
# a 390 px screen), CHART_FONT_WIDE from 40rem up and on paper. Labels are placed for the larger one.
CHART_FONT = 16
CHART_FONT_WIDE = 13
# A label's box around its baseline, in font sizes (DejaVu Sans's ascent and descent, the widest usual ones).
ASCENT = 0.93
DESCENT = 0.24
GAP = 2.0  # the least room between a label and anything else
BOLD_WIDER = 1.1

# Advance widths in font sizes of a wide sans-serif (DejaVu Sans) for the characters chart labels use most;
# any other character counts as a full em, so the estimate errs wide.
_WIDTHS = {
    **dict.fromkeys("0123456789$€£¥#_", 0.64),
    **dict.fromkeys(" .,:;!|'`·", 0.34),
    **dict.fromkeys("iljfItr()[]{}/\\-", 0.42),
    **dict.fromkeys("abcdeghknopqsuvxyzJ", 0.64),
    **dict.fromkeys('ABCDEFGHKLNPRSTUVXYZ?&*+=<>~^"', 0.78),
    **dict.fromkeys("mwMOQW%@", 1.0),
    "–": 0.5,
    "—": 1.0,
}


def esc(text: str) -> str:
    """Text for SVG or HTML content and attribute values: markup characters and quotes as entities."""
    return html.escape(printable(text), quote=True)


def fmt(value: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text_width(text: str, *, bold: bool = False) -> float:
    """How wide a label is drawn at CHART_FONT, erring wide."""
    width = sum(_WIDTHS.get(char, 1.0) for char in text) * CHART_FONT
    return width * BOLD_WIDER if bold else width


@dataclass(frozen=True)
class Box:
    """A rectangle in the chart's units."""

    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box) -> bool:
        return not (
            self.right + GAP <= other.left
            or other.right + GAP <= self.left
            or self.bottom + GAP <= other.top
            or other.bottom + GAP <= self.top
        )

    def crosses(self, segment: Segment) -> bool:
        """Whether a line segment passes through the box grown by GAP (Liang-Barsky clipping)."""
        (x1, y1), (x2, y2) = segment
        dx, dy = x2 - x1, y2 - y1
        low, high = 0.0, 1.0
        for p, q in (
            (-dx, x1 - (self.left - GAP)),
            (dx, self.right + GAP - x1),
            (-dy, y1 - (self.top - GAP)),
            (dy, self.bottom + GAP - y1),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            ratio = q / p
            if p < 0:
                low = max(low, ratio)
            else:
                high = min(high, ratio)
            if low > high:
                return False
        return True


Segment = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Label:
    """A label to place: its text, its class and where it may go, best first (x, baseline y, text-anchor)."""

    text: str
    css: str
    spots: tuple[tuple[float, float, str], ...]
    bold: bool = False

    def box(self, x: float, y: float, anchor: str) -> Box:
        width = text_width(self.text, bold=self.bold)
        left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        return Box(left, y - ASCENT * CHART_FONT, left + width, y + DESCENT * CHART_FONT)


@dataclass
class Layout:
    """What a chart has drawn so far that a label must keep clear of, within the chart's bounds."""

    width: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.segments.append(((x1, y1), (x2, y2)))

    def polyline(self, points: Sequence[tuple[float, float]]) -> None:
        self.segments += list(pairwise(points))

    def dot(self, x: float, y: float, radius: float) -> None:
        self.boxes.append(Box(x - radius, y - radius, x + radius, y + radius))

    def fits(self, box: Box) -> bool:
        inside = box.left >= 0 and box.top >= 0 and box.right <= self.width and box.bottom <= self.height
        return (
            inside
            and not any(box.meets(other) for other in self.boxes)
            and not any(box.crosses(segment) for segment in self.segments)
        )

    def place(self, label: Label, extra: str = "") -> str:
        """The label's `<text>` at its first clear spot (now taken), or nothing when no spot is clear."""
        for x, y, anchor in label.spots:
            box = label.box(x, y, anchor)
            if self.fits(box):
                self.boxes.append(box)
                return (
                    f'<text class="{label.css}" x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}"{extra}>'
                    f"{esc(label.text)}</text>"
                )
        return ""


def svg_open(width: int, height: int, label: str) -> str:
    """The opening tag of a chart that scales to its container, with its accessible name."""
    return (
        f'<svg viewBox="0 0 {width} {height}" class="chart" role="img"'
        f' aria-label="{esc(label)}"><title>{esc(label)}</title>'
    )


def short_week(label: str) -> str:
    """`2026-W47` as `W47`; a pooled run `2026-W01..W04` as `W01` to `W04` with an en dash."""
    return label.split("-", 1)[-1].replace("..", "–") if "-W" in label else label


def follow_through_chart(points: Sequence[ChartPoint]) -> str:
    """Weekly completion rate as bars from 0 to 100%; a week that counted nothing is a gap, not a zero.

    Week labels are shown for every so many bars as their width leaves room for; the bars' values when each
    fits over its own bar (above it, or inside a tall one), which keeps them off the neighbouring bars.
    """
    left, right, top = text_width("100%") + 10, WIDTH - 8, 12.0
    bottom = BAR_HEIGHT - 30
    inner_height = bottom - top
    layout = Layout(WIDTH, BAR_HEIGHT)
    parts = [svg_open(WIDTH, BAR_HEIGHT, chart_title(points))]
    for percent in (0, 100):
        y = bottom - inner_height * percent / 100
        layout.line(left, y, right, y)
        parts.append(f'<line class="grid" x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(right)}" y2="{fmt(y)}"/>')
        axis = Label(f"{percent}%", "axis", ((left - 6, y + (ASCENT - DESCENT) * CHART_FONT / 2, "end"),))
        parts.append(layout.place(axis))
    slot = (right - left) / max(1, len(points))
    bar = min(56.0, slot * 0.75)
    widest = max([text_width("100%", bold=True), *(text_width(short_week(p.label)) for p in points)])
    step = max(1, math.ceil((widest + 2 * GAP) / slot))
    value_width = text_width("100%", bold=True)
    values_fit = value_width + 2 * GAP <= slot
    for index, point in enumerate(points):
        x = left + slot * index + (slot - bar) / 2
        centre = x + bar / 2
        labelled = index % step == 0
        if point.rate is None:
            dash = Label("–", "axis", ((centre, bottom - DESCENT * CHART_FONT - GAP - 1, "middle"),))
            parts.append(
                f'<g class="gap"><title>{esc(point.label)}: nothing counted</title>{layout.place(dash)}</g>'
            )
        else:
            height = max(1.0, inner_height * point.rate)
            parts.append(
                f"<g><title>{esc(point.label)}: {format_percent(point.rate)}</title>"
                f'<rect class="bar" x="{fmt(x)}" y="{fmt(bottom - height)}" width="{fmt(bar)}"'
                f' height="{fmt(height)}" rx="2"/>'
            )
            if values_fit:
                above = bottom - height - DESCENT * CHART_FONT - GAP - 1
                inside = bottom - height + ASCENT * CHART_FONT + GAP + 1
                value = format_percent(point.rate)
                parts.append(
                    layout.place(Label(value, "value", ((centre, above, "middle"),), bold=True))
                    or (
                        layout.place(Label(value, "value inside", ((centre, inside, "middle"),), bold=True))
                        if value_width + 2 * GAP <= bar
                        else ""
                    )
                )
            parts.append("</g>")
        if labelled:
            week = Label(short_week(point.label), "axis", ((centre, bottom + 20, "middle"),))
            parts.append(layout.place(week))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class GoalSeries:
    """What a goal's chart draws: its check-ins, the lines it is measured against, and its trend."""

    title: str
    unit: str | None
    points: tuple[tuple[date, float], ...]
    start: date
    today: date
    baseline: float | None
    target: float
    deadline: date | None
    trend: tuple[tuple[date, float], tuple[date, float]] | None = None


class Scale:
    """A linear map from a domain of values to a range of pixels."""

    def __init__(self, low: float, high: float, start: float, end: float) -> None:
        self.low, self.high, self.start, self.end = low, high if high != low else low + 1, start, end

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def along(y: float, left: float, right: float) -> tuple[tuple[float, float, str], ...]:
    """Spots for a horizontal line's label: just above it, then just below it, from the right end leftwards."""
    above = y - DESCENT * CHART_FONT - GAP - 1
    below = y + ASCENT * CHART_FONT + GAP + 1
    xs = [right - step * (right - left) / 12 for step in range(12)]
    return tuple((x, level, "end") for level in (above, below) for x in xs)


def spread(xs: Iterable[float], y: float, left: float, right: float) -> tuple[tuple[float, float, str], ...]:
    """Spots on one row: centred on each x, then ending or starting there, kept within left..right."""
    spots = []
    for x in xs:
        spots += [(x, y, "middle"), (x, y, "end"), (x, y, "start")]
    return tuple((min(max(x, left), right), y, anchor) for x, y, anchor in spots)


def goal_chart(series: GoalSeries) -> str:
    """A goal's check-ins as a line against its baseline, target, deadline and trend."""
    days = [series.start, series.today, *(day for day, _ in series.points)]
    if series.deadline is not None:
        days.append(series.deadline)
    values = [series.target, *(value for _, value in series.points)]
    if series.baseline is not None:
        values.append(series.baseline)
    if series.trend is not None:
        values += [series.trend[0][1], series.trend[1][1]]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or 1.0
    left, right = 8.0, WIDTH - 8.0
    top, bottom = 30.0, LINE_HEIGHT - 30.0
    x = Scale(min(days).toordinal(), max(days).toordinal(), left + 6, right - 6)
    y = Scale(low - pad, high + pad, bottom, top)
    unit = series.unit
    layout = Layout(WIDTH, LINE_HEIGHT)

    def at(day: date, value: float) -> tuple[float, float]:
        return x(day.toordinal()), y(value)

    def points_text(points: Iterable[tuple[float, float]]) -> str:
        return " ".join(f"{fmt(px)},{fmt(py)}" for px, py in points)

    parts = [svg_open(WIDTH, LINE_HEIGHT, f"{series.title}: check-ins against the target")]
    labels: list[Label] = []
    layout.line(left, bottom, right, bottom)
    parts.append(
        f'<line class="grid" x1="{fmt(left)}" y1="{fmt(bottom)}" x2="{fmt(right)}" y2="{fmt(bottom)}"/>'
    )
    levels = [("target", series.target)]
    if series.baseline is not None:
        levels.append(("baseline", series.baseline))
    for css, value in levels:
        level_y = y(value)
        layout.line(left, level_y, right, level_y)
        parts.append(
            f'<line class="{css}" x1="{fmt(left)}" y1="{fmt(level_y)}" x2="{fmt(right)}" y2="{fmt(level_y)}"/>'
        )
        name = "target" if css == "target" else "start"
        labels.append(
            Label(
                f"{name} {format_number(value, unit)}",
                f"label {css}-label",
                along(level_y, left, right),
                css == "target",
            )
        )
    marks = [("today", series.today, top - 8)]
    if series.deadline is not None:
        marks.append(("deadline", series.deadline, bottom + 20))
    for css, day, label_y in marks:
        mark_x = x(day.toordinal())
        layout.line(mark_x, top, mark_x, bottom)
        parts.append(
            f'<line class="{css}" x1="{fmt(mark_x)}" y1="{fmt(top)}" x2="{fmt(mark_x)}" y2="{fmt(bottom)}"/>'
        )
        text = "today" if css == "today" else f"deadline {day.isoformat()}"
        labels.append(Label(text, "axis", spread([mark_x], label_y, left, right)))
    if series.trend is not None:
        (first_day, first_value), (last_day, last_value) = series.trend
        trend = [at(first_day, first_value), at(last_day, last_value)]
        layout.polyline(trend)
        parts.append(
            f'<polyline class="trend" points="{points_text(trend)}">'
            f"<title>trend: {esc(format_number(last_value, unit))} by {last_day.isoformat()}</title></polyline>"
        )
    if series.points:
        line = [at(day, value) for day, value in series.points]
        layout.polyline(line)
        parts.append(f'<polyline class="line" points="{points_text(line)}"/>')
        for (day, value), (cx, cy) in zip(series.points, line, strict=True):
            layout.dot(cx, cy, 4.5)
            parts.append(
                f'<circle class="dot" cx="{fmt(cx)}" cy="{fmt(cy)}" r="3.5">'
                f"<title>{day.isoformat()}: {esc(format_number(value, unit))}</title></circle>"
            )
    else:
        rows = [(top + bottom) / 2 + shift for shift in (0, -24, 24, -48, 48)]
        xs = [(left + right) / 2, (left + right) / 4, 3 * (left + right) / 4]
        spots = tuple(spot for row in rows for spot in spread(xs, row, left, right))
        labels.append(Label("No check-ins yet", "axis", spots))
    # The labels with few spots first: today and the deadline, the first day, then the levels and the rest.
    labels.insert(
        len(levels) + len(marks), Label(series.start.isoformat(), "axis", ((left, bottom + 20, "start"),))
    )
    parts += [layout.place(label) for label in labels[len(levels) :] + labels[: len(levels)]]
    parts.append("</svg>")
    return "".join(parts)
