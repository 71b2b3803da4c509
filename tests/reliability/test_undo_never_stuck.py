"""`coach undo` is never stuck, and ids are never given twice (issue 25, items 5a, 5c and 6).

Real coach processes on real journal files: a routine's copies made as the weeks turn, history rows written by
an older coach, and ids after a delete.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.reliability.conftest import RealJournal, integrity, query, table_counts
from tests.test_migrations import make_journal_at

W48 = {"COACH_TODAY": "2026-11-25"}  # Wednesday of 2026-W48
W51 = {"COACH_TODAY": "2026-12-16"}  # three weeks on: W49, W50 and W51 get the routine's copies
W53 = {"COACH_TODAY": "2026-12-30"}  # and across New Year's week 53


def undone(result: object) -> str:
    stdout = getattr(result, "stdout", "")
    assert stdout.startswith("Undid "), stdout
    return stdout


# 5a: the routine fill is part of the history


def test_undo_takes_back_a_routine_whose_later_weeks_were_filled(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Call the physio", env=W48)
    real_journal.ok("commit", "Stretch after each run", "--every", "week", env=W48)
    real_journal.ok("week", env=W51)  # the calendar turns: copies of W49, W50 and W51 are made
    assert query(real_journal.path, "SELECT count(*) FROM commitment WHERE routine_id = 1") == [(4,)]
    result = real_journal.ok("undo", "--yes", env=W51)
    assert undone(result).startswith(
        "Undid \"commit 'Stretch after each run' --every week\": routine 1 is removed"
    )
    assert table_counts(real_journal.path)["routine"] == 0
    assert query(real_journal.path, "SELECT text FROM commitment") == [("Call the physio",)]
    undone(real_journal.ok("undo", "--yes", env=W51))  # and the change before it is reachable
    assert table_counts(real_journal.path)["commitment"] == 0
    assert integrity(real_journal.path) == "ok"


def test_undo_of_a_stop_gives_back_the_weeks_the_fill_makes_again(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Stretch after each run", "--every", "week", env=W48)
    real_journal.ok("week", env=W51)
    real_journal.ok("commit", "stop", "1", env=W51)
    real_journal.ok("week", env=W53)  # a stopped routine gets no new copies
    undone(real_journal.ok("undo", "--yes", env=W53))  # the stop
    real_journal.ok("week", env=W53)  # the routine runs again: W52 and W53 are filled
    weeks = [row[0] for row in query(real_journal.path, "SELECT week FROM commitment ORDER BY week")]
    assert weeks == ["2026-W48", "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]
    undone(real_journal.ok("undo", "--yes", env=W53))  # the routine itself, with every copy
    assert table_counts(real_journal.path)["commitment"] == 0
    assert json.loads(real_journal.ok("undo", "--list", "--format", "json", env=W53).stdout) == []


# 5c: history rows an older coach wrote with fewer digits


@pytest.mark.parametrize("recorded", ["7.099999999999999", '["7.099999999999999"]', "7.1000000000000005"])
def test_a_float_recorded_with_fewer_digits_is_not_changed_since(
    real_journal: RealJournal, recorded: str
) -> None:
    """Entries written before floats were kept exactly hold 7.1 as 7.099999999999999 (as a number, or as the
    [text] of the triggers of that time): the row still holds what that change left, and undo takes it back."""
    real_journal.ok("goal", "add", "Save", "--measure", "saved", "--target", "7.1", "--no-input", env=W48)
    real_journal.ok("goal", "log", "1", "7.1", env=W48)
    with sqlite3.connect(real_journal.path) as connection:  # as the older coach wrote them
        for row_id, after in connection.execute("SELECT id, after FROM history_row").fetchall():
            values = json.loads(after)
            name = "target" if "target" in values else "value"
            values[name] = "MARK"
            connection.execute(
                "UPDATE history_row SET after = ? WHERE id = ?",
                (json.dumps(values).replace('"MARK"', recorded), row_id),
            )
    connection.close()
    assert all(recorded in row[0] for row in query(real_journal.path, "SELECT after FROM history_row"))
    undone(real_journal.ok("undo", "--yes", env=W48))
    assert table_counts(real_journal.path)["checkin"] == 0
    undone(real_journal.ok("undo", "--yes", env=W48))
    assert table_counts(real_journal.path)["goal"] == 0


# 6: an id, once given, is never given again


def test_a_deleted_commitments_id_is_not_given_again_and_undo_names_the_delete(
    real_journal: RealJournal,
) -> None:
    for text in ("Run twice", "Stretch", "Call the physio"):
        real_journal.ok("commit", text, env=W48)
    real_journal.ok("commit", "delete", "3", "--yes", env=W48)
    assert real_journal.ok("commit", "Swim", env=W48).stdout.startswith("Commitment 4 added")
    assert query(real_journal.path, "SELECT id, text FROM commitment ORDER BY id") == [
        (1, "Run twice"),
        (2, "Stretch"),
        (4, "Swim"),
    ]
    assert undone(real_journal.ok("undo", "--yes", env=W48)).startswith('Undid "commit Swim"')
    assert undone(real_journal.ok("undo", "--yes", env=W48)).startswith('Undid "commit delete 3 --yes"')
    assert query(real_journal.path, "SELECT id, text FROM commitment ORDER BY id")[-1] == (
        3,
        "Call the physio",
    )
    assert real_journal.ok("commit", "Swim", env=W48).stdout.startswith("Commitment 5 added")


def test_an_older_journal_keeps_every_id_and_never_gives_one_twice(real_journal: RealJournal) -> None:
    """A journal written by coach at revision 0006 (the rows of every revision) is backed up, keeps every row
    and id, then counts on from its largest ids."""
    real_journal.path.parent.mkdir(mode=0o700)
    before = make_journal_at(real_journal.path, "0006")
    dump = {table: query(real_journal.path, f'SELECT * FROM "{table}" ORDER BY 1') for table in before}
    real_journal.ok("week", env=W48)  # upgrades first, after a backup
    assert real_journal.path.with_name("coach.db.bak-0006").exists()
    after = {table: query(real_journal.path, f'SELECT * FROM "{table}" ORDER BY 1') for table in before}
    kept = {
        table: [row[: len(dump[table][0])] for row in rows] if rows else rows for table, rows in after.items()
    }
    # The history's rows hold each row's values as the row has them now: 0009 adds its uid to them.
    kept["history_row"] = [tuple(without_uid(value) for value in row) for row in kept["history_row"]]
    assert kept == dump  # every row and id, in the columns it had (0007 and 0009 add columns of their own)
    assert (
        "AUTOINCREMENT"
        in query(real_journal.path, "SELECT sql FROM sqlite_master WHERE name = 'commitment'")[0][0]
    )
    largest = max(row[0] for row in dump["commitment"])
    real_journal.ok("commit", "delete", str(largest), "--yes", env=W48)
    added = real_journal.ok("commit", "Swim", env=W48).stdout
    assert added.startswith(f"Commitment {largest + 1} added"), added
    assert integrity(real_journal.path) == "ok"
    assert query(real_journal.path, "PRAGMA foreign_key_check") == []


def without_uid(value: object) -> object:
    """A history row's JSON values without the `uid` key migration 0009 adds (anything else as it is)."""
    if not isinstance(value, str) or not value.startswith("{"):
        return value
    values = json.loads(value)
    values.pop("uid", None)
    return json.dumps(values, sort_keys=True, ensure_ascii=False)
