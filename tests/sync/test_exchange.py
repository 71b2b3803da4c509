"""PLACE, sealing and the exchange of files between devices: pure, on folders and bare git repositories made in
the test's own temporary folder (never the network)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from coachcli.errors import InputError
from coachcli.store.keys import new_key
from coachcli.store.unlock import key_id
from coachcli.sync.exchange import Exchange, create_journal, read_journal
from coachcli.sync.place import GitPlace, Place, PlaceError, is_git_location, is_junk, open_place
from coachcli.sync.seal import SealError, read_header, seal, unseal

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


class Warnings(list[str]):
    def __call__(self, message: str) -> None:
        self.append(message)


def folder_place(tmp_path: Path, warnings: Warnings | None = None) -> Place:
    return open_place(
        str(tmp_path / "place"), tmp_path / "data", Warnings() if warnings is None else warnings, create=True
    )


def bare_repository(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    return remote


# Sealing


def test_a_sealed_file_opens_with_its_key_and_name_and_says_its_revision():
    data = seal(KEY, "ops/a/1", b"goal 4: run a marathon", "0009")
    assert unseal(KEY, "ops/a/1", data) == b"goal 4: run a marathon"
    assert read_header("ops/a/1", data) == (1, key_id(KEY), "0009")
    assert b"marathon" not in data


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("ops/a/2", lambda data: data, "altered, cut short or renamed"),  # renamed
        ("ops/a/1", lambda data: data[:-1], "altered, cut short or renamed"),  # truncated
        ("ops/a/1", lambda data: data[:10], "cut short"),  # truncated into its header
        ("ops/a/1", lambda data: data[:-5] + bytes([data[-5] ^ 1]) + data[-4:], "altered"),  # one bit
        ("ops/a/1", lambda data: data.replace(b"0009", b"0010"), "altered"),  # the public header
        ("ops/a/1", lambda data: seal(OTHER_KEY, "ops/a/1", b"x", "0009"), "another key"),  # foreign
        ("ops/a/1", lambda data: b"not sealed at all", "not a file coach sealed"),
    ],
    ids=["renamed", "truncated", "header-cut", "bit-flipped", "header-altered", "foreign", "plain"],
)
def test_a_renamed_truncated_altered_or_foreign_file_is_refused(name, change, message):
    data = change(seal(KEY, "ops/a/1", b"payload", "0009"))
    with pytest.raises(SealError, match=message):
        unseal(KEY, name, data)


def test_a_file_of_a_newer_format_says_to_upgrade():
    data = bytearray(seal(KEY, "ops/a/1", b"payload", "0009"))
    data[6] = 2
    with pytest.raises(SealError, match="upgrade coach"):
        unseal(KEY, "ops/a/1", bytes(data))


def test_two_seals_of_the_same_text_differ():
    assert seal(KEY, "n", b"same", "0009") != seal(KEY, "n", b"same", "0009")


# The folder place


def test_a_folder_place_writes_whole_private_files_and_never_replaces_one(tmp_path):
    place = folder_place(tmp_path)
    assert place.write_new("ops/dev/1", b"first")
    assert not place.write_new("ops/dev/1", b"second")
    assert place.read("ops/dev/1") == b"first"
    place.replace("acks/dev", b"one")
    place.replace("acks/dev", b"two")
    assert place.read("acks/dev") == b"two"
    assert place.names() == ["acks/dev", "ops/dev/1"]
    assert stat.S_IMODE(os.stat(tmp_path / "place" / "ops" / "dev" / "1").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "place" / "ops" / "dev").st_mode) == 0o700
    assert sorted(os.listdir(tmp_path / "place" / "ops" / "dev")) == ["1"]  # no temporary file left
    place.remove("ops/dev/1")
    place.remove("ops/dev/1")
    assert place.names() == ["acks/dev"]


@pytest.mark.parametrize(
    "junk",
    [
        "ops/dev/3.tmp",
        "ops/dev/3 (laptop's conflicted copy 2026-11-25)",
        "acks/dev.sync-conflict-20261125-101010-ABCDEFG",
        "ops/dev/.4.icloud",
        "ops/dev/3~",
        ".DS_Store",
        "ops/.DS_Store",
        "acks/dev (conflict 1)",
    ],
)
def test_sync_tool_junk_is_skipped_with_one_warning(tmp_path, junk):
    warnings = Warnings()
    place = folder_place(tmp_path, warnings)
    place.write_new("ops/dev/1", b"x")
    (tmp_path / "place" / junk).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "place" / junk).write_bytes(b"junk")
    assert place.names() == ["ops/dev/1"]
    assert place.names() == ["ops/dev/1"]
    assert len(warnings) == 1
    assert junk in warnings[0]
    assert is_junk(junk.rsplit("/", 1)[-1])


def test_sync_tools_own_folders_and_coach_temporary_files_are_skipped_silently(tmp_path):
    warnings = Warnings()
    place = folder_place(tmp_path, warnings)
    for name in (".stfolder/x", ".git/HEAD", "ops/dev/.coach-1.abc.tmp", ".stignore"):
        (tmp_path / "place" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "place" / name).write_bytes(b"")
    assert place.names() == []
    assert warnings == []


def test_a_fifo_in_place_is_never_waited_on(tmp_path):
    place = folder_place(tmp_path)
    (tmp_path / "place" / "ops").mkdir()
    os.mkfifo(tmp_path / "place" / "ops" / "fifo")
    assert place.read("ops/fifo") is None


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(PlaceError, match="not a folder"):
        open_place(str(tmp_path / "nowhere"), tmp_path / "data", Warnings())
    with pytest.raises(PlaceError, match="is not there"):
        open_place(str(tmp_path / "no" / "such"), tmp_path / "data", Warnings(), create=True)


@pytest.mark.parametrize(
    ("location", "git"),
    [
        ("git@example.org:me/coach.git", True),
        ("https://example.org/me/coach", True),
        ("ssh://me@example.org/coach", True),
        ("/media/usb/coach.git", True),
        ("~/Dropbox/coach", False),
        ("/home/me/Sync/coach", False),
    ],
)
def test_a_git_remote_is_told_from_a_folder(location, git):
    assert is_git_location(location) == git


# The git place


def test_two_git_clones_exchange_files_through_a_bare_repository(tmp_path):
    remote = bare_repository(tmp_path)
    laptop = open_place(str(remote), tmp_path / "laptop", Warnings())
    desktop = open_place(str(remote), tmp_path / "desktop", Warnings())
    assert isinstance(laptop, GitPlace)
    laptop.refresh()
    desktop.refresh()
    assert laptop.write_new("ops/laptop/1", b"one")
    assert desktop.write_new("ops/desktop/1", b"uno")
    laptop.publish()
    desktop.publish()  # rejected at first (laptop pushed first): pulls and pushes again
    laptop.refresh()
    assert laptop.names() == desktop.names() == ["ops/desktop/1", "ops/laptop/1"]
    laptop.remove("ops/laptop/1")
    laptop.replace("acks/laptop", b"ack")
    laptop.publish()
    desktop.refresh()
    assert desktop.names() == ["acks/laptop", "ops/desktop/1"]
    clone = tmp_path / "laptop" / "sync"
    (folder,) = clone.iterdir()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    log = subprocess.run(["git", "log", "--format=%s", "--stat"], cwd=folder, capture_output=True, text=True)
    assert "force" not in log.stdout


def test_git_place_adds_only_its_own_files_and_never_junk(tmp_path):
    remote = bare_repository(tmp_path)
    laptop = open_place(str(remote), tmp_path / "laptop", Warnings())
    laptop.refresh()
    laptop.write_new("ops/laptop/1", b"one")
    (laptop.root / "ops" / "laptop" / "2.tmp").write_bytes(b"half")
    laptop.publish()
    tracked = subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=remote, capture_output=True)
    assert tracked.stdout.decode().split() == ["ops/laptop/1"]


def test_git_error_is_one_clear_line(tmp_path):
    place = open_place(str(tmp_path / "missing.git"), tmp_path / "data", Warnings())
    with pytest.raises(PlaceError) as raised:
        place.refresh()
    assert raised.value.message.startswith(f"git could not clone {tmp_path / 'missing.git'}: ")
    assert "\n" not in raised.value.message


def test_an_interrupted_rebase_and_a_stale_lock_are_recovered(tmp_path):
    remote = bare_repository(tmp_path)
    laptop = open_place(str(remote), tmp_path / "laptop", Warnings())
    laptop.refresh()
    laptop.write_new("ops/laptop/1", b"one")
    laptop.publish()
    lock = laptop.root / ".git" / "index.lock"
    lock.write_bytes(b"")
    os.utime(lock, (0, 0))  # left by a coach killed long before this one started
    laptop.write_new("ops/laptop/2", b"two")
    laptop.publish()
    desktop = open_place(str(remote), tmp_path / "desktop", Warnings())
    desktop.refresh()
    assert desktop.names() == ["ops/laptop/1", "ops/laptop/2"]


# The exchange


def two_devices(tmp_path: Path) -> tuple[Exchange, Exchange]:
    place = folder_place(tmp_path)
    create_journal(place, KEY, "journal-1")
    return Exchange(place, KEY, "laptop"), Exchange(place, KEY, "desktop")


def test_the_journal_header_holds_no_secret_and_refuses_another_key(tmp_path):
    place = folder_place(tmp_path)
    header = create_journal(place, KEY, "journal-1")
    assert header.key_id == key_id(KEY)
    text = (tmp_path / "place" / "journal").read_text()
    assert KEY.hex() not in text
    assert read_journal(place) is not None
    assert Exchange(place, KEY, "laptop").journal().sync_id == "journal-1"
    with pytest.raises(PlaceError, match="another key"):
        Exchange(place, OTHER_KEY, "laptop").journal()
    with pytest.raises(PlaceError, match="already holds a coach journal"):
        create_journal(place, KEY, "journal-2")


def test_ops_flow_to_the_other_device_in_order_and_seqs_are_never_reused(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    assert [laptop.send(f"change {n}".encode(), "0009") for n in range(3)] == [1, 2, 3]
    batches = desktop.incoming({})
    assert [(batch.device, batch.seq, batch.payload) for batch in batches] == [
        ("laptop", 1, b"change 0"),
        ("laptop", 2, b"change 1"),
        ("laptop", 3, b"change 2"),
    ]
    assert batches[0].revision == "0009"
    assert desktop.incoming({"laptop": 2}) == batches[2:]
    assert laptop.incoming({}) == []  # never its own
    assert laptop.send(b"restored", "0009", last_sent=1) == 4  # a journal restored from an old backup
    assert desktop.send(b"d", "0009", last_sent=7) == 8


def test_a_bad_or_missing_file_is_warned_about_and_the_ones_after_it_wait(tmp_path):
    warnings = Warnings()
    place = folder_place(tmp_path, warnings)
    create_journal(place, KEY, "journal-1")
    laptop, desktop = Exchange(place, KEY, "laptop"), Exchange(place, KEY, "desktop")
    for n in range(4):
        laptop.send(f"change {n}".encode(), "0009")
    second = tmp_path / "place" / "ops" / "laptop" / "2"
    whole = second.read_bytes()
    second.write_bytes(whole[:-3])
    assert [batch.seq for batch in desktop.incoming({})] == [1]
    assert warnings == [
        "Skipped ops/laptop/2 in "
        + str(tmp_path / "place")
        + ": ops/laptop/2 was altered, cut short or renamed since it was sealed."
    ]
    second.write_bytes(whole)  # the sync tool brought the whole file
    assert [batch.seq for batch in Exchange(place, KEY, "desktop").incoming({"laptop": 1})] == [2, 3, 4]
    second.unlink()
    assert [batch.seq for batch in Exchange(place, KEY, "desktop").incoming({"laptop": 1})] == []
    assert "Waiting for ops/laptop/2" in warnings[-1]


def test_a_renamed_and_a_foreign_op_file_are_never_applied(tmp_path):
    warnings = Warnings()
    place = folder_place(tmp_path, warnings)
    create_journal(place, KEY, "journal-1")
    laptop = Exchange(place, KEY, "laptop")
    laptop.send(b"one", "0009")
    os.rename(tmp_path / "place" / "ops" / "laptop" / "1", tmp_path / "place" / "ops" / "laptop" / "2")
    (tmp_path / "other").mkdir()
    foreign = Exchange(folder_place(tmp_path / "other"), OTHER_KEY, "phone")
    foreign.send(b"foreign", "0009")
    os.makedirs(tmp_path / "place" / "ops" / "phone")
    os.rename(
        tmp_path / "other" / "place" / "ops" / "phone" / "1", tmp_path / "place" / "ops" / "phone" / "1"
    )
    assert Exchange(place, KEY, "desktop").incoming({"laptop": 1}) == []
    assert len(warnings) == 2
    assert "renamed" in warnings[0]
    assert "a key this device does not have" in warnings[1]


def test_the_latest_snapshot_is_the_one_that_covers_most(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    assert laptop.latest_snapshot() is None
    laptop.write_snapshot(b"state one", {"laptop": 2}, "0009")
    desktop.write_snapshot(b"state two", {"laptop": 2, "desktop": 5}, "0009")
    laptop.write_snapshot(b"state again", {"laptop": 2}, "0009")  # the same coverage: the first is kept
    snapshot = laptop.latest_snapshot()
    assert snapshot is not None
    assert (snapshot.device, snapshot.covered, snapshot.payload) == (
        "desktop",
        {"laptop": 2, "desktop": 5},
        b"state two",
    )
    (tmp_path / "place" / "snapshots" / "desktop-7").write_bytes(b"damaged")
    assert desktop.latest_snapshot().payload == b"state one"


def test_acks_name_the_devices_and_clean_up_waits_for_every_device_and_a_snapshot(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    for n in range(3):
        laptop.send(f"change {n}".encode(), "0009")
    laptop.acknowledge({}, "laptop")
    assert laptop.clean_up() == []  # desktop has applied nothing yet
    desktop.acknowledge({"laptop": 2}, "my desktop")
    assert [name for name, _ in laptop.devices()] == ["laptop", "my desktop"]
    assert laptop.clean_up() == []  # no snapshot covers them
    laptop.write_snapshot(b"state", {"laptop": 1}, "0009")
    assert laptop.clean_up() == ["ops/laptop/1"]
    desktop.write_snapshot(b"state", {"laptop": 3, "desktop": 0}, "0009")
    assert laptop.clean_up() == ["ops/laptop/2", "snapshots/laptop-1"]
    assert laptop.send(b"next", "0009") == 4  # seqs of removed files are never used again
    assert sorted(os.listdir(tmp_path / "place" / "ops" / "laptop")) == ["3", "4"]


def test_forget_stops_waiting_for_a_gone_device_until_it_syncs_again(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    phone = Exchange(laptop.place, KEY, "phone")
    laptop.send(b"one", "0009")
    laptop.acknowledge({}, "laptop")
    desktop.acknowledge({"laptop": 1}, "desktop")
    phone.acknowledge({}, "phone")
    desktop.write_snapshot(b"state", {"laptop": 1}, "0009")
    assert laptop.clean_up() == []  # the phone has not applied it
    with pytest.raises(InputError, match="no device called 'tablet'"):
        laptop.gone_device("tablet")
    with pytest.raises(InputError, match="cannot forget itself"):
        laptop.gone_device("laptop")
    gone = laptop.gone_device("phone")
    assert gone.device == "phone"
    laptop.forget(gone)
    with pytest.raises(InputError, match="no device called 'phone'"):
        laptop.gone_device("phone")
    assert [name for name, _ in desktop.devices()] == ["desktop", "laptop"]
    laptop.acknowledge({"desktop": 0}, "laptop")  # the forgetting is kept across acks
    assert laptop.clean_up() == ["ops/laptop/1"]
    phone.acknowledge({"laptop": 1}, "phone")  # it was not gone after all
    assert [name for name, _ in desktop.devices()] == ["desktop", "laptop", "phone"]


def test_a_forgotten_device_whose_missed_changes_were_cleaned_up_is_told_to_join_again(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    phone = Exchange(laptop.place, KEY, "phone")
    phone.acknowledge({}, "phone")
    laptop.send(b"one", "0009")
    laptop.acknowledge({}, "laptop")
    desktop.acknowledge({"laptop": 1}, "desktop")
    desktop.write_snapshot(b"state", {"laptop": 1}, "0009")
    laptop.forget(laptop.gone_device("phone"))
    assert laptop.clean_up() == ["ops/laptop/1"]
    laptop.send(b"two", "0009")
    with pytest.raises(PlaceError, match="Join again with a new journal"):
        phone.incoming({})
    assert [batch.seq for batch in desktop.incoming({"laptop": 1})] == [2]  # the others go on


def test_a_device_is_forgotten_by_its_id_when_two_share_a_name(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    laptop.acknowledge({}, "laptop")
    desktop.acknowledge({}, "old")
    Exchange(laptop.place, KEY, "phone").acknowledge({}, "old")
    with pytest.raises(
        InputError, match="2 devices are called 'old': name one by its id \\(desktop, phone\\)"
    ):
        laptop.gone_device("old")
    assert laptop.gone_device("phone").name == "old"


def test_everything_in_place_is_sealed(tmp_path):
    laptop, _desktop = two_devices(tmp_path)
    laptop.send(b"Run a marathon by June", "0009")
    laptop.write_snapshot(b"Reflection: I was brave", {"laptop": 1}, "0009")
    laptop.acknowledge({}, "Alice's laptop")
    for path in (tmp_path / "place").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"marathon" not in data and b"brave" not in data and b"Alice" not in data


def test_a_rotated_key_carries_devices_over_and_old_files_stay_readable(tmp_path):
    laptop, desktop = two_devices(tmp_path)
    laptop.send(b"before", "0009")
    new = new_key()
    laptop.carry_over(new)
    laptop.send(b"after", "0009")
    assert read_header(
        "ops/laptop/2", (tmp_path / "place" / "ops" / "laptop" / "2").read_bytes()
    ).key_id == key_id(new)
    # A device with the old key learns the new one, and reads both files.
    desktop = Exchange(laptop.place, KEY, "desktop")
    assert desktop.newest_key() == new
    assert [batch.payload for batch in desktop.incoming({})] == [b"before", b"after"]
    # A device joining with the new key only reads the files sealed before, and the journal's header.
    phone = Exchange(laptop.place, new, "phone")
    assert phone.newest_key() == new
    assert [batch.payload for batch in phone.incoming({})] == [b"before", b"after"]
    assert phone.journal().sync_id == "journal-1"
    # Another journal's key learns nothing.
    stranger = Exchange(laptop.place, OTHER_KEY, "stranger")
    assert stranger.newest_key() == OTHER_KEY
    assert stranger.incoming({}) == []


def test_two_devices_writing_the_same_file_through_git_is_refused_and_never_forced(tmp_path):
    remote = bare_repository(tmp_path)
    laptop = open_place(str(remote), tmp_path / "laptop", Warnings())
    desktop = open_place(str(remote), tmp_path / "desktop", Warnings())
    laptop.refresh()
    desktop.refresh()
    create_journal(laptop, KEY, "journal-1")
    create_journal(desktop, OTHER_KEY, "journal-2")  # `coach sync init` on both at once
    laptop.publish()
    with pytest.raises(PlaceError, match="another device wrote a file of the same name"):
        desktop.publish()
    shown = subprocess.run(["git", "show", "HEAD:journal"], cwd=remote, capture_output=True, text=True)
    assert "journal-1" in shown.stdout
    assert not (desktop.root / ".git" / "rebase-merge").exists()
