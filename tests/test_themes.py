"""Tests for the CliftonStrengths themes, strength names and strategy ideas."""

from __future__ import annotations

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
    StrategyIdea,
    Theme,
    all_themes,
    canonical_strength,
    find_theme,
    nearest_theme,
    strategy_ideas,
    uses_measure,
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


def _all_templates() -> list[tuple[str, str, set[str]]]:
    """Every prompt template in the data file, with where it comes from and the placeholders it may use."""
    raw = _raw()
    rows = [
        (theme["name"], prompt, {"goal", "measure"}) for theme in raw["themes"] for prompt in theme["prompts"]
    ]
    rows += [
        (entry["name"], prompt, {"goal", "measure"})
        for entry in raw["self_descriptions"]
        for prompt in entry["prompts"]
    ]
    rows += [("generic", prompt, {"goal", "measure", "strength"}) for prompt in raw["generic"]]
    return rows


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


@pytest.mark.parametrize("theme", all_themes(), ids=lambda theme: theme.name)
def test_every_theme_has_a_progress_line_and_three_prompts_usable_without_a_measure(theme):
    assert theme.progress.strip()
    assert "\n" not in theme.progress
    assert len(theme.prompts) >= 3
    assert len([prompt for prompt in theme.prompts if not uses_measure(prompt)]) >= 3
    assert len(set(theme.prompts)) == len(theme.prompts)


def test_self_descriptions_cover_the_common_ones_with_three_prompts_each():
    entries = {entry["name"]: entry for entry in _raw()["self_descriptions"]}
    for name in ("introvert", "extrovert", "morning person", "night owl", "visual thinker"):
        assert name in entries
    for entry in entries.values():
        assert len([prompt for prompt in entry["prompts"] if not uses_measure(prompt)]) >= 3, entry["name"]


def test_generic_prompts_name_the_strength():
    generic = _raw()["generic"]
    assert len([prompt for prompt in generic if not uses_measure(prompt)]) >= 3
    assert all("{strength}" in prompt for prompt in generic)


@pytest.mark.parametrize(("source", "prompt", "allowed"), _all_templates())
def test_every_template_names_the_goal_and_uses_only_known_placeholders(source, prompt, allowed):
    assert "{goal}" in prompt
    assert set(PLACEHOLDER.findall(prompt)) <= allowed
    # No stray braces: once the placeholders are gone, nothing else looks like a format field.
    assert "{" not in PLACEHOLDER.sub("", prompt) and "}" not in PLACEHOLDER.sub("", prompt)
    prompt.format(goal="G", measure="M", strength="S")  # formats without KeyError or ValueError


def test_no_prompt_is_repeated_across_themes():
    prompts = [prompt for theme in all_themes() for prompt in theme.prompts]
    assert len(prompts) == len(set(prompts))


