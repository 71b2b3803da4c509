"""Tests for the CliftonStrengths themes, strength names and strategy ideas."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import coachcli
from coachcli.domain import themes
from coachcli.domain.themes import (
    DOMAINS,
    GoalKind,
    StrategyIdea,
    StrengthHistory,
    Theme,
    all_themes,
    canonical_strength,
    find_theme,
    goal_kind,
    nearest_theme,
    strategy_ideas,
)
from coachcli.errors import InputError

EXPECTED = {
    "Executing": [
        "Achiever",
        "Arranger",
        "Belief",
        "Consistency",
        "Deliberative",
        "Discipline",
        "Focus",
        "Responsibility",
        "Restorative",
    ],
    "Influencing": [
        "Activator",
        "Command",
        "Communication",
        "Competition",
        "Maximizer",
        "Self-Assurance",
        "Significance",
        "Woo",
    ],
    "Relationship Building": [
        "Adaptability",
        "Connectedness",
        "Developer",
        "Empathy",
        "Harmony",
        "Includer",
        "Individualization",
        "Positivity",
        "Relator",
    ],
    "Strategic Thinking": [
        "Analytical",
        "Context",
        "Futuristic",
        "Ideation",
        "Input",
        "Intellection",
        "Learner",
        "Strategic",
    ],
}

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _raw() -> dict:
    return json.loads(resources.files("coachcli.domain").joinpath("themes.json").read_text(encoding="utf-8"))


def _all_ideas() -> list[tuple[str, str, str]]:
    """Every idea in the data file: the goal kind it is for, the domain (or "own"), and its text."""
    return [
        (kind, domain, idea)
        for kind, by_domain in _raw()["goal_kinds"].items()
        for domain, ideas in by_domain.items()
        for idea in ideas
    ]


# --- the data -------------------------------------------------------------------------------------


def test_thirty_four_themes_in_domain_order_alphabetical_inside():
    found = all_themes()
    assert len(found) == 34
    assert [theme.name for theme in found] == [name for domain in DOMAINS for name in EXPECTED[domain]]
    assert all(isinstance(theme, Theme) for theme in found)


@pytest.mark.parametrize(
    ("domain", "count"),
    [("Executing", 9), ("Influencing", 8), ("Relationship Building", 9), ("Strategic Thinking", 8)],
)
def test_domain_counts(domain, count):
    names = [theme.name for theme in all_themes() if theme.domain == domain]
    assert names == EXPECTED[domain]
    assert len(names) == count


def test_only_the_four_domains():
    assert {theme.domain for theme in all_themes()} == set(DOMAINS)


KINDS = {str(kind) for kind in GoalKind}
JUDGEMENT = ("missed", "failed", "lazy", "should", "must ", "bad ")


@pytest.mark.parametrize("theme", all_themes(), ids=lambda theme: theme.name)
def test_every_theme_has_a_progress_line(theme):
    assert theme.progress.strip()
    assert "\n" not in theme.progress


def test_every_kind_of_goal_has_ideas_for_every_domain_and_some_naming_the_strength():
    goal_kinds = _raw()["goal_kinds"]
    assert set(goal_kinds) == KINDS
    for kind, by_domain in goal_kinds.items():
        assert set(by_domain) == {*DOMAINS, "own"}, kind
        assert all(len(ideas) >= 2 for ideas in by_domain.values()), kind
        assert all("{strength}" in idea for idea in by_domain["own"]), kind


def test_self_descriptions_cover_the_common_ones_each_with_a_domain():
    entries = {entry["name"]: entry for entry in _raw()["self_descriptions"]}
    for name in ("introvert", "extrovert", "morning person", "night owl", "visual thinker"):
        assert name in entries
    assert all(entry["domain"] in DOMAINS for entry in entries.values())


@pytest.mark.parametrize(("kind", "domain", "idea"), _all_ideas())
def test_every_idea_is_a_strategy_in_the_imperative_and_never_judges(kind, domain, idea):
    assert idea.endswith(".") and "?" not in idea, idea  # kept as it is, as a strategy: not a question
    assert idea[0].isupper() and not idea.startswith(("What ", "How ", "Could ", "Would ", "Why "))
    assert not any(word in idea.casefold() for word in JUDGEMENT)
    assert set(PLACEHOLDER.findall(idea)) <= ({"strength"} if domain == "own" else set())
    assert "{goal}" not in idea and "{measure}" not in idea


def test_no_idea_is_repeated():
    ideas = [idea for _, _, idea in _all_ideas()]
    assert len(ideas) == len(set(ideas))


def test_data_file_is_tidy_json():
    text = resources.files("coachcli.domain").joinpath("themes.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_importing_the_module_does_not_read_the_data():
    code = (
        "import pathlib\n"
        "calls = []\n"
        "original = pathlib.Path.read_text\n"
        "pathlib.Path.read_text = lambda self, *a, **k: calls.append(self.name) or original(self, *a, **k)\n"
        "import coachcli.domain.themes as t\n"
        "assert calls == [], calls\n"
        "assert len(t.all_themes()) == 34 and calls == ['themes.json'], calls\n"
    )
    package_root = Path(coachcli.__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(package_root), os.environ.get("PYTHONPATH")])),
    }
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_data_is_loaded_once():
    assert all_themes() is all_themes()
    assert themes._catalogue.cache_info().currsize == 1


# --- looking themes up ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Relator", "Relator"),
        ("relator", "Relator"),
        ("  RELATOR \t", "Relator"),
        ("woo", "Woo"),
        ("Self-Assurance", "Self-Assurance"),
        ("self-assurance", "Self-Assurance"),
        ("self assurance", "Self-Assurance"),
        ("selfassurance", "Self-Assurance"),
        ("Self_Assurance", "Self-Assurance"),
        ("strategic thinking", None),
        ("Relater", None),
        ("", None),
        ("   ", None),
    ],
)
def test_find_theme(typed, expected):
    found = find_theme(typed)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Relater", "Relator"),
        ("acheiver", "Achiever"),
        ("analytic", "Analytical"),
        ("Maximiser", "Maximizer"),
        ("empathetic", "Empathy"),
        ("learning", "Learner"),
        ("futurist", "Futuristic"),
        ("communicator", "Communication"),
        ("self asurance", "Self-Assurance"),
        ("learner", "Learner"),
        ("banana", None),
        ("stubborn", None),
        ("creative", None),
        ("planner", None),
        ("introvert", None),
        ("patience", None),
        ("", None),
    ],
)
def test_nearest_theme(typed, expected):
    assert nearest_theme(typed) == expected


# --- strength names -------------------------------------------------------------------------------


@pytest.mark.parametrize("custom", [False, True])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("relator", "Relator"), ("  ACHIEVER ", "Achiever"), ("self assurance", "Self-Assurance")],
)
def test_canonical_strength_themes(typed, expected, custom):
    assert canonical_strength(typed, custom=custom) == (expected, "theme")


def test_unknown_theme_suggests_the_nearest():
    with pytest.raises(InputError) as caught:
        canonical_strength("Relater", custom=False)
    assert str(caught.value) == (
        '"Relater" is not a CliftonStrengths theme; did you mean Relator? To keep your own word, add --custom'
    )


@pytest.mark.parametrize("typed", ["stubborn", "introvert", "night owl"])
def test_unknown_theme_without_a_close_one_points_to_the_list(typed):
    with pytest.raises(InputError) as caught:
        canonical_strength(typed, custom=False)
    message = str(caught.value)
    assert message == (
        f'"{typed}" is not a CliftonStrengths theme; see `coach strengths themes` for the 34 themes, '
        "or add --custom for your own word"
    )
    assert "did you mean" not in message


def test_self_description_close_to_a_theme_is_not_mistaken_for_a_typo():
    # "creative" scores close to "Restorative"; it is a word people use for themselves, not a typo.
    with pytest.raises(InputError) as caught:
        canonical_strength("creative", custom=False)
    assert "did you mean" not in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Night owl", "Night owl"),
        ("  morning \t  person  ", "morning person"),
        ("Relater", "Relater"),
        ("x" * 60, "x" * 60),
        ("Ship {v2} [bold]", "Ship {v2} [bold]"),
    ],
)
def test_canonical_strength_custom(typed, expected):
    assert canonical_strength(typed, custom=True) == (expected, "custom")


@pytest.mark.parametrize("custom", [False, True])
@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_blank_strength_is_refused(typed, custom):
    with pytest.raises(InputError):
        canonical_strength(typed, custom=custom)


def test_long_custom_strength_is_refused():
    with pytest.raises(InputError, match="at most 60"):
        canonical_strength("y" * 61, custom=True)


def test_length_counts_after_collapsing_spaces():
    assert canonical_strength("a" * 30 + "     " + "b" * 29, custom=True) == (
        "a" * 30 + " " + "b" * 29,
        "custom",
    )


# --- strategy ideas -------------------------------------------------------------------------------

GOAL = "Run a half marathon"
RELATOR_ACHIEVER = [("Relator", "theme"), ("Achiever", "theme")]


def _ideas(strengths, goal=GOAL, kind=GoalKind.health, history=()):
    return strategy_ideas(goal_title=goal, kind=kind, strengths=strengths, history=history)


@pytest.mark.parametrize(
    ("title", "facts", "kind"),
    [
        ("Run a half marathon in under 2 hours", {"measure": "km", "unit": "km"}, GoalKind.health),
        ("Weigh 78 kg by the summer holiday", {}, GoalKind.health),
        ("Meditate every morning", {}, GoalKind.health),
        ("Read 12 books", {"measure": "books read", "unit": "books"}, GoalKind.learning),
        ("Learn Dutch", {"tags": ["work"]}, GoalKind.learning),
        ("Finish the online data science course", {"tags": ["career"]}, GoalKind.learning),
        ("Call mum every Sunday", {}, GoalKind.relationship),
        ("Spend more time with my kids", {}, GoalKind.relationship),
        ("A good working relationship with Priya", {"tags": ["manager", "work"]}, GoalKind.relationship),
        ("Move from finance into a UX research role", {}, GoalKind.career_change),
        ("Find a new job in the charity sector", {}, GoalKind.career_change),
        ("Finish the course", {"why": "A step towards a career change"}, GoalKind.learning),
        ("Send ten applications", {"why": "A new job by spring", "tags": ["career"]}, GoalKind.career_change),
        ("Cut meeting hours from 28 to 18", {"unit": "h", "tags": ["manager"]}, GoalKind.work_habit),
        ("Be a better manager", {"tags": ["manager", "work"]}, GoalKind.work_habit),
        ("Clear my inbox every Friday", {}, GoalKind.work_habit),
        ("Write 8 quarterly reports", {"unit": "reports"}, GoalKind.output),
        ("Submit the thesis", {}, GoalKind.output),
        ("Save 5000 euros for a deposit", {}, GoalKind.finances),
        ("Pay off the credit card debt", {}, GoalKind.finances),
        ("Paint every weekend", {}, GoalKind.creative),
        ("Finish the first draft of my novel", {}, GoalKind.creative),
        ("Be happier", {}, GoalKind.other),
        ("Get better", {"tags": ["work"]}, GoalKind.other),
    ],
)
def test_goal_kind_reads_the_whole_wording(title, facts, kind):
    assert goal_kind(title, **facts) is kind


@pytest.mark.parametrize("tag", ["manager", "role", "work", "job"])
def test_one_word_in_a_tag_does_not_make_a_job_change(tag):
    assert goal_kind("Have one 1:1 a week with each of my reports", tags=[tag]) is not GoalKind.career_change
    assert goal_kind("Run a 10k", tags=[tag]) is GoalKind.health


def test_words_count_only_whole():
    assert goal_kind("Stop overworking") is GoalKind.other  # "work" inside a word is no work habit
    assert goal_kind("Run the roleplay workshop") is not GoalKind.career_change


def test_one_idea_from_every_strength_in_the_users_order_first():
    strengths = [(theme.name, "theme") for theme in all_themes()[:5]] + [("introvert", "custom")]
    ideas = _ideas(strengths)
    assert [idea.strength for idea in ideas[:6]] == [name for name, _ in strengths]
    assert 6 <= len(ideas) <= 10
    assert all(isinstance(idea, StrategyIdea) for idea in ideas)


def test_every_recorded_strength_is_used_even_many():
    strengths = [(theme.name, "theme") for theme in all_themes()[:9]] + [("Futuristic", "theme")]
    assert {idea.strength for idea in _ideas(strengths)} == {name for name, _ in strengths}


def test_with_more_strengths_than_room_different_goals_start_with_different_ones():
    strengths = [(theme.name, "theme") for theme in all_themes()]
    starts = {
        _ideas(strengths, goal=goal)[0].strength for goal in ("Read 12 books", "Run", "Learn Dutch", "Swim")
    }
    assert len(starts) > 1
    covered = {
        idea.strength for goal in ("Read", "Run", "Learn Dutch", "Swim") for idea in _ideas(strengths, goal)
    }
    assert len(covered) >= 30


def test_a_goal_of_no_kind_gets_the_strengths_general_ideas():
    texts = {idea.text for idea in _ideas([("Achiever", "theme")], kind=GoalKind.other)}
    general = {
        *_raw()["goal_kinds"]["other"]["Executing"],
        "Do first the task that lets you use your Achiever.",
    }
    assert texts & general and texts <= {*_raw()["goal_kinds"]["other"]["Executing"]} | {
        text.replace("{strength}", "Achiever") for text in _raw()["goal_kinds"]["other"]["own"]
    }


def test_relationship_health_and_learning_goals_share_no_idea():
    strengths = [
        ("Relator", "theme"),
        ("Achiever", "theme"),
        ("Learner", "theme"),
        ("calm in a crisis", "custom"),
    ]
    lists = [
        {idea.text for idea in _ideas(strengths, goal, kind)}
        for goal, kind in [
            ("A good working relationship with Priya", GoalKind.relationship),
            ("Run a half marathon", GoalKind.health),
            ("Learn Dutch", GoalKind.learning),
        ]
    ]
    assert all(lists)
    assert not (lists[0] & lists[1]) and not (lists[0] & lists[2]) and not (lists[1] & lists[2])


def test_sessions_in_a_row_do_not_offer_the_same_three():
    strengths = [("Relator", "theme"), ("Achiever", "theme"), ("Learner", "theme")]
    for goal, kind in [("Be a better manager", GoalKind.work_habit), ("Be happier", GoalKind.other)]:
        offered = [
            [
                idea.text
                for idea in strategy_ideas(goal_title=goal, kind=kind, strengths=strengths, turn=turn)
            ][:3]
            for turn in range(2900, 2912)
        ]
        assert all(this != following for this, following in itertools.pairwise(offered))
        assert len({text for three in offered for text in three}) > 6


def test_different_goals_get_different_ideas_and_none_names_the_goal():
    strengths = [*RELATOR_ACHIEVER, ("Learner", "theme"), ("extrovert", "custom")]
    goals = [
        ("Run a half marathon in under 2 hours", GoalKind.health),
        ("Weigh 78 kg by the summer holiday", GoalKind.health),
        ("Finish the online data science course", GoalKind.learning),
        ("Be happier", GoalKind.other),
        ("Call my sister every week", GoalKind.relationship),
    ]
    lists = [tuple(idea.text for idea in _ideas(strengths, goal, kind)) for goal, kind in goals]
    assert len(set(lists)) == len(goals)
    for (goal, _), texts in zip(goals, lists, strict=True):
        assert all(goal.casefold() not in text.casefold() for text in texts)


def test_the_persons_own_history_comes_first():
    history = [
        StrengthHistory("Relator", counted=11, rate=0.82),
        StrengthHistory("Achiever", counted=2, rate=1.0),  # too few to say
    ]
    ideas = _ideas([*RELATOR_ACHIEVER, ("Learner", "theme")], history=history)
    assert ideas[0] == StrategyIdea(
        "Relator", "Lean on Relator here as your other strategies do (82% follow-through so far)."
    )
    assert sum("follow-through" in idea.text for idea in ideas) == 1
    assert {idea.strength for idea in ideas} == {"Relator", "Achiever", "Learner"}


def test_a_low_record_is_not_held_up_as_a_model():
    ideas = _ideas(RELATOR_ACHIEVER, history=[StrengthHistory("Relator", counted=10, rate=0.3)])
    assert not any("follow-through" in idea.text for idea in ideas)


@pytest.mark.parametrize(
    "typed", ["introvert", "Introvert", "NIGHT OWL", "night-owl", "a morning person", "Extravert"]
)
def test_custom_self_descriptions_get_the_ideas_of_their_domain(typed):
    ideas = _ideas([(typed, "custom")], kind=GoalKind.other)
    assert len(ideas) >= 3
    assert all(idea.strength == typed for idea in ideas)
    assert any(typed.casefold() not in idea.text.casefold() for idea in ideas)  # not only those naming it


def test_other_custom_strengths_get_ideas_naming_the_strength():
    ideas = _ideas([("patience", "custom")], kind=GoalKind.other)
    assert len(ideas) >= 3
    assert all("patience" in idea.text and GOAL not in idea.text for idea in ideas)


@pytest.mark.parametrize("name", ["grit {x}", "{strength}", "{0} %s"])
def test_a_strength_name_is_never_read_as_a_format_string(name):
    ideas = _ideas([(name, "custom")])
    assert ideas and all(name in idea.text for idea in ideas)


def test_ideas_are_deterministic():
    strengths = [("Woo", "theme"), ("planner", "custom"), ("grit", "custom")]
    assert _ideas(strengths) == _ideas(strengths)


def test_no_strengths_no_ideas():
    assert _ideas([]) == []
