"""What pyproject.toml declares is what the suite runs against: each lower bound is pinned in
.ci/oldest-versions.txt, which `.ci/run` installs and tests."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The linters run only in the main run, at the newest version allowed: their verdicts are not meant to agree
# across versions, so the oldest run leaves them out, and their lower bounds are the versions current when set.
LINTERS = {"ruff", "mypy", "vulture"}
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(\[[^]]*\])?\s*>=\s*(?P<low>[^,;\s]+)")


def declared_lower_bounds() -> dict[str, str]:
    """Each direct dependency's lower bound, runtime and test extra alike, by lower-case name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    bounds = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        assert match, f"{requirement!r} has no lower bound: declare the oldest version the suite runs against"
        bounds[match["name"].lower()] = match["low"]
    return bounds


def pinned_oldest() -> dict[str, str]:
    lines = (ROOT / ".ci" / "oldest-versions.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip().lower(): version.strip() for name, version in pins}


def release(version: str) -> tuple[int, ...]:
    """A version as numbers without trailing zeros: `8.0` and `8.0.0` name the same release."""
    numbers = [int(part) for part in version.split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def test_every_lower_bound_is_pinned_for_the_oldest_run():
    declared = declared_lower_bounds()
    pinned = pinned_oldest()
    expected = {name: low for name, low in declared.items() if name not in LINTERS}
    assert set(pinned) == set(expected)
    for name, low in expected.items():
        assert release(low) == release(pinned[name]), (
            f"{name}: pyproject says >={low}, the oldest run pins {pinned[name]}"
        )


def test_the_ci_script_runs_the_oldest_versions():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c .ci/oldest-versions.txt" in script


def test_the_source_distribution_carries_what_its_tests_read(tmp_path):
    """Built from this checkout, the sdist holds the tests and what they open beside them (contrib/, the
    licence the metadata names, the CI pins, the previous coach the sync tests run)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta; print(build_meta.build_sdist({str(tmp_path)!r}))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    with tarfile.open(tmp_path / result.stdout.split()[-1]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {
        "LICENSE",
        "README.md",
        "contrib/crontab",
        "contrib/systemd/coach-reminder.timer",
        "tests/test_contrib.py",
        "tests/conftest.py",
        ".ci/oldest-versions.txt",
        "benchmarks/run.py",
        "man/generate.py",
        "man/coach.1",
        "man/coach-mark.1",
        "coachcli/domain/themes.json",
        "tests/sync/previous/coach-f8dfc28.tar.xz",
    } <= names
