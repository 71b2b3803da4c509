"""Small inline SVG charts for the HTML brief: weekly follow-through as bars, a goal's check-ins as a line.

Coach's own, about 200 lines: the two charts need bars, lines, a few labels and no interaction, which a charting
library would bring with scripts, fonts or a second file. Each function returns one `<svg>` element as text, sized
by its viewBox so it scales with the page (a phone, a printed A4). Text in it is escaped here, once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coachcli.domain.report import ChartPoint
from coachcli.render.text import format_number, format_percent, printable

WIDTH = 520
BAR_HEIGHT = 200
LINE_HEIGHT = 240
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 24
MARGIN_BOTTOM = 36


def esc(text: str) -> str:
    """Text for SVG or HTML content and attribute values: markup characters and quotes as entities."""
    return html.escape(printable(text), quote=True)


def fmt(value: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


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
    """Weekly completion rate as bars from 0 to 100%; a week that counted nothing is a gap, not a zero."""
    inner_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    inner_height = BAR_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    bottom = MARGIN_TOP + inner_height
    parts = [svg_open(WIDTH, BAR_HEIGHT, "Weekly follow-through: the completion rate of each week")]
    for percent in (0, 50, 100):
        y = bottom - inner_height * percent / 100
        parts.append(
            f'<line class="grid" x1="{MARGIN_LEFT}" y1="{fmt(y)}" x2="{WIDTH - MARGIN_RIGHT}" y2="{fmt(y)}"/>'
            f'<text class="axis" x="{MARGIN_LEFT - 6}" y="{fmt(y + 4)}" text-anchor="end">{percent}%</text>'
        )
    slot = inner_width / max(1, len(points))
    bar = min(56.0, slot * 0.7)
    step = max(1, round(len(points) / 12))  # at most about 12 week labels
    for index, point in enumerate(points):
        x = MARGIN_LEFT + slot * index + (slot - bar) / 2
        centre = x + bar / 2
        if point.rate is None:
            parts.append(
                f'<g class="gap"><title>{esc(point.label)}: nothing counted</title>'
                f'<text class="axis" x="{fmt(centre)}" y="{fmt(bottom - 4)}" text-anchor="middle">–</text></g>'
            )
        else:
            height = max(1.0, inner_height * point.rate)
            parts.append(
                f"<g><title>{esc(point.label)}: {format_percent(point.rate)}</title>"
                f'<rect class="bar" x="{fmt(x)}" y="{fmt(bottom - height)}" width="{fmt(bar)}"'
                f' height="{fmt(height)}" rx="2"/>'
                f'<text class="value" x="{fmt(centre)}" y="{fmt(bottom - height - 5)}" text-anchor="middle">'
                f"{format_percent(point.rate)}</text></g>"
            )
        if index % step == 0:
            parts.append(
                f'<text class="axis" x="{fmt(centre)}" y="{bottom + 18}" text-anchor="middle">'
                f"{esc(short_week(point.label))}</text>"
            )
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
    pad = (high - low) * 0.1 or 1.0
    bottom = LINE_HEIGHT - MARGIN_BOTTOM
    x = Scale(min(days).toordinal(), max(days).toordinal(), MARGIN_LEFT + 8, WIDTH - MARGIN_RIGHT - 8)
    y = Scale(low - pad, high + pad, bottom, MARGIN_TOP)
    unit = series.unit

    def at(day: date, value: float) -> str:
        return f"{fmt(x(day.toordinal()))},{fmt(y(value))}"

    label = f"{series.title}: check-ins against the target"
    parts = [svg_open(WIDTH, LINE_HEIGHT, label)]
    parts.append(
        f'<line class="grid" x1="{MARGIN_LEFT}" y1="{bottom}" x2="{WIDTH - MARGIN_RIGHT}" y2="{bottom}"/>'
    )
    right = WIDTH - MARGIN_RIGHT

    def level(value: float, css: str, name: str) -> None:
        at_y = fmt(y(value))
        parts.append(
            f'<line class="{css}" x1="{MARGIN_LEFT}" y1="{at_y}" x2="{fmt(right)}" y2="{at_y}"/>'
            f'<text class="label {css}-label" x="{fmt(right)}" y="{fmt(y(value) - 5)}" text-anchor="end">'
            f"{esc(name)} {esc(format_number(value, unit))}</text>"
        )

    if series.baseline is not None:
        level(series.baseline, "baseline", "start")
    level(series.target, "target", "target")
    if series.deadline is not None:
        deadline_x = fmt(x(series.deadline.toordinal()))
        anchor = "end" if x(series.deadline.toordinal()) > WIDTH * 0.75 else "middle"
        parts.append(
            f'<line class="deadline" x1="{deadline_x}" y1="{MARGIN_TOP}" x2="{deadline_x}" y2="{bottom}"/>'
            f'<text class="axis" x="{deadline_x}" y="{bottom + 18}" text-anchor="{anchor}">'
            f"deadline {series.deadline.isoformat()}</text>"
        )
    today_x = fmt(x(series.today.toordinal()))
    today_anchor = "end" if x(series.today.toordinal()) > WIDTH * 0.9 else "middle"
    parts.append(
        f'<line class="today" x1="{today_x}" y1="{MARGIN_TOP}" x2="{today_x}" y2="{bottom}"/>'
        f'<text class="axis" x="{today_x}" y="{MARGIN_TOP - 8}" text-anchor="{today_anchor}">today</text>'
    )
    parts.append(f'<text class="axis" x="{MARGIN_LEFT}" y="{bottom + 18}">{series.start.isoformat()}</text>')
    if series.trend is not None:
        (first_day, first_value), (last_day, last_value) = series.trend
        parts.append(
            f'<polyline class="trend" points="{at(first_day, first_value)} {at(last_day, last_value)}">'
            f"<title>trend: {esc(format_number(last_value, unit))} by {last_day.isoformat()}</title></polyline>"
        )
    if series.points:
        line = " ".join(at(day, value) for day, value in series.points)
        parts.append(f'<polyline class="line" points="{line}"/>')
        for day, value in series.points:
            cx, cy = at(day, value).split(",")
            parts.append(
                f'<circle class="dot" cx="{cx}" cy="{cy}" r="3.5">'
                f"<title>{day.isoformat()}: {esc(format_number(value, unit))}</title></circle>"
            )
    else:
        parts.append(
            f'<text class="axis" x="{fmt((MARGIN_LEFT + right) / 2)}" y="{fmt(bottom - 12)}"'
            ' text-anchor="middle">No check-ins yet</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
