"""`coach config`: every key, every bad value, a broken file, comments kept, and what the settings change."""

from __future__ import annotations

import json
import os
import stat

import pytest

from coachcli.settings import KEYS, config_path


@pytest.fixture
def config_file(journal):
    return config_path()


def listed(coach_json) -> dict[str, dict]:
    return {item["key"]: item for item in coach_json("config", "list")["settings"]}


def test_list_shows_every_key_with_its_default(coach_json, config_file):
    view = coach_json("config")
    assert view["file"] == str(config_file) and view["exists"] is False
    settings = {item["key"]: (item["value"], item["source"]) for item in view["settings"]}
    assert settings == {
        "week.review_day": ("friday", "default"),
        "session.time": ("16:00", "default"),
        "output.format": ("rich", "default"),
        "editor": (None, "default"),
        "sync.auto": ("false", "default"),  # SPEC "Devices and sync"
    }
    assert set(settings) == set(KEYS)


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("week.review_day", "monday", "monday"),
        ("week.review_day", "Sunday", "sunday"),
        ("week.review_day", "thu", "thursday"),
        ("session.time", "09:30", "09:30"),
        ("session.time", "7:05", "07:05"),
        ("session.time", "23:59", "23:59"),
        ("output.format", "json", "json"),
        ("output.format", "Markdown", "markdown"),
        ("editor", "code --wait", "code --wait"),
    ],
)
def test_set_get_unset_each_key(coach, coach_json, config_file, key, typed, stored):
    result = coach("config", "set", key, typed)
    assert f"{key} set to {stored}" in result.stdout
    assert coach("config", "get", key, "--format", "rich").stdout == f"{stored}\n"
    assert coach_json("config", "get", key) == {
        "key": key,
        "value": stored,
        "source": "file",
        "allowed": KEYS[key].allowed,
    }
    assert listed(coach_json)[key]["source"] == "file"
    coach("config", "unset", key)
    item = listed(coach_json)[key]
    assert (item["value"], item["source"]) == (KEYS[key].default, "default")


def test_the_file_is_private_and_toml(coach, config_file):
    coach("config", "set", "week.review_day", "saturday")
    coach("config", "set", "editor", "nano -w")
    assert stat.S_IMODE(os.stat(config_file).st_mode) == 0o600
    import tomllib

    assert tomllib.loads(config_file.read_text()) == {"editor": "nano -w", "week": {"review_day": "saturday"}}


def test_comments_and_layout_survive_set_and_unset(coach, config_file):
    config_file.parent.mkdir(parents=True)
    original = (
        "# My coach settings\n"
        'editor = "vim"  # the one I know\n'
        "\n"
        "[week]\n"
        "# Friday afternoons are quiet\n"
        'review_day = "friday"\n'
    )
    config_file.write_text(original)
    coach("config", "set", "week.review_day", "monday")
    coach("config", "set", "session.time", "09:00")
    text = config_file.read_text()
    assert (
        "# My coach settings" in text
        and "# the one I know" in text
        and "# Friday afternoons are quiet" in text
    )
    assert 'review_day = "monday"' in text and 'time = "09:00"' in text
    coach("config", "unset", "session.time")
    coach("config", "set", "week.review_day", "friday")
    assert config_file.read_text() == original


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("week.review_day", "someday"),
        ("week.review_day", "t"),  # tuesday or thursday: too short to tell
        ("week.review_day", ""),
        ("session.time", "25:00"),
        ("session.time", "16:60"),
        ("session.time", "4pm"),
        ("session.time", "16"),
        ("output.format", "html"),
        ("output.format", "text"),
        ("editor", "   "),
        ("editor", "vim 'unclosed"),
    ],
)
def test_a_bad_value_is_one_error_naming_what_is_allowed_and_changes_nothing(
    coach, coach_error, config_file, key, value
):
    coach("config", "set", "output.format", "rich")
    before = config_file.read_bytes()
    error = coach_error("config", "set", key, value)
    assert key in error and KEYS[key].allowed in error
    assert config_file.read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("week.reviewday", "week.review_day"),
        ("review_day", "week.review_day"),
        ("sesion.time", "session.time"),
        ("output.fromat", "output.format"),
        ("editr", "editor"),
    ],
)
def test_an_unknown_key_suggests_the_nearest(coach_error, config_file, typed, suggested):
    for args in (("set", typed, "x"), ("get", typed), ("unset", typed)):
        error = coach_error("config", *args)
        assert f"did you mean {suggested}?" in error
    assert not config_file.exists()


