"""The HTML brief of the demo journal in a real browser: headless Chromium draws it, and it asks for nothing.

Chromium comes from Debian's `chromium` package, which `.ci/run` installs; where it cannot be had, these tests are
skipped and say why. Every run has a fresh profile and resolves no host name, so nothing leaves the machine.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
PIPES = "| a | b |"
BOLD = "**bold**"
SECRET = "SECRET only for me"

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on this machine: install Debian's chromium package (`apt-get install chromium`;"
    " .ci/run does) to run the browser tests",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # the browser's own background calls go nowhere either
)


def run_browser(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on a local file, with a fresh profile of its own."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def page_requests(netlog: Path) -> list[str]:
    """Every URL the page itself asked for: the requests whose events name the page's file:// origin.

    Chromium logs its own background calls too (they name no page); those are not the page's doing.
    """
    log = json.loads(netlog.read_text())
    sources: dict[int, dict[str, object]] = {}
    for event in log["events"]:
        params = event.get("params", {})
        source = sources.setdefault(event["source"]["id"], {"urls": set(), "page": False})
        if "url" in params:
            source["urls"].add(params["url"])  # type: ignore[attr-defined]
        if "file://" in json.dumps(params):
            source["page"] = True
    return sorted(
        url
        for source in sources.values()
        if source["page"]
        for url in source["urls"]  # type: ignore[attr-defined]
        if not url.startswith("file:")
    )


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line if step == 3 else b"".join(line[i : i + 3] for i in range(0, stride, 4))))
        previous = line
    return width, height, rows


class Page(HTMLParser):
    """The elements and the text of the DOM Chromium built."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def demo_brief(coach, tmp_path) -> Path:
    """The HTML brief of the demo journal, with markup in a goal, a note and a private reflection added."""
    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo")
    coach("--db", demo, "goal", "add", IMG, "--measure", PIPES, "--target", 10, "--by", "in 8 weeks",
          "--why", LINK, "--no-input")  # fmt: skip
    coach("--db", demo, "goal", "log", 6, 3, "--note", BOLD)
    coach("--db", demo, "reflect", f"{SECRET} {IMG}", "--private", "--no-input")
    page = tmp_path / "brief.html"
    coach("--db", demo, "brief", "--since", "2026-10-26", "-f", "html", "-o", page)
    return page


def test_the_demo_brief_draws_something_and_asks_for_nothing(demo_brief, tmp_path):
    shot, netlog = tmp_path / "brief.png", tmp_path / "netlog.json"
    result = run_browser(
        tmp_path, demo_brief, "--window-size=420,2400", f"--screenshot={shot}", f"--log-net-log={netlog}"
    )
    assert shot.exists(), result.stderr[-2000:]
    width, height, rows = png_pixels(shot)
    assert (width, height) == (420, 2400)
    colours = {row[i : i + 3] for row in rows[::8] for i in range(0, len(row), 24)}
    ink = sum(1 for row in rows for i in range(0, len(row), 3) if row[i] < 128 and row[i + 1] < 128)
    assert len(colours) > 8, "the screenshot is (nearly) one colour: nothing was drawn"
    assert ink > 2000, "hardly any dark pixels: no text was drawn"
    assert page_requests(netlog) == []


def test_a_page_that_does_ask_is_caught(tmp_path):
    """The request check itself works: a page with an image from elsewhere shows up in the net log."""
    page, netlog = tmp_path / "asks.html", tmp_path / "netlog.json"
    page.write_text('<!DOCTYPE html><p>x</p><img src="http://127.0.0.1:9/x.png">')
    run_browser(tmp_path, page, f"--log-net-log={netlog}", "--dump-dom")
    assert page_requests(netlog) == ["http://127.0.0.1:9/x.png"]


def test_the_browser_shows_user_text_as_typed_and_builds_no_element_from_it(demo_brief, tmp_path):
    result = run_browser(tmp_path, demo_brief, "--dump-dom")
    dom = Page()
    dom.feed(result.stdout)
    assert "main" in dom.tags and "svg" in dom.tags
    assert {"img", "script", "a", "iframe"}.isdisjoint(dom.tags)
    text = "".join(dom.text)
    for typed in (IMG, LINK, PIPES, BOLD):
        assert typed in text
    assert SECRET not in text


# --- on paper: Chromium's print to PDF, pages counted by poppler's pdfinfo ---------------------------------------

PDFINFO = shutil.which("pdfinfo")
PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    PDFINFO is None or PDFTOTEXT is None,
    reason="no pdfinfo/pdftotext on this machine: install Debian's poppler-utils package (.ci/run does) to count"
    " the printed brief's pages",
)
MARGIN_POINTS = 27  # Chromium writes its header and footer in the page's margin (the brief asks for 10 mm)


