"""`coach brief`: what a person sends their coach, in Markdown, HTML and JSON, on a real journal."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from coachcli.domain.dates import IsoWeek
from coachcli.domain.report import ChartPoint
from coachcli.render.svg import follow_through_chart
from coachcli.views.brief import brief_period, period_weeks, split_questions
from tests.conftest import dump_database

TODAY = date(2026, 11, 25)  # the fixtures' COACH_TODAY, a Wednesday in 2026-W48
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
PIPES = "| a | b |"
BOLD = "**bold**"
HOSTILE = (IMG, LINK, PIPES, BOLD)
SECRET = "SECRET only for me"
SPEC_KEYS = {"from", "to", "goals", "weeks", "reflections", "planned", "strengths", "questions"}


def add_questions(
    journal: Path, text: str, started: str = "2026-11-20 16:00:00", closed: str = "2026-W47"
) -> None:
    """A finished session's close, as `coach session` writes it: its questions for the coach."""
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute(
            "INSERT INTO coaching_session (started, finished, closed_week, planned_week, questions)"
            " VALUES (?, ?, ?, ?, ?)",
            (started, started, closed, str(IsoWeek.parse_iso(closed).next()), text),
        )
    connection.close()


@pytest.fixture
def hostile(coach, journal):
    """A journal whose every kind of user text is markup, over 2026-W46..W48, with a private reflection."""
    coach("goal", "add", IMG, "--measure", PIPES, "--unit", BOLD, "--baseline", "0", "--target", "100",
          "--by", "2027-01-31", "--why", LINK, "--achievable", PIPES, "--tag", "health", "--no-input")  # fmt: skip
    coach("goal", "add", "Read twelve books this year", "--measure", "books", "--target", "12",
          "--tag", "learning", "--no-input")  # fmt: skip
    coach("goal", "log", 1, 10, "--on", "2026-11-10", "--note", IMG)
    coach("goal", "log", 1, 25, "--on", "2026-11-17", "--note", BOLD)
    coach("goal", "log", 1, 32, "--on", "2026-11-24", "--note", PIPES)
    coach("commit", IMG, "--goal", 1, "--week", "2026-W46")
    coach("commit", f"Read {BOLD} chapter", "--goal", 1, "--week", "2026-W47")
    coach("commit", LINK, "--goal", 2, "--week", "2026-W47")
    coach("commit", f"Walk {PIPES}", "--week", "2026-W47")
    coach("mark", 1, "done", "--note", "A friend came along")
    coach("mark", 2, "done", "--note", IMG)
    coach("mark", 3, "missed", "--note", LINK)
    coach("mark", 4, "partial", "--note", PIPES)
    coach("commit", f"Plan {IMG}", "--goal", 1)  # this week: the week to plan on a Wednesday
    coach("commit", "Read on the train", "--goal", 2)
    coach("reflect", f"{IMG} I should read more", "--goal", 1, "--on", "2026-11-20", "--tag", "health",
          "--no-input")  # fmt: skip
    coach("reframe", 1, PIPES)
    coach("reflect", f"{SECRET} {LINK}", "--private", "--on", "2026-11-21", "--goal", 1, "--no-input")
    coach("reflect", f"Books {BOLD}", "--goal", 2, "--on", "2026-11-22", "--tag", "learning", "--no-input")
    add_questions(journal, f"How do I keep going? {IMG}\n{BOLD} {PIPES}\n\n{LINK}")
    return journal


def brief_json(coach, *args):
    return json.loads(coach("brief", "--format", "json", *args).stdout)


