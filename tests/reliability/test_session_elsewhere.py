"""The weekly session against other terminals: one session at a time, and other commands run meanwhile.

Real `coach session` processes on real pseudo-terminals (pexpect) and real `coach` commands beside them, on one
journal (issue 25 items 4, 5b and 10). COACH_TODAY is a Wednesday: the session closes 2026-W47 and plans 2026-W48.
"""

from __future__ import annotations

import signal
import sys

import pexpect
import pytest

from tests.reliability.conftest import RealJournal, query, terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def answer(process: pexpect.spawn, prompt: str, text: str) -> None:
    process.expect(prompt)
    process.sendline(text)


def run_to_the_end(process: pexpect.spawn) -> str:
    """Press Enter at every question left until the session ends; what it printed."""
    seen = []
    while process.expect([r"\? \(.*\)[^\n]*: ?$|\? $|\): $", pexpect.EOF]) == 0:
        seen.append(process.before + process.after)
        process.sendline("")
    seen.append(process.before)
    process.close()
    return "".join(seen)


def test_a_second_session_on_the_same_journal_is_told_and_stops(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Write 500 words", "--week", "2026-W47")
    first = terminal(real_journal, "session")
    first.expect("want from this session")
    second = terminal(real_journal, "session")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 1
    assert "a session is open elsewhere" in second.before and "Traceback" not in second.before
    assert query(real_journal.path, "SELECT count(*) FROM coaching_session") == [(1,)]
    # The first goes on undisturbed; killed, it leaves no lock behind: the next session resumes it.
    first.sendline("Clarity")
    answer(first, r"How did it go\?", "d")
    first.expect(r"What helped\?")
    first.kill(signal.SIGKILL)
    first.close()
    again = terminal(real_journal, "session")
    again.expect("Going on with your session")
    answer(again, r"What helped\?", "Mornings")
    again.sendline("q")
    again.expect(pexpect.EOF)
    again.close()
    assert query(real_journal.path, "SELECT status, note FROM commitment") == [("done", "Mornings")]
    assert query(real_journal.path, "SELECT count(*), max(wanted) FROM coaching_session") == [(1, "Clarity")]


def test_a_week_note_written_elsewhere_during_a_session_never_blocks_undo(real_journal: RealJournal) -> None:
    """Issue 25.5b: each answer is a change of its own, newer than the other terminal's."""
    real_journal.ok("commit", "Write 500 words", "--week", "2026-W47")
    session = terminal(real_journal, "session")
    answer(session, "want from this session", "")
    answer(session, r"How did it go\?", "d")
    answer(session, r"What helped\?", "")
    answer(session, r"What went well", "Mornings")
    session.expect(r"What got in the way")
    real_journal.ok("week", "note", "2026-W47", "Written in the other terminal")
    session.sendline("Rain")
    session.expect(r"What did you learn")
    session.sendline("q")
    session.expect(pexpect.EOF)
    session.close()
    notes = query(real_journal.path, "SELECT text FROM week_note")
    assert notes == [("Written in the other terminal\nGot in the way: Rain",)]
    # Every change can be taken back, newest first: the session's answer, the note, the earlier answers.
    for _ in range(6):
        undone = real_journal.run("undo", "--yes")
        assert undone.returncode == 0, undone.stderr
    assert query(real_journal.path, "SELECT count(*) FROM week_note") == [(0,)]
    assert query(real_journal.path, "SELECT status FROM commitment") == [("open",)]


def test_undo_elsewhere_while_the_session_waits_goes_on_and_says_so(real_journal: RealJournal) -> None:
    """Issue 25.10: the session's own start taken back, then a commitment it added."""
    session = terminal(real_journal, "session")
    session.expect("want from this session")
    assert real_journal.run("undo", "--yes").returncode == 0  # takes back the session's start
    session.sendline("Clarity")
    session.expect("taken back elsewhere meanwhile; it goes on as a new one")
    answer(session, r"What went well", "")
    answer(session, r"What got in the way", "")
    answer(session, r"What did you learn", "")
    answer(session, r"Anything else for", "Call the bank")
    session.expect(r"When and where\?")
    assert real_journal.run("undo", "--yes").returncode == 0  # takes back the commitment just added
    session.sendline("Monday")
    session.expect("moving on")
    output = run_to_the_end(session)
    assert session.exitstatus == 0, output
    assert "FOREIGN KEY" not in output and "Traceback" not in output
    assert query(real_journal.path, "SELECT count(*) FROM commitment") == [(0,)]
    assert query(real_journal.path, "SELECT finished IS NOT NULL, wanted FROM coaching_session") == [
        (1, "Clarity")
    ]


def test_a_commitment_deleted_while_the_session_was_stopped_is_not_asked_about_again(
    real_journal: RealJournal,
) -> None:
    session = terminal(real_journal, "session")
    answer(session, "want from this session", "")
    for prompt in (r"What went well", r"What got in the way", r"What did you learn"):
        answer(session, prompt, "")
    answer(session, r"Anything else for", "Call the bank")
    answer(session, r"When and where\?", "q")
    session.expect(pexpect.EOF)
    session.close()
    real_journal.ok("commit", "delete", "1", "--yes")
    resumed = terminal(real_journal, "session")
    resumed.expect("Going on with your session")
    resumed.expect("Commitment 1 was removed elsewhere meanwhile")
    output = run_to_the_end(resumed)
    assert resumed.exitstatus == 0, output
    assert "there is no commitment" not in output and "When and where" not in output
    assert query(real_journal.path, "SELECT finished IS NOT NULL FROM coaching_session") == [(1,)]
