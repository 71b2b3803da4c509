"""The code stays ruff clean (lint and format) and mypy clean, as configured in pyproject.toml."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff comes with the test extra")
@pytest.mark.parametrize("arguments", [["check", "."], ["format", "--check", "."]], ids=" ".join)
def test_ruff_is_clean(arguments):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy comes with the test extra")
def test_mypy_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(importlib.util.find_spec("vulture") is None, reason="vulture comes with the test extra")
def test_there_is_no_dead_code(tmp_path):
    """vulture finds nothing unused in coachcli/. What only a framework calls by name is listed in
    tests/vulture_whitelist.py; the commands, which cli/app.COMMANDS names as text, are listed here."""
    from coachcli.cli.app import COMMANDS

    commands = tmp_path / "commands.py"
    targets = [target.split(":") for target, _ in COMMANDS.values()]
    commands.write_text("".join(f"import {module}\n{module}.{name}\n" for module, name in targets))
    checked = ["coachcli", "tests/vulture_whitelist.py", str(commands)]
    options = ["--min-confidence", "60", "--ignore-decorators", "@*.command,@*.callback"]
    result = subprocess.run(
        [sys.executable, "-m", "vulture", *checked, *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def names_for_type_checking_only(tree: ast.Module) -> set[str]:
    """The names a module imports only under `if TYPE_CHECKING:`."""
    hidden: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in ast.walk(node):
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    hidden |= {alias.asname or alias.name.split(".")[0] for alias in statement.names}
    return hidden


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "coachcli").rglob("*.py")),
    ids=lambda path: str(path.relative_to(ROOT / "coachcli")),
)
def test_annotations_evaluated_at_run_time_name_nothing_imported_for_type_checking_only(path):
    """Modules without postponed annotations (the command modules, so that Typer does not eval them; those
    that define named tuples, which typing would otherwise compile field by field) evaluate each annotation
    when its function is defined: one naming a type imported only for mypy must be quoted, or the code
    fails when it runs (a nested function: only then)."""
    source = path.read_text(encoding="utf-8")
    if "from __future__ import annotations" in source:
        return
    tree = ast.parse(source)
    hidden = names_for_type_checking_only(tree)
    unquoted = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            annotations = [argument.annotation for argument in arguments if argument.annotation]
            for annotation in [*annotations, *([node.returns] if node.returns else [])]:
                named = {name.id for name in ast.walk(annotation) if isinstance(name, ast.Name)}
                unquoted += [f"{node.name} (line {node.lineno}): {name}" for name in sorted(named & hidden)]
    assert unquoted == []