class TextOf(HTMLParser):
    """The text a browser shows for an HTML document, and every tag and attribute in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(page: str) -> TextOf:
    parser = TextOf()
    parser.feed(page)
    return parser


# --- the pure parts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "first"),
    [(None, date(2026, 11, 9)), (date(2026, 11, 1), date(2026, 11, 1)), (TODAY, TODAY)],
)
def test_brief_period_runs_over_the_last_two_weeks_looked_back_on_or_from_since_to_today(since, first):
    assert brief_period(TODAY, since, IsoWeek(2026, 47)) == (first, TODAY)  # Wednesday: W47 is to close


def test_brief_period_refuses_a_start_after_today():
    from coachcli.errors import InputError

    with pytest.raises(InputError, match="after today"):
        brief_period(TODAY, date(2026, 12, 1), IsoWeek(2026, 47))


@pytest.mark.parametrize(
    ("first", "last", "planned", "weeks"),
    [
        (date(2026, 11, 16), TODAY, IsoWeek(2026, 48), ["2026-W47"]),
        (date(2026, 11, 16), date(2026, 11, 27), IsoWeek(2026, 49), ["2026-W47", "2026-W48"]),
        (date(2026, 12, 28), date(2027, 1, 5), IsoWeek(2027, 2), ["2026-W53", "2027-W01"]),
        (TODAY, TODAY, IsoWeek(2026, 48), []),
    ],
)
def test_period_weeks_leave_out_the_week_to_plan(first, last, planned, weeks):
    assert [str(week) for week in period_weeks(first, last, planned)] == weeks


@pytest.mark.parametrize(
    ("text", "questions"),
    [(None, ()), ("", ()), ("One?\r\n\n  Two?  \n", ("One?", "Two?")), (PIPES, (PIPES,))],
)
def test_split_questions(text, questions):
    assert split_questions(text) == questions


def test_follow_through_chart_draws_empty_weeks_as_gaps_not_zeros():
    svg = follow_through_chart(
        [ChartPoint("2026-W46", 1.0), ChartPoint("2026-W47", None), ChartPoint("2026-W48", 0.0)]
    )
    assert svg.count('class="bar"') == 2  # a week at 0% still has its (thin) bar; the empty week has none
    assert "2026-W47: nothing counted" in svg
    assert "<script" not in svg and "href" not in svg


# --- JSON ---------------------------------------------------------------------------------------------


def test_json_has_the_spec_keys_and_the_period(hostile, coach):
    data = brief_json(coach, "--since", "2026-11-09")
    assert set(data) >= SPEC_KEYS
    assert (data["from"], data["to"]) == ("2026-11-09", "2026-11-25")
    assert [goal["id"] for goal in data["goals"]] == [1, 2]
    run = data["goals"][0]
    assert [checkin["value"] for checkin in run["checkins"]] == [10, 25, 32]
    assert run["forecast"]["on_track"] is True and run["title"] == IMG
    assert [week["week"] for week in data["weeks"]] == ["2026-W46", "2026-W47"]
    w47 = data["weeks"][1]
    assert [(c["id"], c["status"], c["note"]) for c in w47["commitments"]] == [
        (2, "done", IMG), (3, "missed", LINK), (4, "partial", PIPES)
    ]  # fmt: skip
    assert [c["id"] for c in w47["helped"]] == [2]
    assert [c["id"] for c in w47["in_the_way"]] == [3, 4]
    assert w47["completion_rate"] == pytest.approx(1.5 / 3)
    assert data["planned_week"] == "2026-W48"
    assert [(c["text"], c["when"], c["confidence"]) for c in data["planned"]] == [
        (f"Plan {IMG}", None, None), ("Read on the train", None, None)
    ]  # fmt: skip
    assert data["questions"] == [
        {"date": "2026-11-20", "session_id": 1, "text": text} for text in (f"How do I keep going? {IMG}", f"{BOLD} {PIPES}", LINK)
    ]  # fmt: skip


def test_json_leaves_private_reflections_out_and_keeps_reframes_and_beliefs(hostile, coach):
    data = brief_json(coach, "--since", "2026-11-09")
    assert [r["id"] for r in data["reflections"]] == [1, 3]  # oldest first; 2 is private
    first = data["reflections"][0]
    assert first["reframe"] == PIPES and first["private"] is False
    assert [belief["phrase"] for belief in first["beliefs"]] == ["should"]
    assert SECRET not in json.dumps(data)


def test_the_default_period_is_the_last_two_weeks_looked_back_on_up_to_today(hostile, coach):
    data = brief_json(coach)
    assert (data["from"], data["to"]) == ("2026-11-09", "2026-11-25")
    assert [week["week"] for week in data["weeks"]] == ["2026-W46", "2026-W47"]  # W48 is the week to plan
    assert [checkin["date"] for checkin in data["goals"][0]["checkins"]] == [
        "2026-11-10",
        "2026-11-17",
        "2026-11-24",
    ]
    friday = json.loads(coach("brief", "--format", "json", env={"COACH_TODAY": "2026-11-27"}).stdout)
    assert [week["week"] for week in friday["weeks"]] == ["2026-W47", "2026-W48"]  # Friday closes W48


def test_the_week_to_plan_follows_the_review_day(hostile, coach, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[week]\nreview_day = "monday"\n')
    monkeypatch.setenv("COACH_CONFIG", str(config))
    monkeypatch.setenv("COACH_TODAY", "2026-11-30")  # a Monday: a Monday reviewer closes W48, plans W49
    data = brief_json(coach)
    assert data["planned_week"] == "2026-W49" and data["planned"] == []
    assert [week["week"] for week in data["weeks"]] == ["2026-W47", "2026-W48"]  # two bars, not one


def test_goal_filter_narrows_goals_commitments_and_reflections(hostile, coach):
    data = brief_json(coach, "--since", "2026-11-09", "--goal", 2)
    assert [goal["id"] for goal in data["goals"]] == [2]
    assert data["goal_id"] == 2
    assert [c["id"] for week in data["weeks"] for c in week["commitments"]] == [3]
    assert all(week["week_note"] is None for week in data["weeks"])
    assert [r["id"] for r in data["reflections"]] == [3]
    assert [c["text"] for c in data["planned"]] == ["Read on the train"]
    assert data["questions"]  # the questions are the person's, whatever the goal


def test_tag_filter_narrows_to_goals_and_reflections_with_the_tag(hostile, coach):
    data = brief_json(coach, "--since", "2026-11-09", "--tag", "health")
    assert [goal["id"] for goal in data["goals"]] == [1]
    assert [c["id"] for week in data["weeks"] for c in week["commitments"]] == [1, 2]
    assert [r["id"] for r in data["reflections"]] == [1]
    assert [c["text"] for c in data["planned"]] == [f"Plan {IMG}"]


def test_a_goal_with_no_check_ins(hostile, coach):
    data = brief_json(coach, "--goal", 2)
    assert data["goals"][0]["checkins"] == [] and data["goals"][0]["current"] is None
    markdown = coach("brief", "--goal", 2).stdout
    assert "No check-ins in this period." in markdown
    page = coach("brief", "--goal", 2, "--format", "html").stdout
    assert "No check-ins yet" in page and "No check-ins in this period." in page


def test_an_empty_period_of_an_empty_journal(coach):
    data = brief_json(coach, "--since", "today")
    assert set(data) >= SPEC_KEYS
    assert (data["goals"], data["weeks"], data["reflections"], data["planned"], data["questions"]) == (
        [], [], [], [], []
    )  # fmt: skip
    markdown = coach("brief", "--since", "today").stdout
    for line in (
        "No goals in this brief.",
        "No commitments in these weeks.",
        "No reflections in this period.",
    ):
        assert line in markdown
    assert "the close of `coach session` asks for them" in markdown
    page = coach("brief", "--format", "html").stdout
    assert "No goals in this brief." in page and "<svg" not in page


def test_a_period_with_weeks_but_nothing_in_them(hostile, coach):
    data = brief_json(coach, "--since", "2026-09-01", "--goal", 2)
    assert [week["week"] for week in data["weeks"]][:2] == ["2026-W36", "2026-W37"]
    assert [week["completion_rate"] for week in data["weeks"]].count(None) == len(data["weeks"]) - 1


def test_questions_come_from_every_session_of_the_period_with_their_dates(hostile, coach, journal):
    add_questions(journal, "Too early", started="2026-10-02 16:00:00", closed="2026-W40")
    add_questions(journal, "", started="2026-11-13 16:00:00", closed="2026-W46")  # a session that wrote none
    add_questions(journal, "Shall I drop goal 2?", started="2026-11-06 16:00:00", closed="2026-W45")
    questions = brief_json(coach, "--since", "2026-11-01")["questions"]
    assert [(q["date"], q["session_id"], q["text"]) for q in questions] == [
        ("2026-11-06", 4, "Shall I drop goal 2?"),
        ("2026-11-20", 1, f"How do I keep going? {IMG}"),
        ("2026-11-20", 1, f"{BOLD} {PIPES}"),
        ("2026-11-20", 1, LINK),
    ]
    assert [q["text"] for q in brief_json(coach)["questions"]][:1] == [f"How do I keep going? {IMG}"]
    markdown = coach("brief", "--since", "2026-11-01").stdout
    assert "- **2026-11-06:** Shall I drop goal 2?" in markdown and "Too early" not in markdown
    page = coach("brief", "--since", "2026-11-01", "--format", "html").stdout
    assert '<span class="muted">2026-11-06</span> Shall I drop goal 2?' in page


def test_strengths_come_with_the_strategies_that_play_to_them(hostile, coach):
    coach("strengths", "add", "Relator", "Achiever")
    coach("strengths", "add", "calm in a crisis", "--custom")
    coach("strategy", "add", "1", f"Run with {BOLD}", "--strength", "Relator", "--strength", "Achiever")
    coach("strategy", "add", "2", "Read at lunch", "--strength", "Achiever")
    data = brief_json(coach)
    assert [(s["name"], s["domain"], [st["id"] for st in s["strategies"]]) for s in data["strengths"]] == [
        ("Relator", "Relationship Building", [1]),
        ("Achiever", "Executing", [1, 2]),
        ("calm in a crisis", None, []),
    ]
    assert [s["name"] for s in brief_json(coach, "--goal", "2")["strengths"][1:2]] == ["Achiever"]
    assert [st["id"] for st in brief_json(coach, "--goal", "2")["strengths"][1]["strategies"]] == [2]
    markdown = coach("brief").stdout
    assert "- **Relator (Relationship Building)**" in markdown
    assert (
        f"  - Strategy 1, goal 1 ({IMG.replace('<', chr(92) + '<').replace('>', chr(92) + '>')})" in markdown
    )
    assert "no strategy plays to it yet" in markdown
    page = coach("brief", "--format", "html").stdout
    assert "<h3>Achiever (Executing)</h3><ul><li>Strategy 1, goal 1" in page


# --- Markdown -------------------------------------------------------------------------------------------


def rendered_markdown(coach, *args) -> tuple[str, TextOf]:
    """The Markdown brief, rendered by GitHub's own renderer with raw HTML allowed (so nothing hides it)."""
    markdown = coach("brief", *args).stdout
    page = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return page, parse_html(page)


