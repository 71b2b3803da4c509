"""Interrupted work: a process killed with SIGKILL mid-write, Ctrl-C and end of input at a prompt.

After any interruption the journal is as it was before the command or as it is after it, never in between,
and it opens cleanly (SQLite's WAL recovers what a killed process left).
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import as_on_a_terminal
from tests.reliability.conftest import (
    RealJournal,
    coach_environment,
    folder_listing,
    integrity,
    run_coach,
    table_counts,
)

DEMO = ("demo", "--weeks", "520")


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON export of a 10-year demo journal, for the import runs."""
    folder = tmp_path_factory.mktemp("export")
    assert run_coach(folder / "source.db", *DEMO).returncode == 0
    target = folder / "decade.json"
    assert run_coach(folder / "source.db", "export", "--output", target).returncode == 0
    return target


@pytest.fixture(scope="module", params=["demo", "import"])
def demo_reference(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, export_file: Path
) -> dict[str, object]:
    """A complete large write (`coach demo --weeks 520`, or `coach import` of its export): its row counts,
    and its SQLite work counted per COMMIT."""
    command = DEMO if request.param == "demo" else ("import", str(export_file))
    folder = tmp_path_factory.mktemp("reference")
    journal = folder / "coach.db"
    counts_file = folder / "counts.json"
    result = run_coach(journal, *command, env={"COACH_TEST_COUNT": str(counts_file)})
    assert result.returncode == 0, result.stderr
    counts = json.loads(counts_file.read_text())
    migration, demo_insert = counts["commits_at"][:2]
    assert demo_insert["progress"] - migration["progress"] > 20, "the insert is long enough to cut"
    return {"command": command, "rows": table_counts(journal), "migration": migration, "insert": demo_insert}


def kill_points(reference: dict[str, object]) -> list[tuple[str, str]]:
    """Moments to kill a demo run: in the migration, early/mid/late in the insert, at and after its COMMIT."""
    start = reference["migration"]["progress"]  # type: ignore[index]
    end = reference["insert"]["progress"]  # type: ignore[index]
    inside = [start + max(1, round((end - start) * fraction)) for fraction in (0.1, 0.5, 0.9)]
    return [
        ("progress:2", "migration"),
        *((f"progress:{point}", "insert") for point in inside),
        ("commit:2", "insert"),
        ("after-commit:2", "done"),
    ]


def test_sigkill_during_a_large_write_leaves_the_journal_before_or_after(
    demo_reference: dict[str, object], tmp_path: Path
) -> None:
    command = demo_reference["command"]
    complete = demo_reference["rows"]
    empty = dict.fromkeys(complete, 0)  # type: ignore[arg-type]
    outcomes = []
    for number, (kill, moment) in enumerate(kill_points(demo_reference)):
        journal = tmp_path / f"kill-{number}" / "coach.db"
        result = run_coach(journal, *command, env={"COACH_TEST_KILL": kill})
        assert result.returncode == -signal.SIGKILL, (kill, result.stderr)
        assert journal.exists()
        assert integrity(journal) == "ok", kill
        counts = table_counts(journal)
        if moment == "migration":
            assert counts in ({}, empty), (kill, counts)  # no tables yet, or the empty schema
        else:
            assert counts in (empty, complete), (kill, counts)
        if moment == "done":
            assert counts == complete
        outcomes.append((journal, counts))
    # Killed before its commit, a run leaves an empty journal that the next run fills completely.
    journal, counts = next((item for item in outcomes if item[1] == empty), outcomes[0])
    assert run_coach(journal, *command).returncode == 0
    assert table_counts(journal) == complete and integrity(journal) == "ok"
    # Killed after its commit (its WAL not yet checkpointed), the journal opens with every row.
    journal = outcomes[-1][0]
    goals = json.loads(run_coach(journal, "goal", "list", "--all", "--format", "json").stdout)
    assert len(goals) == complete["goal"]  # type: ignore[index]


