"""Weekly commitments as values: statuses, carrying rules, days left, week views and the demo's weeks."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from coachcli.domain.dates import IsoWeek
from coachcli.domain.limits import check_confidence
from coachcli.domain.session import parse_confidence
from coachcli.domain.weeks import (
    check_carry,
    days_left,
    default_carry_week,
    parse_status,
    week_to_close,
    week_to_plan,
)
from coachcli.errors import InputError
from coachcli.sample_journal import DemoBuilder, build_commitments, build_goals
from coachcli.views.weeks import CommitmentView, GoalRef, build_week_view, group_by_goal

W48 = IsoWeek(2026, 48)
JUDGING_WORDS = ("fail", "bad", "lazy", "should have", "weak", "poor")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("done", "done"),
        ("D", "done"),
        (" partly ", "partial"),
        ("Partly  Done", "partial"),
        ("p", "partial"),
        ("partial", "partial"),
        ("not done", "missed"),
        ("n", "missed"),
        ("MISSED", "missed"),
        ("let go", "dropped"),
        ("l", "dropped"),
        ("dropped", "dropped"),
        ("open", "open"),
    ],
)
def test_parse_status_reads_names_and_review_answers(text, status):
    assert parse_status(text) == status


@pytest.mark.parametrize("text", ["banana", "", "finished", "don", "x"])
def test_parse_status_refuses_anything_else(text):
    with pytest.raises(InputError, match="as how it went; use done, partly"):
        parse_status(text)


@pytest.mark.parametrize(
    ("own", "this_week", "expected"),
    [
        (IsoWeek(2026, 47), W48, W48),  # last week's: into this week
        (W48, W48, IsoWeek(2026, 49)),  # this week's: into next week
        (IsoWeek(2026, 40), W48, W48),  # long past: into this week, not into the past
        (IsoWeek(2026, 50), W48, IsoWeek(2026, 51)),  # a future week's: the week after it
        (IsoWeek(2026, 53), IsoWeek(2026, 53), IsoWeek(2027, 1)),  # across the year end
    ],
)
def test_default_carry_week(own, this_week, expected):
    assert default_carry_week(own, this_week) == expected


@pytest.mark.parametrize(
    ("status", "target", "fragment"),
    [
        ("done", IsoWeek(2026, 49), "is done"),
        ("partial", W48, "later week"),
        ("missed", IsoWeek(2026, 47), "later week"),
    ],
)
def test_check_carry_refuses(status, target, fragment):
    with pytest.raises(InputError, match=fragment):
        check_carry(7, status, W48, target)


@pytest.mark.parametrize("status", ["open", "partial", "missed", "dropped"])
def test_check_carry_allows_unfinished_into_a_later_week(status):
    check_carry(7, status, W48, IsoWeek(2027, 1))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 23), 7),  # Monday
        (date(2026, 11, 25), 5),  # Wednesday
        (date(2026, 11, 29), 1),  # Sunday
        (date(2026, 11, 30), 0),  # the week is past
        (date(2026, 11, 1), 7),  # the week is still to come
    ],
)
def test_days_left(today, expected):
    assert days_left(W48, today) == expected


def commitment(id: int, goal_id: int | None, status: str = "open") -> CommitmentView:
    return CommitmentView(id, f"thing {id}", "2026-W48", goal_id, None, status, None, None, f"goal {goal_id}")


def test_group_by_goal_orders_goals_and_puts_untied_last():
    groups = group_by_goal([commitment(1, None), commitment(2, 5), commitment(3, 2), commitment(4, 5)])
    assert [group.goal.id if group.goal else None for group in groups] == [2, 5, None]
    assert [item.id for item in groups[1].commitments] == [2, 4]


def test_week_view_counts_every_status_and_the_completion_rate():
    items = [
        commitment(1, 1, "done"),
        commitment(2, 1, "done"),
        commitment(3, 1, "partial"),
        commitment(4, None, "missed"),
        commitment(5, None, "dropped"),
        commitment(6, None, "open"),
    ]
    view = build_week_view(
        W48, today=date(2026, 11, 25), commitments=items, active_goals=[GoalRef(1, "a"), GoalRef(2, "b")]
    )
    data = view.to_json()
    assert data["counts"] == {"open": 1, "done": 2, "partial": 1, "missed": 1, "dropped": 1}
    assert data["completion_rate"] == pytest.approx((2 + 0.5) / 4)
    assert data["goals_without_commitments"] == [{"id": 2, "title": "b"}]
    assert (data["start"], data["end"], data["days_left"]) == ("2026-11-23", "2026-11-29", 5)


def test_empty_week_has_no_completion_rate():
    view = build_week_view(W48, today=date(2026, 11, 25), commitments=[commitment(1, None, "dropped")])
    assert view.completion_rate is None


def demo_journal(weeks: int, seed: int = 7) -> dict:
    builder = DemoBuilder(today=date(2026, 11, 25), weeks=weeks, rng=random.Random(seed))
    build_goals(builder)
    build_commitments(builder)
    return builder.journal


def test_demo_commitments_have_varied_follow_through_and_open_recent_weeks():
    journal = demo_journal(30)
    commitments = journal["commitments"]
    by_id = {item["id"]: item for item in commitments}
    recent = {"2026-W47", "2026-W48"}
    assert all(item["status"] == "open" for item in commitments if item["week"] in recent)
    past = Counter(item["status"] for item in commitments if item["week"] not in recent)
    assert past["open"] == 0
    assert past["done"] > past["partial"] > 0 and past["missed"] > 0 and past["dropped"] > 0
    carried = [item for item in commitments if item["carried_from"] is not None]
    assert carried
    for copy in carried:
        original = by_id[copy["carried_from"]]
        assert original["week"] < copy["week"] and original["status"] in ("partial", "missed")
        assert (original["text"], original["goal_id"]) == (copy["text"], copy["goal_id"])
    notes = [item["note"] for item in commitments if item["note"]] + [
        n["text"] for n in journal["week_notes"]
    ]
    assert notes and not [note for note in notes if any(word in note.lower() for word in JUDGING_WORDS)]
    assert all(note["week"] not in recent for note in journal["week_notes"])
    per_week = Counter(item["week"] for item in commitments)
    assert max(per_week.values()) <= 10 and sum(per_week.values()) / len(per_week) >= 5


def test_demo_commitments_scale_to_ten_years():
    journal = demo_journal(520)
    weeks = {item["week"] for item in journal["commitments"]}
    assert len(weeks) == 521
    assert [item["id"] for item in journal["commitments"]] == list(range(1, len(journal["commitments"]) + 1))


@pytest.mark.parametrize(
    ("needs_review", "expected"),
    [
        ([("2026-W47", 1)], "Last week (2026-W47) still has 1 open commitment. How did it go?"),
        ([("2026-W45", 3)], "2026-W45 still has 3 open commitments. How did they go?"),
        ([("2026-W40", 1), ("2026-W47", 2)], "2 earlier weeks (2026-W40, 2026-W47) still have 3 open"),
        (
            [(f"2026-W{week}", 1) for week in range(40, 46)],
            "6 earlier weeks (2026-W40, 2026-W41, 2026-W42, 2026-W43 and 2 more) still have 6 open",
        ),
    ],
)
def test_review_reminder_names_the_weeks_and_the_command(needs_review, expected):
    from coachcli.render.weeks import review_reminder

    text = review_reminder(needs_review, W48)
    assert text.startswith(expected)
    assert text.endswith("Run `coach week review` to look back first.")


# The week to close and the week to plan (SPEC): a review falls on the first review day on or after Thursday.
@pytest.mark.parametrize(
    ("today", "review_day", "closed", "planned"),
    [
        ("2026-11-30", "friday", "2026-W48", "2026-W49"),  # Monday: last week
        ("2026-12-03", "friday", "2026-W48", "2026-W49"),  # Thursday: still last week
        ("2026-12-04", "friday", "2026-W49", "2026-W50"),  # Friday: this week
        ("2026-12-06", "friday", "2026-W49", "2026-W50"),  # Sunday: this week
        ("2026-11-30", "monday", "2026-W48", "2026-W49"),  # a Monday reviewer on Monday: last week
        ("2026-12-06", "monday", "2026-W48", "2026-W49"),  # ... and still on Sunday
        ("2026-12-03", "thursday", "2026-W49", "2026-W50"),
        ("2026-12-02", "wednesday", "2026-W48", "2026-W49"),  # Wednesday reviews the week before
        ("2027-01-01", "friday", "2026-W53", "2027-W01"),  # week 53, across New Year
        ("2027-01-04", "monday", "2026-W53", "2027-W01"),
        ("2027-01-03", "sunday", "2026-W53", "2027-W01"),
    ],
)
def test_week_to_close_and_to_plan(today, review_day, closed, planned):
    day = date.fromisoformat(today)
    assert str(week_to_close(day, review_day)) == closed
    assert str(week_to_plan(day, review_day)) == planned


def test_review_day_comes_from_the_config_file(tmp_path, monkeypatch):
    from coachcli.settings import review_day

    config = tmp_path / "config.toml"
    monkeypatch.setenv("COACH_CONFIG", str(config))
    assert review_day() == "friday"
    config.write_text('[week]\nreview_day = "monday"\n', encoding="utf-8")
    assert review_day() == "monday"
    config.write_text('[week]\nreview_day = "someday"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"week\.review_day"):
        review_day()
    config.write_text("[week\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        review_day()


@pytest.mark.parametrize(("typed", "shown"), [("11", "11"), ("0", "0"), ("ten", '"ten"'), ("7.5", '"7.5"')])
def test_a_confidence_answered_in_a_session_is_held_to_the_one_rule(typed, shown):
    with pytest.raises(InputError) as refused:
        parse_confidence(typed)
    assert refused.value.message == f"a confidence is a whole number from 1 to 10, not {shown}"


@pytest.mark.parametrize(("typed", "confidence"), [("1", 1), (" 7 ", 7), ("10", 10)])
def test_a_confidence_from_1_to_10_is_taken(typed, confidence):
    assert parse_confidence(typed) == confidence == check_confidence(confidence)
