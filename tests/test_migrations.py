"""Schema migrations: every older journal upgrades to the current revision with every row kept."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from coachcli.store.db import HEAD_REVISION, MIGRATIONS_FOLDER, REVISIONS, Journal
from coachcli.store.files import create_private_file

# Rows written at each revision, with the tables that revision has. Each later revision must keep them all.
ROWS_BY_REVISION: dict[str, list[str]] = {
    "0001": [
        "INSERT INTO goal (id, title, status, measure, unit, baseline, target, deadline, why, achievable, created,"
        " created_at) VALUES (1, 'Run a half marathon', 'active', 'km', 'km', 10, 40, '2027-03-31', 'health',"
        " 'club', '2026-11-01', '2026-11-01 08:00:00')",
        "INSERT INTO goal_tag (goal_id, tag, position) VALUES (1, 'health', 0)",
        "INSERT INTO checkin (id, goal_id, day, value, note, created_at)"
        " VALUES (1, 1, '2026-11-10', 14, 'rainy', '2026-11-10 08:00:00')",
    ],
    "0002": [
        "INSERT INTO strength (id, name, kind, position) VALUES (1, 'Relator', 'theme', 0)",
        "INSERT INTO strategy (id, goal_id, text, status, created, created_at)"
        " VALUES (1, 1, 'Run with the club', 'active', '2026-11-02', '2026-11-02 08:00:00')",
        "INSERT INTO strategy_strength (strategy_id, strength, position) VALUES (1, 'Relator', 0)",
    ],
    "0003": [
        "INSERT INTO commitment (id, text, week, goal_id, strategy_id, status, note, created_at, updated_at)"
        " VALUES (1, 'Run twice', '2026-W47', 1, 1, 'partial', 'knee', '2026-11-16 08:00:00',"
        " '2026-11-23 08:00:00')",
        "INSERT INTO week_note (week, text, created_at, updated_at)"
        " VALUES ('2026-W47', 'A full week', '2026-11-23 08:00:00', '2026-11-23 08:00:00')",
    ],
    "0004": [
        "INSERT INTO reflection (id, day, text, goal_id, week, reframe, created_at)"
        " VALUES (1, '2026-11-24', 'I should run more', 1, '2026-W48', NULL, '2026-11-24 08:00:00')",
        "INSERT INTO reflection_tag (reflection_id, tag, position) VALUES (1, 'running', 0)",
    ],
    "0005": [
        "INSERT INTO routine (id, text, goal_id, first_week, created_at)"
        " VALUES (1, 'Stretch after each run', 1, '2026-W47', '2026-11-16 08:00:00')",
        "INSERT INTO commitment (id, text, week, goal_id, status, routine_id, when_where, confidence, created_at,"
        " updated_at) VALUES (2, 'Stretch after each run', '2026-W48', 1, 'open', 1, 'after the run', 8,"
        " '2026-11-23 08:00:00', '2026-11-23 08:00:00')",
        "INSERT INTO coaching_session (id, started, closed_week, planned_week, stage)"
        " VALUES (1, '2026-11-27 15:00:00', '2026-W48', '2026-W49', 'reality')",
        "INSERT INTO session_step (session_id, stage, item, answer, at)"
        " VALUES (1, 'review', 'commitment:1', 'partial', '2026-11-27 15:01:00')",
        "INSERT INTO history (id, at, command) VALUES (1, '2026-11-27 15:02:00', 'goal log 1 15')",
        "INSERT INTO history_row (id, history_id, position, table_name, row_key, before, after)"
        " VALUES (1, 1, 0, 'checkin', '{\"id\": 1}', NULL, '{\"id\": 1}')",
    ],
    "0006": [
        "INSERT INTO routine (id, text, first_week, stopped_week, filled_week, created_at)"
        " VALUES (2, 'Plan meals on Sunday', '2026-W45', '2026-W47', '2026-W47', '2026-11-02 08:00:00')",
        # As a coach at 0006 leaves the routine of 0005 (its migration fills this in).
        "UPDATE routine SET filled_week = '2026-W48' WHERE id = 1",
    ],
    "0007": [
        "INSERT INTO commitment (id, text, week, status, confidence, support, created_at, updated_at)"
        " VALUES (3, 'Ask for a running buddy', '2026-W49', 'open', 5, 'Tell the club first',"
        " '2026-11-30 08:00:00', '2026-11-30 08:00:00')",
        "INSERT INTO coaching_session (id, started, closed_week, planned_week, wanted)"
        " VALUES (2, '2026-12-04 15:00:00', '2026-W49', '2026-W50', 'A plan I believe in')",
    ],
    "0008": [],  # no new table or column: every table whose ids a person sees counts them (AUTOINCREMENT)
    "0009": [
        "INSERT INTO sync_state (name, value) VALUES ('name', 'laptop')",
        "INSERT INTO sync_conflict (uid, field, kept, lost, lost_stamp, lost_device)"
        " VALUES ('u', 'title', '\"a\"', '\"b\"', 1, 'd')",
    ],
    "0010": [
        "INSERT INTO routine (id, text, first_week, every, filled_week, created_at)"
        " VALUES (3, 'Walk', '2026-W49', 'weekday', '2026-W49', '2026-11-30 08:00:00')",
        "INSERT INTO commitment (id, text, week, status, routine_id, days_planned, days_checked, created_at,"
        " updated_at) VALUES (4, 'Walk', '2026-W49', 'open', 3, 5, '12', '2026-11-30 08:00:00',"
        " '2026-12-01 08:00:00')",
    ],
}


def make_journal_at(path: Path, revision: str) -> dict[str, int]:
    """A journal at `revision` holding the rows of every revision up to it; returns rows per table."""
    create_private_file(path)
    journal = Journal(path)
    journal.migrate(revision)
    journal.close()
    connection = sqlite3.connect(path)
    with connection:
        for past in REVISIONS[: REVISIONS.index(revision) + 1]:
            for statement in ROWS_BY_REVISION[past]:
                connection.execute(statement)
    counts = table_counts(connection)
    connection.close()
    return counts


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in tables
        if t != "alembic_version"
    }


def test_revisions_match_the_alembic_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    scripts = ScriptDirectory.from_config(config)
    ordered = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert tuple(ordered) == REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION


def test_every_revision_has_test_rows():
    assert set(ROWS_BY_REVISION) == set(REVISIONS)


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_upgrade_keeps_every_row_and_backs_up_first(coach, coach_json, journal, revision):
    before = make_journal_at(journal, revision)
    goals = coach_json("goal", "list")
    assert [goal["title"] for goal in goals] == ["Run a half marathon"]
    assert goals[0]["tags"] == ["health"] and goals[0]["current"] == 14
    connection = sqlite3.connect(journal)
    after = table_counts(connection)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    connection.close()
    for table, count in before.items():
        assert after[table] == count, table
    backup = journal.with_name(f"{journal.name}.bak-{revision}")
    assert backup.exists()
    backup_connection = sqlite3.connect(backup)
    assert table_counts(backup_connection) == before
    assert backup_connection.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    backup_connection.close()


# Python's own opens of a file, seen through the audit hook (sys.addaudithook cannot be removed, so it records
# only while a test asks it to).
_watched_opens: list[str] | None = None


def _record_opens(event: str, arguments: tuple[object, ...]) -> None:
    if event == "open" and _watched_opens is not None and isinstance(arguments[0], (str, bytes, Path)):
        _watched_opens.append(str(arguments[0]))


_hook_installed = False


@pytest.mark.parametrize("revision", ["0003", REVISIONS[-2]])
def test_an_upgrade_under_the_write_lock_never_opens_the_journal_file_itself(journal, revision):
    """Closing any descriptor of a file drops every POSIX lock the process holds on it: SQLite's SHARED lock on
    the journal too. A Python open() of the journal (or its -wal/-shm) while the upgrade holds the write lock
    would let another process take the journal for its last close, delete the -wal in use and migrate it
    a second time (Alembic's "expected to match one row ... 0 found"). SQLite's own opens are not audited."""
    global _watched_opens, _hook_installed
    make_journal_at(journal, revision)
    if not _hook_installed:
        sys.addaudithook(_record_opens)
        _hook_installed = True
    opened = Journal(journal)  # reads whether it is encrypted once, before any connection holds the file
    _watched_opens = []
    try:
        opened.upgrade()
        seen = list(_watched_opens)
    finally:
        _watched_opens = None
        opened.close()
    journal_files = {str(journal), *(str(journal) + suffix for suffix in ("-wal", "-shm", "-journal"))}
    assert [name for name in seen if name in journal_files or name == str(journal.resolve())] == []
    assert journal.with_name(f"{journal.name}.bak-{revision}").exists()


def test_fresh_journal_is_at_head(coach, journal):
    coach("goal", "list")
    connection = sqlite3.connect(journal)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    connection.close()


def test_journal_from_a_newer_coach_is_refused_and_untouched(coach, coach_error, journal):
    coach("goal", "add", "Run a half marathon", "--no-input")
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = journal.read_bytes()
    message = coach_error("goal", "list")
    assert "newer coach" in message and "9999" in message
    assert journal.read_bytes() == before


def test_upgrade_to_0005_closes_carried_originals(journal):
    """A commitment carried before 0005 gets `carried_to`, the week of its carried copy; others stay unset."""
    make_journal_at(journal, "0004")
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute(
            "INSERT INTO commitment (id, text, week, status, carried_from, created_at, updated_at)"
            " VALUES (2, 'Run twice', '2026-W48', 'open', 1, '2026-11-23 08:00:00', '2026-11-23 08:00:00')"
        )
    connection.close()
    journal_object = Journal(journal)
    journal_object.migrate()
    journal_object.close()
    connection = sqlite3.connect(journal)
    rows = connection.execute("SELECT id, status, carried_to FROM commitment ORDER BY id").fetchall()
    private = connection.execute("SELECT private FROM reflection").fetchall()
    connection.close()
    assert rows == [(1, "partial", "2026-W48"), (2, "open", None)]
    assert private == [(0,)]


def test_upgrade_to_0006_remembers_each_routines_last_copy(journal):
    make_journal_at(journal, "0005")
    journal_object = Journal(journal)
    try:
        journal_object.migrate("0006")
    finally:
        journal_object.close()
    with sqlite3.connect(journal) as connection:
        assert connection.execute("SELECT id, filled_week FROM routine").fetchall() == [(1, "2026-W48")]


def test_upgrade_to_0007_adds_support_and_what_a_session_is_for_empty(journal):
    """Older commitments have no support and older sessions no wish; every row is kept."""
    make_journal_at(journal, "0006")
    journal_object = Journal(journal)
    try:
        journal_object.migrate("0007")
    finally:
        journal_object.close()
    with sqlite3.connect(journal) as connection:
        assert connection.execute("SELECT id, note, support FROM commitment ORDER BY id").fetchall() == [
            (1, "knee", None),
            (2, None, None),
        ]
        assert connection.execute("SELECT id, wanted FROM coaching_session").fetchall() == [(1, None)]


def test_an_upgraded_journal_counts_each_change_of_a_commitment_and_a_goal(coach, journal):
    """0010's trigger: every change raises `revision`, undo included (a calendar must see it as newer)."""
    make_journal_at(journal, "0008")

    def revisions() -> tuple[int, int]:
        with sqlite3.connect(journal) as connection:
            commitment = connection.execute("SELECT revision FROM commitment WHERE id = 3").fetchone()[0]
            goal = connection.execute("SELECT revision FROM goal WHERE id = 1").fetchone()[0]
        return commitment, goal

    coach("goal", "list")  # upgrades the journal: every row starts at revision 0
    assert revisions() == (0, 0)
    coach("mark", "3", "done")
    coach("goal", "edit", "1", "--title", "Run a half marathon in spring")
    marked, edited = revisions()
    assert marked > 0 and edited > 0
    coach("undo")  # the goal's title back: still a newer version of the goal
    coach("undo")  # the commitment open again, as a newer version than the done one
    assert revisions()[0] > marked and revisions()[1] > edited
    with sqlite3.connect(journal) as connection:
        assert connection.execute("SELECT status FROM commitment WHERE id = 3").fetchone() == ("open",)
        assert connection.execute("SELECT title FROM goal WHERE id = 1").fetchone() == (
            "Run a half marathon",
        )


def test_upgrade_to_0009_names_every_synced_row_and_undo_still_takes_back(coach, journal):
    make_journal_at(journal, "0008")
    coach("goal", "log", "1", "20")  # the upgrade happens here; a later change to undo
    connection = sqlite3.connect(journal)
    from coachcli.store.replica import SYNCED

    for table in SYNCED:
        rows = connection.execute(f'SELECT count(*), count(DISTINCT uid) FROM "{table.name}"').fetchone()
        assert rows[0] == rows[1] and rows[0] > 0, table.name
    copy = connection.execute("SELECT uid FROM commitment WHERE routine_id = 1").fetchone()[0]
    routine = connection.execute("SELECT uid FROM routine WHERE id = 1").fetchone()[0]
    from coachcli.domain.clock import natural_uid

    assert copy == natural_uid("commitment", routine, "2026-W48")  # a routine's copy: by routine and week
    connection.close()
    assert "20" in coach("undo").output