def test_sigkill_before_an_output_file_is_renamed_keeps_the_old_file(real_journal: RealJournal) -> None:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    output = real_journal.path.parent / "goals.md"
    output.write_text("the previous export\n")
    result = real_journal.run(
        "goal", "list", "--format", "markdown", "--output", output, env={"COACH_TEST_KILL": "replace:0"}
    )
    assert result.returncode == -signal.SIGKILL
    assert output.read_text() == "the previous export\n"
    real_journal.ok("goal", "list", "--format", "markdown", "--output", output)
    assert "Run a half marathon" in output.read_text()


def read_until(descriptor: int, marker: bytes, seen: bytearray, *, times: int = 1) -> bytes:
    """Read a pseudo-terminal until `marker` has appeared `times` times (or the process ends); the whole
    transcript so far."""
    while seen.count(marker) < times:
        ready, _, _ = select.select([descriptor], [], [], 60)
        assert ready, f"no {marker!r} from coach; it said: {bytes(seen)!r}"
        try:
            chunk = os.read(descriptor, 4096)
        except OSError:  # the process ended and closed the terminal
            break
        if not chunk:
            break
        seen.extend(chunk)
    return bytes(seen)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("key", "name"), [(b"\x03", "ctrl-c"), (b"\x04", "end of input")], ids=lambda v: str(v)
)
def test_ctrl_c_or_end_of_input_at_a_prompt_stops_cleanly_on_a_real_terminal(
    real_journal: RealJournal, key: bytes, name: str
) -> None:
    import pty

    real_journal.ok("goal", "add", "Keep this goal", "--no-input")
    before = table_counts(real_journal.path)
    environment = coach_environment(real_journal.path)
    command = [sys.executable, "-m", "coachcli", "goal", "add", "Read twelve novels this year"]
    pid, terminal = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes coach
        as_on_a_terminal()
        os.execve(sys.executable, command, environment)
    try:
        seen = bytearray()
        read_until(terminal, b"How will you know", seen)
        os.write(terminal, b"novels read\r")
        read_until(terminal, b"In what unit", seen)
        os.write(terminal, key)
        transcript = read_until(terminal, b"nothing else was written", seen).decode(errors="replace")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1, (name, transcript)
    assert "Stopped." in transcript and "Traceback" not in transcript
    assert table_counts(real_journal.path) == before, "nothing half-written"
    assert integrity(real_journal.path) == "ok"
    assert [name for name in folder_listing(real_journal.path.parent) if ".tmp" in name] == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_yes_or_no_question_on_a_real_terminal_asks_again_and_enter_is_no(
    real_journal: RealJournal,
) -> None:
    import pty

    real_journal.ok("goal", "add", "Keep this goal", "--no-input")
    environment = coach_environment(real_journal.path)
    for answers, kept in (([b"maybe\r", b"\r"], True), ([b"YES\r"], False)):
        pid, terminal = pty.fork()
        if pid == 0:  # pragma: no cover - the child becomes coach
            as_on_a_terminal()
            os.execve(sys.executable, [sys.executable, "-m", "coachcli", "goal", "delete", "1"], environment)
        try:
            seen = bytearray()
            for asked, answer in enumerate(answers, start=1):
                read_until(terminal, b"[y/N]: ", seen, times=asked)  # asked again after "maybe"
                os.write(terminal, answer)
            transcript = read_until(terminal, b"Nothing deleted." if kept else b"Deleted", seen)
            _, status = os.waitpid(pid, 0)
        finally:
            os.close(terminal)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, transcript
        if answers[0] == b"maybe\r":
            assert b"Answer y or n (Enter is no)." in transcript
        titles = [
            goal["title"] for goal in json.loads(real_journal.ok("goal", "list", "--format", "json").stdout)
        ]
        assert titles == (["Keep this goal"] if kept else [])
