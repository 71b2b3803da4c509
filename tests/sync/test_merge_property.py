"""The merge's promise, tested on random histories: three devices, random commands, random partitions and exchange
orders, batches held back and delivered twice, clocks up to an hour apart. After everyone has synced twice:
every device holds the same journal (ids included) and the same conflicts, and every value ever written is the
value kept, one it replaced knowingly, a listed conflict's lost value, or one a deletion saw."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli.store.history import KEPT_BY_THE_JOURNAL
from coachcli.store.replica import QUIET, SYNCED
from coachcli.sync.engine import decode
from tests.sync.memory import Device, MemoryPlace, devices

WEEKS = ("2026-W47", "2026-W48")
TEXTS = ("one", "two", "three")


def goal_ids(device: Device) -> list[int]:
    return [row[0] for row in device.read("SELECT id FROM goal ORDER BY id")]


def command(device: Device, kind: str, pick: int, text: str) -> None:
    """One command on `device`; a command about an entry it does not have does nothing."""
    goals = goal_ids(device)
    goal = goals[pick % len(goals)] if goals else None
    commitments = [row[0] for row in device.read("SELECT id FROM commitment ORDER BY id")]
    commitment = commitments[pick % len(commitments)] if commitments else None
    checkins = [row[0] for row in device.read("SELECT id FROM checkin ORDER BY id")]
    checkin = checkins[pick % len(checkins)] if checkins else None
    stamp = "2026-11-25 08:00:00"
    statements: dict[str, Any] = {
        "goal add": (
            "INSERT INTO goal (title, status, created, created_at) VALUES (?, 'active', '2026-11-25', ?)",
            (text, stamp),
        ),
        "goal edit": ("UPDATE goal SET title = ? WHERE id = ?", (text, goal)),
        "goal done": ("UPDATE goal SET status = 'done', closed = '2026-11-25' WHERE id = ?", (goal,)),
        "goal delete": ("DELETE FROM goal WHERE id = ?", (goal,)),
        "goal log": (
            "INSERT INTO checkin (goal_id, day, value, created_at) VALUES (?, '2026-11-25', ?, ?)",
            (goal, float(len(text)), stamp),
        ),
        "checkin edit": ("UPDATE checkin SET note = ? WHERE id = ?", (text, checkin)),
        "goal tag": (
            "INSERT OR IGNORE INTO goal_tag (goal_id, tag, position) VALUES (?, ?, 0)",
            (goal, text),
        ),
        "commit": (
            "INSERT INTO commitment (text, week, goal_id, status, created_at, updated_at)"
            " VALUES (?, '2026-W48', ?, 'open', ?, ?)",
            (text, goal, stamp, stamp),
        ),
        "mark": ("UPDATE commitment SET status = 'done', note = ? WHERE id = ?", (text, commitment)),
        "week note": (
            "INSERT INTO week_note (week, text, created_at, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (week) DO UPDATE SET text = excluded.text",
            (WEEKS[pick % 2], text, stamp, stamp),
        ),
        "week note delete": ("DELETE FROM week_note WHERE week = ?", (WEEKS[pick % 2],)),
    }
    sql, parameters = statements[kind]
    if None in parameters[:2] and kind != "goal add" and "week" not in kind:
        return
    device.write((sql, parameters))


KINDS = (
    "goal add",
    "goal add",
    "goal edit",
    "goal done",
    "goal delete",
    "goal log",
    "checkin edit",
    "goal tag",
    "commit",
    "mark",
    "week note",
    "week note delete",
)
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("do"),
            st.integers(0, 2),
            st.sampled_from(KINDS),
            st.integers(0, 5),
            st.sampled_from(TEXTS),
        ),
        st.tuples(
            st.just("sync"),
            st.integers(0, 2),
            st.frozensets(st.tuples(st.integers(0, 2), st.integers(1, 4)), max_size=2),  # held back
            st.booleans(),  # delivered twice
        ),
    ),
    min_size=1,
    max_size=14,
)


def journal_state(device: Device) -> dict[str, Any]:
    """Everything a person sees (every synced table, ids and all; not what each journal counts for itself, the
    calendar's `revision`) and the conflicts listed."""
    state: dict[str, Any] = {}
    for table in SYNCED:
        columns = [row[1] for row in device.read(f'PRAGMA table_info("{table.name}")')]
        shown = ", ".join(f'"{column}"' for column in columns if column not in KEPT_BY_THE_JOURNAL)
        state[table.name] = sorted(map(repr, device.read(f'SELECT {shown} FROM "{table.name}"')))
    state["conflicts"] = sorted(
        device.read("SELECT uid, field, kept, lost, lost_stamp, lost_device FROM sync_conflict")
    )
    return state


def check_nothing_lost(device: Device, place: MemoryPlace) -> None:
    """Every version written anywhere is accounted for on `device`."""
    operations = [
        op for batches in place.batches.values() for batch in batches.values() for op in batch_ops(batch)
    ]
    versions: dict[tuple[str, str], dict[tuple[int, str], tuple[Any, list[tuple[int, str]]]]] = {}
    deletes_saw: dict[tuple[str, str], set[tuple[int, str]]] = {}
    for op in operations:
        for field, value in op.get("v", {}).items():
            prev = [(s, d) for s, d in op.get("p", {}).get(field, [])]
            versions.setdefault((op["u"], field), {})[(op["s"], op["d"])] = (value, prev)
        if op["k"] == "x":
            for field, seen in op["seen"]["fields"].items():
                deletes_saw.setdefault((op["u"], field), set()).update((s, d) for s, d in seen)
    listed = {
        (uid, field, stamp, dev)
        for uid, field, stamp, dev in device.read(
            "SELECT uid, field, lost_stamp, lost_device FROM sync_conflict"
        )
    }
    for (uid, field), found in versions.items():
        if field in QUIET:
            continue
        winner = max(found)
        known = ancestry(found, {winner}) | ancestry(found, deletes_saw.get((uid, field), set()))
        for version, (value, _) in found.items():
            accounted = version in known or (uid, field, *version) in listed or value == found[winner][0]
            assert accounted, f"{field} = {value!r} of {uid} vanished on {device.name}"


def ancestry(found: dict[tuple[int, str], Any], start: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """The versions `start` are or replaced (computed from the operations, not by the code under test)."""
    done: set[tuple[int, str]] = set()
    todo = list(start)
    while todo:
        item = todo.pop()
        if item not in done:
            done.add(item)
            todo.extend(found.get(item, (None, []))[1])
    return done


def batch_ops(batch: Any) -> list[dict[str, Any]]:
    return list(decode(batch.payload)["ops"])


def run_history(folder: Path, history: list[tuple[Any, ...]], skews: list[int]) -> None:
    group = devices(folder, ["laptop", "desktop", "phone"], skews)
    place = MemoryPlace()
    try:
        for step in history:
            if step[0] == "do":
                _, who, kind, pick, text = step
                command(group[who], kind, pick, text)
            else:
                _, who, held, twice = step
                hidden = {(group[device].device, seq) for device, seq in held}
                group[who].sync(place, hidden=hidden, duplicate=twice)
        for _ in range(2):
            for device in group:
                device.sync(place)
        states = [journal_state(device) for device in group]
        assert states[0] == states[1] == states[2]
        for device in group:
            check_nothing_lost(device, place)
            assert device.read("PRAGMA integrity_check") == [("ok",)]
            assert device.read("PRAGMA foreign_key_check") == []
    finally:
        for device in group:
            device.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=steps, skews=st.lists(st.integers(-3_600_000, 3_600_000), min_size=3, max_size=3))
def test_three_devices_converge_and_lose_nothing_silently(
    tmp_path_factory: pytest.TempPathFactory, history, skews
):
    run_history(tmp_path_factory.mktemp("devices"), history, skews)


def test_two_devices_adding_goal_4_offline_keep_both_and_name_both_numbers(tmp_path: Path):
    laptop, desktop = devices(tmp_path, ["laptop", "desktop"])
    place = MemoryPlace()
    for device in (laptop, desktop):
        for title in ("a", "b", "c"):
            command(device, "goal add", 0, title) if device is laptop else None
    laptop.sync(place)
    desktop.sync(place)
    command(laptop, "goal add", 0, "laptop's fourth")
    command(desktop, "goal add", 0, "desktop's fourth")
    laptop.sync(place)
    outcome = desktop.sync(place)
    assert outcome.renumbered == ["Your goal 4 is now goal 5: another device's came first."]
    outcome = laptop.sync(place)
    assert outcome.renumbered == ["Goal 4 from desktop is goal 5 here."]
    for device in (laptop, desktop):
        assert device.read("SELECT id, title FROM goal WHERE id >= 4") == [
            (4, "laptop's fourth"),
            (5, "desktop's fourth"),
        ]


def deleted_on_laptop_while_desktop_did(tmp_path: Path, kind: str, text: str) -> tuple[Device, Device]:
    """Goal "one" on both devices; the laptop deletes it while the desktop, offline, runs `kind`; all synced."""
    laptop, desktop = devices(tmp_path, ["laptop", "desktop"])
    place = MemoryPlace()
    command(laptop, "goal add", 0, "one")
    laptop.sync(place)
    desktop.sync(place)
    command(laptop, "goal delete", 0, "")
    command(desktop, kind, 0, text)
    for device in (laptop, desktop, laptop):
        device.sync(place)
    return laptop, desktop


def test_a_delete_wins_over_an_edit_it_never_saw_which_is_listed(tmp_path: Path):
    for device in deleted_on_laptop_while_desktop_did(tmp_path, "goal edit", "edited offline"):
        assert goal_ids(device) == []
        rows = device.read("SELECT field, kept, lost FROM sync_conflict")
        assert rows == [("title", None, json.dumps("edited offline"))]


def test_a_check_in_the_deleting_device_never_saw_brings_its_goal_back(tmp_path: Path):
    for device in deleted_on_laptop_while_desktop_did(tmp_path, "goal log", "three"):
        assert device.read("SELECT g.title, c.value FROM goal g JOIN checkin c ON c.goal_id = g.id") == [
            ("one", 5.0)
        ]


def test_a_batch_applied_twice_changes_nothing_the_second_time(tmp_path: Path):
    laptop, desktop = devices(tmp_path, ["laptop", "desktop"])
    place = MemoryPlace()
    command(laptop, "goal add", 0, "one")
    laptop.sync(place)
    outcome = desktop.sync(place, duplicate=True)
    assert outcome.applied == {"laptop": 1}
    assert desktop.read("SELECT title FROM goal") == [("one",)]