def test_an_unknown_key_without_a_near_one_lists_the_keys(coach_error):
    error = coach_error("config", "get", "colour")
    assert "is not a setting" in error and "week.review_day, session.time, output.format, editor" in error


BROKEN = '[week]\nreview_day = "monday"\nsession.time = 16:00\n'


@pytest.mark.parametrize(
    "args",
    [
        ("config",),
        ("config", "get", "session.time"),
        ("config", "set", "session.time", "10:00"),
        ("config", "unset", "week.review_day"),
        ("week",),
        ("goal", "list"),
    ],
    ids=" ".join,
)
def test_a_broken_file_is_one_error_naming_file_and_line_and_is_left_alone(coach_error, config_file, args):
    config_file.parent.mkdir(parents=True)
    config_file.write_text(BROKEN)
    error = coach_error(*args)
    assert str(config_file) in error and "not valid TOML" in error and "line 3" in error
    assert config_file.read_text() == BROKEN


def test_a_bad_value_in_the_file_is_an_error_with_the_fix(coach, coach_error, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[output]\nformat = "yaml"\n')
    error = coach_error("week")
    assert "output.format = 'yaml'" in error and "one of rich, markdown, json" in error
    coach("config", "set", "output.format", "json")  # setting it right is how to fix it
    assert json.loads(coach("week").stdout)["week"] == "2026-W48"


def test_an_unknown_key_in_the_file_is_pointed_out_and_can_be_unset(coach, coach_json, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[week]\nreveiw_day = "monday"\n')
    assert coach_json("config")["unknown"] == ["week.reveiw_day"]
    assert "Not settings coach knows: week.reveiw_day" in coach("config").stdout
    coach("config", "unset", "week.reveiw_day")
    assert coach_json("config")["unknown"] == []
    assert "reveiw" not in config_file.read_text()


def test_unset_of_a_key_not_in_the_file_changes_nothing(coach, config_file):
    result = coach("config", "unset", "editor")
    assert "nothing to remove" in result.stderr
    assert not config_file.exists()


def test_output_format_is_the_default_of_every_format_option(coach):
    coach("goal", "add", "Run a half marathon in spring", "--no-input")
    coach("config", "set", "output.format", "json")
    assert json.loads(coach("week").stdout)["week"] == "2026-W48"
    assert json.loads(coach("goal", "list").stdout)[0]["title"] == "Run a half marathon in spring"
    assert json.loads(coach("strengths").stdout) == []
    assert coach("week", "--format", "rich").stdout.startswith("Week 2026-W48")
    coach("config", "set", "output.format", "markdown")
    assert coach("week").stdout.startswith("#")


def test_a_configured_format_does_not_stop_the_review_from_asking(coach, interactive):
    coach("commit", "Stretch after each run", "--week", "2026-W47")
    coach("config", "set", "output.format", "json")
    result = coach("week", "review", input="d\n\n\n\n\n")
    assert "How did it go?" in result.stdout
    asked_off = coach("week", "review", "--format", "json")
    assert json.loads(asked_off.stdout)["week"] is None


def test_editor_setting_is_used_before_visual_and_editor(coach, coach_json, tmp_path, monkeypatch):
    script = tmp_path / "write.sh"
    script.write_text('#!/bin/sh\nprintf "Written by the configured editor" > "$1"\n')
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", "false")
    assert listed(coach_json)["editor"] == {
        "key": "editor",
        "value": "false",
        "source": "$EDITOR",
        "allowed": KEYS["editor"].allowed,
    }
    monkeypatch.setenv("VISUAL", "false")
    assert listed(coach_json)["editor"]["source"] == "$VISUAL"
    coach("config", "set", "editor", str(script))
    assert listed(coach_json)["editor"]["source"] == "file"
    monkeypatch.setattr("coachcli.cli.console.stdin_is_terminal", lambda: True)
    coach("reflect")
    entries = coach_json("journal")
    assert "Written by the configured editor" in json.dumps(entries)
