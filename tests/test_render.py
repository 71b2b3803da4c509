"""The renderers on their own: views built by hand, rendered to Markdown and Rich markup."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.render.goals import deadline_text, deadline_words, markdown_deadline, markdown_goal_detail
from coachcli.render.journal_export import markdown_journal
from coachcli.render.plan import markdown_plan
from coachcli.render.weeks import counts_text, markdown_task, markdown_week, rich_status
from coachcli.views.goal_detail import GoalDetailView
from coachcli.views.goals import build_goal_view
from coachcli.views.journal_export import JournalExportView
from coachcli.views.plan import PlanGoal, PlanView
from coachcli.views.weeks import CommitmentView, WeekNoteView, build_week_view

TODAY = date(2026, 11, 25)
W48 = IsoWeek(2026, 48)


def goal_view(*, deadline: date | None = None, status: str = "active", title: str = "Read [b]20[/b] | books"):
    row = SimpleNamespace(
        id=1, title=title, status=status, measure="books", unit=None, baseline=None, target=20.0,
        deadline=deadline, why=None, achievable=None, created=date(2026, 11, 1), closed=None,
    )  # fmt: skip
    return build_goal_view(row, tags=(), checkins=(), today=TODAY)


def commitment(status: str = "open", **extra) -> CommitmentView:
    base = dict(id=3, text="Run *twice*", week="2026-W48", goal_id=None, strategy_id=None, status=status,
                note=None, carried_from=None)  # fmt: skip
    return CommitmentView(**{**base, **extra})


@pytest.mark.parametrize(
    ("days", "status", "words"),
    [(1, "active", "1 day left"), (3, "active", "3 days left"), (0, "active", "today"),
     (-2, "active", "2 days past"), (3, "done", None)],
)  # fmt: skip
def test_one_deadline_phrase(days, status, words):
    goal = goal_view(deadline=TODAY + timedelta(days=days), status=status)
    assert deadline_words(goal) == words
    day = (TODAY + timedelta(days=days)).isoformat()
    assert markdown_deadline(goal) == (f"{day} ({words})" if words else day)
    assert deadline_text(goal).plain.startswith(day) and (words or day) in deadline_text(goal).plain


def test_an_upcoming_deadline_reads_in_n_days():
    assert deadline_words(goal_view(deadline=TODAY + timedelta(days=1)), upcoming=True) == "in 1 day"
    assert markdown_deadline(goal_view()) == "none yet"


@pytest.mark.parametrize(
    ("status", "line"),
    [
        ("open", r"- [ ] Run \*twice\*"),
        ("done", r"- [x] Run \*twice\*"),
        ("partial", r"- [ ] Run \*twice\* — *partly done*"),
        ("missed", r"- [ ] Run \*twice\* — *not done*"),
        ("dropped", r"- [ ] ~~Run \*twice\*~~ — *let go*"),
    ],
)
def test_a_commitment_as_a_task(status, line):
    assert markdown_task(commitment(status)) == [line]


def test_a_commitment_with_its_carrying_and_note():
    lines = markdown_task(commitment("partial", carried_from=1, carried_from_week="2026-W47", note="a | b"))
    assert lines == [r"- [ ] Run \*twice\* — *partly done* (carried from 2026-W47)", r"  - *Note:* a \| b"]


def test_rich_status_marks_each_status_in_words():
    assert rich_status("missed").markup == "[magenta]· not done[/magenta]"
    assert rich_status("done").markup == "[green]✓ done[/green]"


def test_counts_in_words_with_the_completion_rate():
    assert counts_text({"open": 1, "done": 2, "partial": 0, "missed": 1, "dropped": 0}, 2 / 3) == (
        "2 done · 1 not done · 1 open · follow-through 2 of 3 reviewed (67%)"
    )
    # Out of how many: one done of one reviewed is never a bare "100%"; a partly done one counts half.
    assert (
        counts_text({"open": 16, "done": 1}, 1.0)
        == "1 done · 16 open · follow-through 1 of 1 reviewed (100%)"
    )
    assert counts_text({"partial": 1, "missed": 1}, 0.25) == (
        "1 partly done · 1 not done · follow-through ½ of 2 reviewed (25%)"
    )
    assert (
        counts_text({"done": 2, "partial": 3}, 0.7)
        == "2 done · 3 partly done · follow-through 3½ of 5 reviewed (70%)"
    )


def test_the_week_and_the_export_write_a_commitment_the_same_way():
    items = (commitment("partial", note="Half"), commitment("done", id=4, text="Walk"))
    week = build_week_view(
        W48, today=TODAY, commitments=items, week_note=WeekNoteView("2026-W48", "Went well")
    )
    exported = markdown_journal(JournalExportView(strengths=(), goals=(), weeks=(week,), reflections=()))
    shown = markdown_week(week)
    for line in (r"- [ ] Run \*twice\* — *partly done*", "  - *Note:* Half", "- [x] Walk"):
        assert line in shown.splitlines() and line in exported.splitlines()
    assert "Went well" in exported and "## Reflections" in exported and "No reflections yet." in exported


def test_the_export_writes_a_goal_as_goal_show_does():
    detail = GoalDetailView(goal_view(deadline=TODAY + timedelta(days=1)))
    exported = markdown_journal(JournalExportView(strengths=(), goals=(detail,), weeks=(), reflections=()))
    shown = markdown_goal_detail(detail)
    assert shown.replace("# Goal 1", "### Goal 1").replace("## SMART", "#### SMART") in exported
    assert r"Read \[b\]20\[/b\] \| books" in exported


def test_the_plan_says_one_day_left():
    week = build_week_view(W48, today=TODAY, commitments=())
    plan = PlanView(week, W48.previous(), (), (PlanGoal(goal_view(deadline=TODAY + timedelta(days=1)), ()),))
    assert "deadline 2026-11-26 (1 day left)" in markdown_plan(plan)


def test_the_export_json_has_one_record_per_line_and_reads_back_the_same():
    import json

    from coachcli.render.output import json_records_chunks

    document = {
        "version": 1,
        "goals": [
            {"id": 1, "title": "[bold] a | b <img src=x> \u009b\u202e", "tags": ["x"], "smart": {"a": True}}
        ],
        "checkins": [],
        "commitments": [{"id": 1, "note": None, "value": 0.1 + 0.2}, {"id": 2, "note": "line\nbreak"}],
    }
    text = "".join(json_records_chunks(document))
    assert json.loads(text) == document
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and text.endswith("}\n")
    assert lines[1] == '  "version": 1,' and '  "checkins": [],' in lines
    records = [json.loads(line.strip().removesuffix(",")) for line in lines if line.startswith("    {")]
    assert records == [*document["goals"], *document["commitments"]]
    assert "\u009b" not in text and "\u202e" not in text  # escaped as \uXXXX, as every JSON output of coach


def test_an_export_of_many_records_is_made_in_pieces_that_join_into_the_same_json():
    import json

    from coachcli.render.output import RECORDS_PER_CHUNK, json_records_chunks

    many = RECORDS_PER_CHUNK * 2 + 1
    document = {
        "version": 1,
        "commitments": [{"id": number, "text": f"walk {number}"} for number in range(1, many + 1)],
        "routines": [],
        "checkins": [{"id": 1}],
    }
    pieces = list(json_records_chunks(document))
    text = "".join(pieces)
    assert json.loads(text) == document
    assert (
        max(piece.count("    {") for piece in pieces) == RECORDS_PER_CHUNK
    )  # never the whole export at once
    assert [line.removesuffix(",") for line in text.splitlines() if line.startswith("    {")] == [
        f"    {json.dumps(record)}" for record in [*document["commitments"], *document["checkins"]]
    ]
    assert "".join(json_records_chunks({})) == "{}\n"


MARKUP_CORNERS = [
    "[bold]",
    "[/bold]",
    "[/]",
    "[#ff0000]x",
    "[@click]",
    "[link=https://x.org]x",
    "[Bold]",
    "[1]",
    "[]",
    "\\[bold]",
    "\\\\[bold]",
    "\\\\\\[bold]",
    "a\\",
    "a\\\\",
    "\\",
    "[[bold]]",
    "[a[b]",
    "x [b] y [/b] z",
    "ends with \\",
    ":bug:",
    "[bold]\u200b",
    "\\[not a tag",
    "a [b=c] d",
]


@pytest.mark.parametrize("text", MARKUP_CORNERS)
def test_user_text_is_never_markup_and_a_plain_confirmation_is_what_rich_prints(text):
    """User text in rich_text shows exactly as typed, alone or among styled pieces (no markup is read), and
    unstyled() (what a write prints on a pipe, without importing Rich) gives what Rich prints."""
    import io

    from coachcli.render.output import make_console
    from coachcli.render.text import printable, rich_text, unstyled

    assert rich_text(text).plain == printable(text)
    for pieces in ((text,), (("Goal 1: ", "bold"), text, "."), ((text, "dim"), " and ", (text, "bold"))):
        buffer = io.StringIO()
        make_console(file=buffer).print(rich_text(*pieces), soft_wrap=True)
        assert unstyled(*pieces) + "\n" == buffer.getvalue()


@pytest.mark.parametrize(
    "text",
    ["[bold]", "a | b", "<img src=x>", "ends with \\", "\\[dim]", "bell \x07 and \u202e", ":bug: [link]", ""],
)
def test_a_plain_confirmation_is_what_rich_prints_without_colour(text, capsys):
    """say() writes unstyled() when output is piped: the same text Rich would print there."""
    import io

    from coachcli.cli.console import say
    from coachcli.render.output import make_console
    from coachcli.render.text import rich_text

    for message in (("Goal 1 added: ", text, "."), (("Next: coach week", "dim"), " ", text)):
        buffer = io.StringIO()
        make_console(file=buffer).print(rich_text(*message), soft_wrap=True)
        say(*message)
        assert capsys.readouterr().out == buffer.getvalue()


def rendered(renderable, *, width: int, colour: bool = False) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(
        file=buffer, width=width, color_system="standard" if colour else None, force_terminal=colour
    ).print(renderable)
    return buffer.getvalue()


def test_indented_text_wraps_inside_its_margin_with_nothing_after_the_last_word():
    from rich.text import Text

    from coachcli.render.blocks import Indented

    shown = rendered(Indented(Text("one two three four five six seven eight")), width=16)
    lines = shown.splitlines()
    assert len(lines) > 2 and all(line.startswith("  ") and not line.startswith("   ") for line in lines)
    assert all(len(line) <= 16 for line in lines)
    assert " ".join(" ".join(lines).split()) == "one two three four five six seven eight"
    assert all(line == line.rstrip() for line in lines)


def test_a_labelled_text_wraps_under_its_first_word_and_keeps_the_labels_style():
    from rich.text import Text

    from coachcli.render.blocks import Indented, Labelled

    block = Indented(Labelled(Text("↳ Reframe:", style="green"), Text("I choose to run three times a week")))
    lines = rendered(block, width=28).splitlines()
    assert lines[0].startswith("  ↳ Reframe: I choose")
    assert all(line.startswith(" " * 13) and line[13] != " " for line in lines[1:]) and len(lines) > 1
    assert all(line == line.rstrip() for line in lines)
    assert " ".join(" ".join(lines).split()) == "↳ Reframe: I choose to run three times a week"
    assert "\x1b[32m↳ Reframe:\x1b[0m" in rendered(block, width=28, colour=True)


def test_a_row_draws_its_pieces_in_their_columns_like_a_grid():
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    from coachcli.render.blocks import Row

    row = Row(Text("2026-W37"), ProgressBar(total=1.0, completed=0.5, width=10), Text("50% "))
    assert rendered(row, width=40) == "2026-W37 ━━━━━      50%\n"  # the bar keeps its width without colour
    coloured = rendered(row, width=40, colour=True)
    assert "━━━━━" in coloured and coloured.endswith("50%\n")
    from rich.console import Console
    from rich.measure import Measurement

    console = Console(width=40)
    assert Measurement.get(console, console.options, row) == Measurement(23, 23)
