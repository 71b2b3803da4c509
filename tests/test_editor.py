"""The editor template: what is the user's text and what is coach's instruction."""

from __future__ import annotations

import pytest

from coachcli.prompts.editor import strip_final_newline, template_text, text_from_template

TEMPLATE = template_text(("Write above.", "Leave it empty to save nothing."))


def test_template_starts_with_a_line_to_write_on():
    assert TEMPLATE == "\n# coach: Write above.\n# coach: Leave it empty to save nothing.\n"


@pytest.mark.parametrize(
    ("written", "text"),
    [
        (TEMPLATE, ""),
        ("Hello" + TEMPLATE, "Hello"),
        ("Hello\n" + TEMPLATE, "Hello"),
        ("Hello\n\n\n" + TEMPLATE, "Hello"),
        (TEMPLATE + "Below the lines\n", "Below the lines"),
        ("# My heading\n\n  - indented item\n" + TEMPLATE, "# My heading\n\n  - indented item"),
        ("#coach: mine\n" + TEMPLATE, "#coach: mine"),
        ("Windows\r\nlines\r\n" + TEMPLATE.replace("\n", "\r\n"), "Windows\r\nlines"),
        ("  spaced  " + TEMPLATE, "  spaced  "),
        ("one\n# coach: a line I edited\ntwo", "one\ntwo"),
    ],
)
def test_text_from_template(written, text):
    assert text_from_template(written) == text


@pytest.mark.parametrize(
    ("piped", "text"),
    [("text\n", "text"), ("text\n\n", "text\n"), ("text", "text"), ("a\r\nb\r\n", "a\r\nb"), ("\n", "")],
)
def test_strip_final_newline(piped, text):
    assert strip_final_newline(piped) == text
