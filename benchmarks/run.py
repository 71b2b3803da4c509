"""Benchmark coach: start-up against its libraries, and a 10-year journal against an empty one.

Run it with the project's own dependencies and the standard library only:

    python benchmarks/run.py [--rounds 11] [--markdown benchmarks/results.md]

It builds an empty and a 10-year journal (`coach demo --weeks 520`) in a temporary folder, then times each
command as the median of alternating runs (A, B, A, B, ...) so that both sides of a ratio see the same machine
state. It prints a table, writes it as Markdown, and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-25"


@dataclass(frozen=True)
class Result:
    """One line of the table: what was measured, the value, the target, and whether it was met."""

    name: str
    value: float
    target: float
    unit: str  # "x" for a ratio, "s" for seconds

    @property
    def met(self) -> bool:
        return self.value <= self.target

    def cells(self) -> list[str]:
        shown = f"{self.value:.2f}{self.unit}" if self.unit == "x" else f"{self.value:.2f} s"
        target = f"≤ {self.target:g}{self.unit}" if self.unit == "x" else f"≤ {self.target:g} s"
        return [self.name, shown, target, "yes" if self.met else "NO"]


def coach_command() -> list[str]:
    """The installed `coach` console script beside this Python, else `python -m coachcli`."""
    script = Path(sys.executable).parent / "coach"
    if script.exists():
        return [str(script)]
    found = shutil.which("coach")
    return [found] if found else [sys.executable, "-m", "coachcli"]


def run_once(command: Sequence[str], env: dict[str, str]) -> float:
    """Seconds one run of `command` takes; it must succeed."""
    start = time.perf_counter()
    completed = subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {completed.stderr.decode(errors='replace')}")
    return elapsed


def alternate(first: tuple[Sequence[str], dict[str, str]], second: tuple[Sequence[str], dict[str, str]],
              rounds: int) -> tuple[float, float]:  # fmt: skip
    """Medians of `rounds` alternating runs of two commands (after one warm-up run each)."""
    run_once(*first)
    run_once(*second)
    a_times, b_times = [], []
    for _ in range(rounds):
        a_times.append(run_once(*first))
        b_times.append(run_once(*second))
    return statistics.median(a_times), statistics.median(b_times)


def markdown_table(results: list[Result], rounds: int) -> str:
    lines = [
        f"Medians of {rounds} alternating runs on {os.cpu_count()} cores, Python {sys.version.split()[0]}.",
        "",
        "| measure | value | target | met |",
        "|---|---:|---:|---|",
    ]
    lines += ["| " + " | ".join(result.cells()) + " |" for result in results]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=11, help="alternating runs per ratio (default 11)")
    parser.add_argument("--markdown", type=Path, default=Path(__file__).with_name("results.md"))
    options = parser.parse_args()
    coach = coach_command()
    python = [sys.executable]
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        base = {**os.environ, "COACH_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "120"}
        empty = {**base, "COACH_DB": str(Path(folder) / "empty.db")}
        decade = {**base, "COACH_DB": str(Path(folder) / "decade.db")}
        copy = {**base, "COACH_DB": str(Path(folder) / "copy.db")}
        export_file = str(Path(folder) / "decade.json")
        run_once([*coach, "goal", "list"], empty)

        print("building a 10-year journal ...", file=sys.stderr)
        results = [Result("demo --weeks 520", run_once([*coach, "demo", "--weeks", "520"], decade), 15, "s")]
        results.append(
            Result("export (10 years)", run_once([*coach, "export", "-o", export_file], decade), 3, "s")
        )
        results.append(Result("import (10 years)", run_once([*coach, "import", export_file], copy), 6, "s"))
        results.append(
            Result("report --weeks 520", run_once([*coach, "report", "--weeks", "520"], decade), 3, "s")
        )

        print("timing start-up ...", file=sys.stderr)
        help_time, typer_time = alternate(([*coach, "--help"], base), ([*python, "-c", "import typer"], base),
                                          options.rounds)  # fmt: skip
        results.append(Result("coach --help / import typer", help_time / typer_time, 1.3, "x"))
        libraries = ([*python, "-c", "import sqlmodel, typer, rich"], base)
        week_time, library_time = alternate(([*coach, "week"], decade), libraries, options.rounds)
        results.append(
            Result("coach week (10 y) / import sqlmodel, typer, rich", week_time / library_time, 1.25, "x")
        )
        list_time, library_time = alternate(([*coach, "goal", "list"], decade), libraries, options.rounds)
        results.append(Result("coach goal list (10 y) / import sqlmodel, typer, rich", list_time / library_time,
                              1.25, "x"))  # fmt: skip
        decade_week, empty_week = alternate(
            ([*coach, "week"], decade), ([*coach, "week"], empty), options.rounds
        )
        results.append(Result("coach week: 10 years / empty journal", decade_week / empty_week, 1.15, "x"))

    table = markdown_table(results, options.rounds)
    print(table)
    options.markdown.write_text(table, encoding="utf-8")
    print(f"written to {options.markdown}", file=sys.stderr)
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