def test_markdown_shows_user_text_exactly_as_typed_on_github(hostile, coach):
    page, parsed = rendered_markdown(coach, "--since", "2026-11-09")
    text = "".join(parsed.text)
    for typed in HOSTILE:
        assert typed in text
    assert f"How do I keep going? {IMG}" in text
    assert f"Walk {PIPES}" in text and f"Read {BOLD} chapter" in text
    tags = {tag for tag, _ in parsed.tags}
    assert "img" not in tags and "a" not in tags and "strong" in tags  # coach's own bold, none of the user's
    assert all("javascript" not in (value or "") for _, attrs in parsed.tags for _, value in attrs)
    assert SECRET not in page


def test_markdown_has_every_section_in_order(hostile, coach):
    markdown = coach("brief", "--since", "2026-11-09").stdout
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Goals",
        "## Week by week",
        "## Reflections",
        "## The plan for 2026-W48 (Mon 23 Nov – Sun 29 Nov 2026)",
        "## My strengths and the strategies that play to them",
        "## What I want to talk about",
    ]
    assert "**What helped**" in markdown and "**What got in the way**" in markdown
    assert "**Reframe:**" in markdown and "You wrote" not in markdown  # a reframe answers its question
    assert "- **Forecast:** on track" in markdown


def test_a_commitment_reads_the_same_in_the_brief_and_in_coach_week(hostile, coach):
    week = coach("week", "2026-W47", "--format", "markdown").stdout
    brief = coach("brief", "--since", "2026-11-09").stdout
    line = next(line for line in week.splitlines() if "Walk" in line)
    assert line in brief


