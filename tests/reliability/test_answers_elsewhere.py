"""Two terminals answering about the same commitment: the later answer never silently overwrites the first.

Real `coach week review` / `coach week plan` processes on real pseudo-terminals (pexpect), on one journal.
"""

from __future__ import annotations

import sys

import pexpect
import pytest

from tests.reliability.conftest import RealJournal, query, terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def finish_week_note(process: pexpect.spawn) -> None:
    """Skip the three week-note questions and let the review end."""
    for _ in range(3):
        process.expect(r"\? ")
        process.sendline("")
    process.expect(pexpect.EOF)
    process.close()


def test_two_reviews_of_one_week_keep_the_first_answer_and_say_so(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Write 500 words", "--week", "2026-W47")
    first, second = terminal(real_journal, "week", "review"), terminal(real_journal, "week", "review")
    first.expect(r"How did it go\?")
    second.expect(r"How did it go\?")
    # The second terminal answers first: done, with a note.
    second.sendline("d")
    second.expect(r"What helped\?")
    second.sendline("Early mornings")
    finish_week_note(second)
    assert second.exitstatus == 0
    # The first terminal, shown the commitment while it was still open, answers "not done".
    first.sendline("n")
    first.expect(r"answered elsewhere meanwhile \(done: Early mornings\); that answer is kept")
    finish_week_note(first)
    assert first.exitstatus == 0, first.before
    assert "Traceback" not in (first.before or "")
    assert query(real_journal.path, "SELECT status, note FROM commitment") == [("done", "Early mornings")]


def test_a_note_is_not_saved_over_an_answer_given_elsewhere_in_between(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Call the bank", "--week", "2026-W47")
    review = terminal(real_journal, "week", "review")
    review.expect(r"How did it go\?")
    review.sendline("p")
    review.expect(r"What got in the way\?")
    # Meanwhile, from another terminal:
    real_journal.ok("mark", "1", "done", "--note", "Called on Friday")
    review.sendline("It was closed on Monday")
    review.expect(r"answered elsewhere meanwhile \(done: Called on Friday\)")
    finish_week_note(review)
    assert review.exitstatus == 0
    assert query(real_journal.path, "SELECT status, note FROM commitment") == [("done", "Called on Friday")]


def test_carrying_twice_from_two_terminals_does_not_stop_a_review(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Stretch daily", "--week", "2026-W47")
    real_journal.ok("commit", "Read a chapter", "--week", "2026-W47")
    review = terminal(real_journal, "week", "review")
    review.expect(r"How did it go\?")
    review.sendline("p")
    review.expect(r"What got in the way\?")
    review.sendline("")
    review.expect(r"What do you want to do with it now\? \(c: carry it into 2026-W48")
    real_journal.ok("carry", "1", "--to", "2026-W48")  # carried from another terminal meanwhile
    review.sendline("c")
    review.expect(r"Commitment 1 was already carried into 2026-W48 elsewhere meanwhile; kept as it is")
    review.expect(r"How did it go\?")  # the review goes on to the next commitment
    review.sendline("d")
    review.expect(r"What helped\?")
    review.sendline("")
    finish_week_note(review)
    assert review.exitstatus == 0
    rows = query(real_journal.path, "SELECT id, week, status, carried_from FROM commitment ORDER BY id")
    assert rows == [
        (1, "2026-W47", "partial", None),
        (2, "2026-W47", "done", None),
        (3, "2026-W48", "open", 1),
    ]


def test_the_plan_does_not_carry_what_was_finished_elsewhere_meanwhile(real_journal: RealJournal) -> None:
    real_journal.ok("commit", "Draft the talk", "--week", "2026-W47")
    real_journal.ok("mark", "1", "partial")
    plan = terminal(real_journal, "week", "plan")
    plan.expect(r"What do you want to do with it now\? \(c: carry it into 2026-W48")
    real_journal.ok("mark", "1", "done", "--note", "Finished it after all")
    plan.sendline("c")
    plan.expect(r"answered elsewhere meanwhile \(done: Finished it after all\)")
    plan.expect(r"Anything else for this week \(2026-W48\)")  # SPEC: weeks as a person says them
    plan.sendline("")
    plan.expect(pexpect.EOF)
    plan.close()
    assert plan.exitstatus == 0
    assert query(real_journal.path, "SELECT id, status FROM commitment") == [(1, "done")]
