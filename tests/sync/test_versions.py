"""A batch written by a newer coach waits, kept in the journal, and is applied once this coach knows its revision.

The issue asks for a device on the previous coach version; the previous release has no sync at all, so a newer
device is simulated instead: a batch that names a schema revision this coach does not know yet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coachcli.store.db import HEAD_REVISION, REVISIONS
from coachcli.sync import engine
from tests.sync.memory import MemoryPlace, devices

NEWER = f"{int(HEAD_REVISION) + 1:04d}"


def test_a_newer_coachs_batch_waits_then_applies_after_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    laptop, desktop = devices(tmp_path, ["laptop", "desktop"])
    place = MemoryPlace()
    laptop.write(
        (
            "INSERT INTO goal (title, status, created, created_at) VALUES ('From a newer coach', 'active', '2026-11-25', '2026-11-25 08:00:00')",
            (),
        )
    )
    laptop.sync(place)
    laptop.write(("UPDATE goal SET why = 'health'", ()))
    laptop.sync(place)
    batches = place.batches[laptop.device]
    batches[1] = replace(batches[1], revision=NEWER)  # as a coach one revision ahead writes it

    outcome = desktop.sync(place)
    assert outcome.waiting == 1 and outcome.applied == {}
    assert "waiting for a newer coach" in engine.summary(outcome)
    assert desktop.read("SELECT count(*) FROM goal") == [(0,)]
    assert desktop.read("SELECT device, seq, revision FROM sync_waiting") == [(laptop.device, 1, NEWER)]
    place.batches.clear()  # PLACE cleaned up meanwhile: the kept copy is what is applied

    upgraded_ops: list[str] = []

    def upgrade(op: dict) -> dict:  # the hook a migration that renames or retypes a column would add
        upgraded_ops.append(op["k"])
        return op

    monkeypatch.setattr(engine, "REVISIONS", (*REVISIONS, NEWER))
    monkeypatch.setitem(engine.UPGRADES, NEWER, upgrade)
    outcome = desktop.sync(place)
    assert outcome.applied == {"laptop": 1} and outcome.waiting == 0
    assert desktop.read("SELECT title FROM goal") == [("From a newer coach",)]
    assert desktop.read("SELECT count(*) FROM sync_waiting") == [(0,)]
    assert upgraded_ops == []  # written at NEWER itself: nothing to bring up

    # A batch from an older revision is brought up through every later revision's hook.
    assert engine.upgraded([{"k": "s"}], HEAD_REVISION) == [{"k": "s"}] and upgraded_ops == ["s"]
