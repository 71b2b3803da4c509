"""The house's rules, checked: who may import whom, and no import circles (lazy imports included)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coachcli"
HEAVY = ("sqlmodel", "sqlalchemy", "alembic")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def parsed(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def imported_modules(nodes: Iterable[ast.AST]) -> set[str]:
    """The coachcli modules (and packages) that the import statements among `nodes` name."""
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in MODULES}
    return found


def imports_of(name: str) -> set[str]:
    """The coachcli modules `name` imports anywhere (at the top or inside functions)."""
    return imported_modules(ast.walk(parsed(name))) - {name}


GRAPH = {name: imports_of(name) for name in MODULES}


# The cli/ modules that are no command: what the commands share (talking with the person, the shared options,
# the journal transaction), Typer's option conversion and shell completion.
SHARED_CLI = {
    "coachcli.cli",
    "coachcli.cli.console",
    "coachcli.cli.options",
    "coachcli.cli.recovery",
    "coachcli.cli.transaction",
    "coachcli.cli.conversion",
    "coachcli.cli.completion",
}


@pytest.mark.parametrize("package", ["cli", "prompts"])
def test_no_command_module_imports_another(package):
    for name, imported in GRAPH.items():
        if name.startswith(f"coachcli.{package}."):
            others = {module for module in imported if module.startswith("coachcli.cli")} - SHARED_CLI
            assert not others, (
                f"{name} imports {sorted(others)}; move what they share to a view or cli/ module"
            )


def find_cycle() -> list[str] | None:
    """One import circle among coachcli's modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def test_the_import_graph_has_no_circles():
    cycle = find_cycle()
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("layer", ["domain", "render"])
def test_pure_layers_import_no_store_and_no_commands(layer):
    for name, imported in GRAPH.items():
        if name.startswith(f"coachcli.{layer}."):
            wrong = {module for module in imported if module.startswith(("coachcli.store", "coachcli.cli"))}
            assert not wrong, f"{name} imports {sorted(wrong)}"


# Views load themselves from the one sqlite3 reader (and the export from the rows it reads): nothing else of
# the store, so that no view ever writes or brings the ORM.
VIEWS_MAY_READ = {"coachcli.store.reader", "coachcli.store.transfer"}


def test_views_read_through_the_reader_and_import_no_commands():
    for name, imported in GRAPH.items():
        if name.startswith("coachcli.views."):
            wrong = {module for module in imported if module.startswith(("coachcli.store", "coachcli.cli"))}
            wrong -= VIEWS_MAY_READ
            assert not wrong, f"{name} imports {sorted(wrong)}"


def runtime_imports(tree: ast.AST) -> list[str]:
    """The modules a tree imports when it runs (imports for type hints only, under TYPE_CHECKING, left out)."""
    hints = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    modules = []
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def test_only_the_store_imports_the_database_libraries():
    for name in MODULES:
        if name.startswith("coachcli.store"):
            continue
        imported = runtime_imports(parsed(name))
        heavy = [module for module in imported if module.split(".")[0] in HEAVY]
        assert not heavy, f"{name} imports {heavy}"


def test_only_sealing_imports_cryptography():
    for name in MODULES:
        imported = runtime_imports(parsed(name))
        if any(module.split(".")[0] == "cryptography" for module in imported):
            assert name == "coachcli.sync.seal", f"{name} imports cryptography: only sync/seal.py may"


@cache
def top_level_imports(name: str) -> frozenset[str]:
    """The coachcli modules `name` imports when it is imported (not inside functions, not for type hints)."""
    return frozenset(imported_modules(parsed(name).body))


def loaded_with(name: str) -> set[str]:
    """Every coachcli module that importing `name` loads: its packages, and what they all import at the top."""
    parts = name.split(".")
    pending = [".".join(parts[:end]) for end in range(1, len(parts) + 1)]
    loaded: set[str] = set()
    while pending:
        module = pending.pop()
        if module in loaded or module not in MODULES:
            continue
        loaded.add(module)
        for target in top_level_imports(module):
            target_parts = target.split(".")
            pending += [".".join(target_parts[:end]) for end in range(1, len(target_parts) + 1)]
    return loaded


def function_imports(name: str) -> list[tuple[int, str]]:
    """The coachcli modules imported inside `name`'s functions, with the line of each import."""
    found = []
    for node in ast.walk(parsed(name)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import):
                found += [(inner.lineno, alias.name) for alias in inner.names if alias.name in MODULES]
            elif isinstance(inner, ast.ImportFrom) and inner.module in MODULES:
                # `from coachcli.store import db` imports the module db; `from coachcli.store.db import X`, db
                names = [f"{inner.module}.{alias.name}" for alias in inner.names]
                modules = [module for module in names if module in MODULES]
                found += [(inner.lineno, module) for module in modules or [inner.module]]
    return found


def test_functions_import_only_what_their_module_does_not_load_already():
    """An import inside a function defers a module (ARCHITECTURE.md: heavy libraries, what one command alone
    shows); one that importing the module loads anyway only hides a dependency. Every command module is
    loaded by cli/app.py, so what app loads counts as loaded for them."""
    for_commands = loaded_with("coachcli.cli.app")
    hidden = []
    for name in MODULES:
        loaded = loaded_with(name) | (for_commands if name.startswith("coachcli.cli.") else set())
        loaded.discard(name)
        hidden += [f"{name}:{line} {module}" for line, module in function_imports(name) if module in loaded]
    assert not hidden, "imported inside a function, yet loaded with the module: " + ", ".join(sorted(hidden))
