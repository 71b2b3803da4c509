"""One vocabulary: every status with its label, mark and question, and the words and limits defined once."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coachcli.domain.limits import MAX_ID, MAX_WEEKS
from coachcli.domain.text import is_blank, optional_text, require_text
from coachcli.domain.vocabulary import (
    COMMITMENT_STATUSES,
    COMMITMENT_WORDS,
    GOAL_STATUS_MESSAGES,
    GOAL_STATUSES,
    STATUS_CHOICES,
    STATUS_WORDS,
    STRATEGY_STATUSES,
    CommitmentStatus,
    GoalStatus,
    or_list,
)
from coachcli.domain.weeks import parse_status
from coachcli.errors import InputError

JUDGEMENT = ("fail", "bad", "lazy", "missed")


def test_the_statuses_are_spec_s_names_in_spec_s_order():
    assert COMMITMENT_STATUSES == ("open", "done", "partial", "missed", "dropped")
    assert GOAL_STATUSES == ("active", "done", "dropped")
    assert STRATEGY_STATUSES == ("active", "retired")
    assert STATUS_CHOICES == "open, done, partial, missed, dropped"


def test_a_status_is_stored_and_written_as_its_plain_name():
    assert json.dumps({"status": CommitmentStatus.PARTIAL}) == '{"status": "partial"}'
    assert json.dumps({CommitmentStatus.DONE: 1}) == '{"done": 1}'
    assert f"{CommitmentStatus.MISSED}" == "missed" and CommitmentStatus("missed") == "missed"


@pytest.mark.parametrize("status", list(CommitmentStatus))
def test_every_commitment_status_has_a_label_a_mark_and_an_open_question(status: CommitmentStatus):
    words = COMMITMENT_WORDS[status]
    assert status.label == words.label and words.mark and words.colour
    assert status.question.endswith("?")
    said = f"{status.label} {status.question}".lower()
    assert not any(word in said for word in JUDGEMENT), said


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("open", "open"),
        ("done", "done"),
        ("partial", "partly done"),
        ("missed", "not done"),
        ("dropped", "let go"),
    ],
)
def test_labels_say_what_happened(status: str, label: str):
    assert CommitmentStatus(status).label == label


@pytest.mark.parametrize("answer", [*COMMITMENT_STATUSES, *STATUS_WORDS])
def test_every_answer_word_reads_as_a_status(answer: str):
    assert parse_status(answer.upper()) in COMMITMENT_STATUSES


def test_every_goal_status_has_its_message():
    assert set(GOAL_STATUS_MESSAGES) == set(GoalStatus)
    assert all("{id}" in message for message in GOAL_STATUS_MESSAGES.values())


@pytest.mark.parametrize(
    ("words", "joined"), [((), ""), (("a",), "a"), (("a", "b"), "a or b"), (("a", "b", "c"), "a, b or c")]
)
def test_or_list(words: tuple[str, ...], joined: str):
    assert or_list(words) == joined


@pytest.mark.parametrize("text", [None, "", " ", "\t\n"])
def test_blank_text_is_blank(text: Any):
    assert is_blank(text)


def test_text_is_kept_exactly_as_typed_and_blank_text_is_refused():
    assert require_text("  two  spaces ", "unused") == "  two  spaces "
    with pytest.raises(InputError, match="the note is empty"):
        require_text(" ", "the note is empty; write one")
    assert optional_text(None, what="why") is None
    with pytest.raises(InputError, match="the why is empty; give some text or leave the option out"):
        optional_text("  ", what="why")


def test_limits_are_those_of_sqlite_and_the_report():
    assert MAX_ID == 2**63 - 1 and MAX_WEEKS == 5200
