"""JSON for scripts, through the real commands: computed numbers rounded, stored ones exact, every SPEC key there."""

from __future__ import annotations

import json

from coachcli.domain.limits import JSON_SIGNIFICANT_DIGITS


def significant_digits(value: float) -> int:
    """How many significant digits a number is written with in JSON (`0.2125` has 4, `37.88` has 4)."""
    mantissa = repr(value).lstrip("-").split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return len(mantissa)


def computed_numbers(document, path=""):
    """Every (path, value) of the computed measures and rates in a JSON document."""
    computed = {"progress", "completion_rate", "projected", "needed_per_week", "slope_per_week"}
    if isinstance(document, dict):
        for key, value in document.items():
            if key in computed and isinstance(value, float):
                yield f"{path}.{key}", value
            else:
                yield from computed_numbers(value, f"{path}.{key}")
    elif isinstance(document, list):
        for item in document:
            yield from computed_numbers(item, f"{path}[]")


def test_computed_measures_and_rates_are_rounded_and_stored_values_kept_exact(coach, coach_json, tmp_path):
    demo = tmp_path / "demo.db"
    coach("--db", demo, "demo")
    # A savings goal whose typed values have more than four significant digits: those are never rounded.
    coach("--db", demo, "goal", "add", "Save for a year of sabbatical travel", "--unit", "EUR",
          "--baseline", "1234.56", "--target", "23456.78", "--by", "2027-06-30", "--no-input")  # fmt: skip
    for day, value in (("2026-10-01", "2188.4809"), ("2026-10-20", "3333.33"), ("2026-11-20", "5000.01")):
        coach("--db", demo, "goal", "log", "6", value, "--on", day)
    seen = []
    for command in (["goal", "list", "--all"], ["goal", "show", "6"], ["goal", "show", "2"], ["week", "last"],
                    ["report", "--weeks", "30"], ["brief", "--since", "2026-09-01"], ["export"]):  # fmt: skip
        document = json.loads(coach("--db", demo, *command, "--format", "json").stdout)
        numbers = list(computed_numbers(document))
        assert numbers, command
        seen += numbers
        for path, value in numbers:
            assert significant_digits(value) <= JSON_SIGNIFICANT_DIGITS, (command, path, value)
    # Divisions that do not come out even were there to round (0.6222222222222222 before).
    assert any(path.endswith("progress") for path, _ in seen)
    assert any(path.endswith("completion_rate") for path, _ in seen)
    goal = json.loads(coach("--db", demo, "goal", "show", "6", "--format", "json").stdout)
    assert (goal["baseline"], goal["target"], goal["current"]) == (1234.56, 23456.78, 5000.01)
    assert [checkin["value"] for checkin in goal["checkins"]] == [2188.4809, 3333.33, 5000.01]
    assert goal["progress"] == round((5000.01 - 1234.56) / (23456.78 - 1234.56), 4)
    exported = json.loads(coach("--db", demo, "export").stdout)
    assert [c["value"] for c in exported["checkins"] if c["goal_id"] == 6] == [2188.4809, 3333.33, 5000.01]


def test_exported_reflections_carry_their_beliefs_and_still_round_trip(coach, tmp_path):
    source = tmp_path / "source.db"
    coach("--db", source, "reflect", "I should always run in the morning, I never manage it", "--no-input")
    coach("--db", source, "reflect", "A quiet week of good runs", "--no-input")
    first = tmp_path / "first.json"
    coach("--db", source, "export", "-o", first)
    reflections = json.loads(first.read_text())["reflections"]
    shown = json.loads(coach("--db", source, "journal", "--format", "json").stdout)
    shown_beliefs = {entry["id"]: entry["beliefs"] for entry in shown if entry.get("kind") == "reflection"}
    assert [reflection["beliefs"] for reflection in reflections] == [shown_beliefs[1], shown_beliefs[2]]
    assert {belief["phrase"] for belief in reflections[0]["beliefs"]} >= {"should", "always", "never"}
    assert all(set(belief) == {"phrase", "kind", "question"} for belief in reflections[0]["beliefs"])
    assert reflections[1]["beliefs"] == []
    copy, second = tmp_path / "copy.db", tmp_path / "second.json"
    coach("--db", copy, "import", first)
    coach("--db", copy, "export", "-o", second)
    assert first.read_bytes() == second.read_bytes()


def test_an_export_without_beliefs_still_imports(coach, coach_json, tmp_path):
    coach("reflect", "I should rest more", "--no-input")
    document = json.loads(coach("export").stdout)
    del document["reflections"][0]["beliefs"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    coach("--db", tmp_path / "new.db", "import", older)
    again = json.loads(coach("--db", tmp_path / "new.db", "export").stdout)
    assert again["reflections"][0]["beliefs"][0]["phrase"] == "should"


def test_the_import_confirmation_counts_every_section_it_imported(coach, tmp_path):
    source = tmp_path / "source.db"
    coach("--db", source, "demo")
    coach("--db", source, "commit", "Stretch after each run", "--every", "week")
    exported = tmp_path / "journal.json"
    coach("--db", source, "export", "-o", exported)
    document = json.loads(exported.read_text())
    assert document["sessions"] and document["routines"]
    said = coach("--db", tmp_path / "copy.db", "import", exported).stdout
    assert f"{len(document['sessions'])} session" in said
    assert f"{len(document['routines'])} routine" in said
    assert f"{len(document['reflections'])} reflections" in said
