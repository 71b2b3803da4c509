"""Deleting and undoing while other coach processes write: every change is either kept or named as undone."""

from __future__ import annotations

import re
import shlex
import sqlite3

from tests.reliability.conftest import RealJournal, assert_clean_success, integrity, query, start_together

WRITERS = 4
UNDOERS = 3


def test_delete_and_undo_among_concurrent_writers_lose_nothing(real_journal: RealJournal) -> None:
    real_journal.ok("goal", "add", "Run a half marathon", "--target", "40", "--baseline", "0", "--no-input")
    for value in (5, 8, 12):
        real_journal.ok("goal", "log", "1", str(value), "--on", f"2026-11-{10 + value}")
    real_journal.ok("commit", "Long run", "--goal", "1")
    with sqlite3.connect(real_journal.path) as connection:  # the setup is not what the undos may take back
        connection.execute("DELETE FROM history_row")
        connection.execute("DELETE FROM history")
    connection.close()
    writers = [["commit", f"Writer {number}"] for number in range(WRITERS)]
    # Off a terminal, undoing a change of several entries (the goal's deletion) needs --yes.
    commands = [*writers, ["goal", "delete", "1", "--yes"], *[["undo", "--yes"]] * UNDOERS]
    results = start_together(real_journal.path, commands)
    assert_clean_success(results)

    undone = set()
    for result in results[WRITERS + 1 :]:
        match = re.match(r'Undid "(.*?)": ', result.stdout)
        if match:
            undone.add(match.group(1))
        else:
            assert result.stdout.startswith("Nothing to take back"), result.stdout
    texts = {row[0] for row in query(real_journal.path, "SELECT text FROM commitment")}
    for command in writers:
        assert (command[1] in texts) == (shlex.join(command) not in undone), (command, undone)
    goal_there = bool(query(real_journal.path, "SELECT 1 FROM goal WHERE id = 1"))
    assert goal_there == ("goal delete 1 --yes" in undone)
    if goal_there:  # taken back whole: its check-ins, and the commitment pointing to it again
        values = [row[0] for row in query(real_journal.path, "SELECT value FROM checkin ORDER BY day")]
        assert values == [5.0, 8.0, 12.0]
        assert query(real_journal.path, "SELECT goal_id FROM commitment WHERE text = 'Long run'") == [(1,)]
    else:
        assert query(real_journal.path, "SELECT count(*) FROM checkin") == [(0,)]
    kept = {row[0] for row in query(real_journal.path, "SELECT command FROM history")}
    done = {shlex.join(command) for command in [*writers, ["goal", "delete", "1", "--yes"]]}
    assert kept == done - undone
    assert integrity(real_journal.path) == "ok"
