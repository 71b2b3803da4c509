"""The user's strengths as a ranked list: matching typed names, planning additions and removals, picks."""

from __future__ import annotations

import pytest

from coachcli.domain.strengths import (
    StrengthAdditions,
    add_strength_command,
    close_own_strength,
    own_strength,
    parse_choices,
    plan_additions,
    strength_key,
    strengths_for_strategy,
    strengths_to_remove,
)
from coachcli.errors import InputError

MINE = ["Relator", "Achiever", "extrovert", "Night owl"]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Relator", "RELATOR", True),
        ("self assurance", "Self-Assurance", True),
        ("extrovert", "  EXTROVERT ", True),
        ("night  owl", "Night Owl", True),
        ("Relator", "Relater", False),
        ("night owl", "night-owl", False),
    ],
)
def test_strength_key(first, second, same):
    assert (strength_key(first) == strength_key(second)) is same


@pytest.mark.parametrize(
    ("names", "custom", "added", "already"),
    [
        (["woo", "LEARNER"], False, [("Woo", "theme"), ("Learner", "theme")], []),
        (["relator", "Woo"], False, [("Woo", "theme")], ["Relator"]),
        (["Woo", "woo", "WOO"], False, [("Woo", "theme")], []),
        (["EXTROVERT"], False, [], ["extrovert"]),  # a kept custom word needs no --custom to be recognised
        (["patience", "Woo"], True, [("patience", "custom"), ("Woo", "theme")], []),
        (["night OWL", "Relator", "relator"], True, [], ["Night owl", "Relator"]),
    ],
)
def test_plan_additions(names, custom, added, already):
    assert plan_additions(MINE, names, custom=custom) == StrengthAdditions(tuple(added), tuple(already))


@pytest.mark.parametrize(
    ("names", "custom", "fragment"),
    [
        (["Woo", "Relater"], False, "did you mean Relator?"),
        (["patience"], False, "add --custom"),
        (["  "], True, "needs a name"),
    ],
)
def test_plan_additions_refuses_a_bad_name(names, custom, fragment):
    with pytest.raises(InputError, match=fragment):
        plan_additions(MINE, names, custom=custom)


@pytest.mark.parametrize(
    ("typed", "own", "close"),
    [
        ("relator", "Relator", "Relator"),
        ("NIGHT OWL", "Night owl", "Night owl"),
        ("Relater", None, "Relator"),
        ("achiver", None, "Achiever"),
        ("Woo", None, None),
        ("introvert", None, None),
    ],
)
def test_own_and_close_strength(typed, own, close):
    assert own_strength(MINE, typed) == own
    assert close_own_strength(MINE, typed) == close


def test_strengths_to_remove_in_the_order_given_without_repeats():
    assert strengths_to_remove(MINE, ["EXTROVERT", "relator", "Relator"]) == ["extrovert", "Relator"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Relater", '"Relater" is not among your strengths (did you mean Relator?); nothing was removed'),
        ("Woo", '"Woo" is not among your strengths (`coach strengths` lists yours); nothing was removed'),
    ],
)
def test_strengths_to_remove_refuses_names_not_kept(typed, message):
    with pytest.raises(InputError) as caught:
        strengths_to_remove(MINE, ["Relator", typed])
    assert str(caught.value) == message


def test_strengths_for_strategy_gives_kept_spellings():
    assert strengths_for_strategy(MINE, ["RELATOR", "night owl", "relator"]) == ["Relator", "Night owl"]
    assert strengths_for_strategy(MINE, []) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("achiver", '"achiver" is not among your strengths; did you mean Achiever?'),
        ("woo", '"woo" is not among your strengths yet; add it first with `coach strengths add Woo`'),
        (
            "Maximiser",
            '"Maximiser" is not among your strengths; did you mean the theme Maximizer?'
            " Add it first with `coach strengths add Maximizer`",
        ),
        (
            "early  bird",
            "\"early bird\" is not among your strengths yet; add it first with `coach strengths add 'early bird' --custom`",
        ),
        ("  ", "a --strength is empty; give the name of one of your strengths"),
    ],
)
def test_strengths_for_strategy_says_how_to_add_one(typed, message):
    with pytest.raises(InputError) as caught:
        strengths_for_strategy(MINE, ["Relator", typed])
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("self assurance", "coach strengths add Self-Assurance"),
        ("patience", "coach strengths add patience --custom"),
        ("it's me", "coach strengths add 'it'\"'\"'s me' --custom"),
    ],
)
def test_add_strength_command(name, command):
    assert add_strength_command(name) == command


@pytest.mark.parametrize(
    ("answer", "picked"),
    [
        ("", []),
        ("  ", []),
        ("none", []),
        ("1", [1]),
        ("3 1", [3, 1]),
        ("1,3", [1, 3]),
        ("1, 3;2", [1, 3, 2]),
        ("2-4", [2, 3, 4]),
        ("1 1 2-3 3", [1, 2, 3]),
        ("ALL", [1, 2, 3, 4, 5]),
    ],
)
def test_parse_choices(answer, picked):
    assert parse_choices(answer, 5) == picked


@pytest.mark.parametrize("answer", ["0", "6", "x", "1 banana", "4-9", "3-1", "-1", "1.5"])
def test_parse_choices_refuses_what_is_no_number_on_the_list(answer):
    with pytest.raises(InputError, match="not a number from 1 to 5"):
        parse_choices(answer, 5)
