"""The Markdown report's Mermaid chart: its title says what each bar is, and Mermaid draws its labels apart.

The drawing is checked with Mermaid itself (npm's `mermaid` package, which `.ci/run` installs globally) in
headless Chromium; where either is missing those tests are skipped and say why.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coachcli.domain.dates import IsoWeek


def mermaid_block(coach, weeks: int, tmp_path: Path) -> str:
    """The Mermaid chart of `coach report --weeks N` over a demo journal of that many weeks."""
    demo = tmp_path / f"demo-{weeks}.db"
    coach("--db", demo, "demo", "--weeks", weeks)
    markdown = coach("--db", demo, "report", "--weeks", weeks, "-f", "markdown").stdout
    found = re.search(r"```mermaid\n(.*?)```", markdown, re.S)
    assert found, markdown
    return found.group(1)


def title_and_labels(chart: str) -> tuple[str, list[str]]:
    title = re.search(r'title "([^"]*)"', chart)
    axis = re.search(r"x-axis \[(.*)\]", chart)
    assert title and axis, chart
    return title.group(1), json.loads(f"[{axis.group(1)}]")


def bar_sizes(labels: list[str], first: IsoWeek) -> list[int]:
    """How many weeks each label (`W19`, or a run `W19` to `22` with an en dash) names, from the first week on."""
    sizes, year, previous = [], first.year, first.week
    for label in labels:
        start, _, end = label.removeprefix("W").partition("\N{EN DASH}")
        year += int(start) < previous  # a new ISO year began
        begin = IsoWeek(year, int(start))
        year += int(end or start) < int(start)
        finish = IsoWeek(year, int(end or start))
        sizes.append((finish.start - begin.start).days // 7 + 1)
        previous = finish.week
    return sizes


@pytest.mark.parametrize(("weeks", "per"), [(8, 1), (16, 1), (17, 3), (30, 4), (60, 8)])
def test_the_title_says_what_each_bar_pools_and_the_labels_say_which_weeks(coach, tmp_path, weeks, per):
    title, labels = title_and_labels(mermaid_block(coach, weeks, tmp_path))
    if per == 1:
        assert title.startswith("Weekly completion rate (%), ")
        assert all(re.fullmatch(r"W\d\d", label) for label in labels), labels
    else:
        assert title.startswith(f"Completion rate per {per} weeks (%), ") and "Weekly" not in title
        assert all(re.fullmatch(r"W\d\d–\d\d", label) for label in labels), labels
        first = IsoWeek.parse_iso(title.rsplit(", ", 1)[-1].split(" to ")[0])
        # Every bar but the last (which may hold fewer) pools exactly the weeks the title says.
        assert set(bar_sizes(labels, first)[:-1]) == {per}
    assert len(labels) <= 16
    assert re.search(r"\d{4}-W\d\d to \d{4}-W\d\d$", title), title


def mermaid_script() -> Path | None:
    """Mermaid's browser bundle from the global npm packages, if it is installed."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False).stdout.strip()
    script = Path(root) / "mermaid" / "dist" / "mermaid.min.js"
    return script if root and script.exists() else None


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
MERMAID = mermaid_script()

DRAW = """<!DOCTYPE html><html><body><div id="chart"></div>
<script src="{script}"></script>
<script>
mermaid.initialize({{startOnLoad: false}});
mermaid.render("report", {code}).then(({{svg}}) => {{
  document.getElementById("chart").innerHTML = svg;
  const labels = [...document.querySelectorAll("#chart .bottom-axis .label text")].map((text) => {{
    const box = text.getBoundingClientRect();
    return {{text: text.textContent, box: [box.left, box.top, box.right, box.bottom]}};
  }});
  const title = document.querySelector("#chart .chart-title text").textContent;
  document.body.insertAdjacentHTML("beforeend", "<pre id=drawn></pre>");
  document.getElementById("drawn").textContent = JSON.stringify({{title, labels}});
}});
</script></body></html>"""


@pytest.mark.skipif(
    BROWSER is None or MERMAID is None,
    reason="needs Chromium and npm's mermaid package (`npm install -g mermaid@11`; .ci/run does) to draw the chart",
)
@pytest.mark.parametrize("weeks", [16, 17, 30, 60])
def test_mermaid_draws_the_labels_apart(coach, tmp_path, weeks):
    chart = mermaid_block(coach, weeks, tmp_path)
    page = tmp_path / "chart.html"
    assert MERMAID is not None and BROWSER is not None
    page.write_text(DRAW.format(script=MERMAID.as_uri(), code=json.dumps(chart)), encoding="utf-8")
    result = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--allow-file-access-from-files",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,800", "--virtual-time-budget=10000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="drawn">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    drawn = json.loads(html.unescape(found.group(1)))
    title, labels = title_and_labels(chart)
    assert drawn["title"] == title
    assert [label["text"] for label in drawn["labels"]] == labels
    for left, right in zip(drawn["labels"], drawn["labels"][1:], strict=False):
        assert left["box"][2] < right["box"][0], f"{left['text']} runs into {right['text']}"
