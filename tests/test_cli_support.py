"""`support`: what would make a commitment's confidence higher, kept apart from `note` (how it went), end to end."""

from __future__ import annotations

import json

FRIDAY = {"COACH_TODAY": "2026-11-27"}


def test_support_is_kept_apart_from_the_note_and_shown_with_the_plan(coach, coach_json, journal):
    coach("goal", "add", "Cut meeting hours to eighteen", "--no-input")
    coach("commit", "Decline two recurring meetings", "--goal", "1", "--when", "Monday 9am", "--confidence", "5",
          "--support", "Tell my manager first")  # fmt: skip
    coach("mark", "1", "done", "--note", "She backed me")
    (commitment,) = coach_json("week")["commitments"]
    assert (commitment["when"], commitment["confidence"]) == ("Monday 9am", 5)
    assert (commitment["support"], commitment["note"]) == ("Tell my manager first", "She backed me")
    shown = " ".join(coach("week").stdout.split())
    assert "Monday 9am" in shown and "confidence 5/10" in shown and "Tell my manager first" in shown
    assert "She backed me" in shown
    assert "Tell my manager first" in " ".join(coach("goal", "show", "1").stdout.split())
    assert "Tell my manager first" in coach("week", "--format", "markdown").stdout
    coach("commit", "edit", "1", "--support", "")
    assert coach_json("week")["commitments"][0]["support"] is None


def test_the_brief_shows_support_beside_confidence_in_the_plan(coach, coach_json, journal):
    coach("commit", "Write the review", "--week", "next", "--confidence", "4", "--support", "Block Friday",
          env=FRIDAY)  # fmt: skip
    brief = coach("brief", "--format", "markdown", env=FRIDAY).stdout
    assert "confidence 4/10" in brief and "Block Friday" in brief
    document = json.loads(coach("brief", "--format", "json", env=FRIDAY).stdout)
    assert [c["support"] for c in document["planned"]] == ["Block Friday"]
    assert "Block Friday" in coach("brief", "--format", "html", env=FRIDAY).stdout


def test_support_round_trips_and_an_older_export_without_it_imports(coach, journal, tmp_path):
    coach("commit", "Call the plumber", "--confidence", "6", "--support", "Find the number tonight")
    exported = tmp_path / "export.json"
    coach("export", "-o", exported)
    document = json.loads(exported.read_text())
    assert document["commitments"][0]["support"] == "Find the number tonight"
    again = tmp_path / "again.db"
    coach("--db", again, "import", exported)
    assert json.loads(coach("--db", again, "week", "-f", "json").stdout)["commitments"][0]["support"] == (
        "Find the number tonight"
    )
    for commitment in document["commitments"]:
        commitment.pop("support")
    for session in document.get("sessions", []):
        session.pop("wanted", None)
    exported.write_text(json.dumps(document))
    older = tmp_path / "older.db"
    coach("--db", older, "import", exported)
    assert json.loads(coach("--db", older, "week", "-f", "json").stdout)["commitments"][0]["support"] is None


def test_a_routine_takes_no_support_and_says_where_it_goes(coach):
    result = coach("commit", "Stretch", "--every", "week", "--support", "A mat by the bed", expect=2)
    assert "--support" in result.stderr and "coach commit edit" in result.stderr