def test_data_file_is_tidy_json():
    text = resources.files("coachcli.domain").joinpath("themes.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_importing_the_module_does_not_read_the_data():
    code = (
        "import importlib.resources as r\n"
        "calls = []\n"
        "original = r.files\n"
        "r.files = lambda *a: calls.append(a) or original(*a)\n"
        "import coachcli.domain.themes as t\n"
        "assert calls == [], calls\n"
        "assert len(t.all_themes()) == 34 and calls\n"
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
MEASURE = "km run per week"


def _ideas(strengths, measure=MEASURE, goal=GOAL, **options):
    return strategy_ideas(goal_title=goal, measure=measure, strengths=strengths, **options)


def test_ideas_follow_the_users_order_with_two_each():
    ideas = _ideas([("Relator", "theme"), ("Achiever", "theme")])
    assert [idea.strength for idea in ideas] == ["Relator", "Relator", "Achiever", "Achiever"]
    assert all(isinstance(idea, StrategyIdea) for idea in ideas)
    assert ideas[0].text == f'Find one person who shares "{GOAL}" and meet them weekly to compare notes.'


def test_different_strengths_get_different_ideas():
    first = _ideas([("Relator", "theme"), ("Achiever", "theme")])
    second = _ideas([("Analytical", "theme"), ("Learner", "theme")])
    assert first and second
    assert not {idea.text for idea in first} & {idea.text for idea in second}
    assert f'Track {MEASURE} for "{GOAL}" in a simple spreadsheet' in second[0].text


@pytest.mark.parametrize("measure", [None, "", "   "])
def test_measure_prompts_are_skipped_without_a_measure(measure):
    strengths = [(theme.name, "theme") for theme in all_themes()]
    ideas = _ideas(strengths, measure=measure, per_strength=10, limit=1000)
    assert len(ideas) == sum(len([p for p in t.prompts if not uses_measure(p)]) for t in all_themes())
    assert ideas
    assert all("{measure}" not in idea.text and " per week" not in idea.text for idea in ideas)
    assert _ideas([("Analytical", "theme")], measure=measure)[0].text.startswith("List what has and has not")


def test_measure_prompts_are_used_with_a_measure():
    ideas = _ideas([(theme.name, "theme") for theme in all_themes()], per_strength=10, limit=1000)
    assert len(ideas) == sum(len(theme.prompts) for theme in all_themes())
    assert any(MEASURE in idea.text for idea in ideas)


@pytest.mark.parametrize(
    "goal",
    [
        "Ship {v2} [bold]",
        "{goal} {measure} {strength}",
        "{0} {} {{x}} %s",
        "Read *50* books_ <b>",
        " spaced  out ",
    ],
)
def test_goal_text_is_never_read_as_a_format_string(goal):
    strengths = [("Achiever", "theme"), ("night owl", "custom"), ("grit {x}", "custom"), ("Relator", "theme")]
    ideas = _ideas(strengths, goal=goal, measure="pages {per} week", limit=100)
    assert len(ideas) == 8
    assert all(goal in idea.text for idea in ideas)
    assert any("grit {x}" in idea.text for idea in ideas)


@pytest.mark.parametrize("measure", [None, MEASURE])
def test_every_idea_names_the_goal(measure):
    strengths = [(theme.name, "theme") for theme in all_themes()]
    strengths += [(entry["name"], "custom") for entry in _raw()["self_descriptions"]]
    strengths += [("patience", "custom"), ("humour", "custom")]
    ideas = _ideas(strengths, goal="Écrire un roman", measure=measure, per_strength=10, limit=10_000)
    assert all("Écrire un roman" in idea.text for idea in ideas)
    assert all(not PLACEHOLDER.search(idea.text) for idea in ideas)


@pytest.mark.parametrize(
    "typed", ["introvert", "Introvert", "NIGHT OWL", "night-owl", "a morning person", "Extravert"]
)
def test_custom_self_descriptions_get_their_own_prompts(typed):
    ideas = _ideas([(typed, "custom")], measure=None)
    assert len(ideas) == 2
    assert all(idea.strength == typed for idea in ideas)
    assert all(typed not in idea.text for idea in ideas)  # not the generic prompts, which quote the strength


def test_other_custom_strengths_get_generic_prompts_naming_the_strength():
    ideas = _ideas([("patience", "custom")], measure=None)
    assert len(ideas) == 2
    assert all('"patience"' in idea.text and GOAL in idea.text for idea in ideas)


def test_two_generic_strengths_start_at_different_prompts():
    ideas = _ideas([("patience", "custom"), ("humour", "custom")], measure=None)
    first = [idea.text.replace('"patience"', "S") for idea in ideas if idea.strength == "patience"]
    second = [idea.text.replace('"humour"', "S") for idea in ideas if idea.strength == "humour"]
    assert len(first) == len(second) == 2
    assert not set(first) & set(second)


def test_limit_and_per_strength():
    strengths = [(theme.name, "theme") for theme in all_themes()]
    assert len(_ideas(strengths)) == 8
    assert len(_ideas(strengths, limit=3)) == 3
    assert [idea.strength for idea in _ideas(strengths[:2], per_strength=3)] == ["Achiever"] * 3 + [
        "Arranger"
    ] * 3
    assert _ideas(strengths, limit=0) == []
    assert _ideas(strengths, per_strength=0) == []


def test_ideas_are_deterministic():
    strengths = [("Woo", "theme"), ("planner", "custom"), ("grit", "custom")]
    assert _ideas(strengths) == _ideas(strengths)


def test_no_strengths_no_ideas():
    assert _ideas([]) == []


def test_theme_kind_with_any_case_still_finds_the_theme():
    assert _ideas([("relator", "theme")])[0].text == _ideas([("Relator", "theme")])[0].text
