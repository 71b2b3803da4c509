"""SIGKILL at every statement of `coach sync`, then `coach sync` again: every device converges, nothing is applied
twice, and the journal passes PRAGMA integrity_check."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import integrity, query, run_coach


def device_env(folder: Path, name: str) -> dict[str, str]:
    return {
        "COACH_CONFIG": str(folder / name / "config" / "config.toml"),
        "XDG_DATA_HOME": str(folder / name / "data"),
        "HOME": str(folder / name),
    }


def coach_on(folder: Path, name: str, *args: Any, env: dict[str, str] | None = None) -> Any:
    return run_coach(folder / name / "coach.db", *args, env={**device_env(folder, name), **(env or {})})


def ok(result: Any) -> Any:
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two devices: the laptop's changes wait in PLACE for the desktop, whose own change waits to be sent."""
    folder = tmp_path_factory.mktemp("devices")
    (folder / "place").mkdir()
    ok(coach_on(folder, "laptop", "goal", "add", "Run a half marathon in spring", "--no-input"))
    ok(
        coach_on(
            folder,
            "laptop",
            "sync",
            "init",
            folder / "place",
            "--name",
            "laptop",
            "--write-recovery",
            folder / "recovery.txt",
        )
    )
    ok(
        coach_on(
            folder,
            "desktop",
            "sync",
            "join",
            folder / "place",
            "--key-file",
            folder / "recovery.txt",
            "--name",
            "desktop",
        )
    )
    for command in (("goal", "log", "1", "12"), ("commit", "Run twice", "--goal", "1")):
        ok(coach_on(folder, "laptop", *command))
    ok(coach_on(folder, "laptop", "sync"))
    ok(coach_on(folder, "desktop", "goal", "edit", "1", "--why", "health"))
    return folder


def copy_of(template: Path, folder: Path) -> Path:
    """The two devices and their PLACE, copied; each journal told where its PLACE now is."""
    shutil.copytree(template, folder)
    for name in ("laptop", "desktop"):
        connection = sqlite3.connect(folder / name / "coach.db")
        with connection:
            connection.execute(
                "UPDATE sync_state SET value = ? WHERE name = 'place'", (str(folder / "place"),)
            )
        connection.close()
    return folder


def statements_of_a_sync(template: Path, tmp_path: Path) -> int:
    folder = copy_of(template, tmp_path / "count")
    counts = tmp_path / "counts.json"
    ok(coach_on(folder, "desktop", "sync", env={"COACH_TEST_COUNT": str(counts)}))
    return int(json.loads(counts.read_text())["statement"])


def test_a_sync_killed_at_any_statement_then_run_again_converges(template: Path, tmp_path: Path):
    total = statements_of_a_sync(template, tmp_path)
    assert total > 20
    for statement in range(1, total + 1):
        folder = copy_of(template, tmp_path / f"kill-{statement}")
        killed = coach_on(folder, "desktop", "sync", env={"COACH_TEST_KILL": f"statement:{statement}"})
        assert killed.returncode == -9, (statement, killed.stderr)
        ok(coach_on(folder, "desktop", "sync"))
        desktop, laptop = folder / "desktop" / "coach.db", folder / "laptop" / "coach.db"
        assert integrity(desktop) == "ok"
        assert query(desktop, "SELECT count(*) FROM sync_outbox") == [(0,)]
        assert query(desktop, "SELECT count(*) FROM checkin") == [(1,)], statement  # applied once
        assert query(desktop, "SELECT count(*) FROM commitment") == [(1,)], statement
        if statement % 8 and statement != total:
            shutil.rmtree(folder)
            continue
        # Now and then, the laptop too: it gets the desktop's edit, once, and both hold the same journal.
        ok(coach_on(folder, "laptop", "sync"))
        for journal in (desktop, laptop):
            assert query(journal, "SELECT count(*) FROM checkin") == [(1,)], statement
            assert query(journal, "SELECT count(*) FROM commitment") == [(1,)], statement
            assert query(journal, "SELECT why FROM goal WHERE id = 1") == [("health",)], statement
        assert query(desktop, "SELECT id, title, status FROM goal ORDER BY id") == query(
            laptop, "SELECT id, title, status FROM goal ORDER BY id"
        )
        shutil.rmtree(folder)
