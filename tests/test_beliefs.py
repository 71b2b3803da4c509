"""Belief language in what the user writes, and the reframing questions coach asks about it."""

from __future__ import annotations

import pytest

from coachcli.domain.beliefs import BeliefPhrase, find_belief_language, reframe_question

JUDGEMENT = ("fail", "bad", "lazy", "wrong", "stupid", "excuse")


def found(text: str) -> list[tuple[str, str]]:
    """The (phrase, kind) pairs found in a text."""
    return [(match.phrase, match.kind) for match in find_belief_language(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I should run more", [("should", "should")]),
        ("Should I?", [("Should", "should")]),
        ("I SHOULD", [("SHOULD", "should")]),
        ("I shouldn't skip it", [("shouldn't", "should")]),
        ("I shouldn\u2019t skip it", [("shouldn\u2019t", "should")]),
        ("I should not skip it", [("should not", "should")]),
        ("I should've called", [("should", "should")]),
        ("I must finish", [("must", "must")]),
        ("I mustn't stop", [("mustn't", "must")]),
        ("I Mustn\u2019t stop", [("Mustn\u2019t", "must")]),
        ("I must not stop", [("must not", "must")]),
        ("I have to win", [("have to", "have to")]),
        ("she has to know", [("has to", "have to")]),
        ("I had to leave", [("had to", "have to")]),
        ("I Have  To", [("Have  To", "have to")]),
        ("I ought to call", [("ought to", "ought to")]),
        ("I always forget", [("always", "always")]),
        ("I never finish", [("never", "never")]),
        ("NEVER again.", [("NEVER", "never")]),
        ("I *never* rest", [("never", "never")]),
        ("I _always_ rest", [("always", "always")]),
        ("(always)", [("always", "always")]),
    ],
)
def test_finds_belief_language(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "my shoulder hurts",
        "shoulders back",
        "mustard on toast",
        "a musty room",
        "forever young",
        "whenever I can",
        "nevertheless, I ran",
        "hallways",
        "I have tomatoes",
        "I have two",
        "behave towards others",
        "I thought to call",
        "Shouldice",
        "should2",
    ],
)
def test_does_not_find(text: str) -> None:
    assert found(text) == []


def test_a_phrase_does_not_run_over_a_line_break() -> None:
    assert found("I should\nnot") == [("should", "should")]


def test_several_phrases_in_order_with_positions() -> None:
    text = "I always think I should, and I have to, but I never do."
    matches = find_belief_language(text)
    assert [(m.phrase, m.kind) for m in matches] == [
        ("always", "always"),
        ("should", "should"),
        ("have to", "have to"),
        ("never", "never"),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.phrase
    assert [m.start for m in matches] == sorted(m.start for m in matches)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("should", 'You wrote "should". What would you choose to do if nobody expected it?'),
        ("Should", 'You wrote "Should". What would you choose to do if nobody expected it?'),
        ("never", 'You wrote "never". Has there been a time when that was not quite true?'),
        ("ALWAYS", 'You wrote "ALWAYS". Has there been a time when that was not quite true?'),
        ("must", 'You wrote "must". What would happen if you didn\'t? Who says so?'),
        ("have to", 'You wrote "have to". What would happen if you didn\'t? Who says so?'),
        ("has to", 'You wrote "has to". What would happen if you didn\'t? Who says so?'),
        ("mustn\u2019t", 'You wrote "mustn\u2019t". What would happen if you did? Who says so?'),
        ("must not", 'You wrote "must not". What would happen if you did? Who says so?'),
    ],
)
def test_reframe_question(text: str, question: str) -> None:
    (phrase,) = find_belief_language(text)
    assert reframe_question(phrase) == question


@pytest.mark.parametrize(
    "text",
    [
        "should",
        "shouldn't",
        "Should not",
        "must",
        "mustn't",
        "have to",
        "Had to",
        "ought to",
        "always",
        "Never",
    ],
)
def test_every_question_quotes_the_phrase_and_stays_open(text: str) -> None:
    (phrase,) = find_belief_language(text)
    question = reframe_question(phrase)
    assert question.startswith(f'You wrote "{text}". ')
    assert question.endswith("?")
    rest = question.removeprefix(f'You wrote "{text}". ').lower()
    assert not any(word in rest for word in JUDGEMENT)
    assert "should" not in rest


def test_belief_phrase_is_a_value() -> None:
    assert BeliefPhrase("never", "never", 0, 5) == BeliefPhrase("never", "never", 0, 5)