def test_when_and_confidence_show_in_the_plan(hostile, coach, journal):
    connection = sqlite3.connect(
        journal
    )  # `commit --when/--confidence` arrives with the session; the columns are here
    with connection:
        connection.execute(
            "UPDATE commitment SET when_where = ?, confidence = 6 WHERE id = 6", (f"Tue 7am {PIPES}",)
        )
    connection.close()
    assert brief_json(coach)["planned"][1]["when"] == f"Tue 7am {PIPES}"
    _page, parsed = rendered_markdown(coach)
    assert f"Tue 7am {PIPES} · confidence 6/10" in "".join(parsed.text)
    assert f"Tue 7am {PIPES} · confidence 6/10" in "".join(
        parse_html(coach("brief", "-f", "html").stdout).text
    )


# --- HTML -----------------------------------------------------------------------------------------------


def test_html_is_one_inert_page_with_the_charts(hostile, coach):
    page = coach("brief", "--since", "2026-11-09", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    parsed = parse_html(page)
    tags = [tag for tag, _ in parsed.tags]
    assert {"script", "img", "link", "iframe", "object", "a", "base", "form"}.isdisjoint(tags)
    assert all(name not in ("src", "href") and not name.startswith("on") for _, attrs in parsed.tags
               for name, _ in attrs)  # fmt: skip
    assert "http:" not in page and "https:" not in page and "url(" not in page and "@import" not in page
    assert tags.count("svg") == 3  # follow-through, and one per measurable goal
    assert page.count('class="bar"') == 2


def test_html_shows_user_text_exactly_as_typed_and_escapes_it_once(hostile, coach):
    page = coach("brief", "--since", "2026-11-09", "--format", "html").stdout
    text = "".join(parse_html(page).text)
    for typed in HOSTILE:
        assert typed in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&amp;lt;" not in page
    assert SECRET not in page


def test_output_file_suffix_chooses_the_format(hostile, coach, tmp_path):
    result = coach("brief", "-o", tmp_path / "brief.html")
    assert "Brief written to" in result.stdout
    assert (tmp_path / "brief.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "brief.html").stat().st_mode & 0o777 == 0o600
    coach("brief", "-o", tmp_path / "brief.json")
    assert set(json.loads((tmp_path / "brief.json").read_text())) >= SPEC_KEYS
    coach("brief", "-o", tmp_path / "brief.md")
    assert (tmp_path / "brief.md").read_text().startswith("# Coaching brief")
    coach("brief", "-o", tmp_path / "brief.txt", "--format", "html")
    assert (tmp_path / "brief.txt").read_text().startswith("<!DOCTYPE html>")


# --- errors ---------------------------------------------------------------------------------------------


def test_bad_input_is_one_error_line(hostile, coach, coach_error):
    assert "after today" in coach_error("brief", "--since", "in 3 days")
    assert "there is no goal 9" in coach_error("brief", "--goal", 9)
    assert "--tag is empty" in coach_error("brief", "--tag", " ")
    assert 'cannot read "banana" as a date' in coach_error("brief", "--since", "banana")
    usage = coach("brief", "--goal", 1, "--tag", "health", expect=2)
    assert "not both" in usage.stderr
    assert coach("brief", "--format", "rich", expect=2).exit_code == 2


def test_brief_never_writes_to_the_journal(hostile, coach, journal):
    before = dump_database(journal)
    coach("brief", "--format", "html")
    assert dump_database(journal) == before


def test_a_sessions_dates_come_from_coach_today(coach, journal, interactive):
    """COACH_TODAY dates a session as it dates everything else: the resume line and the brief say that day."""
    coach("goal", "add", "Be a better manager", "--no-input")
    back_then = {"COACH_TODAY": "2026-10-30"}  # a Friday, long before the real clock's today
    coach("session", input="q\n", env=back_then)
    # the week note (3), what else to try, what to do next week, anything else; then the questions for the coach
    resumed = coach("session", input="\n" * 6 + "Ask about delegation\n", env=back_then)
    assert "Going on with your session of 2026-10-30" in " ".join(resumed.stdout.split())
    connection = sqlite3.connect(journal)
    started, finished = connection.execute("SELECT started, finished FROM coaching_session").fetchone()
    connection.close()
    assert started.startswith("2026-10-") and finished is not None and finished.startswith("2026-10-")
    questions = json.loads(coach("brief", "--format", "json", env={"COACH_TODAY": "2026-11-04"}).stdout)[
        "questions"
    ]
    assert questions and {question["date"] for question in questions} == {"2026-10-30"}