def print_to_pdf(tmp_path: Path, page: Path) -> Path:
    """The page printed by headless Chromium, as a person's browser would print it."""
    pdf = page.with_suffix(".pdf")
    result = run_browser(tmp_path, page, f"--print-to-pdf={pdf}")
    assert pdf.exists(), result.stderr[-2000:]
    return pdf


def page_count(pdf: Path) -> int:
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, pdf], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_words(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page's height and its words (top, bottom, text) inside the margins (Chromium's header and footer
    are left out)."""
    assert PDFTOTEXT is not None
    xml = subprocess.run([PDFTOTEXT, "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for body in xml.split("<page ")[1:]:
        height = float(body.split('height="', 1)[1].split('"', 1)[0])
        words = [
            (float(top), float(bottom), text)
            for top, bottom, text in re.findall(
                r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', body
            )
            if float(bottom) > MARGIN_POINTS and float(top) < height - MARGIN_POINTS
        ]
        pages.append((height, words))
    return pages


@needs_poppler
@pytest.mark.parametrize("since", [None, "2026-10-01"], ids=["default", "since-2026-10-01"])
def test_the_printed_brief_starts_on_page_one_and_leaves_no_page_half_empty(coach, tmp_path, since):
    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo")
    period = ["--since", since] if since else []
    goals = len(json.loads(coach("--db", demo, "brief", *period, "-f", "json").stdout)["goals"])
    page = tmp_path / "brief.html"
    coach("--db", demo, "brief", *period, "-f", "html", "-o", page)
    pdf = print_to_pdf(tmp_path, page)
    pages = page_count(pdf)
    assert pages < goals + 2, f"{pages} pages for {goals} goals"
    printed = page_words(pdf)
    assert len(printed) == pages
    first = " ".join(text for _, _, text in printed[0][1])
    assert "Coaching brief" in first and "Goal" in first and "Status" in first, first[:400]
    for number, (height, words) in enumerate(printed[:-1], start=1):
        lowest = max(bottom for _, bottom, _ in words)
        # Content reaches down the page: nothing was pushed over to keep a card whole.
        assert lowest > 0.8 * height, f"page {number} of {pages} ends at {lowest / height:.0%} of its height"


# --- chart labels, measured by the browser -------------------------------------------------------------------------

# Added to a copy of the brief (whose Content-Security-Policy forbids scripts): what the browser drew for each
# chart, in the chart's own units, written into the page for --dump-dom to show.
MEASURE = """<script>
const charts = [...document.querySelectorAll("svg.chart")].map((svg) => {
  const scale = svg.getScreenCTM().a;
  const number = (element, name) => Number(element.getAttribute(name));
  const segments = [...svg.querySelectorAll("line")].map((l) =>
    [[number(l, "x1"), number(l, "y1")], [number(l, "x2"), number(l, "y2")]]);
  for (const line of svg.querySelectorAll("polyline")) {
    const points = line.getAttribute("points").trim().split(/\\s+/).map((p) => p.split(",").map(Number));
    for (let i = 1; i < points.length; i++) segments.push([points[i - 1], points[i]]);
  }
  return {
    title: svg.querySelector("title").textContent,
    view: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height],
    texts: [...svg.querySelectorAll("text")].map((t) => {
      const box = t.getBBox();
      return {text: t.textContent, box: [box.x, box.y, box.x + box.width, box.y + box.height],
              px: parseFloat(getComputedStyle(t).fontSize) * scale};
    }),
    segments,
    bars: [...svg.querySelectorAll("rect")].map((r) => {
      const [x, y, w, h] = ["x", "y", "width", "height"].map((name) => number(r, name));
      return [x, y, x + w, y + h];
    }),
    dots: [...svg.querySelectorAll("circle")].map((c) => {
      const [x, y, r] = ["cx", "cy", "r"].map((name) => number(c, name));
      return [x - r, y - r, x + r, y + r];
    }),
  };
});
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(charts);
document.body.append(out);
</script>"""


def measured_charts(tmp_path: Path, page: Path, width: int) -> list[dict]:
    """Every chart of the page as Chromium lays it out in a window `width` pixels wide."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = tmp_path / f"measure-{width}.html"
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = run_browser(tmp_path, probe, f"--window-size={width},3000", "--dump-dom")
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    return json.loads(html_unescape(found.group(1)))


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: list[float], outer: list[float]) -> bool:
    return outer[0] <= box[0] and box[2] <= outer[2] and outer[1] <= box[1] and box[3] <= outer[3]


