"""Privacy (no network, no journal text in errors) and time (stored in UTC, shown in local time)."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

SECRET = "my secret diagnosis"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to open a network connection or resolve a name is recorded and refused."""
    attempts: list[str] = []

    def refuse(name: str):
        def refused(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network access attempted: {name}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    return attempts


def test_no_command_touches_the_network(coach, tmp_path, no_network):
    coach("demo", "--weeks", "30")
    coach("goal", "add", "Run a half marathon", "--target", "40", "--no-input")
    coach("goal", "log", "1", "3", "--note", SECRET)
    for fmt in ("rich", "markdown", "json"):
        coach("goal", "list", "--all", "--format", fmt)
        coach("goal", "show", "1", "--format", fmt)
        coach("doctor", "--format", fmt)
    coach("backup")
    coach("backup", "--output", tmp_path / "copy.db")
    assert no_network == []


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "done", "1"),  # already done
        ("goal", "show", "7"),
        ("goal", "log", "1", "banana"),
        ("goal", "edit", "1"),
        ("demo",),
        ("backup", "--output", "{journal}"),
    ],
    ids=repr,
)
def test_error_messages_never_quote_the_journal(coach, coach_error, journal, args):
    coach("goal", "add", SECRET, "--why", SECRET, "--no-input")
    coach("goal", "log", "1", "1", "--note", SECRET)
    coach("goal", "done", "1")
    line = coach_error(*(arg.format(journal=journal) for arg in args))
    assert SECRET not in line


def test_sqlite_errors_never_quote_statements_or_their_parameters(tmp_path):
    from sqlalchemy.exc import OperationalError

    from coachcli.store.files import journal_error

    wrapped = OperationalError(
        "INSERT INTO goal (title) VALUES (?)", (SECRET,), sqlite3.OperationalError("database is locked")
    )
    message = journal_error(tmp_path / "coach.db", wrapped).message
    assert SECRET not in message and "INSERT" not in message
    assert "locked" not in message and "busy" in message


def test_timestamps_are_stored_in_utc_and_read_back_aware(coach, journal, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        before = datetime.now(UTC).replace(tzinfo=None)
        coach("goal", "add", "Run a half marathon", "--no-input")
        after = datetime.now(UTC).replace(tzinfo=None)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    connection = sqlite3.connect(journal)
    (stored,) = connection.execute("SELECT created_at FROM goal").fetchone()
    connection.close()
    assert "+" not in stored and "Z" not in stored  # UTC, without an offset, as SQLAlchemy writes it
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(stored) <= after + timedelta(seconds=1)

    from coachcli.store.db import open_journal
    from coachcli.store.goals import get_goal

    opened = open_journal(journal, write=False)
    try:
        with opened.transaction(write=False) as session:
            created = get_goal(session, 1).created_at
    finally:
        opened.close()
    assert created.tzinfo is not None and created.utcoffset() == timedelta(0)
    assert created.replace(tzinfo=None) == datetime.fromisoformat(stored)


@pytest.mark.parametrize(
    ("zone", "moment", "shown"),
    [
        ("UTC", datetime(2026, 11, 25, 23, 30, tzinfo=UTC), "2026-11-25 23:30"),
        ("Europe/Paris", datetime(2026, 11, 25, 23, 30, tzinfo=UTC), "2026-11-26 00:30"),
        ("America/New_York", datetime(2026, 11, 25, 3, 5, tzinfo=UTC), "2026-11-24 22:05"),
        ("Asia/Kolkata", datetime(2026, 11, 25, 3, 5), "2026-11-25 08:35"),  # naive is taken as UTC
    ],
)
def test_moments_are_shown_in_local_time(monkeypatch, zone, moment, shown):
    from coachcli.render.text import format_moment

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert format_moment(moment) == shown
    finally:
        monkeypatch.setenv("TZ", os.environ.get("TZ", "UTC"))
        monkeypatch.undo()
        time.tzset()
