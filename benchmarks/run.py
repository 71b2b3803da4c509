"""Benchmark coach against the libraries it stands on, against itself on a far larger journal, and against peers.

Run it with the project's own dependencies and the standard library only:

    python benchmarks/run.py [--rounds 9] [--peers] [--encrypted-only] [--sync-only]
        [--markdown benchmarks/results.md] [--readme benchmarks/README.md]

It builds an empty, a 1-year, a 10-year (`coach demo --weeks 520`) and a 50-year journal (`--weeks 2600`) in
a temporary folder, then times each pair of commands in alternating runs (A, B, B, A, A, B, ...) and gives
the median of the pairs' ratios, so that both sides of every ratio see the same machine state. Each read
command's peak memory (the largest resident set of one run) and its imports (`-X importtime`: no SQLAlchemy)
are checked on the 10-year journal, and `status`, `week` and `commit` on it encrypted (`coach encrypt`) against
it plain (`--encrypted-only`: those alone); `coach sync` goes through a folder PLACE (`--sync-only`: its three
rows alone). With `--peers`, jrnl and Taskwarrior are measured too when they are installed, on journals built in the same temporary folder (never the user's own). It prints a table, writes
it as Markdown (and into benchmarks/README.md with --readme), and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
MIB = 1024 * 1024
TYPER_RICH = "import typer, rich.console, rich.table"
ORM_STACK = "import sqlmodel, typer, rich"
README_START = "<!-- benchmark table: start -->"
README_END = "<!-- benchmark table: end -->"

Command = tuple[Sequence[str], dict[str, str]]


@dataclass(frozen=True)
class Result:
    """One line of the table: what was measured, the value, the target (None: shown, no target), met or not."""

    name: str
    value: float
    target: float | None
    unit: str  # "x" for a ratio, "s" for seconds, "MiB", or "" for a yes/no check (value 1 = yes)

    @property
    def met(self) -> bool:
        return self.target is None or self.value <= self.target

    def cells(self) -> list[str]:
        if self.unit == "":
            return [self.name, "none" if self.value == 0 else "imported", "none", "yes" if self.met else "NO"]
        shown = {"x": f"{self.value:.2f}x", "s": f"{self.value:.2f} s", "MiB": f"{self.value:.1f} MiB"}[
            self.unit
        ]
        if self.target is None:
            return [self.name, shown, "", ""]
        target = {"x": f"≤ {self.target:g}x", "s": f"≤ {self.target:g} s", "MiB": f"≤ {self.target:g} MiB"}
        return [self.name, shown, target[self.unit], "yes" if self.met else "NO"]


def coach_command() -> list[str]:
    """The installed `coach` console script beside this Python, else `python -m coachcli`."""
    script = Path(sys.executable).parent / "coach"
    if script.exists():
        return [str(script)]
    found = shutil.which("coach")
    return [found] if found else [sys.executable, "-m", "coachcli"]


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds one run of `command` takes, and its peak resident memory in bytes; it must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {error.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss * 1024  # Linux reports kilobytes


def seconds(command: Sequence[str], env: dict[str, str]) -> float:
    return run_once(command, env)[0]


def ratio(first: Command, second: Command, rounds: int) -> float:
    """How many times as long the first command takes as the second: the median, over `rounds` pairs of runs
    (after one warm-up run each), of each pair's ratio, so that both sides of every ratio see the same machine
    state. The pairs alternate which side runs first, so that neither always finds the files both read (the
    interpreter's, the libraries') freshly read by the other."""
    seconds(*first)
    seconds(*second)
    ratios = []
    for round_number in range(rounds):
        if round_number % 2:
            after = seconds(*second)
            ratios.append(seconds(*first) / after)
        else:
            before = seconds(*first)
            ratios.append(before / seconds(*second))
    return statistics.median(ratios)


def imports_sqlalchemy(command: Sequence[str], env: dict[str, str]) -> bool:
    """Whether the command, run with `-X importtime`, imports anything of SQLAlchemy."""
    result = subprocess.run(
        command, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, capture_output=True, text=True, check=True
    )
    return bool(re.search(r"\|\s*sqlalchemy\b", result.stderr))


def read_commands(decade: dict[str, str], coach: list[str]) -> list[list[str]]:
    """The read commands this coach has: each command that only shows, with arguments for a real journal."""
    from coachcli.cli.app import COMMANDS

    goal_id = json.loads(subprocess.run([*coach, "goal", "list", "--format", "json"], env=decade,
                                        capture_output=True, check=True, text=True).stdout)[0]["id"]  # fmt: skip
    wanted = [
        ["week"],
        ["goal", "list"],
        ["goal", "show", str(goal_id)],
        ["strategy", "list"],
        ["strengths"],
        ["journal", "-n", "20"],
        ["report"],
        ["brief"],
        ["calendar"],
        ["session", "--no-input"],
        ["doctor"],
        ["export"],
    ]
    commands = [args for args in wanted if args[0] in COMMANDS]
    if "brief" in COMMANDS or "session" in COMMANDS:  # bare `coach`: what is due now (SPEC), once it is built
        commands.append([])
    return commands


def demo(coach: list[str], journal: dict[str, str], weeks: int) -> list[str]:
    """`coach demo` building `weeks` weeks into this journal's file (the demo writes only where --db says)."""
    return [*coach, "--db", journal["COACH_DB"], "demo", "--weeks", str(weeks)]


