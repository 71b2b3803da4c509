"""coach's own conversion of option values, and the names its help gives them: the one module that uses
Typer's private API.

Typer 0.29 converts every parameter's text through a pydantic TypeAdapter, and Typer has no public way to
convert without one. Importing pydantic and building the adapters made a read command such as `coach week`
1.6 times as slow (benchmarks/run.py's measure of it would miss its 1.5x target), so for the plain types coach's
commands use (str, int, Path, an Enum, a list of str, a flag) coach converts the value itself; Typer still
parses every option, writes the help and reports usage errors.

What this module relies on, all of it private to Typer (`RuntimeParam`, a parameter's `_runtime_param` and
`type_descriptor`, `coerce_cli_choice`, `coerce_cli_path`), is checked by tests/test_typer_private.py, and
pyproject.toml bounds Typer to the releases the suite has run against. Anything Typer builds that this module does
not recognise is converted by Typer itself, as always.

Help screens name values as people read them, as Click does, never as Python types: `--note TEXT`,
`--weeks N`, `--format [rich|markdown|json]`, and arguments in the usage line as `ID [TEXT]`, not
`{ID} <int>`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import typer
from typer._coercion import RuntimeParam
from typer._param_types import coerce_cli_choice, coerce_cli_path

Convert = Callable[[Any, Any, Any], Any]


class PlainConversion(RuntimeParam):
    """A parameter's value converted by coach's own function instead of a pydantic TypeAdapter.

    A plain subclass of Typer's frozen dataclass: every command makes some, and defining a dataclass costs
    more than the conversions themselves.
    """

    convert: Convert

    def __init__(self, *, parameter_info: Any, annotation: Any, convert: Convert) -> None:
        super().__init__(parameter_info=parameter_info, annotation=annotation)
        object.__setattr__(self, "convert", convert)  # frozen, as its base

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.convert(value, param, ctx)


def as_text(value: Any, param: Any, ctx: Any) -> str:
    return value if isinstance(value, str) else str(value)


def as_texts(value: Any, param: Any, ctx: Any) -> list[str]:
    return [as_text(item, param, ctx) for item in (value if isinstance(value, (list, tuple)) else [value])]


FLAG_WORDS = {"1": True, "true": True, "t": True, "yes": True, "y": True, "on": True}
FLAG_WORDS |= {"0": False, "false": False, "f": False, "no": False, "n": False, "off": False, "": False}


def a_flag(value: Any, param: Any, ctx: Any) -> bool:
    """A flag's value: a bool already, or a word such as true, no, 1 (from an environment variable)."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word not in FLAG_WORDS:
        raise typer.BadParameter(f"{value!r} is neither true nor false.", ctx=ctx, param=param)
    return FLAG_WORDS[word]


WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def whole_number(info: Any) -> Callable[[Any, Any, Any], int]:
    """A whole number, within the parameter's min and max when it has them."""

    def convert(value: Any, param: Any, ctx: Any) -> int:
        text = str(value).strip()
        if not isinstance(value, int) and not WHOLE_NUMBER.fullmatch(text):  # ASCII digits only, as before
            raise typer.BadParameter(f"{value!r} is not a whole number.", ctx=ctx, param=param)
        number = value if isinstance(value, int) else int(text)
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            bounds = " ".join(
                part
                for part in (
                    f"from {info.min}" if info.min is not None else "",
                    f"to {info.max}" if info.max is not None else "",
                )
                if part
            )
            raise typer.BadParameter(
                f"{number} is out of range; give a number {bounds}.", ctx=ctx, param=param
            )
        return number

    return convert


def one_of(choices: list[Any], case_sensitive: bool) -> Convert:
    """One of an Enum's members, matched as Typer matches them."""

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError as error:
            raise typer.BadParameter(str(error), ctx=ctx, param=param) from None

    return convert


def a_path(info: Any) -> Convert:
    """A Path, checked by Typer's own path checks (exists, dir_okay, ...)."""

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        path = value if isinstance(value, Path) else Path(value)
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)

    return convert


def plain_converter(descriptor: Any) -> Convert | None:
    """coach's conversion for a parameter of the plain types its commands use; None for anything else,
    which Typer converts as it always does."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if info.parser is not None or info.clamp or descriptor.file_annotation is not None:
        return None
    if descriptor.is_list:
        return as_texts if get_args(annotation) == (str,) else None
    if annotation is str:
        return as_text
    if annotation is bool:
        return a_flag
    if annotation is int:
        return whole_number(info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return one_of(list(annotation), info.case_sensitive)
    if annotation is Path and info.path_type is None:
        return a_path(info)
    return None


def convert_plainly(command: Any) -> None:
    """Give the parameters of `command` and its subcommands coach's own conversion where it has one."""
    for parameter in command.params:
        convert_parameter_plainly(parameter)
    help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        """The --help option Click adds to each command (made when parsing starts), converted the same way."""
        option = help_option(ctx)
        if option is not None:
            convert_parameter_plainly(option)
        return option

    command.get_help_option = get_help_option
    for subcommand in getattr(command, "commands", {}).values():
        convert_plainly(subcommand)


# The metavar of a value in help, by its type (a type not listed keeps what Typer shows).
METAVARS: dict[Any, str] = {str: "TEXT", int: "N", float: "NUMBER", Path: "PATH"}


def value_metavar(parameter: Any) -> str | None:
    """How help names the value of an option without a metavar of its own: TEXT, N, FILE, [a|b|c]."""
    annotation = parameter.type_descriptor.annotation
    if parameter.type_descriptor.is_list:
        (annotation,) = get_args(annotation) or (str,)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "[" + "|".join(str(member.value) for member in annotation) + "]"
    if annotation is Path and not parameter.type_descriptor.parameter_info.dir_okay:
        return "FILE"
    return METAVARS.get(annotation)


def argument_usage(parameter: Any) -> str:
    """An argument in the usage line, as Click writes it: `ID`, `[TEXT]`, `NAME...`."""
    name = parameter.metavar or parameter.name.upper()
    if parameter.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if parameter.required else f"[{name}]"


def name_values_plainly(parameter: Any) -> None:
    """Help names the parameter's value by what it is (TEXT, N, FILE), never by its Python type."""
    if parameter.param_type_name == "argument":
        usage = argument_usage(parameter)
        if parameter.nargs != 1:
            parameter.metavar = usage.strip("[]")  # NAME... in the list of arguments too
        parameter.get_usage_pieces = lambda ctx: [usage]
        parameter.display_type_rich = lambda ctx: None  # the name says it: no `<int>` after it
    elif parameter.metavar is None and not parameter.is_flag:
        parameter.metavar = value_metavar(parameter)


def convert_parameter_plainly(parameter: Any) -> None:
    """Give one Typer parameter coach's conversion, when it has one for its type, and help's name for its
    value."""
    if hasattr(parameter, "type_descriptor"):
        name_values_plainly(parameter)
    if getattr(parameter, "_runtime_param", False) is None:
        descriptor = parameter.type_descriptor
        convert = plain_converter(descriptor)
        if convert is not None:
            parameter._runtime_param = PlainConversion(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, convert=convert
            )
