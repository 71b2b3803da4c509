"""Belief language is noticed wherever the person writes, and the one most telling question is asked there."""

from __future__ import annotations

import pytest

NEXT_WEEK = {"COACH_TODAY": "2026-12-02"}

# The sentences a coach found going unnoticed, or answered with a question that did not fit, with the one
# question coach now asks where the text is saved (None: a healthy intention that needs no reframe).
SENTENCES = [
    (
        "I was too lazy and scared to send the emails, I should have just done it",
        'You wrote "I was too lazy". What would you say to a friend who said that about themselves?',
    ),
    (
        "I failed again. I'm hopeless at following up",
        'You wrote "I failed". What happened, and what did it teach you for next time?',
    ),
    (
        "I must be more disciplined",
        'You wrote "must". What would happen if you didn\'t, and what do you want here?',
    ),
    (
        "I always let work eat my evenings",
        'You wrote "always". Has there been a time, even once, when it went differently?',
    ),
    (
        "I never have time for myself",
        'You wrote "never". Has there been a time, even once, when it went differently?',
    ),
    (
        "My doctor said I must get healthier",
        'You wrote "My doctor said I must". Setting their words aside for a moment, what do you want here'
        " yourself?",
    ),
    (
        "I should be running every day, and I must stop eating so late",
        'You wrote "should". Whose expectation is that, and what would you choose for yourself?',
    ),
    (
        "I should have started this career move years ago",
        'You wrote "should have started". What would you like to carry from that into what you do next?',
    ),
    ("I have to stop comparing myself to others", None),
    (
        "I'm bad at networking",
        'You wrote "I\'m bad at networking". When has it gone a little better, and what was different then?',
    ),
]
IDS = [text[:30] for text, _ in SENTENCES]


def asks(output: str, question: str | None) -> None:
    """The output asks exactly the expected question, or none at all."""
    flat = " ".join(output.split())
    if question is None:
        assert "You wrote" not in flat
    else:
        assert question in flat
        assert flat.count("You wrote") == 1


@pytest.mark.parametrize(("text", "question"), SENTENCES, ids=IDS)
def test_reflect(coach, text, question):
    asks(coach("reflect", text).stdout, question)


@pytest.mark.parametrize(("text", "question"), SENTENCES, ids=IDS)
def test_mark_note(coach, text, question):
    coach("commit", "Send three emails")
    asks(coach("mark", "1", "partial", "--note", text).stdout, question)


@pytest.mark.parametrize(("text", "question"), SENTENCES, ids=IDS)
def test_review_note(coach, interactive, text, question):
    coach("commit", "Send three emails")
    answers = ["not done", text, "", "", "", "", ""]  # status, note, what now (skipped), the week note
    result = coach("week", "review", "2026-W48", input="\n".join(answers) + "\n", env=NEXT_WEEK)
    asks(result.stdout, question)


@pytest.mark.parametrize(("text", "question"), SENTENCES, ids=IDS)
def test_week_note(coach, coach_json, interactive, text, question):
    answers = ["", text, "", ""]  # went well, got in the way, the reframe it invites (skipped), learned
    result = coach("week", "review", "2026-W48", input="\n".join(answers) + "\n", env=NEXT_WEEK)
    asks(result.stdout, question)
    (note,) = [entry for entry in coach_json("journal") if entry["kind"] == "week_note"]
    assert [b["question"] for b in note["beliefs"] if b["question"]][:1] == ([question] if question else [])


@pytest.mark.parametrize(("text", "question"), SENTENCES, ids=IDS)
def test_goal_why(coach, text, question):
    result = coach("goal", "add", "Run a half marathon in spring", "--why", text, "--no-input")
    asks(result.stdout, question)


@pytest.mark.parametrize(("text", "question"), SENTENCES, ids=IDS)
def test_checkin_note(coach, text, question):
    coach("goal", "add", "Read twelve books this year", "--measure", "books", "--target", "12", "--no-input")
    asks(coach("goal", "log", "1", "3", "--note", text).stdout, question)


def test_goal_edit_achievable(coach):
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    result = coach("goal", "edit", "1", "--achievable", "I never stick with plans")
    asks(result.stdout, 'You wrote "never". Has there been a time, even once, when it went differently?')


