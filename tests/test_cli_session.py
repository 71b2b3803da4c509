"""`coach session`: the weekly conversation, its agenda, the week it closes and plans, and resuming it."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from coachcli.domain.session import STAGES
from tests.conftest import coach_on_a_terminal

FRIDAY = {"COACH_TODAY": "2026-11-27"}  # the fixture's week (2026-W48) is closed on its Friday


def rows(journal: Path, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(journal)
    try:
        return list(connection.execute(sql, parameters))
    finally:
        connection.close()


def a_week_to_close(coach: Any) -> None:
    """A measurable goal with a strategy, another goal, and three open commitments of 2026-W48."""
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--unit", "km", "--baseline", "5",
          "--target", "30", "--by", "2027-04-01", "--no-input")  # fmt: skip
    coach("goal", "add", "Read twelve novels this year", "--no-input")
    coach("strategy", "add", "1", "Run with the club")
    coach("commit", "Run three times", "--goal", "1", "--strategy", "1")
    coach("commit", "Read on the train", "--goal", "2")
    coach("commit", "Call [bold]mum[/bold]")


def agenda(coach: Any, env: dict[str, str], *options: str) -> dict[str, Any]:
    return json.loads(coach("session", "--format", "json", *options, env=env).stdout)


# --- the week to close and the week to plan ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "closed", "planned"),
    [
        ("2026-11-23", "2026-W47", "2026-W48"),  # Monday: last week, and this one
        ("2026-11-26", "2026-W47", "2026-W48"),  # Thursday: the review day has not come
        ("2026-11-27", "2026-W48", "2026-W49"),  # Friday: this week, and next
        ("2026-11-29", "2026-W48", "2026-W49"),  # Sunday
        ("2027-01-01", "2026-W53", "2027-W01"),  # New Year's Day, a Friday in week 53
        ("2027-01-04", "2026-W53", "2027-W01"),  # the Monday after
    ],
)
def test_the_session_closes_and_plans_the_weeks_of_the_review_day(coach, journal, today, closed, planned):
    document = agenda(coach, {"COACH_TODAY": today})
    assert (document["closed_week"], document["planned_week"], document["stage"]) == (closed, planned, None)


def test_a_monday_reviewer_closes_last_week_on_monday(coach, journal, tmp_path):
    config = Path(os.environ["COACH_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[week]\nreview_day = "monday"\n')
    document = agenda(coach, {"COACH_TODAY": "2026-11-30"})
    assert (document["closed_week"], document["planned_week"]) == ("2026-W48", "2026-W49")
    assert coach("week", "plan", "--no-input", env={"COACH_TODAY": "2026-11-30"}).stdout.startswith(
        "Planning 2026-W49"
    )


# --- the agenda, without a terminal --------------------------------------------------------------------------


def test_the_agenda_in_json_has_the_spec_keys_and_never_asks(coach, journal, interactive):
    a_week_to_close(coach)
    result = coach("session", "--no-input", "--format", "json", env=FRIDAY, input="")
    document = json.loads(result.stdout)
    assert {"closed_week", "planned_week", "stage", "to_review", "goals"} <= set(document)
    assert [item["text"] for item in document["to_review"]] == [
        "Run three times",
        "Read on the train",
        "Call [bold]mum[/bold]",
    ]
    assert {"carried_to", "when", "confidence"} <= set(document["to_review"][0])
    assert [goal["id"] for goal in document["goals"]] == [1, 2]
    assert "How did it go" not in result.stdout + result.stderr


def test_the_agenda_in_rich_and_markdown_shows_user_text_as_typed(coach, journal, interactive):
    a_week_to_close(coach)
    rich = coach("session", "--no-input", env=FRIDAY).stdout
    assert "closing 2026-W48" in rich and "Call [bold]mum[/bold]" in rich and "coach session" in rich
    markdown = coach("session", "--format", "markdown", env=FRIDAY).stdout
    assert markdown.startswith("# Weekly session: closing 2026-W48, planning 2026-W49")
    assert r"Call \[bold\]mum\[/bold\]" in markdown
    assert "missed" not in rich + markdown


def test_the_agenda_goes_to_a_file_whole(coach, journal, tmp_path):
    a_week_to_close(coach)
    target = tmp_path / "agenda.md"
    assert coach("session", "--format", "markdown", "-o", target, env=FRIDAY).stdout == ""
    assert target.read_text().startswith("# Weekly session")


def test_the_agenda_of_an_empty_journal(coach, journal):
    document = agenda(coach, FRIDAY)
    assert (document["to_review"], document["goals"], document["stage"]) == ([], [], None)
    assert "No active goals yet" in coach("session", env=FRIDAY).stdout


# --- the conversation ----------------------------------------------------------------------------------------

WHOLE_SESSION = [
    # focus
    "A plan I believe in",
    # review
    "d", "The club helped",                       # Run three times: done, what helped
    "n", "Trains were full", "s", "Read at lunch",  # Read on the train: not done, a changed version carried
    "After lunch",                                # ... with its own when and where
    "p", "", "n",                                 # Call mum: partly, no note, carry nothing
    # reality
    "12",                                         # goal 1 is at 12 km
    "", "",                                       # its missing SMART parts: achievable, why (skipped)
    "", "", "", "",                               # goal 2's: measure, achievable, why, deadline (skipped)
    # reflect
    "Mornings", "I always run late", "Leaving earlier helps", "Fewer things",
    # options
    "Run at lunch", "",                           # goal 1: a new strategy, then on
    "",                                           # goal 2: on
    # will
    "k",                                          # goal 1: keep last week's done commitment
    "Tuesday and Thursday, 7am", "5", "A running partner",  # when, confidence, what would raise it
    "",                                           # goal 1: on
    "",                                           # goal 2: nothing (named with a question)
    "",                                           # nothing else
    # close
    "How do I keep going in winter?",
]  # fmt: skip


def test_a_whole_session_saves_every_answer_and_closes_the_week(coach, coach_json, journal, interactive):
    a_week_to_close(coach)
    result = coach("session", input="\n".join(WHOLE_SESSION) + "\n", env=FRIDAY)
    out = result.stdout
    for title in ("Looking back", "Where you are", "What the week taught you", "What you could try",
                  "What you will do", "Closing"):  # fmt: skip
        assert title in out
    assert "missed" not in out + result.stderr
    commitments = {row[0]: row[1:] for row in rows(journal, "SELECT id, status, note, carried_to, week, text,"
                                                          " when_where, confidence, carried_from FROM commitment")}  # fmt: skip
    assert commitments[1][:3] == ("done", "The club helped", None)
    assert commitments[2][:3] == ("missed", "Trains were full", "2026-W49")
    assert commitments[3][:3] == ("partial", None, None)
    planned = {row[4]: row for row in commitments.values() if row[3] == "2026-W49"}
    assert planned["Read at lunch"][7] == 2  # the changed version keeps the link
    assert planned["Read at lunch"][5] == "After lunch"  # and has its own "when" (issue 24.9)
    # A carry always says where it went; carrying nothing says what stays (issue 24.9).
    assert "Saved: not done; carried into 2026-W49 as commitment" in out
    assert "Saved: partly done; nothing carried, it stays partly done in 2026-W48." in out
    assert "let it go" not in out
    kept = planned["Run three times"]
    assert kept[5:7] == ("Tuesday and Thursday, 7am", 5) and kept[1] is None  # the note is how it went
    # What would raise the confidence is the commitment's support, never its note (SPEC: `support`).
    assert ("A running partner",) in rows(journal, "SELECT support FROM commitment WHERE text = 'Run three times'"
                                                   " AND week = '2026-W49'")  # fmt: skip
    assert rows(journal, "SELECT value FROM checkin") == [(12.0,)]
    note = rows(journal, "SELECT text FROM week_note WHERE week = '2026-W48'")[0][0]
    assert note.splitlines() == [
        "Went well: Mornings",
        "Got in the way: I always run late",
        "Reframe: Leaving earlier helps",
        "Learned: Fewer things",
    ]
    assert "Run at lunch" in [row[0] for row in rows(journal, "SELECT text FROM strategy")]
    session = rows(journal, "SELECT closed_week, planned_week, stage, finished IS NOT NULL, questions, wanted"
                            " FROM coaching_session")  # fmt: skip
    assert session == [
        ("2026-W48", "2026-W49", None, 1, "How do I keep going in winter?", "A plan I believe in")
    ]
    assert "coach brief" in out and "Friday 4 December" in out
    # What the person wanted from the session reaches the brief.
    assert "A plan I believe in" in coach("brief", "--format", "markdown", env=FRIDAY).stdout
    brief = json.loads(coach("brief", "--format", "json", env=FRIDAY).stdout)
    assert [wish["text"] for wish in brief["wanted"]] == ["A plan I believe in"]
    # Nothing of the closed week is still open anywhere.
    assert coach_json("week", "2026-W48")["counts"]["open"] == 0
    assert "still has" not in coach("week", env=FRIDAY).stdout
    assert agenda(coach, FRIDAY)["to_review"] == []
    assert json.loads(coach("status", "--format", "json", env=FRIDAY).stdout)["to_review"] == []


def test_the_session_is_exported_and_imported_whole(coach, journal, interactive, tmp_path):
    a_week_to_close(coach)
    coach("session", input="\n".join(WHOLE_SESSION) + "\n", env=FRIDAY)
    exported = tmp_path / "export.json"
    coach("export", "-o", exported)
    document = json.loads(exported.read_text())
    (session,) = document["sessions"]
    assert {"id", "started", "finished", "closed_week", "planned_week"} <= set(session)
    assert session["questions"] == "How do I keep going in winter?" and len(session["steps"]) > 10
    assert {c["id"]: c["carried_to"] for c in document["commitments"]}[2] == "2026-W49"
    again = tmp_path / "again.db"
    coach("--db", again, "import", exported)
    second = tmp_path / "second.json"
    coach("--db", again, "export", "-o", second)
    assert json.loads(second.read_text()) | {"exported": None} == document | {"exported": None}


def test_an_old_export_without_carried_to_still_imports_with_its_carries_closed(coach, journal, tmp_path):
    coach("commit", "Run", "--week", "last")
    coach("carry", "1")
    exported = tmp_path / "old.json"
    coach("export", "-o", exported)
    document = json.loads(exported.read_text())
    for commitment in document["commitments"]:
        for key in ("carried_to", "when", "confidence"):
            commitment.pop(key)
    document.pop("sessions")
    exported.write_text(json.dumps(document))
    again = tmp_path / "again.db"
    coach("--db", again, "import", exported)
    assert rows(again, "SELECT id, carried_to FROM commitment ORDER BY id") == [(1, "2026-W48"), (2, None)]


def test_a_journal_with_no_measurable_goal_asks_no_check_in(coach, journal, interactive):
    coach("goal", "add", "Be a kinder colleague every day", "--no-input")
    result = coach("session", input="\nq\n", env=FRIDAY)
    assert "Stopped for now" in result.stdout
    assert "No goal has a measure yet" in result.stdout and "Where are you now" not in result.stdout
    result = coach("session", input="\n" * 30, env=FRIDAY)
    assert "No commitment for goal 1" in result.stdout and "What is one small step" in result.stdout
    assert "missed" not in result.stdout and rows(journal, "SELECT count(*) FROM checkin") == [(0,)]


def test_an_empty_journal_session_runs_through_and_finishes(coach, journal, interactive):
    result = coach("session", input="\n" * 10, env=FRIDAY)
    assert "Nothing is still open" in result.stdout and "No active goals yet" in result.stdout
    assert rows(journal, "SELECT stage, finished IS NOT NULL FROM coaching_session") == [(None, 1)]


def test_a_commitment_carried_twice_is_named_in_the_third_review(coach, journal, interactive):
    coach("commit", "Book two coffee chats", "--week", "2026-W46")
    coach("mark", "1", "missed")
    coach("carry", "1", "--to", "2026-W47")
    coach("mark", "2", "partial")
    coach("carry", "2", "--to", "2026-W48")
    result = coach("session", input="\nn\n\nAsk one friend first\nq\n", env=FRIDAY)
    assert 'This is the third week for "Book two coffee chats".' in result.stdout
    assert "What would need to change for it to happen?" in result.stdout
    assert rows(journal, "SELECT note FROM commitment WHERE id = 3") == [("Ask one friend first",)]


def test_q_ends_for_now_and_the_next_session_goes_on_there_asking_nothing_twice(coach, journal, interactive):
    a_week_to_close(coach)
    first = coach("session", input="\nd\nThe club helped\nq\n", env=FRIDAY)
    assert "Stopped for now" in first.stdout
    assert agenda(coach, FRIDAY)["stage"] == "review"
    second = coach("session", input="q\n", env=FRIDAY)
    assert "Going on with your session" in second.stdout
    assert second.stdout.count("How did it go?") == 1  # only the second commitment is asked about
    assert "[1/3]" not in second.stdout and "What helped?" not in second.stdout
    assert rows(journal, "SELECT count(*) FROM coaching_session") == [(1,)]


def test_end_of_input_keeps_the_answers_and_says_how_to_go_on(coach, journal, interactive):
    a_week_to_close(coach)
    result = coach("session", input="\nd\nThe club helped\n", env=FRIDAY, expect=1)
    assert "coach session` goes on where you stopped" in result.stderr
    assert rows(journal, "SELECT status, note FROM commitment WHERE id = 1") == [("done", "The club helped")]


def test_week_review_and_plan_hold_the_same_conversation(coach, coach_json, journal, interactive):
    a_week_to_close(coach)
    review = coach("week", "review", input="d\n\nn\n\nc\nl\n\n\n\n\n", env=FRIDAY)
    assert "Looking back at 2026-W48" in review.stdout and "coach week plan" in review.stdout
    assert rows(journal, "SELECT carried_to FROM commitment WHERE id = 2") == [("2026-W49",)]
    plan = coach("week", "plan", input="Long run\n\nSunday\n9\n\n\n\n", env=FRIDAY)
    assert "Planning 2026-W49" in plan.stdout and "How confident are you, 1 to 10?" in plan.stdout
    planned = coach_json("week", "2026-W49")["commitments"]
    assert [(c["text"], c["when"], c["confidence"]) for c in planned] == [
        ("Read on the train", None, None),
        ("Long run", "Sunday", 9),
    ]


# --- stopped on a real terminal ------------------------------------------------------------------------------

# (what coach asks, the answer) in order, for the journal of a_week_to_close with one open commitment.
PTY_SCRIPT = [
    ("want from this session", "Clarity"),
    ("How did it go", "d"),
    ("What helped", "The club"),
    ("Where are you now", "12"),
    ("What makes this within reach", ""),
    ("Why does this matter", ""),
    ("By when", ""),
    ("What went well", "Mornings"),
    ("What got in the way", "Rain"),
    ("What did you learn", ""),
    ("What else could you try", "Run at lunch"),
    ("What else could you try", ""),
    ("What will you do", "Long run"),
    ("Which strategy", ""),
    ("When and where", "Sunday"),
    ("How confident", "8"),
    ("What will you do", ""),
    ("Anything else", ""),
    ("take to your coach", "Winter?"),
]
# Where each stage is stopped: the prompt index (an answer of that stage is saved before, where it has one).
STOP_AT = {"focus": 0, "review": 2, "reality": 3, "reflect": 8, "options": 11, "will": 14, "close": 18}
SIGNALS = ["SIGINT", "SIGHUP", "EOF", "SIGKILL"]
CASES = [(stage, SIGNALS[index % 4]) for index, stage in enumerate(STAGES)] + [
    ("review", "SIGHUP"),
    ("will", "EOF"),
    ("reflect", "SIGINT"),
    ("options", "SIGKILL"),
]


def spawn(journal: Path) -> Any:
    env = {
        **os.environ,
        "COACH_DB": str(journal),
        "COACH_TODAY": "2026-11-27",
        "NO_COLOR": "1",
        "PAGER": "cat",
    }
    child = coach_on_a_terminal(["session"], env, timeout=30)
    child.logfile_read = io.StringIO()  # what it printed, for the message of a failing assertion
    return child


@pytest.mark.parametrize(("stage", "how"), CASES, ids=[f"{stage}-{how}" for stage, how in CASES])
def test_stopped_at_each_stage_on_a_terminal_it_resumes_there(coach, journal, stage, how):
    pexpect = pytest.importorskip("pexpect")
    coach("goal", "add", "Run a half marathon in spring", "--measure", "km", "--unit", "km", "--target", "30",
          "--no-input")  # fmt: skip
    coach("strategy", "add", "1", "Run with the club")
    coach("commit", "Run three times", "--goal", "1")
    stop = STOP_AT[stage]
    child = spawn(journal)
    for prompt, answer in PTY_SCRIPT[:stop]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect(PTY_SCRIPT[stop][0])
    if how == "EOF":
        child.sendeof()
    elif how == "SIGINT":
        child.sendintr()
    else:
        child.kill(getattr(signal, how))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus != 0 or child.signalstatus is not None
    # Every answer given before the stop is in the journal.
    assert rows(journal, "SELECT status, note FROM commitment WHERE id = 1") == [
        ("done" if stop > 1 else "open", "The club" if stop > 2 else None)
    ]
    if stop > 3:
        assert rows(journal, "SELECT value FROM checkin") == [(12.0,)]
    assert agenda(coach, FRIDAY)["stage"] == stage
    # The next session goes on at that question, and asks nothing before it again.
    child = spawn(journal)
    child.expect("Going on with your session")
    for prompt, answer in PTY_SCRIPT[stop:]:
        index = child.expect([prompt, *{p for p, _ in PTY_SCRIPT[:stop]} - {prompt}])
        assert index == 0, f"asked again: {child.after}"
        child.sendline(answer)
    try:
        child.expect("coach brief")
        child.expect(pexpect.EOF)
    except pexpect.TIMEOUT:
        raise AssertionError(child.logfile_read.getvalue()) from None
    child.close()
    assert child.exitstatus == 0, child.logfile_read.getvalue()
    assert rows(journal, "SELECT stage, finished IS NOT NULL, questions FROM coaching_session") == [
        (None, 1, "Winter?")
    ]
    assert rows(journal, "SELECT text, when_where, confidence FROM commitment WHERE week = '2026-W49'") == [
        ("Long run", "Sunday", 8)
    ]


def test_the_demo_ends_with_a_finished_session_and_one_to_resume(coach, journal, tmp_path):
    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo")
    sessions = rows(
        demo, "SELECT stage, finished IS NOT NULL, questions IS NOT NULL FROM coaching_session ORDER BY id"
    )
    assert sessions == [(None, 1, 1), ("review", 0, 0)]
    document = json.loads(coach("--db", demo, "session", "--format", "json").stdout)
    assert document["stage"] == "review" and document["to_review"]
    assert "stopped at review" in coach("--db", demo).stdout


def test_each_answer_is_its_own_change_so_undo_takes_back_the_last_one(coach, journal, interactive):
    """SPEC "Correcting and undoing": one `coach undo` after a session takes back its last answer, not all."""
    a_week_to_close(coach)
    coach("session", input="\n".join(WHOLE_SESSION) + "\n", env=FRIDAY)
    commitments = rows(journal, "SELECT count(*) FROM commitment")
    undone = coach("undo", env=FRIDAY)
    assert "Undid" in undone.stdout
    # The questions for the coach are taken back (and the session is open again at its close) ...
    assert rows(journal, "SELECT stage, finished, questions FROM coaching_session") == [("close", None, None)]
    # ... and nothing else: the commitments, the check-in, the strategy and the note stay.
    assert rows(journal, "SELECT count(*) FROM commitment") == commitments
    assert rows(journal, "SELECT value FROM checkin") == [(12.0,)]
    assert rows(journal, "SELECT count(*) FROM week_note") == [(1,)]
    # The resumed session asks only what was taken back.
    again = coach("session", input="Winter?\n", env=FRIDAY)
    assert "take to your coach" in again.stdout and "How did it go" not in again.stdout
    assert rows(journal, "SELECT questions FROM coaching_session") == [("Winter?",)]
    # Every answer is an entry of its own.
    history = rows(journal, "SELECT count(*) FROM history WHERE command = 'session'")[0][0]
    assert history > 20


def test_the_close_counts_every_week_as_coach_week_does(coach, tmp_path):
    """Issue 24.2: one count. The close of a session closing any week of the demo's long journal counts each week
    it looked back on exactly as `coach week` does."""
    from datetime import date

    from coachcli.domain.dates import IsoWeek
    from coachcli.domain.progress import significant
    from coachcli.store.reader import reading
    from coachcli.views.session import load_summary

    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo")
    weeks = sorted({row[0] for row in rows(demo, "SELECT week FROM commitment")})
    assert len(weeks) >= 8
    today = date.fromisoformat(FRIDAY["COACH_TODAY"])
    compared = 0
    with reading(demo) as reader:
        for week in weeks:
            closed = IsoWeek.parse_iso(week)
            summary = load_summary(reader, closed, closed.next(), {}, today)
            assert summary.weeks[-1].week == closed
            for shown in summary.weeks:
                by_week = json.loads(coach("--db", demo, "week", str(shown.week), "-f", "json").stdout)
                assert shown.counts == by_week["counts"], shown.week
                assert significant(shown.completion_rate) == by_week["completion_rate"], shown.week
                compared += 1
    assert compared >= len(weeks)
