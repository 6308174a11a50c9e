"""The layout the README promises, checked on the source: no import circles, the packages' directions of
dependency (handlers → records → recognize), azure.functions only in handlers/, and first-party imports at the
top of a module, never hidden inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("handlers", "records", "recognize", "devhost")
MODULES = ("function_app", "settings")
FIRST_PARTY = (*PACKAGES, *MODULES)
FORBIDDEN = {
    "recognize": ("records", "handlers", "devhost", "function_app"),
    "records": ("handlers", "devhost", "function_app"),
    "handlers": ("devhost",),
}
AZURE_FUNCTIONS_ALLOWED = ("handlers", "function_app", "devhost")
# Imports that must run late, each with its reason (the line says so in a comment too).
LATE = {
    ("devhost.server", "function_app"): "the host loads the app once local.settings.json is in the environment",
    ("recognize.engine", "recognize.llm"): "pydantic and the openai SDK load only when a model is asked",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in MODULES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path):
    """(imported module, line, inside a function?) for each import statement of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, in_function
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - child.level + 1], base]).strip(".")
                for alias in child.names:
                    # `from records import ledger` imports the module records.ledger when it is one.
                    yield (
                        (f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base),
                        child.lineno,
                        in_function,
                    )
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                continue
            else:
                yield from visit(child, nested)

    yield from visit(tree, False)


def _is_type_checking(test) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


modules = sources()


def first_party(target: str) -> str | None:
    """The first-party module `target` names (a module, or the package it is in), else None."""
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, _line, _in_function in imports_of(name, path):
            found = first_party(target)
            if found and found != name:
                edges[name].add(found)
    return edges


def test_no_module_imports_itself_through_others():
    edges = graph()
    # A package's __init__ may re-export its own modules; that is not a circle worth reporting.
    for name in edges:
        edges[name] = {t for t in edges[name] if not (t.startswith(name + ".") and "." not in t[len(name) + 1 :])}
    cycles = []
    state: dict[str, int] = {}

    def walk(node, trail):
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                walk(target, [*trail, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name, [name])
    assert cycles == []


def test_packages_depend_only_downwards():
    wrong = []
    for name, targets in graph().items():
        top = name.split(".")[0]
        for target in targets:
            if target.split(".")[0] in FORBIDDEN.get(top, ()):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_only_handlers_import_azure_functions():
    wrong = [
        f"{name}:{line}"
        for name, path in modules.items()
        for target, line, _ in imports_of(name, path)
        if target.startswith("azure.functions") and name.split(".")[0] not in AZURE_FUNCTIONS_ALLOWED
    ]
    assert wrong == []


def test_first_party_imports_sit_at_the_top_of_their_module():
    hidden = [
        f"{name}:{line} imports {target}"
        for name, path in modules.items()
        for target, line, in_function in imports_of(name, path)
        if in_function and first_party(target) and (name, first_party(target)) not in LATE
    ]
    assert hidden == []
