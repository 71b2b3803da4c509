"""Four weeks of `coach session` on a real terminal, COACH_TODAY moved week by week (issue 24, "Done means").

2026-W45 has a session; 2026-W46 is skipped; in 2026-W47 everything is marked mid-week and a goal reaches its
target; in 2026-W48 a goal is past its deadline, and the session is stopped with `q` and with Ctrl-C and resumed.
The test asserts on the saved rows: nothing overwritten, the close's counts equal to `coach week`'s, the goal at its
target offered to be marked done, the skipped week asked about once, nothing asked twice after a resume.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import coach_on_a_terminal

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

# Any question coach asks: "...? " or "...: " at the very end of what it printed so far.
ANY_PROMPT = r"(\? |\): |\? \([^\n]*\): )$"
W45, W46, W47, W48 = "2026-11-06", "2026-11-13", "2026-11-20", "2026-11-27"  # each week's Friday (review day)


def rows(journal: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(journal)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


class Terminal:
    """`coach session` on a pseudo-terminal of its own, answered question by question."""

    def __init__(self, journal: Path, today: str) -> None:
        env = {**os.environ, "COACH_DB": str(journal), "COACH_TODAY": today, "NO_COLOR": "1", "PAGER": "cat"}
        self.child = coach_on_a_terminal(["session"], env, dimensions=(60, 250))
        self.output: list[str] = []

    def answer(self, pattern: str, text: str) -> None:
        """Press Enter at every question until one matching `pattern` is asked, then answer it (a space in
        `pattern` matches any white space: coach wraps its lines between words)."""
        pattern = pattern.replace(" ", r"\s+")
        while True:
            index = self.child.expect([pattern, ANY_PROMPT, pexpect.EOF])
            self.output.append(self.child.before + (self.child.after if index < 2 else ""))
            if index == 2:
                raise AssertionError(f"the session ended before {pattern!r}:\n{self.text}")
            if index == 0:
                self.child.expect(ANY_PROMPT)  # the rest of the question, so it is not taken for the next one
                self.output.append(self.child.before + self.child.after)
                self.child.sendline(text)
                return
            self.child.sendline("")

    def interrupt_at(self, pattern: str) -> str:
        """Press Enter until `pattern` is asked, then Ctrl-C."""
        pattern = pattern.replace(" ", r"\s+")
        while True:
            index = self.child.expect([pattern, ANY_PROMPT])
            self.output.append(self.child.before + self.child.after)
            if index == 0:
                self.child.expect(ANY_PROMPT)
                self.child.sendintr()
                return self.close()
            self.child.sendline("")

    def finish(self) -> str:
        """Press Enter at every question left; the whole output."""
        while self.child.expect([ANY_PROMPT, pexpect.EOF]) == 0:
            self.output.append(self.child.before + self.child.after)
            self.child.sendline("")
        self.output.append(self.child.before)
        return self.close()

    def close(self) -> str:
        self.child.expect(pexpect.EOF)
        self.output.append(self.child.before)
        self.child.close()
        return self.text

    @property
    def text(self) -> str:
        """What the session printed, its lines joined as one (coach wraps lines between words)."""
        return " ".join("".join(self.output).split())


def counts_line(coach: Any, week: str, today: str) -> str:
    """The line `coach week` counts a week with (done, partly done, ... · follow-through)."""
    shown = coach("week", week, env={"COACH_TODAY": today}).stdout
    return next(line for line in shown.splitlines() if "follow-through" in line or "nothing to count" in line)


def week_json(coach: Any, week: str, today: str) -> dict[str, Any]:
    return json.loads(coach("week", week, "--format", "json", env={"COACH_TODAY": today}).stdout)


def test_four_weeks_of_sessions_remember_the_week(coach, journal):
    start = {"COACH_TODAY": "2026-11-02"}
    coach("goal", "add", "Cut my meeting hours from 28 to 18", "--measure", "meeting hours", "--unit", "h",
          "--baseline", "28", "--target", "18", "--by", "2026-11-25", "--why", "Time to think",
          "--achievable", "A calendar audit", "--no-input", env=start)  # fmt: skip
    coach("goal", "add", "Hold six 1:1s with Sam", "--measure", "1:1s held", "--baseline", "0", "--target", "6",
          "--by", "2027-01-31", "--why", "Trust", "--achievable", "Sam agreed", "--no-input", env=start)  # fmt: skip
    coach("commit", "Decline two recurring meetings", "--goal", "1", env=start)
    coach("commit", "Plan the week on Monday", "--goal", "1", "--every", "week", env=start)
    coach("commit", "Book a 1:1 with Sam", "--goal", "2", env=start)

    # --- 2026-W45: the first session -------------------------------------------------------------------------
    first = Terminal(journal, W45)
    first.answer("want from this session", "Get my meetings under control")
    first.answer(r"Decline two recurring meetings[\s\S]*?How did it go", "d")
    first.answer(r"What helped", "Said no twice")
    first.answer(r"Plan the week on Monday[\s\S]*?How did it go", "d")
    first.answer(r"Book a 1:1 with Sam[\s\S]*?How did it go", "p")
    first.answer(r"What got in the way", "Sam was away")
    first.answer(r"What do you want to do with it now", "c")
    first.answer(r"Where are you now", "25")
    first.answer(r"Where are you now", "2")
    first.answer(r"What will you do for it next week \(2026-W46\)", "Audit my calendar")
    first.answer(r"When and where", "Tuesday 9am")
    first.answer(r"How confident", "5")
    first.answer(r"What would make it a higher number", "Ask my manager to back me")
    first.answer(r"take to your coach", "How do I say no kindly?")
    out = first.finish()
    assert first.child.exitstatus == 0, out
    assert "looking back on last week" not in out and "looking back on this week (2026-W45)" in out

    # --- 2026-W46: no session. 2026-W47: everything marked mid-week ------------------------------------------
    midweek = {"COACH_TODAY": "2026-11-18"}
    coach("commit", "Cancel the Thursday status meeting", "--goal", "1", env=midweek)
    w47 = {c["text"]: c["id"] for c in week_json(coach, "2026-W47", "2026-11-18")["commitments"]}
    coach("mark", str(w47["Plan the week on Monday"]), "done", env=midweek)
    coach(
        "mark",
        str(w47["Cancel the Thursday status meeting"]),
        "done",
        "--note",
        "The team agreed",
        env=midweek,
    )

    second = Terminal(journal, W47)
    second.answer("want from this session", "")
    # What was marked since the last session comes first; the done one without a note is asked what helped.
    second.answer(r"What helped", "A Monday slot in my calendar")
    second.answer(r"Mark them all as [\s\S]*?one by one", "o")
    second.answer(r"Plan the week on Monday[\s\S]*?How did it go", "p")
    second.answer(r"What got in the way", "")
    second.answer(r"What do you want to do with it now", "n")
    second.answer(r"Book a 1:1 with Sam[\s\S]*?How did it go", "d")
    second.answer(r"What helped", "Sam said yes")
    second.answer(r"Audit my calendar[\s\S]*?How did it go", "n")
    second.answer(r"What got in the way", "")
    second.answer(r"What do you want to do with it now", "n")
    second.answer(r"Where are you now", "26")  # from 25, away from 18
    second.answer(r"moved away from the target\. What happened", "A reorg added meetings")
    second.answer(r"Where are you now", "6")  # goal 2 reaches its target
    second.answer(r"Mark goal 2 done", "y")
    second.answer(r"What made the difference", "Asking Sam what he needed")
    out = second.finish()
    assert second.child.exitstatus == 0, out
    assert "Welcome back" in out
    assert out.count("Still open from 2026-W46") == 1
    assert "Already marked since your last session (2)" in out and "The team agreed" in out
    assert "Nothing is still open in 2026-W47." in out
    # The close counts each week looked back on as `coach week` does.
    for week in ("2026-W46", "2026-W47"):
        assert f"{week}: {counts_line(coach, week, W47)}." in out, week

    # --- 2026-W48: a goal past its deadline; stopped with q and with Ctrl-C, resumed -----------------------
    third = Terminal(journal, W48)
    third.answer("want from this session", "Decide about the deadline")
    third.answer(r"Plan the week on Monday[\s\S]*?How did it go", "q")
    stopped = third.close()
    assert "Stopped for now" in stopped
    resumed = Terminal(journal, W48)
    resumed.answer(r"Going on with your session[\s\S]*?How did it go", "d")
    resumed.answer(r"What helped", "")
    resumed.answer(r"Where are you now", "")
    resumed.answer(r"Move the date, close it, or let it go", "m")
    resumed.answer(r"To when", "in 6 weeks")
    interrupted = resumed.interrupt_at(r"What went well")
    assert "want from this session" not in interrupted
    last = Terminal(journal, W48)
    out = last.finish()
    assert last.child.exitstatus == 0, out
    for asked_before in ("want from this session", "How did it go", "Where are you now", "Move the date",
                         "Still open from", "Mark goal"):  # fmt: skip
        assert asked_before not in out, asked_before
    assert f"2026-W48: {counts_line(coach, '2026-W48', W48)}." in out

    # --- the saved rows ----------------------------------------------------------------------------------
    commitments = {
        (week, text): (status, note, support, carried_to)
        for week, text, status, note, support, carried_to in rows(
            journal, "SELECT week, text, status, note, support, carried_to FROM commitment"
        )
    }
    assert commitments[("2026-W45", "Decline two recurring meetings")] == (
        "done",
        "Said no twice",
        None,
        None,
    )
    assert commitments[("2026-W45", "Book a 1:1 with Sam")] == ("partial", "Sam was away", None, "2026-W46")
    assert commitments[("2026-W46", "Book a 1:1 with Sam")] == ("done", "Sam said yes", None, None)
    # What would raise the confidence is kept apart from how it went: never overwritten by the review.
    assert commitments[("2026-W46", "Audit my calendar")] == (
        "missed",
        None,
        "Ask my manager to back me",
        None,
    )
    assert commitments[("2026-W47", "Plan the week on Monday")][:2] == (
        "done",
        "A Monday slot in my calendar",
    )
    assert commitments[("2026-W47", "Cancel the Thursday status meeting")][:2] == ("done", "The team agreed")
    assert commitments[("2026-W46", "Plan the week on Monday")][0] == "partial"
    assert rows(journal, "SELECT id, status, deadline FROM goal ORDER BY id") == [
        (1, "active", "2027-01-08"),
        (2, "done", "2027-01-31"),
    ]
    assert ("Asking Sam what he needed", 2) in rows(journal, "SELECT text, goal_id FROM reflection")
    assert ("A reorg added meetings",) in rows(journal, "SELECT note FROM checkin WHERE value = 26")
    sessions = rows(
        journal, "SELECT closed_week, finished IS NOT NULL, wanted, questions FROM coaching_session"
    )
    assert sessions == [
        ("2026-W45", 1, "Get my meetings under control", "How do I say no kindly?"),
        ("2026-W47", 1, None, None),
        ("2026-W48", 1, "Decide about the deadline", None),
    ]

    # On the next review day, with nothing open, the session is due all the same.
    friday = {"COACH_TODAY": "2026-12-04"}
    for commitment in week_json(coach, "2026-W49", "2026-12-04")["commitments"]:
        coach("mark", str(commitment["id"]), "done", env=friday)
    status = json.loads(coach("status", "--format", "json", env=friday).stdout)
    assert status["session_due"] is True and status["to_review"] == [] and status["open_this_week"] == 0
    assert re.search(r"session due", coach("status", env=friday).stdout)
