"""The HTML brief of the demo journal in a real browser: headless Chromium draws it, and it asks for nothing.

Chromium comes from Debian's `chromium` package, which `.ci/run` installs; where it cannot be had, these tests are
skipped and say why. Every run has a fresh profile and resolves no host name, so nothing leaves the machine.
"""

from __future__ import annotations

import json
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