def test_nothing_to_ask_about_says_nothing_more(coach):
    coach("commit", "Call mum")
    assert coach("mark", "1", "done", "--note", "Lovely chat").stdout.strip() == "Commitment 1 marked done."


def test_the_journal_lists_every_phrase_and_question(coach, coach_json):
    coach("reflect", "I should be running every day, and I must stop eating so late. I never rest")
    (entry,) = coach_json("journal")
    assert [(b["phrase"], b["kind"]) for b in entry["beliefs"]] == [
        ("should", "obligation"),
        ("must stop", "intention"),
        ("never", "absolute"),
    ]
    shown = " ".join(coach("journal").stdout.split())
    for belief in entry["beliefs"]:
        assert belief["question"] in shown
    markdown = coach("journal", "--format", "markdown").stdout
    assert "Whose expectation is that" in markdown


def test_the_report_counts_should_thinking_this_quarter_against_the_last(coach, coach_json):
    coach("reflect", "I should call, I must write, I should have asked", "--on", "2026-08-10")
    coach("reflect", "I never rest", "--on", "2026-09-30")
    coach("reflect", "I should rest", "--on", "2026-10-01")
    coach("commit", "Send three emails")
    coach("mark", "1", "partial", "--note", "I'm hopeless at this, I have to try")
    beliefs = coach_json("report")["beliefs"]
    assert beliefs["this_quarter"]["quarter"] == "2026-Q4"
    assert (beliefs["this_quarter"]["should"], beliefs["last_quarter"]["should"]) == (2, 3)
    assert beliefs["this_quarter"]["counts"]["label"] == 1
    assert beliefs["last_quarter"]["counts"]["absolute"] == 1
    shown = " ".join(coach("report").stdout.split())
    assert '"Should" thinking: 2 phrases this quarter (2026-Q4), 3 last quarter (2026-Q3).' in shown
    assert "What has helped you ease off the demands on yourself?" in shown
    assert "## Self-talk" in coach("report", "--format", "markdown").stdout


def test_the_report_says_nothing_of_self_talk_when_there_is_none(coach, coach_json):
    coach("reflect", "A good run")
    assert "Self-talk" not in coach("report").stdout
    assert coach_json("report")["beliefs"]["this_quarter"]["should"] == 0


def test_a_review_note_gets_room_to_answer_its_question_kept_as_the_reframe(coach, coach_json, interactive):
    coach("goal", "add", "Lead the team through the reorganisation", "--no-input")
    coach("commit", "Hold the team meeting", "--goal", "1")
    answers = ["partly", "I am a bad manager", "I am learning, and Sam said it helped", "", "", "", ""]
    result = coach("week", "review", "2026-W48", input="\n".join(answers) + "\n", env=NEXT_WEEK)
    flat = " ".join(result.stdout.split())
    assert 'You wrote "I am a bad manager". What would you say to a friend' in flat
    assert "Kept as reflection 1, with your reframe." in flat
    (entry,) = [entry for entry in coach_json("journal") if entry["kind"] == "reflection"]
    assert (entry["text"], entry["reframe"]) == (
        "I am a bad manager",
        "I am learning, and Sam said it helped",
    )
    assert (entry["goal_id"], entry["week"]) == (1, "2026-W48")
    (commitment,) = coach_json("week", "2026-W48")["commitments"]
    assert commitment["note"] == "I am a bad manager"  # the note is still how it went


def test_enter_skips_the_reframe_of_a_review_note(coach, coach_json, interactive):
    coach("commit", "Hold the team meeting")
    answers = ["partly", "Everyone expects me to have the answers", "", "", "", "", ""]
    result = coach("week", "review", "2026-W48", input="\n".join(answers) + "\n", env=NEXT_WEEK)
    assert "What do you know, and what are you guessing?" in " ".join(result.stdout.split())
    assert [entry for entry in coach_json("journal") if entry["kind"] == "reflection"] == []


def test_a_reframed_reflection_no_longer_shows_its_question(coach):
    coach("reflect", "I need to be perfect")
    coach("reflect", "I am a bad manager")
    coach("reframe", "2", "I am learning the job")
    shown = " ".join(coach("journal").stdout.split())
    assert "What would good enough look like here?" in shown
    assert "What would you say to a friend" not in shown
    markdown = coach("journal", "--format", "markdown").stdout
    assert "What would good enough look like here?" in markdown
    assert "What would you say to a friend" not in markdown