BOUNDED = (["week"], ["journal", "-n", "20"], ["report"])


def build_jrnl(folder: Path, entries: int) -> Command | None:
    """A jrnl journal of `entries` entries and its config, in `folder`; None when jrnl is not installed."""
    jrnl = shutil.which("jrnl")
    if jrnl is None:
        return None
    version = subprocess.run([jrnl, "--version"], capture_output=True, text=True).stdout.split()[-1]
    journal = folder / "jrnl.txt"
    lines = []
    for number in range(entries):
        day = time.strftime("%Y-%m-%d", time.gmtime(1_400_000_000 + number * 86_400))
        lines.append(f"[{day} 09:00:00 AM] Entry {number}: a run by the river.\nIt went well, @running.\n")
    journal.write_text("\n".join(lines), encoding="utf-8")
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\n"
        "editor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: '{journal}'}}}}\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        f"timeformat: '%Y-%m-%d %I:%M:%S %p'\nversion: {version}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    return [jrnl, "--config-file", str(config), "-n", "10"], env


def build_taskwarrior(folder: Path, tasks: int) -> Command | None:
    """A Taskwarrior database of `tasks` pending tasks in `folder`; None when `task` is not installed."""
    task = shutil.which("task")
    if task is None:
        return None
    data = folder / "task"
    data.mkdir()
    taskrc = folder / "taskrc"
    taskrc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(taskrc), "TASKDATA": str(data), "HOME": str(folder)}
    items = [
        {"description": f"Task {number}", "status": "pending", "entry": "20260101T090000Z",
         "project": f"p{number % 20}", "uuid": f"00000000-0000-4000-8000-{number:012d}"}
        for number in range(tasks)
    ]  # fmt: skip
    source = folder / "tasks.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    subprocess.run([task, "import", str(source)], env=env, capture_output=True, check=True)
    return [task, "next"], env


def encrypted_rows(
    coach: list[str],
    python: list[str],
    base: dict[str, str],
    decade: dict[str, str],
    folder: Path,
    rounds: int,
) -> list[Result]:
    """The 10-year journal encrypted (`coach encrypt`) against itself plain: status, week and commit."""
    plain_writes = {**base, "COACH_DB": str(folder / "plain-writes.db")}
    sealed = {**base, "COACH_DB": str(folder / "sealed.db")}
    sealed_writes = {**base, "COACH_DB": str(folder / "sealed-writes.db")}
    for env in (plain_writes, sealed, sealed_writes):
        shutil.copy(Path(decade["COACH_DB"]), Path(env["COACH_DB"]))
    for number, env in enumerate((sealed, sealed_writes)):
        recovery = str(folder / f"recovery-{number}.txt")
        seconds([*coach, "encrypt", "--yes", "--write-recovery", recovery], env)
    results = []
    status_ratio = ratio(([*coach, "status"], sealed), ([*python, "-c", "import sqlite3"], base), rounds)
    results.append(Result("coach status (10 y, encrypted) / import sqlite3", status_ratio, 2, "x"))
    for args, target in ((["status"], None), (["week"], 1.15)):
        encrypted_ratio = ratio(([*coach, *args], sealed), ([*coach, *args], decade), rounds)
        results.append(Result(f"{name_of(args)} (10 y): encrypted / plain", encrypted_ratio, target, "x"))
    commit = [*coach, "commit", "Stretch after the run", "--week", "next"]
    commit_ratio = ratio((commit, sealed_writes), (commit, plain_writes), rounds)
    results.append(Result("coach commit (10 y): encrypted / plain", commit_ratio, 1.15, "x"))
    return results


