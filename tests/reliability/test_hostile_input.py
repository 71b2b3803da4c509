"""Text pasted from anywhere is stored verbatim and shown inertly; bad numbers and ids are clean errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import dump_database

# Characters that must never reach a terminal raw: C0 controls but tab and newline, DEL, C1 controls, and the
# bidirectional overrides and isolates.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HOSTILE = {
    "rich markup": "[bold]x[/bold] | a [/] [link=https://example.com]click[/link] [red]",
    "emoji codes": "meet at :bug: and :smile: then :)",
    "markdown and html": "# Title *em* **strong** `code` <script>alert(1)</script> &amp; [x](http://e) | cell",
    "sql": "'); DROP TABLE goal; -- \" OR 1=1",
    "terminal escapes": "red \x1b[31mRED\x1b[0m title \x1b]0;pwned\x07 bell\x07 back\x08space \x9b2J c1",
    "right to left": "invoice \u202eexe.pdf\u202c and \u2067isolate\u2069",
    "newlines": "first line\nsecond line\r\nthird\rfourth",
    "emoji": "🏃‍♀️ run 🇫🇷 ✓ 漢字 مرحبا",
    "long line": "word " * 4000,
}


def outputs(coach, *args: str, tmp_path: Path) -> dict[str, str]:
    """What a command shows, in every format, on standard output and in --output files."""
    shown = {}
    for fmt in ("rich", "markdown", "json"):
        shown[fmt] = coach(*args, "--format", fmt).stdout
        target = tmp_path / f"out.{fmt}"
        coach(*args, "--format", fmt, "--output", target)
        shown[f"{fmt} file"] = target.read_text(encoding="utf-8")
    return shown


@pytest.mark.parametrize("name", list(HOSTILE), ids=str)
def test_hostile_text_is_stored_verbatim_and_shown_inertly(coach, coach_json, journal, tmp_path, name):
    text = HOSTILE[name]
    coach("goal", "add", "T " + text, "--why", text, "--achievable", text, "--unit", text[:40],
          "--measure", text, "--target", "10", "--tag", text.replace("\n", " ")[:60], "--no-input")  # fmt: skip
    coach("goal", "log", "1", "3", "--note", text)
    goal = coach_json("goal", "show", "1")
    assert goal["title"] == "T " + text and goal["why"] == text and goal["measure"] == text
    assert goal["checkins"][0]["note"] == text
    stored = dict(dump_database(journal))["goal"][0]
    assert stored[1] == "T " + text
    for command in (("goal", "show", "1"), ("goal", "list")):
        for fmt, shown in outputs(coach, *command, tmp_path=tmp_path).items():
            assert not RAW_CONTROL.search(shown), (name, command, fmt, RAW_CONTROL.findall(shown))
            if fmt.startswith("json"):
                data = json.loads(shown)
                assert (data if isinstance(data, dict) else data[0])["title"] == "T " + text
    added = coach("goal", "add", "Again " + text, "--no-input")
    assert not RAW_CONTROL.search(added.stdout + added.stderr)


def test_markup_and_emoji_codes_are_shown_exactly_as_typed(coach):
    coach("goal", "add", HOSTILE["rich markup"], "--why", HOSTILE["emoji codes"], "--no-input")
    listed = coach("goal", "list").stdout
    shown = coach("goal", "show", "1").stdout
    for screen in (listed, shown):
        assert "[bold]x[/bold] | a [/]" in screen
    assert "[link=https://example.com]click[/link]" in " ".join(shown.split())
    assert ":bug:" in shown and "🐛" not in shown and "😄" not in shown


def test_control_codes_are_shown_as_escapes(coach):
    coach("goal", "add", "Esc \x1b[31mred bell\x07 \u202eflip", "--no-input")
    wide = {"COLUMNS": "200"}
    for screen in (coach("goal", "list", env=wide).stdout, coach("goal", "show", "1", env=wide).stdout):
        assert "\\x1b[31mred bell\\x07 \\u202eflip" in screen


def test_sql_in_text_is_only_text(coach, coach_json):
    coach("goal", "add", HOSTILE["sql"], "--no-input")
    coach("goal", "add", "Second goal", "--no-input")
    assert [goal["title"] for goal in coach_json("goal", "list")] == [HOSTILE["sql"], "Second goal"]


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "add", "Run", "--target", "nan"),
        ("goal", "add", "Run", "--target", "inf"),
        ("goal", "add", "Run", "--baseline", "-inf"),
        ("goal", "add", "Run", "--target", "1e400"),
        ("goal", "add", "Run", "--target", ""),
        ("goal", "add", "Run", "--target", "   "),
        ("goal", "add", "Run", "--target", "12 km"),
        ("goal", "add", ""),
        ("goal", "add", "   "),
        ("goal", "add", "Run", "--why", ""),
        ("goal", "add", "Run", "--tag", ""),
        ("goal", "add", "Run", "--by", ""),
        ("goal", "log", "1", "nan"),
        ("goal", "log", "1", "inf"),
        ("goal", "log", "1", "1e400"),
        ("goal", "log", "1", "+inf"),
        ("goal", "log", "1", ""),
        ("goal", "log", "1", "5", "--note", ""),
        ("goal", "edit", "1", "--target", "nan"),
        ("goal", "show", "2"),
    ],
    ids=repr,
)
def test_bad_numbers_and_empty_strings_are_clean_errors(coach, coach_error, journal, args):
    coach("goal", "add", "Keep this goal", "--target", "10", "--no-input")
    before = dump_database(journal)
    line = coach_error(*args, *(("--no-input",) if args[1] == "add" else ()))
    assert len(line) < 300
    assert dump_database(journal) == before


@pytest.mark.parametrize(
    "bad_id", ["0", "-1", "-9223372036854775809", "9223372036854775808", "18446744073709551616", "1e3", "1.5",
               "abc", "", "１"],
    ids=repr,
)  # fmt: skip
@pytest.mark.parametrize("command", [("goal", "show"), ("goal", "done"), ("goal", "log")], ids=" ".join)
def test_ids_out_of_range_or_not_numbers_are_usage_errors(coach, journal, bad_id, command):
    coach("goal", "add", "Keep this goal", "--no-input")
    before = dump_database(journal)
    extra = ("5",) if command[1] == "log" else ()
    result = coach(*command, bad_id, *extra, expect=2)
    assert "Traceback" not in result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit)
    assert dump_database(journal) == before


def test_every_console_shows_control_codes_in_any_renderable_as_escapes():
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from coachcli.render.output import rich_to_text

    table = Table()
    table.add_column("Note")
    table.add_row(Text("cell \x1b[31mred"))
    shown = rich_to_text([Text("bell\x07 \x9b2J"), table, Panel("body", title=Text("title \x1b]0;x\x07"))])
    assert not RAW_CONTROL.search(shown), RAW_CONTROL.findall(shown)
    # (Rich's Text itself drops BEL and backspace; what is left is shown escaped.)
    assert "cell \\x1b[31mred" in shown and "bell \\x9b2J" in shown and "title \\x1b]0;x" in shown


def test_json_output_escapes_what_a_terminal_could_act_on_and_keeps_the_text():
    from coachcli.render.output import to_json_text

    text = "c1 \x9b2J del \x7f flip \u202e esc \x1b emoji 🏃 accents é"
    written = to_json_text({"text": text})
    assert not RAW_CONTROL.search(written)
    assert "🏃" in written and "é" in written
    assert json.loads(written) == {"text": text}


@pytest.mark.parametrize("title", ["\\[not a tag", "a \\[b] c \\\\[d", "ends in \\", "C:\\new\\[draft]"])
def test_backslashes_before_brackets_show_as_typed(coach, title):
    """Rich drops a backslash before `[`: coach's escaping keeps every one."""
    coach("goal", "add", title, "--no-input")
    for command in (("goal", "show", "1"), ("goal", "list"), ("week",)):
        if command == ("week",):
            coach("commit", title, "--goal", "1")
        assert title in coach(*command, "--format", "rich").stdout.replace("\u200b", ""), command


def test_a_commitment_shows_emoji_codes_and_markup_as_typed(coach):
    """A commitment's text is drawn from markup with its user text escaped: `:bug:` stays `:bug:`."""
    text = "meet at :bug: and :smile: [bold]then[/bold] \\[x"
    coach("commit", text)
    for command in (("week",), ("week", "plan")):
        shown = coach(*command, "--format", "rich").stdout
        assert text in shown.replace("\u200b", ""), command
