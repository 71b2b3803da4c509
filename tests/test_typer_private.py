"""What coach takes from Typer's private API (cli/conversion.py, the one module that may) still exists, and the
installed Typer is one that pyproject.toml allows: a Typer release that changes either fails here, loudly."""

from __future__ import annotations

import inspect
import re
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import typer
from packaging.requirements import Requirement
from packaging.version import Version

from coachcli.cli import conversion
from coachcli.cli.app import COMMANDS, build_command

ROOT = Path(__file__).resolve().parent.parent


def declared_typer() -> Requirement:
    """Typer's line in pyproject.toml's dependencies."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (line,) = [line for line in pyproject["project"]["dependencies"] if re.match(r"typer\b", line)]
    return Requirement(line)


def test_typer_has_an_upper_bound_and_the_installed_typer_is_within_it():
    requirement = declared_typer()
    assert any(spec.operator in ("<", "<=", "~=", "==") for spec in requirement.specifier), (
        "coach uses Typer's private API (cli/conversion.py): bound Typer above in pyproject.toml"
    )
    installed = Version(version("typer"))
    assert requirement.specifier.contains(installed), f"Typer {installed} is not {requirement}"


def test_only_the_conversion_module_uses_typers_private_api():
    found = subprocess.run(
        ["grep", "-rln", r"typer\._", str(ROOT / "coachcli"), "--include=*.py"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert [Path(path).relative_to(ROOT).as_posix() for path in found] == ["coachcli/cli/conversion.py"]


def test_the_private_names_coach_uses_are_still_there():
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    assert RuntimeParam.__abstractmethods__ == frozenset({"_coerce_value"})
    assert list(inspect.signature(RuntimeParam._coerce_value).parameters) == ["self", "value", "param", "ctx"]
    assert {"parameter_info", "annotation"} <= set(RuntimeParam.__dataclass_fields__)
    assert list(inspect.signature(coerce_cli_choice).parameters) == [
        "value",
        "choices",
        "case_sensitive",
        "ctx",
    ]
    assert list(inspect.signature(coerce_cli_path).parameters)[:2] == ["value", "parameter_info"]
    assert {"path_type", "param", "ctx"} <= set(inspect.signature(coerce_cli_path).parameters)


def parameters_of(command) -> list:
    found = list(command.params)
    for subcommand in getattr(command, "commands", {}).values():
        found += parameters_of(subcommand)
    return found


def test_every_plain_parameter_of_every_command_gets_coachs_conversion():
    """A Typer whose parameters no longer carry `_runtime_param` and `type_descriptor` would silently leave
    every conversion to pydantic again (correct, and slow): here it fails."""
    converted = 0
    for name in COMMANDS:
        for parameter in parameters_of(build_command(name)):
            assert hasattr(parameter, "type_descriptor"), f"coach {name}: {parameter.name}"
            if conversion.plain_converter(parameter.type_descriptor) is not None:
                assert isinstance(parameter._runtime_param, conversion.PlainConversion), parameter.name
                converted += 1
    assert converted > 100


def test_typer_asks_the_parameter_for_its_conversion():
    """Typer converts through the parameter's runtime param (the one coach gives it)."""
    command = build_command("goal")
    (parameter,) = [param for param in command.commands["show"].params if param.name == "goal_id"]
    assert parameter.get_runtime_param() is parameter._runtime_param
    assert parameter.process_value(typer.Context(command.commands["show"]), " 7") == 7


def test_typers_pretty_exceptions_and_their_local_variables_stay_off():
    """A traceback never prints the values of local variables (journal text, paths) through Rich."""
    from coachcli.cli.app import app

    assert app.pretty_exceptions_enable is False and app.pretty_exceptions_show_locals is False
