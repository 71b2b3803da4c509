"""The SMART scorecard: one verdict per letter, a coaching question for each one missing."""

from __future__ import annotations

from datetime import date

import pytest

from coachcli.domain.smart import SMART_LETTERS, SmartScorecard, is_specific, smart_scorecard

CREATED = date(2026, 11, 25)
JUDGEMENT = ("fail", "bad", "lazy", "wrong", "should")


def scorecard(**overrides: object) -> SmartScorecard:
    """A scorecard of a goal that meets every letter, with some fields overridden."""
    fields: dict[str, object] = {
        "title": "Run a half marathon",
        "measure": "km in one run",
        "target": 21.1,
        "achievable": "I run 10 km now; a plan of 12 weeks",
        "why": "To feel strong again",
        "deadline": date(2027, 3, 31),
        "created": CREATED,
    }
    fields.update(overrides)
    return smart_scorecard(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Run a half marathon", True),
        ("Read 12 books this year", True),
        ("Ship [bold]v2[/bold] | then rest", True),
        ("Lose 5 kg", True),
        ("Do a 5k run", True),
        ("Write the thesis introduction", True),
        ("Be happier and healthier in life", False),
        ("Get better at stuff", False),
        ("BE HAPPIER AND HEALTHIER IN LIFE", False),
        ("Be a better person", False),
        ("Improve my health", False),
        ("Be more productive", False),
        ("Get fit", False),
        ("Marathon", False),
        ("Run | | marathon", False),
        ("Run -- marathon", False),
        ("", False),
        ("   ", False),
        ("Get better at stuff, really!", False),
        ("Get better at 'stuff'", False),
        ("Run 5 km", True),
    ],
)
def test_is_specific(title: str, expected: bool) -> None:
    assert is_specific(title) is expected


def test_full_scorecard() -> None:
    card = scorecard()
    assert card.as_dict() == dict.fromkeys(SMART_LETTERS, True)
    assert card.score == 5
    assert card.letters == "SMART"
    assert card.missing == ()
    assert [check.key for check in card.checks] == list(SMART_LETTERS)
    assert [check.label for check in card.checks] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Time-bound",
    ]
    assert all(check.question is None for check in card.checks)


@pytest.mark.parametrize(
    ("overrides", "missing", "letters"),
    [
        ({"title": "Get fit"}, "specific", "-MART"),
        ({"measure": None}, "measurable", "S-ART"),
        ({"measure": "  "}, "measurable", "S-ART"),
        ({"target": None}, "measurable", "S-ART"),
        ({"achievable": None}, "achievable", "SM-RT"),
        ({"achievable": "\t"}, "achievable", "SM-RT"),
        ({"why": None}, "relevant", "SMA-T"),
        ({"why": ""}, "relevant", "SMA-T"),
        ({"deadline": None}, "time_bound", "SMAR-"),
        ({"deadline": CREATED}, "time_bound", "SMAR-"),
        ({"deadline": date(2026, 11, 1)}, "time_bound", "SMAR-"),
    ],
)
def test_one_letter_missing(overrides: dict[str, object], missing: str, letters: str) -> None:
    card = scorecard(**overrides)
    assert card.score == 4
    assert card.letters == letters
    assert [check.key for check in card.missing] == [missing]
    assert card.as_dict()[missing] is False
    assert card.missing[0].question


def test_target_zero_is_measurable() -> None:
    assert scorecard(target=0.0).as_dict()["measurable"] is True


def test_deadline_the_next_day_is_time_bound() -> None:
    assert scorecard(deadline=date(2026, 11, 26)).as_dict()["time_bound"] is True


def test_empty_scorecard() -> None:
    card = scorecard(title="Be better", measure=None, target=None, achievable=None, why=None, deadline=None)
    assert card.score == 0
    assert card.letters == "-----"
    assert [check.key for check in card.missing] == list(SMART_LETTERS)
    assert card.as_dict() == dict.fromkeys(SMART_LETTERS, False)


@pytest.mark.parametrize(
    ("key", "question"),
    [
        ("specific", "What exactly will be different when you reach it?"),
        ("measurable", "How will you know you got there? What number?"),
        ("achievable", "What makes this within reach: resources, a first step, how confident are you?"),
        ("relevant", "Why does this matter to you now?"),
        ("time_bound", "By when? What date would make this real?"),
    ],
)
def test_questions(key: str, question: str) -> None:
    card = scorecard(title="Be better", measure=None, target=None, achievable=None, why=None, deadline=None)
    check = next(check for check in card.checks if check.key == key)
    assert check.question == question


def test_deadline_not_after_the_day_set_asks_for_a_later_date() -> None:
    question = scorecard(deadline=CREATED).missing[0].question
    assert question is not None
    assert "after today" in question


def test_questions_are_open_and_never_judge() -> None:
    card = scorecard(
        title="Be better", measure=None, target=None, achievable=None, why=None, deadline=CREATED
    )
    for check in card.missing:
        assert check.question is not None
        assert check.question.endswith("?")
        assert not any(word in check.question.lower() for word in JUDGEMENT)


def test_letters_of_checks() -> None:
    assert [check.letter for check in scorecard().checks] == ["S", "M", "A", "R", "T"]
