"""coach's man pages, generated from its real help: `coach.1`, and one page per command (`coach-goal.1`, with
its subcommands). `python man/generate.py` writes them again after a change to a command's help;
`python man/generate.py --check` lists the pages that differ (tests/test_man.py runs it, as tests/test_docs.py
runs cog --check on the README)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer
from typer.main import get_command

from coachcli.cli.app import COMMANDS, app, build_command

HERE = Path(__file__).resolve().parent
WIDTH = 78
SECTIONS = ("Arguments", "Options", "Commands")


def roff_text(line: str) -> str:
    """One line of text as roff shows it as typed: backslashes escaped, no line read as a request."""
    line = line.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + line if line.startswith((".", "'")) else line


def help_of(command: Any, path: list[str]) -> str:
    """The command's --help, exactly as `coach ... --help` prints it at WIDTH columns."""
    root_command = get_command(app)
    root = typer.Context(
        root_command,
        info_name="coach",
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        **root_command.context_settings,  # -h as well as --help
    )
    context = root
    for name in path[:-1]:
        context = typer.Context(context.command.get_command(context, name), info_name=name, parent=context)
    if path:
        context = typer.Context(command, info_name=path[-1], parent=context, max_content_width=WIDTH)
    return command.get_help(context)


def page_body(text: str, heading: str) -> list[str]:
    """A help screen as man page sections: the usage as SYNOPSIS, the description, then Arguments, Options and
    Commands, each kept in its two columns. `heading` is the section macro (.SH for a page's own command, .SS
    for a subcommand)."""
    lines = text.rstrip("\n").split("\n")
    usage = lines[0].removeprefix("Usage: ")
    out = [f"{heading} {'SYNOPSIS' if heading == '.SH' else roff_text(usage.split(' [')[0])}"]
    out += [".nf", roff_text(usage), ".fi"]
    section = "DESCRIPTION"
    block: list[str] = []

    def flush() -> None:
        if any(line.strip() for line in block):
            if heading == ".SH":
                out.append(f".SH {section.upper()}")
            elif section != "DESCRIPTION":
                out.append(f".TP\n.B {section}")
            out.extend(
                [".nf", *(roff_text(line[2:] if line.startswith("  ") else line) for line in block), ".fi"]
            )
        block.clear()

    for line in lines[1:]:
        header = re.fullmatch(r"([A-Z][a-z]+):", line)
        if header and header.group(1) in SECTIONS:
            flush()
            section = header.group(1)
            continue
        block.append(line)
    flush()
    return out


def page(name: str, summary: str, sections: list[list[str]]) -> str:
    """One man page: its title, NAME line and sections."""
    title = name.upper()
    head = [
        f'.TH {roff_text(title)} 1 "" "coach" "coach manual"',
        ".SH NAME",
        f"{roff_text(name)} \\- {roff_text(summary)}",
    ]
    return "\n".join(head + [line for section in sections for line in section]) + "\n"


def subcommands(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    """Every subcommand below `command`, depth first, with the words that run it."""
    found: list[tuple[list[str], Any]] = []
    for name, subcommand in getattr(command, "commands", {}).items():
        found.append(([*path, name], subcommand))
        found += subcommands(subcommand, [*path, name])
    return found


def pages() -> dict[str, str]:
    """Every page, by file name."""
    root_help = help_of(get_command(app), [])
    see_also = ", ".join(f"\\fBcoach\\-{name}\\fR(1)" for name in COMMANDS)
    generated = {
        "coach.1": page(
            "coach",
            "a personal coaching journal",
            [page_body(root_help, ".SH"), [".SH SEE ALSO", see_also]],
        )
    }
    for name, (_, summary) in COMMANDS.items():
        command = build_command(name)
        sections = [page_body(help_of(command, [name]), ".SH")]
        below = subcommands(command, [name])
        if below:
            sections.append([".SH SUBCOMMANDS"])
            sections += [page_body(help_of(sub, path), ".SS") for path, sub in below]
        sections.append([".SH SEE ALSO", "\\fBcoach\\fR(1)"])
        generated[f"coach-{name}.1"] = page(f"coach-{name}", summary, sections)
    return generated


def main(arguments: list[str]) -> int:
    """Write the pages (and remove pages of commands that are gone), or with --check list those that differ."""
    check = arguments == ["--check"]
    wanted = pages()
    present = {path.name for path in HERE.glob("*.1")}
    differing = sorted(
        name
        for name, text in wanted.items()
        if not (HERE / name).exists() or (HERE / name).read_text() != text
    ) + sorted(present - set(wanted))
    if check:
        for name in differing:
            print(f"man/{name} differs from coach's help: run python man/generate.py")
        return 1 if differing else 0
    for name, text in wanted.items():
        (HERE / name).write_text(text, encoding="utf-8")
    for name in present - set(wanted):
        (HERE / name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
