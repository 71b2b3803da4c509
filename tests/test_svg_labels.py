"""The chart labels' placement, as pure logic: boxes and lines meet where geometry says, and a goal chart of any
shape keeps every label it draws clear of its lines, dots and other labels (by the same estimate it places by;
tests/test_brief_browser.py measures what the browser really draws)."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest

from coachcli.render.svg import ASCENT, CHART_FONT, DESCENT, Box, GoalSeries, goal_chart, text_width

BOX = Box(10, 10, 50, 30)


@pytest.mark.parametrize(
    ("segment", "meets"),
    [
        (((0, 20), (100, 20)), True),  # straight through
        (((30, 0), (30, 100)), True),  # down through
        (((0, 0), (100, 100)), True),  # corner to corner
        (((0, 40), (100, 40)), False),  # below, beyond the gap
        (((0, 31), (100, 31)), True),  # below, within the gap
        (((60, 0), (60, 100)), False),  # to the right
        (((0, 0), (5, 5)), False),  # stops short
        (((20, 15), (25, 18)), True),  # wholly inside
        (((0, 90), (90, 0)), False),  # passes the corner by
    ],
)
def test_a_box_and_a_segment_meet_where_geometry_says(segment, meets):
    assert BOX.crosses(segment) is meets


def test_wide_letters_count_wider_and_unknown_ones_as_a_full_em():
    assert text_width("WWW") > text_width("iii")
    assert text_width("目標") == 2 * CHART_FONT
    assert text_width("target", bold=True) > text_width("target")


TODAY = date(2026, 11, 25)


def series(**changes) -> GoalSeries:
    base = GoalSeries(
        title="A goal",
        unit="km",
        points=tuple((TODAY - timedelta(days=7 * n), 20.0 - n) for n in range(10, 0, -1)),
        start=TODAY - timedelta(days=80),
        today=TODAY,
        baseline=8.0,
        target=35.0,
        deadline=TODAY + timedelta(days=56),
    )
    return GoalSeries(**{**base.__dict__, **changes})


SHAPES = {
    "rising": series(),
    "falling to a lower target": series(
        unit="h", baseline=28, target=18, points=((TODAY - timedelta(days=30), 27), (TODAY, 24))
    ),
    "no check-ins, set today, due tomorrow": series(
        points=(), start=TODAY, deadline=TODAY + timedelta(days=1), unit="forms", baseline=0, target=3
    ),
    "no check-ins, long units": series(
        points=(), start=TODAY, unit="modules completed", baseline=0, target=10
    ),
    "past its deadline": series(deadline=TODAY - timedelta(days=20)),
    "start and target close together": series(baseline=34.9, target=35, points=((TODAY, 34.95),)),
    "with a trend": series(trend=((TODAY - timedelta(days=70), 10.0), (TODAY + timedelta(days=56), 37.0))),
    "money": series(unit="EUR", baseline=0, target=2000, points=((TODAY - timedelta(days=3), 150),)),
}


def drawn(svg: str):
    """The chart's labels as boxes (by the estimate), its line segments and its dots."""
    boxes = []
    pattern = r'<text class="([^"]*)" x="([\d.-]+)" y="([\d.-]+)" text-anchor="(\w+)"[^>]*>([^<]*)</text>'
    for css, x_text, y_text, anchor, text in re.findall(pattern, svg):
        x, y = float(x_text), float(y_text)
        width = text_width(text.replace("&amp;", "&"), bold="target-label" in css)
        left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        boxes.append((text, Box(left, y - ASCENT * CHART_FONT, left + width, y + DESCENT * CHART_FONT)))
    segments = [
        ((float(a), float(b)), (float(c), float(d)))
        for a, b, c, d in re.findall(
            r'<line[^>]* x1="([\d.-]+)" y1="([\d.-]+)" x2="([\d.-]+)" y2="([\d.-]+)"', svg
        )
    ]
    for points in re.findall(r'<polyline[^>]* points="([^"]+)"', svg):
        pairs = [tuple(map(float, pair.split(","))) for pair in points.split()]
        segments += list(itertools.pairwise(pairs))
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle[^>]* cx="([\d.-]+)" cy="([\d.-]+)"', svg)]
    return boxes, segments, dots


@pytest.mark.parametrize("name", SHAPES)
def test_every_label_a_goal_chart_draws_keeps_clear(name):
    svg = goal_chart(SHAPES[name])
    boxes, segments, dots = drawn(svg)
    texts = [text for text, _ in boxes]
    assert "today" in texts and any(text.startswith("target") for text in texts), texts
    for index, (text, box) in enumerate(boxes):
        assert not any(box.crosses(segment) for segment in segments), f"{name}: {text!r} is crossed"
        assert not any(box.meets(Box(x - 3.5, y - 3.5, x + 3.5, y + 3.5)) for x, y in dots), (
            f"{name}: {text!r}"
        )
        for other, other_box in boxes[index + 1 :]:
            assert not box.meets(other_box), f"{name}: {text!r} meets {other!r}"