def fresh(base: dict[str, str], folder: Path, name: str) -> dict[str, str]:
    """A device's environment: its own journal (not yet made) in a folder of its own."""
    (folder / name).mkdir(parents=True, exist_ok=True)
    return {**base, "COACH_DB": str(folder / name / "coach.db")}


def sync_rows(
    coach: list[str],
    base: dict[str, str],
    decade: dict[str, str],
    export_file: str,
    folder: Path,
    rounds: int,
) -> list[Result]:
    """`coach sync` with nothing new against `coach week`; 1,000 changes applied from another device; `coach sync
    join` of the 10-year journal against `coach import` of its export. Each through a folder PLACE."""
    folder.mkdir()
    results = []
    # Nothing new: the 10-year journal synced, then synced again (nothing to apply, nothing to send).
    synced = fresh(base, folder, "synced")
    shutil.copy(Path(decade["COACH_DB"]), Path(synced["COACH_DB"]))
    place = str(folder / "place-idle")
    os.mkdir(place)
    seconds([*coach, "sync", "init", place, "--write-recovery", str(folder / "idle.txt")], synced)
    idle = ratio(([*coach, "sync"], synced), ([*coach, "week"], synced), rounds)
    results.append(Result("coach sync, nothing new (10 y) / coach week (10 y)", idle, 1.5, "x"))

    # Changes from another device: a year of a journal imported on one device, applied by `coach sync` on
    # devices that joined before it was sent (one per round: applying is done once).
    sender = fresh(base, folder, "sender")
    place = str(folder / "place-changes")
    os.mkdir(place)
    recovery = str(folder / "changes.txt")
    seconds([*coach, "sync", "init", place, "--write-recovery", recovery], sender)
    receivers = [fresh(base, folder, f"receiver-{number}") for number in range(3)]
    for receiver in receivers:
        seconds([*coach, "sync", "join", place, "--key-file", recovery], receiver)
    year = fresh(base, folder, "year")
    seconds(demo(coach, year, 94), year)
    year_file = str(folder / "year.json")
    seconds([*coach, "export", "-o", year_file], year)
    seconds([*coach, "import", year_file], sender)
    sent = subprocess.run([*coach, "sync"], env=sender, capture_output=True, text=True, check=True).stdout
    changes = int(re.search(r"(\d[\d,]*) changes? sent", sent)[1].replace(",", ""))  # type: ignore[index]
    applying = statistics.median(seconds([*coach, "sync"], receiver) for receiver in receivers)
    results.append(Result(f"coach sync applying {changes:,} changes from another device", applying, 2, "s"))

    # Joining the 10-year journal (its snapshot) against importing its export, each into a new journal.
    first = fresh(base, folder, "first")
    shutil.copy(Path(decade["COACH_DB"]), Path(first["COACH_DB"]))
    place = str(folder / "place-join")
    os.mkdir(place)
    recovery = str(folder / "join.txt")
    seconds([*coach, "sync", "init", place, "--write-recovery", recovery], first)
    ratios = []
    for number in range(max(3, rounds // 3)):
        joined = fresh(base, folder, f"joined-{number}")
        imported = fresh(base, folder, f"imported-{number}")
        join_time = seconds([*coach, "sync", "join", place, "--key-file", recovery], joined)
        ratios.append(join_time / seconds([*coach, "import", export_file], imported))
    results.append(
        Result("coach sync join (10 y) / coach import of its export", statistics.median(ratios), 3, "x")
    )
    return results


def markdown_table(results: list[Result], rounds: int) -> str:
    lines = [
        f"Ratios: medians of {rounds} alternating pairs of runs; times: one run. {os.cpu_count()} cores,"
        f" Python {sys.version.split()[0]}"
        f" ({time.strftime('%Y-%m-%d', time.gmtime())}).",
        "",
        "| measure | value | target | met |",
        "|---|---:|---:|---|",
    ]
    lines += ["| " + " | ".join(result.cells()) + " |" for result in results]
    return "\n".join(lines) + "\n"


def write_readme(readme: Path, table: str) -> None:
    """Put the table between the README's benchmark markers."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    readme.write_text(text[:start] + "\n\n" + table + "\n" + text[end:], encoding="utf-8")


def name_of(args: Sequence[str]) -> str:
    return "coach " + " ".join(args) if args else "coach (no command)"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=9, help="alternating runs per ratio (default 9)")
    parser.add_argument("--peers", action="store_true", help="also measure jrnl and Taskwarrior if installed")
    parser.add_argument("--markdown", type=Path, default=Path(__file__).with_name("results.md"))
    parser.add_argument(
        "--readme",
        type=Path,
        help="also write the table between this file's benchmark markers (benchmarks/README.md)",
    )
    parser.add_argument(
        "--encrypted-only", action="store_true", help="only the encrypted journal against the plain one"
    )
    parser.add_argument("--sync-only", action="store_true", help="only `coach sync`'s three rows")
    options = parser.parse_args()
    rounds = options.rounds
    coach = coach_command()
    python = [sys.executable]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        # As an installed coach runs: compiled bytecode (the first run of each writes it), no colour, no config.
        base = {
            key: value for key, value in os.environ.items() if key not in ("PYTHONDONTWRITEBYTECODE", "PAGER")
        }
        # Nothing of the user's own is read or written: the data folder (where the demo goes) is the temporary one.
        base.update(
            COACH_TODAY=TODAY,
            NO_COLOR="1",
            COLUMNS="120",
            COACH_CONFIG=str(Path(folder) / "none.toml"),
            XDG_DATA_HOME=folder,
        )
        journals = {name: {**base, "COACH_DB": str(Path(folder) / f"{name}.db")} for name in
                    ("empty", "year", "decade", "fifty", "writes")}  # fmt: skip
        empty, year, decade, fifty, writes = (
            journals[name] for name in ("empty", "year", "decade", "fifty", "writes")
        )
        seconds([*coach, "goal", "list"], empty)
        if options.encrypted_only:
            print("building a 10-year journal, plain and encrypted ...", file=sys.stderr)
            seconds(demo(coach, decade, 520), decade)
            results = encrypted_rows(coach, python, base, decade, Path(folder), rounds)
            print(markdown_table(results, rounds))
            return 0 if all(result.met for result in results) else 1
        if options.sync_only:
            print("building a 10-year journal and its export ...", file=sys.stderr)
            seconds(demo(coach, decade, 520), decade)
            export_file = str(Path(folder) / "decade.json")
            seconds([*coach, "export", "-o", export_file], decade)
            results = sync_rows(coach, base, decade, export_file, Path(folder) / "sync", rounds)
            print(markdown_table(results, rounds))
            return 0 if all(result.met for result in results) else 1
        print("building a 10-year and a 50-year journal ...", file=sys.stderr)
        results.append(Result("demo --weeks 520", seconds(demo(coach, decade, 520), decade), 15, "s"))
        seconds(demo(coach, fifty, 2600), fifty)
        seconds(demo(coach, year, 52), year)
        shutil.copy(Path(decade["COACH_DB"]), Path(writes["COACH_DB"]))
        export_file = str(Path(folder) / "decade.json")
        results.append(
            Result(
                "export -o FILE (10 years)", seconds([*coach, "export", "-o", export_file], decade), 3, "s"
            )
        )
        copy = {**base, "COACH_DB": str(Path(folder) / "copy.db")}
        results.append(Result("import (10 years)", seconds([*coach, "import", export_file], copy), 6, "s"))

        print("timing start-up ...", file=sys.stderr)
        help_ratio = ratio(([*coach, "--help"], base), ([*python, "-c", "import typer"], base), rounds)
        results.append(Result("coach --help / import typer", help_ratio, 1.3, "x"))

        print("timing the read commands ...", file=sys.stderr)
        libraries = ([*python, "-c", TYPER_RICH], base)
        commands = read_commands(decade, coach)
        for args in commands:
            command_ratio = ratio(([*coach, *args], decade), libraries, rounds)
            results.append(Result(f"{name_of(args)} (10 y) / {TYPER_RICH}", command_ratio, 1.5, "x"))
        for args in commands:
            peak = max(run_once([*coach, *args], decade)[1] for _ in range(3)) / MIB
            results.append(Result(f"{name_of(args)} (10 y): peak memory", peak, 40, "MiB"))
        for args in commands:
            heavy = imports_sqlalchemy([*python, "-m", "coachcli", *args], decade)
            results.append(
                Result(f"{name_of(args)} (10 y): sqlalchemy in -X importtime", float(heavy), 0, "")
            )

        print("timing coach status ...", file=sys.stderr)
        for label, env in (("empty", empty), ("10 y", decade), ("50 y", fifty)):
            status_ratio = ratio(([*coach, "status"], env), ([*python, "-c", "import sqlite3"], base), rounds)
            results.append(Result(f"coach status ({label}) / import sqlite3", status_ratio, 2, "x"))

        print("timing writes ...", file=sys.stderr)
        orm = ([*python, "-c", ORM_STACK], base)
        commit_ratio = ratio(
            ([*coach, "commit", "Stretch after the run", "--week", "next"], writes), orm, rounds
        )
        results.append(Result(f"coach commit (10 y) / {ORM_STACK}", commit_ratio, 0.85, "x"))
        mark_ratio = ratio(([*coach, "mark", "1", "done"], writes), orm, rounds)
        results.append(Result(f"coach mark (10 y) / {ORM_STACK}", mark_ratio, 0.85, "x"))

        print("timing sync ...", file=sys.stderr)
        results += sync_rows(coach, base, decade, export_file, Path(folder) / "sync", rounds)

        print("timing the encrypted journal ...", file=sys.stderr)
        results += encrypted_rows(coach, python, base, decade, Path(folder), rounds)

        print("timing 50 years against an empty journal ...", file=sys.stderr)
        for args in commands:
            if args[:1] in (["goal"],) and args[1:2] == ["show"]:
                continue  # the goal's id differs between the two journals
            growth = ratio(([*coach, *args], fifty), ([*coach, *args], empty), rounds)
            target = 1.2 if args in BOUNDED else None
            results.append(Result(f"{name_of(args)}: 50 years / empty journal", growth, target, "x"))
        # The same page shown from a journal fifty times as long: what a bounded read costs for the journal's
        # size alone (against an empty journal, the ratio above also holds the cost of showing anything).
        for args in BOUNDED:
            growth = ratio(([*coach, *args], fifty), ([*coach, *args], year), rounds)
            results.append(Result(f"{name_of(args)}: 50 years / 1 year", growth, None, "x"))

        if options.peers:
            print("timing peers ...", file=sys.stderr)
            peers = Path(folder) / "peers"
            peers.mkdir()
            jrnl = build_jrnl(peers, 2000)
            if jrnl is not None:
                week_ratio = ratio(([*coach, "week"], decade), jrnl, rounds)
                results.append(Result("coach week (10 y) / jrnl -n 10 (2,000 entries)", week_ratio, 0.6, "x"))
            else:
                print("jrnl is not installed: skipped", file=sys.stderr)
            task = build_taskwarrior(peers, 5000)
            if task is not None:
                week_ratio = ratio(([*coach, "week"], decade), task, rounds)
                results.append(Result("coach week (10 y) / task next (5,000 tasks)", week_ratio, None, "x"))
            else:
                print("Taskwarrior is not installed: skipped", file=sys.stderr)

    table = markdown_table(results, rounds)
    print(table)
    options.markdown.write_text(table, encoding="utf-8")
    print(f"written to {options.markdown}", file=sys.stderr)
    if options.readme is not None:
        write_readme(options.readme, table)
        print(f"and into {options.readme}", file=sys.stderr)
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
