"""`coach strengths ...` end to end: the user's ranked strengths and the 34 themes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import dump_database

MARKUP_NAME = "[bold]x[/bold] | a"


def names(coach_json) -> list[str]:
    return [strength["name"] for strength in coach_json("strengths", "list")]


def test_no_strengths_yet(coach, coach_json):
    assert coach_json("strengths", "list") == []
    assert "No strengths yet" in coach("strengths").stdout
    assert "No strengths yet." in coach("strengths", "list", "--format", "markdown").stdout


def test_add_keeps_the_users_order_and_the_canonical_spelling(coach, coach_json):
    result = coach("strengths", "add", "relator", "ACHIEVER", "self assurance")
    assert result.stdout.strip() == "Strengths added: Relator (#1), Achiever (#2), Self-Assurance (#3)."
    assert coach("strengths", "add", "learner").stdout.strip() == "Strength added: Learner (#4)."
    assert coach_json("strengths", "list") == [
        {"name": "Relator", "kind": "theme", "domain": "Relationship Building"},
        {"name": "Achiever", "kind": "theme", "domain": "Executing"},
        {"name": "Self-Assurance", "kind": "theme", "domain": "Influencing"},
        {"name": "Learner", "kind": "theme", "domain": "Strategic Thinking"},
    ]


def test_adding_an_existing_strength_in_any_case_changes_nothing_and_says_so(coach, coach_json, journal):
    coach("strengths", "add", "Relator", "extrovert", "--custom")
    before = dump_database(journal)
    result = coach("strengths", "add", "RELATOR", "Extrovert")
    assert "Relator is already one of your strengths; nothing changed for it." in result.stdout
    assert "extrovert is already one of your strengths" in result.stdout
    assert "added" not in result.stdout
    assert dump_database(journal) == before


def test_adding_new_and_existing_strengths_appends_only_the_new(coach, coach_json):
    coach("strengths", "add", "Relator", "Achiever")
    result = coach("strengths", "add", "woo", "relator", "Woo")
    assert "Strength added: Woo (#3)." in result.stdout
    assert "Relator is already one of your strengths" in result.stdout
    assert names(coach_json) == ["Relator", "Achiever", "Woo"]


def test_a_typod_theme_gets_a_suggestion_and_nothing_is_added(coach, coach_error, journal):
    coach("strengths", "add", "Achiever")
    before = dump_database(journal)
    error = coach_error("strengths", "add", "Learner", "Relater")
    assert error == (
        'Error: "Relater" is not a CliftonStrengths theme; did you mean Relator? To keep your own word, add --custom'
    )
    assert dump_database(journal) == before


def test_a_custom_strength_needs_custom(coach, coach_json, coach_error, journal):
    coach("strengths", "add", "Woo")
    before = dump_database(journal)
    error = coach_error("strengths", "add", "extrovert")
    assert "is not a CliftonStrengths theme" in error and "--custom" in error
    assert dump_database(journal) == before
    coach("strengths", "remove", "Woo")
    coach("strengths", "add", "extrovert", "Relator", "--custom")
    assert coach_json("strengths", "list") == [
        {"name": "extrovert", "kind": "custom", "domain": None},
        {"name": "Relator", "kind": "theme", "domain": "Relationship Building"},
    ]


def test_blank_and_too_long_names_are_refused(coach, coach_error):
    assert "needs a name" in coach_error("strengths", "add", "  ", "--custom")
    assert "at most 60" in coach_error("strengths", "add", "y" * 61, "--custom")
    assert coach("strengths", "add", "--custom", expect=2).exit_code == 2  # NAME is required


def test_remove_keeps_the_order_of_the_others_and_new_ones_go_last(coach, coach_json):
    coach("strengths", "add", "Relator", "Achiever", "Learner", "Woo")
    assert coach("strengths", "remove", "achiever").stdout.strip() == "Strength removed: Achiever."
    assert names(coach_json) == ["Relator", "Learner", "Woo"]
    coach("strengths", "add", "Achiever")
    assert names(coach_json) == ["Relator", "Learner", "Woo", "Achiever"]
    assert coach("strengths", "remove", "WOO", "relator").stdout.strip() == "Strengths removed: Woo, Relator."
    assert names(coach_json) == ["Learner", "Achiever"]
    assert "Strength added: Relator (#3)." in coach("strengths", "add", "Relator").stdout


def test_remove_matches_custom_words_in_any_case(coach, coach_json):
    coach("strengths", "add", "Night Owl", "Relator", "--custom")
    coach("strengths", "remove", "NIGHT  owl")
    assert names(coach_json) == ["Relator"]


def test_removing_a_name_not_kept_is_an_error_that_changes_nothing(coach, coach_error, journal):
    coach("strengths", "add", "Relator", "Achiever")
    before = dump_database(journal)
    error = coach_error("strengths", "remove", "Achiever", "Relater")
    assert (
        error == 'Error: "Relater" is not among your strengths (did you mean Relator?); nothing was removed'
    )
    assert "`coach strengths` lists yours" in coach_error("strengths", "remove", "Woo")
    assert dump_database(journal) == before


def test_strengths_alone_is_strengths_list_in_every_format(coach, coach_json, tmp_path):
    coach("strengths", "add", "Relator", "extrovert", "--custom")
    for options in ([], ["--format", "markdown"], ["--format", "json"], ["-f", "json"]):
        assert coach("strengths", *options).stdout == coach("strengths", "list", *options).stdout
    # Options given to the group also reach `list` and `themes`.
    assert json.loads(coach("strengths", "-f", "json", "list").stdout) == coach_json("strengths", "list")
    themes = json.loads(coach("strengths", "--format", "json", "themes").stdout)
    assert len(themes) == 34
    # The command's own option wins over the group's.
    assert coach("strengths", "-f", "json", "list", "-f", "markdown").stdout.startswith("# My strengths")
    target = tmp_path / "mine.md"
    assert coach("strengths", "--format", "markdown", "--output", target).stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# My strengths\n\n1. **Relator**")


def test_format_before_a_command_that_shows_nothing_is_a_usage_error(coach, coach_json):
    result = coach("strengths", "--format", "json", "add", "Woo", expect=2)
    assert "shows none" in result.stderr
    assert coach_json("strengths", "list") == []


def test_rich_and_markdown_show_the_ranking_and_domains(coach):
    coach("strengths", "add", "Relator", "Achiever", "extrovert", "--custom")
    shown = coach("strengths", env={"COLUMNS": "160"}).stdout
    assert shown.index("Relator") < shown.index("Achiever") < shown.index("extrovert")
    assert "Relationship Building" in shown and "your own word" in shown
    assert "Moves forward through close, trusting relationships" in shown
    markdown = coach("strengths", "list", "--format", "markdown").stdout
    assert "1. **Relator** (Relationship Building)." in markdown
    assert "3. **extrovert** (your own word)." in markdown


def test_custom_names_display_and_export_exactly_as_typed(coach, coach_json):
    coach("strengths", "add", MARKUP_NAME, "--custom")
    assert names(coach_json) == [MARKUP_NAME]
    assert MARKUP_NAME in coach("strengths", env={"COLUMNS": "160"}).stdout
    assert MARKUP_NAME in coach("strengths", "themes", env={"COLUMNS": "160"}).stdout
    assert r"**\[bold\]x\[/bold\] \| a**" in coach("strengths", "--format", "markdown").stdout
    assert f"Strength removed: {MARKUP_NAME}." in coach("strengths", "remove", MARKUP_NAME).stdout


def test_themes_lists_all_34_by_domain_marking_mine(coach, coach_json):
    coach("strengths", "add", "Learner", "Relator", "night owl", "--custom")
    themes = coach_json("strengths", "themes")
    assert len(themes) == 34
    assert set(themes[0]) == {"name", "domain", "description", "mine", "rank"}
    assert [theme["domain"] for theme in themes] == sorted(
        (theme["domain"] for theme in themes),
        key=["Executing", "Influencing", "Relationship Building", "Strategic Thinking"].index,
    )
    mine = {theme["name"]: theme["rank"] for theme in themes if theme["mine"]}
    assert mine == {"Learner": 1, "Relator": 2}
    markdown = coach("strengths", "themes", "--format", "markdown").stdout
    assert "## Relationship Building" in markdown
    assert "- **Relator** (mine, #2): Moves forward" in markdown
    assert "- Woo: " in markdown
    assert "## My own words\n\n- **night owl** (#3)" in markdown
    rich = coach("strengths", "themes", env={"COLUMNS": "160"}).stdout
    assert "★ 1" in rich and "Strategic Thinking" in rich and "Your own words: night owl (#3)" in rich


def test_themes_without_strengths_say_how_to_add_them(coach):
    assert (
        "coach strengths add Relator Achiever" in coach("strengths", "themes", env={"COLUMNS": "200"}).stdout
    )


@pytest.mark.parametrize("args", [["strengths"], ["strengths", "themes"], ["strengths", "list"]])
def test_showing_strengths_writes_nothing_but_the_new_journal(coach, journal, args):
    coach(*args)
    assert all(rows == [] for table, rows in dump_database(journal) if table != "alembic_version")