def crosses(box: list[float], segment: list[list[float]]) -> bool:
    """Whether a line segment passes through the inside of a box (sampled finely along the segment)."""
    (x1, y1), (x2, y2) = segment
    steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) * 4))
    return any(
        box[0] < x1 + (x2 - x1) * i / steps < box[2] and box[1] < y1 + (y2 - y1) * i / steps < box[3]
        for i in range(steps + 1)
    )


@pytest.fixture
def crowded_brief(coach, tmp_path) -> Path:
    """The demo brief with goals whose labels compete: units in the labels, a start above the target next to
    today, a goal without check-ins, and one set today with its deadline tomorrow."""
    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo")
    earlier = {"COACH_TODAY": "2026-10-05"}
    coach("--db", demo, "goal", "add", "Cut my meeting hours to 18 a week", "--unit", "h", "--baseline", 28,
          "--target", 18, "--by", "2026-12-04", "--no-input", env=earlier)  # fmt: skip
    for day, hours in (("2026-10-12", 27), ("2026-10-26", 25.5), ("2026-11-16", 26), ("2026-11-23", 24)):
        coach("--db", demo, "goal", "log", 6, hours, "--on", day)
    coach("--db", demo, "goal", "add", "Save for a course in spring", "--unit", "EUR", "--baseline", 0,
          "--target", 2000, "--by", "in 8 weeks", "--no-input")  # fmt: skip
    coach("--db", demo, "goal", "add", "Send the tax return off", "--measure", "forms sent", "--unit", "forms",
          "--baseline", 0, "--target", 3, "--by", "tomorrow", "--no-input")  # fmt: skip
    page = tmp_path / "crowded.html"
    coach("--db", demo, "brief", "--since", "2026-06-01", "-f", "html", "-o", page)
    return page


@pytest.mark.parametrize("width", [390, 1000])
def test_chart_labels_keep_clear_of_each_other_and_the_lines_and_stay_readable(
    crowded_brief, tmp_path, width
):
    charts = measured_charts(tmp_path, crowded_brief, width)
    assert len(charts) == 1 + 7  # follow-through, and every goal with a target
    for chart in charts:
        texts = chart["texts"]
        view_width, view_height = chart["view"]
        for index, text in enumerate(texts):
            box, name = text["box"], f"{chart['title']}: {text['text']!r}"
            assert box[0] >= 0 and box[2] <= view_width and box[1] >= 0 and box[3] <= view_height, name
            assert text["px"] >= 12, f"{name} is drawn {text['px']:.1f} px high at {width} px wide"
            for other in texts[index + 1 :]:
                assert not overlaps(box, other["box"]), f"{name} overlaps {other['text']!r}"
            for segment in chart["segments"]:
                assert not crosses(box, segment), f"{name} is crossed by the line {segment}"
            for dot in chart["dots"]:
                assert not overlaps(box, dot), f"{name} covers a check-in"
            on_bars = [bar for bar in chart["bars"] if overlaps(box, bar)]
            # A value sits clear of the bars, or wholly inside its own one.
            assert not on_bars or (len(on_bars) == 1 and inside(box, on_bars[0])), f"{name} runs over a bar"
    shown = {chart["title"]: [text["text"] for text in chart["texts"]] for chart in charts}
    meetings = shown["Cut my meeting hours to 18 a week: check-ins against the target"]
    assert {"today", "target 18 h", "start 28 h", "deadline 2026-12-04"} <= set(meetings)
    course = shown["Save for a course in spring: check-ins against the target"]
    assert {"today", "No check-ins yet", "deadline 2027-01-20"} <= set(course)
    assert any(label.startswith("target") and "EUR" in label for label in course)
    tax = shown["Send the tax return off: check-ins against the target"]
    assert {"today", "target 3 forms", "No check-ins yet"} <= set(tax)
    modules = shown["Finish the online data science course: check-ins against the target"]
    assert "target 10 modules" in modules and "deadline 2027-02-03" in modules
    weeks = shown["Weekly completion rate"]
    assert "100%" in weeks and any(label.startswith("W") for label in weeks)


def test_dark_mode_follows_the_system_on_screen(demo_brief, tmp_path):
    light, dark = tmp_path / "light.png", tmp_path / "dark.png"
    run_browser(tmp_path, demo_brief, "--window-size=600,400", f"--screenshot={light}")
    run_browser(tmp_path, demo_brief, "--window-size=600,400", "--force-dark-mode", f"--screenshot={dark}")
    for shot, bright in ((light, True), (dark, False)):
        _, _, rows = png_pixels(shot)
        corner = rows[2][6:9]  # the page's background, beside the text
        assert (sum(corner) > 600) is bright, (shot.name, tuple(corner))
